"""Sized versions of an image, as pages (srcset), feeds and the API ask for them.

Interface used across the project: ``image_versions(image, widths, ratio=..., format=...)``
returns what may be linked publicly, narrowest first; ``largest_version`` the one version
for a feed enclosure or an API association.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from articles.models import Image

DEFAULT_WIDTHS = (320, 640, 960, 1280, 1920)
MIME_TYPES = {"jpeg": "image/jpeg", "png": "image/png", "webp": "image/webp", "gif": "image/gif"}


@dataclass(frozen=True)
class ImageVersion:
    url: str
    width: int
    height: int
    mime_type: str


def image_versions(
    image: Image,
    widths: Iterable[int] = DEFAULT_WIDTHS,
    *,
    ratio: tuple[int, int] | None = None,
    format: str = "jpeg",
) -> list[ImageVersion]:
    """The versions of ``image`` at the asked widths (never wider than the original)."""
    if not image.width or not image.height:
        return []
    original = ImageVersion(
        url=image.file.url,
        width=image.width,
        height=image.height,
        mime_type=MIME_TYPES.get((image.format or "jpeg").lower(), "image/jpeg"),
    )
    return [original]


def largest_version(image: Image, max_width: int = 1200, **kwargs) -> ImageVersion | None:
    versions = [v for v in image_versions(image, **kwargs) if v.width <= max_width]
    versions = versions or image_versions(image, **kwargs)
    return versions[-1] if versions else None
