"""Template tags that print images responsively: {% responsive_image image sizes=... %}."""

from __future__ import annotations

from django import template
from django.templatetags.static import static
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from articles.background.queue import can_defer
from articles.images.renditions import (
    DEFAULT_WIDTHS,
    image_versions,
    make_page_renditions,
    planned_sizes,
)

register = template.Library()

# Offered to browsers that understand it, before the JPEG every browser can show.
MODERN_FORMAT = "webp"
# Stands in, at the picture's size, while a worker makes the renditions.
PENDING_IMAGE = "articles/image-pending.svg"


@register.simple_tag
def responsive_image(image, sizes="100vw", lazy=True, alt=None, css_class="", ratio=None):
    """A ``picture`` with WebP and JPEG srcsets, width and height, so the page does not jump.

    ``ratio`` ("16:9", "1:1", "4:3") crops around the image's focal point.

    With a task queue, a worker makes renditions after upload and no page waits for one:
    until they exist, a placeholder of the picture's size stands in (never a broken image,
    never the full-size original). With the immediate backend, a missing one is made here.
    """
    if image is None:
        return ""
    crop = _parse_ratio(ratio)
    generate = not can_defer()
    if crop is None and generate:
        # One decode for both formats when an image has not been rendered yet.
        make_page_renditions(image)
    versions = image_versions(image, DEFAULT_WIDTHS, ratio=crop, format="jpeg", generate=generate)
    if not versions:
        return _placeholder(image, crop, alt, css_class)
    modern = image_versions(
        image, DEFAULT_WIDTHS, ratio=crop, format=MODERN_FORMAT, generate=generate
    )
    default = versions[-1]
    source = ""
    if modern:
        source = format_html(
            '<source type="{}" srcset="{}" sizes="{}">',
            modern[0].mime_type,
            _srcset(modern),
            sizes,
        )
    return format_html(
        '<picture>{}<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}"{}{}>'
        "</picture>",
        source,
        default.url,
        _srcset(versions),
        sizes,
        default.width,
        default.height,
        image.alt_text if alt is None else alt,
        format_html(' class="{}"', css_class) if css_class else "",
        mark_safe(' loading="lazy" decoding="async"') if lazy else "",
    )


def _placeholder(image, crop: tuple[int, int] | None, alt, css_class: str) -> str:
    if not image.width or not image.height:
        return ""
    [(width, height)] = planned_sizes(image.width, image.height, (max(DEFAULT_WIDTHS),), crop)
    return format_html(
        '<img src="{}" width="{}" height="{}" alt="{}" class="image-pending{}">',
        static(PENDING_IMAGE),
        width,
        height,
        image.alt_text if alt is None else alt,
        f" {css_class}" if css_class else "",
    )


def _srcset(versions) -> str:
    return format_html_join(", ", "{} {}w", ((v.url, v.width) for v in versions))


def _parse_ratio(ratio: str | None) -> tuple[int, int] | None:
    if not ratio:
        return None
    width, _, height = str(ratio).partition(":")
    return (int(width), int(height))
