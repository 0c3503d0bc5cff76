"""The article page's schema.org NewsArticle, as our story page prints one."""

import json

from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag(takes_context=True)
def news_article_json_ld(context, page):
    article = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": page.full_url},
        "url": page.full_url,
        "headline": page.title[:110],
        "description": page.search_description or page.standfirst,
        "author": [{"@type": "Person", "name": page.byline}] if page.byline else [],
        "publisher": {"@type": "NewsMediaOrganization", "name": settings.WAGTAIL_SITE_NAME},
        "articleSection": page.get_parent().title,
        "keywords": [tag.name for tag in page.tags.all()],
        "inLanguage": settings.LANGUAGE_CODE,
        "datePublished": page.first_published_at.isoformat(),
        "dateModified": (page.updated_at or page.last_published_at).isoformat(),
    }
    if page.dateline:
        article["locationCreated"] = {"@type": "Place", "name": page.dateline}
    if page.lead_image:
        rendition = page.lead_image.get_rendition("width-1280|format-jpeg")
        article["image"] = [
            {
                "@type": "ImageObject",
                "url": settings.SITE_URL + rendition.url,
                "width": rendition.width,
                "height": rendition.height,
                "caption": page.lead_image.caption,
                "creditText": page.lead_image.credit,
            }
        ]
    if page.source:
        article["sourceOrganization"] = {
            "@type": "NewsMediaOrganization",
            "name": page.source.name,
            "url": page.source.homepage,
        }
    text = json.dumps(article, ensure_ascii=False).replace("<", "\\u003c")
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))
