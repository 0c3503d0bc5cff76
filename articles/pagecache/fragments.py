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
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.dummy import DummyCache
from django.db.models import prefetch_related_objects
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import get_current_timezone_name
from django.utils.translation import get_language

from articles.body.rendering import prepare_bodies, story_body
from articles.pagecache import keys as cache_keys
from articles.pagecache.store import new_version

if TYPE_CHECKING:
    from articles.models.querysets import StoryQuerySet

logger = logging.getLogger(__name__)

TEASER = "teaser"
TEASER_TEMPLATE = "articles/includes/teaser.html"
# A fragment outlives pages: nothing but its keys' versions and its story's changes it.
FRAGMENT_TIMEOUT = 24 * 60 * 60
# No epoch was read for this render (no page cache in front of it).
_UNREAD = object()


def fragments_kept() -> bool:
    return settings.PAGE_CACHE_TIMEOUT > 0 and not isinstance(caches["default"], DummyCache)


def teasers_of(stories: StoryQuerySet) -> StoryQuerySet:
    """What a list page fetches of the stories it prints as teasers.

    While fragments are kept, rows that only find the stored teasers (``teaser_rows``);
    ``prepare_teasers`` then loads in full, in one query, the stories whose teasers must be
    rendered. Otherwise every teaser is rendered, from full rows (``teasers``).
    """
    return stories.teaser_rows() if fragments_kept() else stories.teasers()


def _is_row(story) -> bool:
    """Whether ``story`` came from ``teaser_rows`` and was not loaded in full since."""
    return "headline" not in story.__dict__


def load_in_full(stories: list) -> None:
    """Load the teasers of ``stories`` that are only rows, in one query, into those rows
    (a list keeps its objects, and their annotations: a search's rank, a page's order)."""
    rows = [story for story in stories if _is_row(story)]
    if not rows:
        return
    full = type(rows[0]).objects.teasers().in_bulk([row.pk for row in rows])
    for row in rows:
        loaded = full.get(row.pk)
        if loaded is not None:
            row.__dict__.update(loaded.__dict__)


class _Page:
    """The stories whose teasers one page prints, to load them and fetch their renditions
    at once."""

    def __init__(self, stories: list):
        self.stories = stories
        self.ready = False

    def prepare(self) -> None:
        """Load the page's stories in full and fetch their lead photos' renditions, once for
        the page however many of its teasers need them."""
        if self.ready:
            return
        load_in_full(self.stories)
        images = [
            story.lead_image for story in self.stories if story.lead_image_id and not _is_row(story)
        ]
        unfetched = [image for image in images if "_renditions_by_spec" not in image.__dict__]
        prefetch_related_objects(unfetched, "renditions")
        self.ready = True


def printing_variant(options: dict | None = None) -> str:
    """What printed HTML depends on besides the story: ``options``, and the active language
    and time zone its words and dates are printed in."""
    context = {"language": get_language() or "", "zone": get_current_timezone_name()}
    named = sorted({**(options or {}), **context}.items())
    return ",".join(f"{name}={value}" for name, value in named)


class TeaserSlot:
    """One story's teasers on this page: the stored ones, and where new ones are kept."""

    def __init__(self, story, keys: list[str], versions: list, stored: dict[str, str], page: _Page):
        self.story = story
        self.keys = keys
        self.versions = versions
        self.html = stored
        self.page = page

    def render(self, options: dict) -> SafeString:
        variant = printing_variant(options)
        html = self.html.get(variant)
        if html is None:
            # A variant not stored yet (the story shown another way elsewhere): the page's
            # rows and renditions in one query each rather than one per story.
            self.page.prepare()
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
        # All of them while a query is made anyway: a stored teaser may lack the variant
        # this page prints, which would otherwise take a second round of queries.
        page.prepare()


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


# What feeds and the API print of one story, kept like teasers: a feed item (its XML, or
# its JSON Feed object) and a ninjs item.
FEED_ITEM = "feed-item"
API_ITEM = "api-item"
# Which stories a story page offers to read next.
RELATED = "related"

#: The epoch the page cache read before the view ran (``PublicPageCacheMiddleware``): a
#: fragment rendered while an invalidation happened is not stored, as such a page is not.
RENDER_EPOCH: ContextVar[object] = ContextVar("fragment_render_epoch", default=_UNREAD)


@dataclass
class StoryOutputs:
    """What one output prints of each story, in the stories' order, and the keys it depends on."""

    values: list
    keys: set[str]


def output_variant(request: HttpRequest, *parts: str) -> str:
    """What an output's fragments depend on besides the story: the output and its format,
    the active language (translated words), and the addresses absolute URLs are made from."""
    return "|".join(
        [*parts, get_language() or "", settings.SITE_URL, request.scheme or "", request.get_host()]
    )


