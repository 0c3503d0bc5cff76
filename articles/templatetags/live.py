"""Template tags for live coverage: {% live_update update %} prints one update."""

from __future__ import annotations

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from articles.live.selectors import update_html

register = template.Library()


@register.simple_tag
def live_update(update) -> SafeString:
    """One update with its anchor, time, marks, byline, body and correction note."""
    return render_update(update)


def render_update(update) -> SafeString:
    html = mark_safe(update_html(update))
    return mark_safe(
        render_to_string("articles/includes/live_update.html", {"update": update, "html": html})
    )
