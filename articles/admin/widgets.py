"""Small pieces of admin markup shared by several ModelAdmins."""

from __future__ import annotations

from django.utils.html import format_html

from articles.images.renditions import largest_version
from articles.models import Image

# Thumbnails reuse the narrowest public rendition; larger previews a mid-sized one.
THUMBNAIL_WIDTH = 320
PREVIEW_WIDTH = 960


def thumbnail(image: Image | None, size: int = 80) -> str:
    """An ``img`` of a rendition (never the original), fitted into ``size`` pixels."""
    version = None
    if image and image.file:
        version = largest_version(image, THUMBNAIL_WIDTH if size <= 160 else PREVIEW_WIDTH)
    if version is None:
        return "—"
    return format_html(
        '<img src="{}" alt="{}" width="{}" height="{}" '
        'style="max-width:{}px;max-height:{}px;width:auto;height:auto;object-fit:cover">',
        version.url,
        image.alt_text,
        version.width,
        version.height,
        size,
        size,
    )
