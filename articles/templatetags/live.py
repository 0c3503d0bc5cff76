"""Template tags for live coverage: {% live_update update %} prints one update, and
{% live_counts %} the words the open page's script uses to count new updates."""

from __future__ import annotations

import json

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import ngettext

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


# One count of each plural form in the languages we ship (Arabic has six: 0, 1, 2, 3-10,
# 11-99, 100+); the script picks the sample whose Intl.PluralRules category is its count's.
PLURAL_SAMPLES = (0, 1, 2, 3, 11, 100)


@register.simple_tag
def live_counts() -> str:
    """JSON of "N new updates" and "Show N new updates" in the active language, by sample
    count, with ``%(count)s`` left for the script to fill in."""
    return json.dumps(
        {
            count: {
                "new": ngettext("%(count)s new update", "%(count)s new updates", count),
                "show": ngettext("Show %(count)s new update", "Show %(count)s new updates", count),
            }
            for count in PLURAL_SAMPLES
        },
        ensure_ascii=False,
    )
