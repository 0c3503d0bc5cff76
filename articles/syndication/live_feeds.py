"""A feed per live story whose items are its updates: RSS 2.0, Atom 1.0 and JSON Feed 1.1.

``/feeds/<rss|atom|json>/live/<slug>/`` lists the newest ``FEED_LENGTH`` public updates of
a public live story, each with a permanent GUID (a tag URI of the update, never of its
text), its link on the page (``#update-<id>``), its body as feeds print bodies and its photos
as Media RSS. It is cached under the story's ``live-<id>`` key, moved by every update.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.html import escape
from django.utils.text import Truncator

from articles.body.rendering import Output, prepare_bodies, story_body
from articles.links import absolute_url
from articles.models import LiveUpdate, Story
from articles.pagecache import keys as cache_keys
from articles.pagecache.store import mark_public
from articles.sanitize import strip_all_html
from articles.syndication.common import FEED_LENGTH, tag_uri
from articles.syndication.feeds import (
    JSON_FEED_VERSION,
    SUMMARY_WORDS,
    NewsAtomFeed,
    NewsRssFeed,
    picture_item,
)

TITLE_WORDS = 14


def update_uri(update: LiveUpdate) -> str:
    """A permanent id for an update (RFC 4151 tag URI): edits keep it."""
    return tag_uri(update.created_at, f"live-update:{update.pk}")


@dataclass(frozen=True)
class LiveChannel:
    story: Story
    feed_url: str
    updates: list[LiveUpdate]


class LiveUpdateFeed(Feed):
    """The updates of one public live story, newest first."""

    item_guid_is_permalink = False

    def __init__(self, feed_type=NewsRssFeed):
        self.feed_type = feed_type

    def get_object(self, request: HttpRequest, slug: str | None = None) -> LiveChannel:
        story = get_object_or_404(Story.objects.published().filter(live=True), slug=slug)
        updates = list(
            LiveUpdate.objects.public()
            .filter(story=story)
            .newest_first()
            .prefetch_related("authors")[:FEED_LENGTH]
        )
        for update in updates:
            update.story = story
        prepare_bodies(updates)
        keys = {cache_keys.story(story.pk), cache_keys.live(story.pk)}
        for update in updates:
            keys |= story_body(update).surrogate_keys()
        mark_public(request, keys)
        return LiveChannel(story=story, feed_url=absolute_url(request.path), updates=updates)

    def title(self, channel: LiveChannel) -> str:
        return f"{channel.story.headline}: live updates - {settings.SITE_NAME}"

    def description(self, channel: LiveChannel) -> str:
        return escape(channel.story.dek or f"Live updates from {settings.SITE_NAME}.")

    def link(self, channel: LiveChannel) -> str:
        return absolute_url(channel.story.get_absolute_url())

    def feed_url(self, channel: LiveChannel) -> str:
        return channel.feed_url

    def feed_guid(self, channel: LiveChannel) -> str:
        return channel.feed_url

    def items(self, channel: LiveChannel) -> list[LiveUpdate]:
        return channel.updates

    def item_title(self, update: LiveUpdate) -> str:
        return update.headline or Truncator(strip_all_html(update.body)).words(TITLE_WORDS)

    def item_summary_text(self, update: LiveUpdate) -> str:
        return Truncator(strip_all_html(update.body)).words(SUMMARY_WORDS)

    def item_description(self, update: LiveUpdate) -> str:
        return escape(self.item_summary_text(update))

    def item_link(self, update: LiveUpdate) -> str:
        return absolute_url(f"{update.story.get_absolute_url()}#{update.anchor}")

    def item_guid(self, update: LiveUpdate) -> str:
        return update_uri(update)

    def item_pubdate(self, update: LiveUpdate):
        return update.published_at

    def item_updateddate(self, update: LiveUpdate):
        return update.edited_at or update.published_at

    def item_author_name(self, update: LiveUpdate) -> str | None:
        return update.byline or None

    def item_extra_kwargs(self, update: LiveUpdate) -> dict:
        return {
            "content_html": self.item_content_html(update),
            "body_pictures": self.item_body_pictures(update),
        }

    def item_content_html(self, update: LiveUpdate) -> str:
        html = story_body(update).html(Output.FEED)
        if update.correction:
            html += f"<p><strong>Correction:</strong> {escape(update.correction)}</p>"
        return html

    def item_body_pictures(self, update: LiveUpdate) -> list[dict]:
        pictures = (picture_item(photo.image, photo.caption) for photo in story_body(update).photos)
        return [picture for picture in pictures if picture]


class LiveJsonFeedView:
    """JSON Feed 1.1 of a live story's updates, from the same hooks as its RSS and Atom."""

    def __init__(self, feed: LiveUpdateFeed):
        self.feed = feed

    def __call__(self, request: HttpRequest, slug: str | None = None) -> HttpResponse:
        feed = self.feed
        channel = feed.get_object(request, slug=slug)
        document = {
            "version": JSON_FEED_VERSION,
            "title": feed.title(channel),
            "home_page_url": feed.link(channel),
            "feed_url": channel.feed_url,
            "description": channel.story.dek,
            "language": settings.LANGUAGE_CODE,
            "items": [self.item(update) for update in channel.updates],
        }
        return JsonResponse(
            document,
            content_type="application/feed+json; charset=utf-8",
            json_dumps_params={"ensure_ascii": False},
        )

    def item(self, update: LiveUpdate) -> dict:
        feed = self.feed
        entry = {
            "id": feed.item_guid(update),
            "url": feed.item_link(update),
            "title": update.headline,
            "content_html": feed.item_content_html(update),
            "summary": feed.item_summary_text(update),
            "date_published": update.published_at.isoformat(),
            "date_modified": feed.item_updateddate(update).isoformat(),
            "authors": [{"name": author.name} for author in update.authors.all()],
        }
        pictures = feed.item_body_pictures(update)
        if pictures:
            entry["_newsroom"] = {"body_images": pictures}
        return {key: value for key, value in entry.items() if value not in ("", [], None)}


class LiveFeedFormats:
    """The live feed in each format, answering /feeds/<rss|atom|json>/live/<slug>/."""

    def __init__(self):
        self.views: dict[str, Callable[..., HttpResponse]] = {
            "rss": LiveUpdateFeed(NewsRssFeed),
            "atom": LiveUpdateFeed(NewsAtomFeed),
            "json": LiveJsonFeedView(LiveUpdateFeed()),
        }

    def __call__(self, request: HttpRequest, format: str, slug: str) -> HttpResponse:
        if format not in self.views:
            raise Http404("No such feed format.")
        return self.views[format](request, slug=slug)


live_feed = LiveFeedFormats()