def story_outputs(
    kind: str,
    variant: str,
    stories: list,
    render: Callable[[list], list],
    extra_keys: Callable[[Any], set[str]] | None = None,
    storable: Callable[[Any], bool] | None = None,
) -> StoryOutputs:
    """Each story's fragment of ``kind`` for ``variant``: the stored ones read in one or two
    round trips, the others rendered by ``render(stories)`` at once and stored.

    ``stories`` come with what ``story_keys`` reads (bylines, tags); the bodies of those to
    render are prepared here, with their lead photos' renditions, in one query.
    ``extra_keys(story)`` names what else the output prints (other stories); stories
    ``storable`` refuses (a live story, whose updates go public with time) are rendered
    every time. The keys are those ``printed_keys`` gives, plus ``extra_keys``.
    """
    extra = extra_keys or (lambda story: set())
    own = [sorted(cache_keys.story_keys(story) | extra(story)) for story in stories]
    stored: list[dict | None] = [None] * len(stories)
    epoch = RENDER_EPOCH.get()
    kept = fragments_kept()
    if kept:
        try:
            stored, read_epoch = _read_outputs(kind, variant, stories, own)
            epoch = read_epoch if epoch is _UNREAD else epoch
        except Exception:
            logger.exception("The stored %s fragments could not be read; rendering them", kind)
            kept = False
    missed = [story for story, entry in zip(stories, stored, strict=True) if entry is None]
    rendered: dict[int, tuple[list[str], Any]] = {}
    if missed:
        leads = [story.lead_image for story in missed if story.lead_image_id]
        prepare_bodies(missed, with_images=leads)
        for story, value in zip(missed, render(missed), strict=True):
            printed = cache_keys.story_keys(story) | story_body(story).surrogate_keys()
            rendered[id(story)] = (sorted(printed | extra(story)), value)
    values: list = []
    page_keys: set[str] = set()
    to_keep: list = []
    for story, keys, entry in zip(stories, own, stored, strict=True):
        if entry is not None:
            values.append(entry["value"])
            page_keys.update(entry["keys"])
            continue
        full_keys, value = rendered[id(story)]
        values.append(value)
        page_keys.update(full_keys)
        if storable is None or storable(story):
            to_keep.append((story, keys, full_keys, value))
    if kept and to_keep:
        try:
            _keep_outputs(kind, variant, to_keep, epoch)
        except Exception:
            logger.exception("The %s fragments could not be stored", kind)
    return StoryOutputs(values, page_keys)


def _read_outputs(kind: str, variant: str, stories: list, own: list[list[str]]):
    """The fresh stored entry of each story (None where there is none) and the epoch."""
    fragment_keys = [cache_keys.fragment(kind, s.pk, s.version, variant) for s in stories]
    asked = {cache_keys.version(key) for keys in own for key in keys}
    found = cache.get_many([*fragment_keys, cache_keys.EPOCH, *sorted(asked)])
    entries = [found.get(key) for key in fragment_keys]
    entries = [
        entry if entry is not None and entry["own"] == keys else None
        for entry, keys in zip(entries, own, strict=True)
    ]
    more = {cache_keys.version(key) for entry in entries if entry for key in entry["keys"]}
    if more - asked:
        found |= cache.get_many(sorted(more - asked))
    fresh = [
        entry
        if entry is not None
        and [found.get(cache_keys.version(key)) for key in entry["keys"]] == entry["versions"]
        else None
        for entry in entries
    ]
    return fresh, found.get(cache_keys.EPOCH)


def _keep_outputs(kind: str, variant: str, to_keep: list, epoch) -> None:
    """Store the rendered fragments with their keys' versions, unless an invalidation came
    since ``epoch`` was read (what was rendered may then be older than those versions)."""
    version_keys = sorted({cache_keys.version(key) for *_, keys, _ in to_keep for key in keys})
    current = cache.get_many([*version_keys, cache_keys.EPOCH])
    if current.get(cache_keys.EPOCH) != epoch:
        return
    missing = [key for key in version_keys if key not in current]
    if missing:
        for key in missing:
            cache.add(key, new_version(), None)
        current |= cache.get_many(missing)
    cache.set_many(
        {
            cache_keys.fragment(kind, story.pk, story.version, variant): {
                "own": own,
                "keys": keys,
                "versions": [current.get(cache_keys.version(key)) for key in keys],
                "value": value,
            }
            for story, own, keys, value in to_keep
        },
        FRAGMENT_TIMEOUT,
    )


def story_value(
    kind: str,
    story,
    depends_on: set[str],
    compute: Callable[[], tuple[Any, set[str]]],
    variant: str = "",
) -> Any:
    """A value computed for one version of ``story`` (its related stories, printed for
    ``variant``), kept while the keys it depends on keep their versions: ``depends_on``,
    known before, and the keys ``compute()`` returns with the value (what it found)."""
    own = sorted(depends_on)
    epoch = RENDER_EPOCH.get()
    kept = fragments_kept()
    if kept:
        try:
            (entry,), read_epoch = _read_outputs(kind, variant, [story], [own])
            if entry is not None:
                return entry["value"]
            epoch = read_epoch if epoch is _UNREAD else epoch
        except Exception:
            logger.exception("The stored %s of a story could not be read", kind)
            kept = False
    value, found_keys = compute()
    if kept:
        try:
            keys = sorted(depends_on | found_keys)
            _keep_outputs(kind, variant, [(story, own, keys, value)], epoch)
        except Exception:
            logger.exception("The %s of a story could not be stored", kind)
    return value
