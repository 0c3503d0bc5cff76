"""What search engines and social sites read about a story: canonical URL, JSON-LD, images
(the lead photo first, then the body's)."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.templatetags.static import static
from django.utils.html import strip_tags
from django.utils.text import Truncator

from articles.body.rendering import story_body
from articles.images.renditions import CROP_RATIOS, CROP_WIDTH, ImageVersion, largest_version
from articles.languages import activation_code, hreflang
from articles.links import absolute_url
from articles.live.selectors import update_location
from articles.models import Image, Story

# schema.org asks for pictures in these shapes; Google reads 16:9, 4:3 and 1:1. These
# crops are made right after upload (make_page_renditions), so no page view makes them.
STRUCTURED_DATA_RATIOS = CROP_RATIOS
SHARE_IMAGE_RATIO = (16, 9)
# Body photos follow the lead's crops uncropped, at a width made right after upload.
BODY_PHOTO_WIDTH = 1280
DESCRIPTION_LENGTH = 300


def canonical_url(story: Story) -> str:
    """The partner's original when the source's licence asks for it, else our own page."""
    if story.source and story.source.canonical_to_original and story.original_url:
        return story.original_url
    return absolute_url(story.get_absolute_url())


def meta_description(story: Story) -> str:
    text = story.seo_description or story.dek or strip_tags(story.body)
    return Truncator(" ".join(text.split())).chars(DESCRIPTION_LENGTH)


def story_last_changed_at(story: Story) -> datetime:
    """When anything a reader sees on the story page last changed, corrections included."""
    moments = [story.modified_at, story.published_at, story.updated_at]
    moments += [correction.published_at for correction in story.corrections.all()]
    return max(moment for moment in moments if moment is not None)


def live_page(story: Story):
    """The page of live updates the story's page shows, when the view attached one."""
    return story.__dict__.get("live_page")


def date_modified(story: Story) -> datetime | None:
    """The last significant update, correction or live update, which is what readers are told."""
    page = live_page(story)
    moments = [story.published_at, story.updated_at, page.latest_at if page else None]
    moments += [correction.published_at for correction in story.corrections.all()]
    return max((moment for moment in moments if moment is not None), default=None)


def share_image(story: Story) -> ImageVersion | None:
    """The lead image version that Open Graph and Twitter cards show."""
    if story.lead_image is None:
        return None
    return largest_version(story.lead_image, max_width=CROP_WIDTH, ratio=SHARE_IMAGE_RATIO)


def structured_image_versions(story: Story) -> list[ImageVersion]:
    """The lead image in several ratios, each as wide as allowed, without repeats."""
    lead_image = story.lead_image
    if lead_image is None:
        return []
    versions: dict[str, ImageVersion] = {}
    for ratio in STRUCTURED_DATA_RATIOS:
        version = largest_version(lead_image, max_width=CROP_WIDTH, ratio=ratio)
        if version is not None:
            versions.setdefault(version.url, version)
    return list(versions.values())


def image_object(version: ImageVersion, image: Image, caption: str) -> dict:
    return {
        "@type": "ImageObject",
        "url": absolute_url(version.url),
        "width": version.width,
        "height": version.height,
        "caption": caption,
        "creditText": image.credit,
        "copyrightNotice": image.copyright_notice,
    }


def publisher() -> dict:
    return {
        "@type": "NewsMediaOrganization",
        "name": settings.SITE_NAME,
        "url": absolute_url("/"),
        "logo": {
            "@type": "ImageObject",
            "url": absolute_url(static(settings.SITE_LOGO)),
            "width": settings.SITE_LOGO_WIDTH,
            "height": settings.SITE_LOGO_HEIGHT,
        },
    }


def authors(story: Story) -> list[dict]:
    if story.byline_override or not story.bylines:
        return [{"@type": "Person", "name": story.byline}] if story.byline else []
    return [
        {
            "@type": "Person",
            "name": byline.author.name,
            "url": absolute_url(byline.author.get_absolute_url()),
        }
        for byline in story.bylines
    ]


