"""The newsroom's background tasks. Each is idempotent: running it twice does no harm.

They take ids, never objects, and look the row up again: by the time a worker runs one,
the image may be deleted, the story rescheduled or the source emptied of its feed.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta

from django.utils import timezone

from articles.background.queue import background_task, enqueue_now

logger = logging.getLogger(__name__)

#: Who the workflow log names for stories published by the queue.
SCHEDULE_ACTOR = "task queue"

#: How early a publication task may run and still wait for its story's time.
EARLY_BY_AT_MOST = timedelta(minutes=1)


class SourceNotRead(Exception):
    """A source's feed could not be read; retried like any failing task."""


@background_task
def make_image_renditions(image_id: int) -> int:
    """Make the renditions pages, feeds and the API link for one image; returns how many."""
    from articles.images.renditions import make_page_renditions
    from articles.models import Image
    from articles.pagecache import keys as cache_keys
    from articles.pagecache.store import invalidate

    image = Image.objects.filter(pk=image_id).prefetch_related("renditions").first()
    if image is None:
        return 0
    made = make_page_renditions(image)
    if made:
        # Renditions are stored in bulk, without model signals: pages that printed the
        # original while they were missing are dropped here.
        invalidate({cache_keys.image(image_id), cache_keys.SITEMAP})
    return len(made)


@background_task
def publish_story_if_due(story_id: int) -> bool:
    """Turn one scheduled story whose time has come to published; False when not (yet) due.

    Enqueued for the scheduled time when the story is scheduled; a story rescheduled later
    is simply not due yet, and the task for its new time does the work.
    """
    from articles.editorial import workflow
    from articles.models import Story

    if workflow.publish_if_due(story_id, by=SCHEDULE_ACTOR) is not None:
        return True
    # Run early for its own time (another host's clock, the scheduler's rounding): wait for
    # it. A story rescheduled further ahead has the task enqueued for its new time.
    soon = timezone.now() + EARLY_BY_AT_MOST
    at = Story.objects.due(at=soon).filter(pk=story_id).values_list("published_at", flat=True)
    if at:
        enqueue_now(publish_story_if_due, story_id, run_after=at[0])
    return False


@background_task
def poll_source(source_id: int) -> str:
    """Read one source's feed; a failure is retried and recorded, other sources go on."""
    from articles.ingest.service import poll_source as poll
    from articles.models import Source

    source = Source.objects.filter(pk=source_id).exclude(feed_url="").first()
    if source is None:
        return ""
    report = poll(source)
    if report.error:
        raise SourceNotRead(report.summary())
    return report.summary()


class EmbedsNotFetched(Exception):
    """A provider could not be asked about an embed; retried like any failing task."""


@background_task
def fetch_story_embeds(story_id: int) -> int:
    """Ask the providers of a story's embeds not yet asked about; returns how many answered.

    What answered is written into the body at once, through the workflow; the embeds whose
    provider could not be asked make the task fail, so it is retried for those alone.
    """
    from articles.editorial import workflow
    from articles.models import Story

    body = Story.objects.filter(pk=story_id).values_list("body", flat=True).first()
    return _ask_about_embeds(
        f"Story {story_id}",
        body or "",
        lambda details: workflow.fill_in_embeds(story_pk=story_id, details=details),
    )


@background_task
def fetch_live_update_embeds(update_id: int) -> int:
    """``fetch_story_embeds`` for one update of a live story."""
    from articles.live import services
    from articles.models import LiveUpdate

    body = LiveUpdate.objects.filter(pk=update_id).values_list("body", flat=True).first()
    return _ask_about_embeds(
        f"Live update {update_id}",
        body or "",
        lambda details: services.fill_in_update_embeds(update_pk=update_id, details=details),
    )


def _ask_about_embeds(what: str, body: str, fill_in: Callable[[dict], object]) -> int:
    from articles.body.embeds import ask_providers

    if not body:
        return 0
    answers = ask_providers(body=body)
    if answers.details:
        fill_in(answers.details)
    for problem in answers.problems:
        logger.warning("%s: %s", what, problem)
    if answers.failures:
        raise EmbedsNotFetched(" ".join(answers.failures))
    return len(answers.details)


@background_task
def purge_cdn(keys: list[str]) -> int:
    """Purge these surrogate keys from the CDN, in the backend's batches; raises on failure."""
    from articles.pagecache.purge import configured_backend

    backend = configured_backend()
    if backend is None or not keys:
        return 0
    backend.purge(keys)
    return len(keys)


@background_task
def dispatch_due_work() -> dict[str, int]:
    """The clock's tick: one task per due scheduled story and per source due a poll."""
    from articles.background.clock import due_sources, due_story_ids
    from articles.background.queue import enqueue_on_commit

    stories = due_story_ids()
    for story_id in stories:
        enqueue_on_commit(publish_story_if_due, story_id)
    sources = due_sources()
    for source_id in sources:
        enqueue_on_commit(poll_source, source_id)
    return {"stories": len(stories), "sources": len(sources)}
