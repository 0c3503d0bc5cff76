"""Work the queue is given when something happens: a story scheduled gets a task at its
time, a story's or live update's body with new embeds a task that asks their providers."""

from __future__ import annotations

from articles.background.queue import can_defer, enqueue_on_commit
from articles.background.tasks import (
    fetch_live_update_embeds,
    fetch_story_embeds,
    publish_story_if_due,
)
from articles.body.embeds import waiting_addresses
from articles.models import Story, StoryEvent


def story_scheduled(sender, story, action, **kwargs) -> None:
    """Publish the story at its time with no cron line; the query-time rule stays the net.

    Sent after the commit. Rescheduling enqueues another task; the earlier one finds the
    story not yet due and does nothing.
    """
    if action != StoryEvent.Action.SCHEDULE or not can_defer():
        return
    if story.published_at is not None:
        enqueue_on_commit(publish_story_if_due, story.pk, run_after=story.published_at)


def body_saved(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    """However a story's or live update's body was saved (admin, ingest, a restored revision,
    the live desk), ask about its new embeds.

    After the commit, so the editor's save never waits on a provider with a real queue;
    until the task has run, pages show each such embed's address as a link.
    """
    if raw or (update_fields is not None and "body" not in update_fields):
        return
    if waiting_addresses(instance.body):
        task = fetch_story_embeds if sender is Story else fetch_live_update_embeds
        enqueue_on_commit(task, instance.pk)
