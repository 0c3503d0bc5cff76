"""{% teaser story compact=True %}: a story's teaser, from the fragment cache when it can be."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from articles.pagecache.fragments import render_teaser

register = template.Library()


@register.simple_tag
def teaser(story, **options) -> SafeString:
    """Options: ``lead``, ``compact``, ``eager`` (no lazy loading), ``heading_level`` (2, 3)."""
    return render_teaser(story, **options)
