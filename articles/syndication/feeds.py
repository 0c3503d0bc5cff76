"""RSS 2.0, Atom 1.0 and JSON Feed 1.1 of the latest published stories, whole or by topic.

Every feed carries the full HTML body (photos as absolute pictures with caption and credit,
embeds as links), a summary, a permanent GUID, bylines, categories and every photo (the
lead's, then the body's) as Media RSS, and is capped at the latest ``FEED_LENGTH`` stories.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from io import StringIO
from typing import Any

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, SyndicationFeed
from django.utils.html import escape
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.xmlutils import SimplerXMLGenerator

from articles import topics
from articles.body.rendering import Output, story_body
from articles.languages import WrongEdition, activation_code, edition, edition_of
from articles.links import absolute_url
from articles.models import Image, Story
from articles.pagecache import keys as cache_keys
from articles.pagecache.fragments import FEED_ITEM, output_variant, story_outputs
from articles.pagecache.store import mark_public
from articles.sanitize import remove_control_characters, strip_all_html
from articles.syndication.common import (
    FEED_LENGTH,
    lead_picture,
    lead_thumbnail,
    story_categories,
    story_uri,
)

CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
MEDIA_NS = "http://search.yahoo.com/mrss/"
JSON_FEED_VERSION = "https://jsonfeed.org/version/1.1"
SUMMARY_WORDS = 60
# An item's XML, written once and kept (see ``XmlSafeFeed``).
WRITTEN = "written_xml"


def add_media_elements(handler: SimplerXMLGenerator, item: dict) -> None:
    """Media RSS for every photo, the lead's first and then the body's in story order:
    each picture with its caption, credit and copyright; then the lead's thumbnail."""
    pictures = [item["lead_picture"]] if item.get("lead_picture") else []
    for picture in [*pictures, *item.get("body_pictures", ())]:
        add_media_content(handler, picture)
    thumbnail = item.get("lead_thumbnail")
    if thumbnail:
        handler.addQuickElement(
            "media:thumbnail",
            None,
            {
                "url": thumbnail["url"],
                "width": str(thumbnail["width"]),
                "height": str(thumbnail["height"]),
            },
        )


def add_media_content(handler: SimplerXMLGenerator, picture: dict) -> None:
    # Django's own feeds pass attributes as a plain dict, as here; the stubs ask for more.
    attributes: Any = {
        "url": picture["url"],
        "type": picture["mime_type"],
        "medium": "image",
        "width": str(picture["width"]),
        "height": str(picture["height"]),
    }
    handler.startElement("media:content", attributes)
    if picture["caption"]:
        handler.addQuickElement("media:description", picture["caption"], {"type": "plain"})
    if picture["credit"]:
        handler.addQuickElement("media:credit", picture["credit"])
    if picture["copyright"]:
        handler.addQuickElement("media:copyright", picture["copyright"])
    handler.endElement("media:content")


