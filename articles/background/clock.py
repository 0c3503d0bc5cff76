"""The worker's clock: every TASKS_CLOCK_SECONDS, one tick for all workers together.

Scheduled stories also get a task for their exact time when they are scheduled; the tick
catches any that a lost job or a queue outage missed. Sources are polled only from here,
each on its own ``poll_interval``.
"""

from __future__ import annotations

import logging
import threading
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import close_old_connections
from django.db.models import Q
from django.utils import timezone

from articles.pagecache import keys as cache_keys

logger = logging.getLogger(__name__)


def due_story_ids() -> list[int]:
    from articles.models import Story

    return list(Story.objects.due().values_list("pk", flat=True))


def due_sources() -> list[int]:
    """Claim every source due a poll and return their ids; each is claimed once per interval.

    The claim is a conditional update of ``next_poll_at``: of two clocks that read the same
    due source, only the one whose update still finds the old value enqueues it.
    """
    from articles.models import Source

    now = timezone.now()
    claimed = []
    due = (
        Source.objects.exclude(feed_url="")
        .filter(Q(next_poll_at__isnull=True) | Q(next_poll_at__lte=now))
        .values_list("pk", "next_poll_at", "poll_interval")
    )
    for pk, next_poll_at, interval in due:
        taken = Source.objects.filter(pk=pk, next_poll_at=next_poll_at).update(
            next_poll_at=now + timedelta(minutes=interval)
        )
        if taken:
            claimed.append(pk)
    return claimed


def tick() -> bool:
    """Enqueue the due work unless another worker's clock did so this period."""
    from articles.background.tasks import dispatch_due_work

    period = max(settings.TASKS_CLOCK_SECONDS, 1)
    if not cache.add(cache_keys.task_clock(), timezone.now().isoformat(), period):
        return False
    dispatch_due_work.enqueue()
    return True


class Clock(threading.Thread):
    """Ticks in the background of a worker process until ``stop`` is set."""

    def __init__(self) -> None:
        super().__init__(name="newsroom-task-clock", daemon=True)
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            try:
                close_old_connections()
                tick()
            except Exception:
                logger.exception("The task clock could not enqueue the due work")
            self.stop.wait(max(settings.TASKS_CLOCK_SECONDS, 1))
