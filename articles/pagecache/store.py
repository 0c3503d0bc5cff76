"""The shared page cache: public responses stored with the surrogate keys they depend on.

Each stored page records its keys (``story-12``, ``list-section-3``, ``front``...) and the
version each key had when it was stored. Invalidating a key gives it a new version, so every
page that depends on it misses from then on: exact invalidation, on local memory and Redis
alike, with no key scans. Keys are invalidated when the transaction that changed the data
commits (see ``articles.pagecache.receivers``), and are handed to an optional CDN purge hook.
"""

from __future__ import annotations

import json
import logging
import math
import urllib.request
import uuid
from collections.abc import Callable, Iterable
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Min
from django.http import HttpRequest
from django.utils import timezone
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)

PAGE_PREFIX = "page-cache:page:"
VERSION_PREFIX = "page-cache:key:"
# Moves on every invalidation, so a page rendered while one happened is not stored.
EPOCH_KEY = "page-cache:epoch"
# When the next scheduled story goes public; forgotten on every invalidation.
NEXT_PUBLISH_KEY = "page-cache:next-publish"
# Fastly reads a space-separated Surrogate-Key, Cloudflare a comma-separated Cache-Tag.
SURROGATE_KEY_HEADER = "Surrogate-Key"
CACHE_TAG_HEADER = "Cache-Tag"
CACHE_STATUS_HEADER = "X-Cache"
NAV = "nav"
# URL names whose answers are personal, whoever asks.
PRIVATE_URL_NAMES = frozenset({"preview"})


def story_keys(story) -> set[str]:
    """The keys of what a story shows where it is printed, from what was fetched with it."""
    keys = {f"story-{story.pk}", f"section-{story.section_id}"}
    if story.source_id:
        keys.add(f"source-{story.source_id}")
    if story.lead_image_id:
        keys.add(f"image-{story.lead_image_id}")
    keys.update(f"author-{byline.author_id}" for byline in getattr(story, "ordered_bylines", ()))
    prefetched = getattr(story, "_prefetched_objects_cache", {})
    keys.update(f"tag-{tag.pk}" for tag in prefetched.get("tags", ()))
    return keys


def stories_keys(stories: Iterable) -> set[str]:
    keys: set[str] = set()
    for story in stories:
        keys |= story_keys(story)
    return keys


def mark_public(request: HttpRequest, keys: Iterable[str]) -> None:
    """Say that this request's answer is public and depends on ``keys``; may be called again."""
    if not hasattr(request, "surrogate_keys"):
        request.surrogate_keys = set()
    request.surrogate_keys.update(keys)


def _version_key(key: str) -> str:
    return VERSION_PREFIX + key


def _new_version() -> str:
    return uuid.uuid4().hex[:16]


def invalidate(keys: Iterable[str], using: str | None = None) -> None:
    """Invalidate ``keys`` when the current transaction commits (at once outside one).

    Keys from one transaction are gathered and invalidated together, once.
    """
    keys = set(keys)
    if not keys:
        return
    connection = transaction.get_connection(using)
    if not connection.in_atomic_block:
        invalidate_now(keys)
        return
    batch = getattr(connection, "_page_cache_batch", None)
    if batch is None or not batch.is_pending(connection):
        batch = _KeyBatch()
        connection._page_cache_batch = batch
        transaction.on_commit(batch.flush, using=using)
    batch.keys |= keys


class _KeyBatch:
    """The keys one transaction invalidates, flushed by a single on_commit callback."""

    def __init__(self) -> None:
        self.keys: set[str] = set()
        self.flushed = False

    def is_pending(self, connection) -> bool:
        # A rolled-back savepoint drops the callback, and its keys with it.
        return not self.flushed and any(
            callback == self.flush for _, callback, _ in connection.run_on_commit
        )

    def flush(self) -> None:
        self.flushed = True
        invalidate_now(self.keys)


def invalidate_now(keys: Iterable[str]) -> None:
    """Give each key a new version, so every page stored with the old one misses; then purge."""
    keys = sorted(set(keys))
    if not keys:
        return
    version = _new_version()
    try:
        # The epoch moves first: a page whose render overlapped this must see it moved.
        cache.set(EPOCH_KEY, version, None)
        cache.set_many({_version_key(key): version for key in keys}, None)
        cache.delete(NEXT_PUBLISH_KEY)
    except Exception:
        logger.exception("Could not invalidate cached pages for keys %s", keys)
    purge_hook = _purge_hook()
    if purge_hook is not None:
        try:
            purge_hook(keys)
        except Exception:
            logger.exception("The CDN purge hook failed for keys %s", keys)


def _purge_hook() -> Callable[[list[str]], None] | None:
    if settings.CACHE_PURGE_HOOK:
        return import_string(settings.CACHE_PURGE_HOOK)
    if settings.CACHE_PURGE_URL:
        return post_purge_request
    return None


def post_purge_request(keys: list[str]) -> None:
    """POST the invalidated keys as JSON to CACHE_PURGE_URL, e.g. a small purge relay."""
    request = urllib.request.Request(
        settings.CACHE_PURGE_URL,
        data=json.dumps({"surrogate_keys": keys}).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=settings.CACHE_PURGE_TIMEOUT) as answer:
        answer.read()


def next_publish_time() -> datetime | None:
    """When the next scheduled story goes public with no write to the database."""
    from articles.models import Story

    return Story.objects.upcoming().aggregate(next=Min("published_at"))["next"]


def _seconds_until(moment: datetime | None) -> int:
    timeout = settings.PAGE_CACHE_TIMEOUT
    if moment is not None:
        timeout = min(timeout, math.floor((moment - timezone.now()).total_seconds()))
    return max(timeout, 0)


def page_timeout(epoch) -> int:
    """Seconds a page may be stored: PAGE_CACHE_TIMEOUT, but never past the next publication.

    The next publish time is itself kept in the cache until it comes or anything changes,
    so a miss usually costs no query for it; ``epoch`` is the one read before rendering.
    """
    remembered = cache.get(NEXT_PUBLISH_KEY)
    if remembered is not None:
        return _seconds_until(remembered["at"])
    upcoming = next_publish_time()
    timeout = _seconds_until(upcoming)
    if timeout > 0 and cache.get(EPOCH_KEY) == epoch:
        cache.set(NEXT_PUBLISH_KEY, {"at": upcoming}, timeout)
    return timeout
