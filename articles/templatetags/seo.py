"""Template tags for a story page's head: {% story_head story %} prints its metadata."""

from __future__ import annotations

import json

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from articles.links import absolute_url
from articles.public import seo
from articles.translations import language_alternates

register = template.Library()

# The same escapes as django.utils.html.json_script: nothing in the data can end the script.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag
def json_ld(data: dict) -> SafeString:
    """A ``<script type="application/ld+json">`` that no string in ``data`` can break out of."""
    escaped = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(
        JSON_SCRIPT_ESCAPES
    )
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(escaped))


@register.inclusion_tag("articles/includes/story_head.html")
def story_head(story, translations=()) -> dict:
    """Canonical link, description, Open Graph, Twitter card and NewsArticle JSON-LD, with the
    language alternates of its public ``translations``."""
    image = seo.share_image(story)
    translations = list(translations)
    return {
        "language_alternates": language_alternates(story, translations),
        "og_locale": seo.open_graph_locale(story.language),
        "og_locale_alternates": [seo.open_graph_locale(other.language) for other in translations],
        "story": story,
        "site_name": settings.SITE_NAME,
        "canonical_url": seo.canonical_url(story),
        "page_url": absolute_url(story.get_absolute_url()),
        "description": seo.meta_description(story),
        "share_image": image,
        "share_image_url": absolute_url(image.url) if image else "",
        "date_modified": seo.date_modified(story),
        "news_article": seo.news_article(story, translations),
    }