def language_alternates(story: Story, translations: list[Story]) -> list[tuple[str, str]]:
    """``(hreflang, absolute URL)`` of the story and its public translations, and x-default.

    Empty for a story with no public translation. ``x-default`` is the original when it is
    public (every page of the set then names the same one), else the story itself.
    """
    if not translations:
        return []
    pages = [story, *translations]
    alternates = [
        (hreflang(page.language), absolute_url(page.get_absolute_url())) for page in pages
    ]
    original = next((page for page in pages if page.translation_of_id is None), story)
    return [*alternates, ("x-default", absolute_url(original.get_absolute_url()))]


def open_graph_locale(code: str) -> str:
    """A language as Open Graph writes it: "en_GB", "ar"."""
    return hreflang(code).replace("-", "_")


def translation_links(story: Story, translations: list[Story]) -> dict:
    """JSON-LD ``translationOfWork`` (the public original) and ``workTranslation`` (its
    public translations, for an original)."""
    links: dict = {}

    def work(other: Story) -> dict:
        return {
            "@type": "NewsArticle",
            "@id": absolute_url(other.get_absolute_url()),
            "url": absolute_url(other.get_absolute_url()),
            "inLanguage": activation_code(other.language),
        }

    original = next((other for other in translations if other.pk == story.translation_of_id), None)
    if original is not None:
        links["translationOfWork"] = work(original)
    made_from_this = [other for other in translations if other.translation_of_id == story.pk]
    if made_from_this:
        links["workTranslation"] = [work(other) for other in made_from_this]
    return links


def news_article(story: Story, translations: list[Story] | None = None) -> dict:
    """schema.org NewsArticle for the story page's JSON-LD; ``translations`` are public ones."""
    page_url = absolute_url(story.get_absolute_url())
    article = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": canonical_url(story)},
        "url": page_url,
        "headline": Truncator(story.headline).chars(110),
        "description": meta_description(story),
        "author": authors(story),
        "publisher": publisher(),
        "articleSection": story.section.name,
        "keywords": [tag.name for tag in story.tags.all()],
        "inLanguage": activation_code(story.language),
        **translation_links(story, translations or []),
    }
    # A story being previewed has no publish time yet.
    if story.published_at:
        article["datePublished"] = story.published_at.isoformat()
        article["dateModified"] = (date_modified(story) or story.published_at).isoformat()
    if story.dateline:
        article["locationCreated"] = {"@type": "Place", "name": story.dateline}
    lead_image = story.lead_image
    images = [
        image_object(version, lead_image, lead_image.caption)
        for version in structured_image_versions(story)
        if lead_image is not None
    ]
    for photo in story_body(story).photos:
        version = largest_version(photo.image, BODY_PHOTO_WIDTH)
        if version is not None:
            images.append(image_object(version, photo.image, photo.caption))
    if images:
        article["image"] = images
    if source := story.source:
        article["sourceOrganization"] = {
            "@type": "NewsMediaOrganization",
            "name": source.name,
            **({"url": source.homepage} if source.homepage else {}),
        }
        if story.original_url:
            article["isBasedOn"] = story.original_url
    if story.effective_usage_terms:
        article["copyrightNotice"] = story.effective_usage_terms
    if story.live:
        article.update(live_blog(story, page_url))
    return article


def live_blog(story: Story, page_url: str) -> dict:
    """What makes a live story's JSON-LD a ``LiveBlogPosting``: coverage times and updates."""
    fields: dict = {"@type": "LiveBlogPosting"}
    if story.coverage_started_at:
        fields["coverageStartTime"] = story.coverage_started_at.isoformat()
    if story.coverage_ended_at:
        fields["coverageEndTime"] = story.coverage_ended_at.isoformat()
    page = live_page(story)
    fields["liveBlogUpdate"] = [
        live_blog_update(
            update, page_url, absolute_url(update_location(story, update, page.number))
        )
        for update in (page.shown if page else ())
    ]
    return fields


def live_blog_update(update, page_url: str, location: str) -> dict:
    text = " ".join(strip_tags(update.body).split())
    entry = {
        "@type": "BlogPosting",
        # The id stays while newer updates push this one to an older page; the url follows.
        "@id": f"{page_url}#{update.anchor}",
        "url": location,
        "headline": Truncator(update.headline or text).chars(110),
        "datePublished": update.published_at.isoformat(),
        "dateModified": (update.edited_at or update.published_at).isoformat(),
        "articleBody": text,
    }
    names = [author.name for author in update.authors.all()]
    if names:
        entry["author"] = [{"@type": "Person", "name": name} for name in names]
    return entry
