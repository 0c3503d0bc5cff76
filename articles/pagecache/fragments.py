"""Fragments: the parts of pages that print one story (its teaser), kept in the cache.

A list page that misses the page cache still prints twenty to seventy-five teasers, each
with its photo's responsive versions; most of them have not changed since the last time.
``prepare_teasers(stories)`` reads every teaser of a page, and the versions of the
surrogate keys each depends on, in one cache round trip. A teaser is reused while the story
keeps its version (``keys.fragment``) and its keys keep theirs, so an edit, a renamed
section or author or a new photo caption prints anew, exactly as pages are invalidated.
Renditions are fetched only for the teasers that must be rendered.

Fragments are kept only while the page cache is on (``PAGE_CACHE_TIMEOUT`` above 0 and a
cache that keeps things), since the page cache's invalidation is what drops them.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.dummy import DummyCache
from django.db.models import prefetch_related_objects
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from articles.pagecache import keys as cache_keys

logger = logging.getLogger(__name__)

TEASER = "teaser"
TEASER_TEMPLATE = "articles/includes/teaser.html"
# A fragment outlives pages: nothing but its keys' versions and its story's changes it.
FRAGMENT_TIMEOUT = 24 * 60 * 60


def fragments_kept() -> bool:
    return settings.PAGE_CACHE_TIMEOUT > 0 and not isinstance(caches["default"], DummyCache)


class _Page:
    """The stories whose teasers one page prints, to fetch their renditions at once."""

    def __init__(self, stories: list):
        self.stories = stories

    def fetch_renditions(self) -> None:
        images = [story.lead_image for story in self.stories if story.lead_image_id]
        unfetched = [image for image in images if "_renditions_by_spec" not in image.__dict__]
        prefetch_related_objects(unfetched, "renditions")


class TeaserSlot:
    """One story's teasers on this page: the stored ones, and where new ones are kept."""

    def __init__(self, story, keys: list[str], versions: list, stored: dict[str, str], page: _Page):
        self.story = story
        self.keys = keys
        self.versions = versions
        self.html = stored
        self.page = page

    def render(self, options: dict) -> SafeString:
        variant = ",".join(f"{name}={value}" for name, value in sorted(options.items()))
        html = self.html.get(variant)
        if html is None:
            # A variant not stored yet (the story shown another way elsewhere): the page's
            # renditions in one query rather than one per photo.
            self.page.fetch_renditions()
            html = render_to_string(TEASER_TEMPLATE, {"story": self.story, **options})
            self.html[variant] = html
            self.keep()
        return mark_safe(html)

    def keep(self) -> None:
        entry = {"keys": self.keys, "versions": self.versions, "html": self.html}
        try:
            cache.set(
                cache_keys.fragment(TEASER, self.story.pk, self.story.version),
                entry,
                FRAGMENT_TIMEOUT,
            )
        except Exception:
            logger.exception("A teaser could not be stored")


class UncachedSlot(TeaserSlot):
    def keep(self) -> None:
        pass


def teaser_keys(story) -> list[str]:
    return sorted(cache_keys.story_keys(story))


def prepare_teasers(stories: Iterable) -> None:
    """Find the stored teasers of ``stories`` and fetch renditions for the others only."""
    stories = [story for story in stories if story is not None]
    if not stories:
        return
    page = _Page(stories)
    to_render = stories
    if fragments_kept():
        try:
            to_render = _attach_stored(stories, page)
        except Exception:
            logger.exception("The stored teasers could not be read; rendering them")
    for story in to_render:
        if "teasers" not in story.__dict__:
            story.__dict__["teasers"] = UncachedSlot(story, [], [], {}, page)
    if to_render:
        page.fetch_renditions()


def _attach_stored(stories: list, page: _Page) -> list:
    keys_of = {id(story): teaser_keys(story) for story in stories}
    fragment_keys = [cache_keys.fragment(TEASER, story.pk, story.version) for story in stories]
    version_keys = sorted({cache_keys.version(key) for keys in keys_of.values() for key in keys})
    found = cache.get_many([*fragment_keys, *version_keys])
    to_render = []
    for story, fragment_key in zip(stories, fragment_keys, strict=True):
        keys = keys_of[id(story)]
        versions = [found.get(cache_keys.version(key)) for key in keys]
        entry = found.get(fragment_key)
        fresh = entry is not None and entry["keys"] == keys and entry["versions"] == versions
        story.__dict__["teasers"] = TeaserSlot(
            story, keys, versions, dict(entry["html"]) if fresh and entry is not None else {}, page
        )
        if not fresh:
            to_render.append(story)
    return to_render


def render_teaser(story, **options) -> SafeString:
    """The story's teaser with ``options`` (lead, compact, eager, heading_level)."""
    slot = story.__dict__.get("teasers")
    if slot is None:
        slot = story.__dict__["teasers"] = UncachedSlot(story, [], [], {}, _Page([story]))
    return slot.render(options)