def without_control_characters(value):
    """``value`` (a feed's or item's fields) with no control character XML 1.0 refuses."""
    if isinstance(value, str):
        return remove_control_characters(value)
    if isinstance(value, dict):
        return {key: without_control_characters(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(without_control_characters(item) for item in value)
    return value


class XmlSafeFeed(SyndicationFeed):
    """Writes a feed even when a story holds a control character, instead of failing it all.

    Its items may come written already (``written_item``, kept as fragments): they are
    copied into the feed as they are.
    """

    item_element = "item"

    def write(self, outfile, encoding):
        self.feed = without_control_characters(self.feed)
        self.items = [
            item if WRITTEN in item else without_control_characters(item) for item in self.items
        ]
        super().write(outfile, encoding)

    def write_items(self, handler):
        for item in self.items:
            if WRITTEN in item:
                # Characters already escaped by the handler that wrote them.
                handler.ignorableWhitespace(item[WRITTEN])
            else:
                self.write_item(handler, item)

    def write_item(self, handler, item):
        handler.startElement(self.item_element, self.item_attributes(item))
        self.add_item_elements(handler, item)
        handler.endElement(self.item_element)

    def written_item(self, item: dict) -> dict:
        """The item as this feed writes it, with the dates the channel's own date is from."""
        item = without_control_characters(item)
        text = StringIO()
        self.write_item(SimplerXMLGenerator(text, "utf-8", short_empty_elements=True), item)
        dates = {key: item[key] for key in ("pubdate", "updateddate") if item.get(key)}
        return {**dates, WRITTEN: text.getvalue()}


class NewsRssFeed(XmlSafeFeed, Rss201rev2Feed):
    """RSS 2.0 with the full body in content:encoded and the lead picture in Media RSS."""

    def rss_attributes(self):
        return {**super().rss_attributes(), "xmlns:content": CONTENT_NS, "xmlns:media": MEDIA_NS}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content_html"):
            handler.addQuickElement("content:encoded", item["content_html"])
        add_media_elements(handler, item)


class NewsAtomFeed(XmlSafeFeed, Atom1Feed):
    """Atom 1.0 with the full body as HTML content and the lead picture in Media RSS."""

    item_element = "entry"

    def root_attributes(self):
        return {**super().root_attributes(), "xmlns:media": MEDIA_NS}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        if item.get("content_html"):
            handler.addQuickElement("content", item["content_html"], {"type": "html"})
        add_media_elements(handler, item)


@dataclass(frozen=True)
class FeedChannel:
    """One feed's channel: its title, its page on the site and its latest stories."""

    title: str
    description: str
    link: str
    feed_url: str
    stories: list[Story]


class StoryFeed(Feed):
    """The latest published stories; subclasses narrow them to a section, tag, author or source."""

    item_guid_is_permalink = False

    def __init__(self, feed_type: type[SyndicationFeed] = NewsRssFeed):
        self.feed_type = feed_type

    def get_object(self, request: HttpRequest, slug: str | None = None) -> FeedChannel:
        stories = list(self.published_stories()[:FEED_LENGTH])
        mark_public(request, {cache_keys.FEEDS_LATEST})
        return FeedChannel(
            title=settings.SITE_NAME,
            description=_("The latest stories from %(site)s.") % {"site": settings.SITE_NAME},
            link=absolute_url(reverse("articles:front")),
            feed_url=absolute_url(request.path),
            stories=stories,
        )

    def published_stories(self) -> QuerySet:
        """The edition's stories: ``/ar/feeds/rss/`` is the Arabic edition's feed."""
        stories = Story.objects.published().in_language(edition_of())
        # Lead photos' renditions only for the items not kept as fragments (``get_feed``).
        return stories.for_syndication(renditions=False).newest_first()

    def get_feed(self, obj: FeedChannel, request: HttpRequest) -> SyndicationFeed:
        """The feed, each item written once per version of its story and kept as a fragment."""
        variant = output_variant(request, self.feed_type.__name__)

        def write(stories: list[Story]) -> list[dict]:
            feed = super(StoryFeed, self).get_feed(replace(obj, stories=stories), request)
            assert isinstance(feed, XmlSafeFeed)
            return [feed.written_item(item) for item in feed.items]

        items = story_outputs(FEED_ITEM, variant, obj.stories, write)
        mark_public(request, items.keys)
        feed = super().get_feed(replace(obj, stories=[]), request)
        feed.items = items.values
        return feed

    def title(self, channel: FeedChannel) -> str:
        return channel.title

    def description(self, channel: FeedChannel) -> str:
        # Readers treat an RSS description as HTML, and a tag's or author's name is text.
        return escape(channel.description)

    def link(self, channel: FeedChannel) -> str:
        return channel.link

    def feed_url(self, channel: FeedChannel) -> str:
        return channel.feed_url

    def feed_guid(self, channel: FeedChannel) -> str:
        return channel.feed_url

    def items(self, channel: FeedChannel) -> list[Story]:
        return channel.stories

    def item_title(self, story: Story) -> str:
        return story.headline

    def item_summary_text(self, story: Story) -> str:
        return story.dek or Truncator(strip_all_html(story.body)).words(SUMMARY_WORDS)

    def item_description(self, story: Story) -> str:
        return escape(self.item_summary_text(story))

    def item_link(self, story: Story) -> str:
        return absolute_url(story.get_absolute_url())

    def item_guid(self, story: Story) -> str:
        return story_uri(story)

    def item_pubdate(self, story: Story):
        return story.published_at

    def item_updateddate(self, story: Story):
        return story.updated_at or story.published_at

    def item_author_name(self, story: Story) -> str | None:
        return story.byline or None

    def item_categories(self, story: Story) -> list[str]:
        return story_categories(story)

    def item_copyright(self, story: Story) -> str | None:
        return story.effective_usage_terms or None

    def item_extra_kwargs(self, story: Story) -> dict:
        return {
            "content_html": self.item_content_html(story),
            "lead_picture": self.item_lead_picture(story),
            "body_pictures": self.item_body_pictures(story),
            "lead_thumbnail": self.item_lead_thumbnail(story),
        }

    def item_content_html(self, story: Story) -> str:
        """The body with absolute pictures, captions and credits; embeds as links."""
        return story_body(story).html(Output.FEED)

    def item_lead_picture(self, story: Story) -> dict | None:
        if story.lead_image is None:
            return None
        return picture_item(story.lead_image, story.lead_caption)

    def item_body_pictures(self, story: Story) -> list[dict]:
        """The body's photos in story order, each with the caption it has there."""
        pictures = (picture_item(photo.image, photo.caption) for photo in story_body(story).photos)
        return [picture for picture in pictures if picture]

    def item_lead_thumbnail(self, story: Story) -> dict | None:
        thumbnail = lead_thumbnail(story.lead_image)
        if thumbnail is None:
            return None
        return {
            "url": absolute_url(thumbnail.url),
            "width": thumbnail.width,
            "height": thumbnail.height,
        }


def picture_item(image: Image, caption: str) -> dict | None:
    """A picture as feeds carry it: its feed-sized version with caption, credit and rights."""
    picture = lead_picture(image)
    if picture is None:
        return None
    return {
        "url": absolute_url(picture.url),
        "mime_type": picture.mime_type,
        "width": picture.width,
        "height": picture.height,
        "caption": caption,
        "credit": image.credit,
        "copyright": image.copyright_notice,
    }


class TopicFeed(StoryFeed):
    """A feed of the stories about one public topic, found by its slug."""

    topic_kind: topics.TopicKind

    def get_object(self, request: HttpRequest, slug: str | None = None) -> FeedChannel:
        kind = self.topic_kind
        topic = get_object_or_404(kind.public(), slug=slug)
        home = getattr(topic, "edition", "")
        if home and home != edition_of():
            # As a section's page does: its feed lives in its own edition only.
            match = request.resolver_match
            assert match is not None
            with edition(home):
                raise WrongEdition(reverse(match.view_name, kwargs=match.kwargs))
        stories = list(kind.stories_about(self.published_stories(), topic)[:FEED_LENGTH])
        mark_public(request, kind.surrogate_keys(topic))
        return FeedChannel(
            title=f"{topic} - {settings.SITE_NAME}",
            description=_("The latest stories from %(site)s: %(kind)s %(topic)s.")
            % {"site": settings.SITE_NAME, "kind": _(kind.label).lower(), "topic": topic},
            link=absolute_url(kind.url(topic)),
            feed_url=absolute_url(request.path),
            stories=stories,
        )


class SectionFeed(TopicFeed):
    topic_kind = topics.SECTION


class TagFeed(TopicFeed):
    topic_kind = topics.TAG


class AuthorFeed(TopicFeed):
    topic_kind = topics.AUTHOR


class SourceFeed(TopicFeed):
    topic_kind = topics.SOURCE


class JsonFeedView:
    """JSON Feed 1.1 built from the same hooks as a StoryFeed's RSS and Atom."""

    def __init__(self, feed: StoryFeed):
        self.feed = feed

    def __call__(self, request: HttpRequest, slug: str | None = None) -> HttpResponse:
        channel = self.feed.get_object(request, slug=slug)
        variant = output_variant(request, "json")
        items = story_outputs(
            FEED_ITEM,
            variant,
            self.feed.items(channel),
            lambda stories: [self.item(story) for story in stories],
        )
        mark_public(request, items.keys)
        document = {
            "version": JSON_FEED_VERSION,
            "title": channel.title,
            "home_page_url": channel.link,
            "feed_url": channel.feed_url,
            "description": channel.description,
            "language": activation_code(edition_of()),
            "items": items.values,
        }
        return JsonResponse(
            document,
            content_type="application/feed+json; charset=utf-8",
            json_dumps_params={"ensure_ascii": False},
        )

    def item(self, story: Story) -> dict:
        feed = self.feed
        entry = {
            "id": feed.item_guid(story),
            "url": feed.item_link(story),
            "title": story.headline,
            "content_html": feed.item_content_html(story),
            "summary": feed.item_summary_text(story),
            "date_published": story.published_at.isoformat(),
            "date_modified": feed.item_updateddate(story).isoformat(),
            "authors": self.authors(story),
            "tags": story_categories(story),
            "language": activation_code(story.language),
        }
        if story.original_url:
            entry["external_url"] = story.original_url
        picture = feed.item_lead_picture(story)
        if picture:
            entry["image"] = picture["url"]
            entry["_newsroom"] = {"lead_image": picture}
        body_pictures = feed.item_body_pictures(story)
        if body_pictures:
            entry.setdefault("_newsroom", {})["body_images"] = body_pictures
        return {key: value for key, value in entry.items() if value not in ("", [], None)}

    def authors(self, story: Story) -> list[dict]:
        if story.byline_override:
            return [{"name": story.byline_override}]
        return [
            {"name": byline.author.name, "url": absolute_url(byline.author.get_absolute_url())}
            for byline in story.bylines
        ]


class FeedFormats:
    """One feed in each format, answering /feeds/<rss|atom|json>/...."""

    def __init__(self, feed_class: type[StoryFeed]):
        self.views: dict[str, Callable[..., HttpResponse]] = {
            "rss": feed_class(NewsRssFeed),
            "atom": feed_class(NewsAtomFeed),
            "json": JsonFeedView(feed_class()),
        }

    def __call__(self, request: HttpRequest, format: str, **kwargs) -> HttpResponse:
        if format not in self.views:
            raise Http404("No such feed format.")
        try:
            return self.views[format](request, **kwargs)
        except WrongEdition as wrong:
            return wrong.redirect(request)


class FeedFormatConverter:
    """Matches the formats a feed comes in, so other words are not feed URLs at all."""

    regex = "rss|atom|json"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


latest_feed = FeedFormats(StoryFeed)
section_feed = FeedFormats(SectionFeed)
tag_feed = FeedFormats(TagFeed)
author_feed = FeedFormats(AuthorFeed)
source_feed = FeedFormats(SourceFeed)
