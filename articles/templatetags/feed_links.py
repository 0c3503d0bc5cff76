"""{% feed_links %}: the <link rel="alternate"> tags that let readers discover a page's feeds."""

from __future__ import annotations

from django import template
from django.conf import settings
from django.db.models import Model
from django.urls import reverse
from django.utils.html import format_html_join

from articles.topics import topic_kind_of

register = template.Library()

FEED_FORMATS = (
    ("rss", "application/rss+xml", "RSS"),
    ("atom", "application/atom+xml", "Atom"),
    ("json", "application/feed+json", "JSON Feed"),
)


@register.simple_tag
def feed_links(topic: Model | None = None):
    """Links to the feeds of ``topic`` (a section, tag, author or source), else the latest."""
    topic_kind = topic_kind_of(topic) if topic is not None else None
    if topic is None or topic_kind is None:
        title = settings.SITE_NAME
        urls = [reverse("articles:feed_latest", kwargs={"format": fmt}) for fmt, *_ in FEED_FORMATS]
    else:
        title = f"{topic} - {settings.SITE_NAME}"
        urls = [topic_kind.feed_url(topic, fmt) for fmt, *_ in FEED_FORMATS]
    return format_html_join(
        "\n",
        '<link rel="alternate" type="{}" title="{} ({})" href="{}">',
        (
            (mime_type, title, label, url)
            for (_, mime_type, label), url in zip(FEED_FORMATS, urls, strict=True)
        ),
    )
