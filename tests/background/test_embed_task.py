"""The oEmbed tasks: enqueued by saves of story and live update bodies with new embeds,
retried, and never losing an edit."""

from __future__ import annotations

import pytest

from articles.background.tasks import (
    EmbedsNotFetched,
    fetch_live_update_embeds,
    fetch_story_embeds,
)
from articles.body.embeds import ask_providers
from articles.editorial import workflow
from articles.live import services
from articles.models import FailedTask, Story
from tests.support.factories import LiveStoryFactory, StoryFactory
from tests.support.oembed import VIDEO, oembed_answer
from tests.support.recording_server import Answer

pytestmark = pytest.mark.django_db

EMBED = f'<figure data-embed="{VIDEO}"></figure>'
ARABIC = "<p>ضربت العاصفة جدار الميناء صباح اليوم.</p>"


def test_a_save_with_a_new_embed_enqueues_one_task_after_the_commit_and_others_none(
    deferring_queue, committed
):
    with committed():
        story = StoryFactory(body="<p>No embed here.</p>")
        story.headline = "Storm closes the harbour"
        story.save()
    assert deferring_queue.results == []

    with committed():
        story.body = f"{ARABIC}{EMBED}"
        story.save()
        assert deferring_queue.results == [], "not before the commit"
    [queued] = deferring_queue.results
    assert queued.task.module_path == "articles.background.tasks.fetch_story_embeds"
    assert queued.args == [story.pk]


def test_a_failing_provider_is_retried_and_a_later_answer_fills_the_body(
    provider,
    deferring_queue,
    settings,
):
    settings.TASKS_RETRY_DELAYS = [10]
    provider.answers = [Answer(status=503, body=b"busy"), oembed_answer(provider, thumbnail_url="")]
    story = StoryFactory(body=f"{ARABIC}{EMBED}")

    with pytest.raises(EmbedsNotFetched, match="YouTube could not be asked about it"):
        fetch_story_embeds.call(story.pk)
    [retry] = deferring_queue.results
    assert retry.args == [story.pk] and retry.kwargs == {"attempt": 2}
    story.refresh_from_db()
    assert "data-title" not in story.body

    assert fetch_story_embeds.call(story.pk, attempt=2) == 1
    story.refresh_from_db()
    assert story.body == (
        f'{ARABIC}<figure data-embed="{VIDEO}" data-title="Storm over the harbour wall" '
        'data-author="Port TV"></figure>'
    )
    assert not FailedTask.objects.exists()
    # Run again (a duplicate job), it asks no one: nothing is waiting any more.
    assert fetch_story_embeds.call(story.pk) == 0
    assert len(provider.received) == 2


def test_details_arriving_after_an_editors_save_are_written_into_the_editors_text(
    provider,
):
    provider.answers = [oembed_answer(provider, thumbnail_url="")]
    story = StoryFactory(body=f"<p>First draft.</p>{EMBED}")
    answers = ask_providers(body=story.body)

    # The editor saves new text while the provider is being asked.
    story.body = f"<p>Second draft, longer.</p>{ARABIC}{EMBED}"
    story.save()
    version = story.version

    assert workflow.fill_in_embeds(story_pk=story.pk, details=answers.details)
    story.refresh_from_db()
    assert story.body.startswith(f"<p>Second draft, longer.</p>{ARABIC}")
    assert 'data-title="Storm over the harbour wall"' in story.body
    assert story.version == version, "a form open on the story still saves"
    # Nothing left to fill: a second run writes nothing.
    assert not workflow.fill_in_embeds(story_pk=story.pk, details=answers.details)


def test_a_deleted_story_is_not_asked_about(provider):
    story = StoryFactory(body=EMBED)
    story_id = story.pk
    Story.objects.filter(pk=story_id).delete()
    assert fetch_story_embeds.call(story_id) == 0
    assert provider.received == []


def test_the_page_shows_the_link_until_the_task_has_run_then_the_providers_title(
    client,
    provider,
    deferring_queue,
    page_cache,
    committed,
    django_assert_max_num_queries,
):
    provider.answers = [oembed_answer(provider, thumbnail_url="")]
    with committed():
        story = StoryFactory(published=True, body=f"{ARABIC}{EMBED}")
    # Its task waits in the queue, as it does for a worker that is busy.
    [queued] = deferring_queue.results
    url = story.get_absolute_url()
    first = client.get(url)
    assert 'rel="noopener">YouTube: https://www.youtube.com/watch?v=dQw4w9WgXcQ</a>' in (
        first.content.decode()
    )
    with django_assert_max_num_queries(0):
        assert client.get(url)["X-Cache"] == "HIT"

    with committed():
        fetch_story_embeds.call(*queued.args)
    answer = client.get(url)
    assert answer["X-Cache"] == "MISS"
    html = answer.content.decode()
    assert "Storm over the harbour wall" in html
    assert "embed-pending" not in html


def test_a_draft_with_an_embed_is_asked_about_but_never_shown(client, provider, committed):
    provider.answers = [oembed_answer(provider, thumbnail_url="")]
    with committed():
        story = StoryFactory(body=EMBED, status="draft")
    story.refresh_from_db()
    assert 'data-title="Storm over the harbour wall"' in story.body
    assert client.get(story.get_absolute_url()).status_code == 404


def test_a_live_updates_embed_is_asked_about_after_the_post_and_its_page_follows(
    client, editor, provider, deferring_queue, page_cache, committed
):
    provider.answers = [oembed_answer(provider, thumbnail_url="")]
    with committed():
        story = LiveStoryFactory()
    with committed():
        update = services.post_update(story=story, user=editor, body=f"{ARABIC}{EMBED}")
    [queued] = deferring_queue.results
    assert queued.task.module_path == "articles.background.tasks.fetch_live_update_embeds"
    url = story.get_absolute_url()
    assert "embed-pending" in client.get(url).content.decode()
    assert client.get(url)["X-Cache"] == "HIT"

    with committed():
        assert fetch_live_update_embeds.call(*queued.args) == 1
    update.refresh_from_db()
    assert update.body == (
        f'{ARABIC}<figure data-embed="{VIDEO}" data-title="Storm over the harbour wall" '
        'data-author="Port TV"></figure>'
    )
    answer = client.get(url)
    assert answer["X-Cache"] == "MISS"
    assert "Storm over the harbour wall" in answer.content.decode()
    assert "embed-pending" not in answer.content.decode()
