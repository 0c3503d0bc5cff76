"""The newsroom's tasks on the fast backends: what each does, and what enqueues it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.template import Context, Template
from django.utils import timezone
from freezegun import freeze_time

from articles.background import clock
from articles.background.tasks import dispatch_due_work, make_image_renditions
from articles.editorial import workflow
from articles.models import FailedTask, Image, Rendition, Source, Story
from tests.support.factories import ImageFactory, SourceFactory, StoryFactory
from tests.support.photos import photo_bytes

pytestmark = pytest.mark.django_db


def tasks_enqueued(queue) -> list[tuple[str, list]]:
    return [(result.task.name, result.args) for result in queue.results]


def test_scheduling_enqueues_the_publication_for_its_time(
    deferring_queue, editor, django_capture_on_commit_callbacks
):
    story = StoryFactory(status="ready")
    at = (timezone.now() + timedelta(hours=3)).replace(microsecond=0)
    with django_capture_on_commit_callbacks(execute=True):
        workflow.schedule(story, editor, at)
    [result] = deferring_queue.results
    assert (result.task.name, result.args) == ("publish_story_if_due", [story.pk])
    assert result.task.run_after == at


def test_the_publication_task_publishes_once_and_only_when_due(django_capture_on_commit_callbacks):
    story = StoryFactory(scheduled=True)
    assert make_publish(story.pk) is False, "not due yet: a rescheduled story waits"
    Story.objects.filter(pk=story.pk).update(published_at=timezone.now() - timedelta(seconds=1))
    assert make_publish(story.pk) is True
    assert make_publish(story.pk) is False
    assert list(story.events.values_list("action", "actor")) == [("publish", "task queue")]


def test_a_publication_task_run_early_waits_for_its_story(deferring_queue):
    """Another host's clock or the scheduler's rounding ran it early: it asks again at the
    story's time. A story rescheduled hours ahead already has that time's task."""
    soon = StoryFactory(scheduled=True)
    at = (timezone.now() + timedelta(seconds=20)).replace(microsecond=250_000)
    Story.objects.filter(pk=soon.pk).update(published_at=at)
    later = StoryFactory(scheduled=True)
    Story.objects.filter(pk=later.pk).update(published_at=timezone.now() + timedelta(hours=2))

    assert make_publish(soon.pk) is False
    assert make_publish(later.pk) is False
    [again] = deferring_queue.results
    assert (again.task.name, again.args) == ("publish_story_if_due", [soon.pk])
    assert again.task.run_after == at.replace(microsecond=0) + timedelta(seconds=1)
    with freeze_time(again.task.run_after):
        assert make_publish(soon.pk) is True
    assert len(deferring_queue.results) == 1


def make_publish(story_id: int) -> bool:
    from articles.background.tasks import publish_story_if_due

    return publish_story_if_due.call(story_id)


def test_a_new_image_gets_its_renditions_from_a_task_after_the_commit(
    deferring_queue, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        image = ImageFactory(file=ContentFile(photo_bytes(1200, 800), name="quay.jpg"))
    assert tasks_enqueued(deferring_queue) == [("make_image_renditions", [image.pk])]
    assert not Rendition.objects.exists(), "nothing made in the request"
    made = make_image_renditions.call(image.pk)
    assert made == Rendition.objects.count() >= 8
    assert make_image_renditions.call(image.pk) == 0, "idempotent"
    image.delete()
    assert make_image_renditions.call(image.pk) == 0, "a deleted image is no error"


def test_until_renditions_exist_pages_show_a_placeholder_of_the_pictures_size(deferring_queue):
    image = ImageFactory(file=ContentFile(photo_bytes(1200, 800), name="quay.jpg"))
    html = Template("{% load images %}{% responsive_image image %}").render(
        Context({"image": image})
    )
    assert 'width="1200" height="800"' in html
    assert "image-pending.svg" in html
    assert image.file.name not in html, "never the full-size original"
    assert not Rendition.objects.exists()
    make_image_renditions.call(image.pk)
    image = Image.objects.get(pk=image.pk)
    html = Template("{% load images %}{% responsive_image image %}").render(
        Context({"image": image})
    )
    assert "srcset=" in html and "image-pending" not in html


def test_due_sources_are_claimed_once_per_interval():
    with freeze_time(timezone.now()) as frozen:
        claims_follow_intervals(frozen)


def claims_follow_intervals(freezer) -> None:
    due = SourceFactory(feed_url="https://partner.example.org/feed.xml", poll_interval=15)
    SourceFactory(feed_url="")
    later = SourceFactory(feed_url="https://wire.example.org/feed.xml", poll_interval=30)
    Source.objects.filter(pk=later.pk).update(next_poll_at=timezone.now() + timedelta(minutes=2))
    assert clock.due_sources() == [due.pk]
    assert clock.due_sources() == [], "a second clock finds it claimed"
    freezer.tick(timedelta(minutes=3))
    assert clock.due_sources() == [later.pk]
    freezer.tick(timedelta(minutes=13))
    assert clock.due_sources() == [due.pk]


def test_one_tick_per_period_across_workers(deferring_queue, settings):
    settings.TASKS_CLOCK_SECONDS = 60
    assert clock.tick() is True
    assert clock.tick() is False
    assert tasks_enqueued(deferring_queue) == [("dispatch_due_work", [])]


def test_the_tick_publishes_due_stories_and_polls_each_source_apart(
    local_server, closed_port, settings, django_capture_on_commit_callbacks
):
    """Immediate backend: each source is its own task, so the broken one stops nothing."""
    settings.INGEST_ALLOW_PRIVATE_HOSTS = True
    due = StoryFactory(scheduled=True)
    Story.objects.filter(pk=due.pk).update(published_at=timezone.now() - timedelta(minutes=1))
    broken = SourceFactory(feed_url=f"http://127.0.0.1:{closed_port}/feed.xml")
    (local_server.root / "feed.xml").write_bytes(
        b"<rss version='2.0'><channel><title>C</title></channel></rss>"
    )
    working = SourceFactory(feed_url=f"{local_server.url}/feed.xml")
    with django_capture_on_commit_callbacks(execute=True):
        result = dispatch_due_work.enqueue()
    assert result.return_value == {"stories": 1, "sources": 2}
    due.refresh_from_db()
    assert due.status == "published"
    working.refresh_from_db()
    assert working.last_polled_at is not None
    [failed] = FailedTask.objects.all()
    assert failed.arguments == {"args": [broken.pk], "kwargs": {}}
    assert "could not be reached" in failed.error


def test_the_worker_command_says_what_it_needs(settings):
    settings.TASKS_BACKEND = "immediate"
    with pytest.raises(CommandError, match="TASKS_BACKEND=rq"):
        call_command("tasks_worker")
