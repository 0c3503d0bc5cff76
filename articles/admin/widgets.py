"""Small pieces of admin markup shared by several ModelAdmins."""

from __future__ import annotations

from django.utils.html import format_html

from articles.models import Image


def thumbnail(image: Image | None, size: int = 80) -> str:
    if not image or not image.file:
        return "—"
    return format_html(
        '<img src="{}" alt="{}" style="max-width:{}px;max-height:{}px;object-fit:cover">',
        image.file.url,
        image.alt_text,
        size,
        size,
    )
