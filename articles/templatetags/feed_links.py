"""{% feed_links %}: the <link rel="alternate"> tags that let readers discover a page's feeds."""

from __future__ import annotations

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.html import format_html_join
from taggit.models import Tag

from articles.models import Author, Section, Source

register = template.Library()

FEED_FORMATS = (
    ("rss", "application/rss+xml", "RSS"),
    ("atom", "application/atom+xml", "Atom"),
    ("json", "application/feed+json", "JSON Feed"),
)
FEED_URL_NAMES = {
    Section: "articles:feed_section",
    Tag: "articles:feed_tag",
    Author: "articles:feed_author",
    Source: "articles:feed_source",
}


@register.simple_tag
def feed_links(subject=None):
    """Links to the feeds of ``subject`` (a section, tag, author or source), else the latest."""
    url_name = FEED_URL_NAMES.get(type(subject))
    if url_name is None:
        title = settings.SITE_NAME
        urls = [reverse("articles:feed_latest", kwargs={"format": fmt}) for fmt, *_ in FEED_FORMATS]
    else:
        title = f"{subject} - {settings.SITE_NAME}"
        urls = [
            reverse(url_name, kwargs={"format": fmt, "slug": subject.slug})
            for fmt, *_ in FEED_FORMATS
        ]
    return format_html_join(
        "\n",
        '<link rel="alternate" type="{}" title="{} ({})" href="{}">',
        (
            (mime_type, title, label, url)
            for (_, mime_type, label), url in zip(FEED_FORMATS, urls, strict=True)
        ),
    )
