"""Work the queue is given when something happens: a story scheduled gets a task at its time."""

from __future__ import annotations

from articles.background.queue import can_defer, enqueue_on_commit
from articles.background.tasks import publish_story_if_due
from articles.models import StoryEvent


def story_scheduled(sender, story, action, **kwargs) -> None:
    """Publish the story at its time with no cron line; the query-time rule stays the net.

    Sent after the commit. Rescheduling enqueues another task; the earlier one finds the
    story not yet due and does nothing.
    """
    if action != StoryEvent.Action.SCHEDULE or not can_defer():
        return
    if story.published_at is not None:
        enqueue_on_commit(publish_story_if_due, story.pk, run_after=story.published_at)
