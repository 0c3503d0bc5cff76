"""Template tags that print images responsively: {% responsive_image image sizes=... %}."""

from __future__ import annotations

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from articles.images.renditions import DEFAULT_WIDTHS, image_versions

register = template.Library()


@register.simple_tag
def responsive_image(image, sizes="100vw", lazy=True, alt=None, css_class=""):
    """An ``img`` with srcset, width and height, so the page does not jump as it loads."""
    if image is None:
        return ""
    versions = image_versions(image, DEFAULT_WIDTHS)
    if not versions:
        return ""
    default = versions[-1]
    srcset = format_html_join(", ", "{} {}w", ((v.url, v.width) for v in versions))
    return format_html(
        '<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}"{}{}>',
        default.url,
        srcset,
        sizes,
        default.width,
        default.height,
        image.alt_text if alt is None else alt,
        format_html(' class="{}"', css_class) if css_class else "",
        mark_safe(' loading="lazy" decoding="async"') if lazy else "",
    )
