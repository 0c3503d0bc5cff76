"""The shared page cache: public responses stored with the surrogate keys they depend on.

Each stored page records its keys (``story-12``, ``list-section-3``, ``front``...; see
``articles.pagecache.keys``) and the version each key had when it was stored. Invalidating a
key gives it a new version, so every page that depends on it misses from then on: exact
invalidation, on local memory and Redis alike, with no key scans. Keys are invalidated when
the transaction that changed the data commits (see ``articles.pagecache.receivers``), and
are then purged from a CDN by a background task (``articles.pagecache.purge``).
"""

from __future__ import annotations

import logging
import math
import uuid
from collections.abc import Iterable
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Min
from django.http import HttpRequest
from django.utils import timezone

from articles.pagecache import keys as cache_keys
from articles.pagecache.purge import configured_backend

logger = logging.getLogger(__name__)

# Fastly reads a space-separated Surrogate-Key, Cloudflare a comma-separated Cache-Tag.
SURROGATE_KEY_HEADER = "Surrogate-Key"
CACHE_TAG_HEADER = "Cache-Tag"
CACHE_STATUS_HEADER = "X-Cache"
# URL names whose answers are personal, whoever asks.
PRIVATE_URL_NAMES = frozenset({"preview"})


def mark_public(request: HttpRequest, keys: Iterable[str]) -> None:
    """Say that this request's answer is public and depends on ``keys``; may be called again."""
    if not hasattr(request, "surrogate_keys"):
        request.surrogate_keys = set()  # type: ignore[attr-defined]
    request.surrogate_keys.update(keys)  # type: ignore[attr-defined]


def new_version() -> str:
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
    version = new_version()
    try:
        # The epoch moves first: a page whose render overlapped this must see it moved.
        cache.set(cache_keys.EPOCH, version, None)
        cache.set_many({cache_keys.version(key): version for key in keys}, None)
        cache.delete(cache_keys.NEXT_PUBLISH)
    except Exception:
        logger.exception("Could not invalidate cached pages for keys %s", keys)
    purge_cdn_later(keys)


def purge_cdn_later(keys: list[str]) -> None:
    """Hand the keys to a task that purges the CDN in its batches, retried when it fails.

    Called once per committed transaction, after the commit; with no CDN configured nothing
    is enqueued.
    """
    from articles.background.queue import enqueue_now
    from articles.background.tasks import purge_cdn

    try:
        if configured_backend() is None:
            return
    except Exception:
        logger.exception("The CDN purge is misconfigured; keys %s not purged", keys)
        return
    enqueue_now(purge_cdn, keys)


def next_publish_time() -> datetime | None:
    """When the next scheduled or embargoed story goes public with no write to the database."""
    from articles.models import Story

    return Story.objects.upcoming().goes_public_at().aggregate(next=Min("goes_public_at"))["next"]


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
    remembered = cache.get(cache_keys.NEXT_PUBLISH)
    if remembered is not None:
        return _seconds_until(remembered["at"])
    upcoming = next_publish_time()
    timeout = _seconds_until(upcoming)
    if timeout > 0 and cache.get(cache_keys.EPOCH) == epoch:
        cache.set(cache_keys.NEXT_PUBLISH, {"at": upcoming}, timeout)
    return timeout
