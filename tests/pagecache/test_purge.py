"""Purging a CDN after commit: once per transaction, exactly the keys invalidated, and a
failure that changes nothing. The backends themselves: tests/pagecache/test_purge_backends.py.
"""

from __future__ import annotations

import logging

import pytest
from django.db import transaction

from articles.editorial import workflow
from articles.models import FailedTask
from articles.pagecache import keys as cache_keys
from tests.support.factories import AuthorFactory, SourceFactory, StoryFactory
from tests.support.page_cache import correct, rename_section, update
from tests.support.recording_server import Answer

purged: list[list[str]] = []


def record_purge(keys: list[str]) -> None:
    purged.append(keys)


def failing_hook(keys: list[str]) -> None:
    raise RuntimeError("the CDN's API is down")


def test_purge_hook_gets_the_keys_once_per_transaction(
    client, page_cache, newsroom, committed, settings
):
    settings.CACHE_PURGE_HOOK = "tests.pagecache.test_purge.record_purge"
    purged.clear()
    story = newsroom["story_a"]
    with committed():
        update(newsroom, {})
        story.tags.add("budget")
    assert len(purged) == 1
    changed = {cache_keys.story(story.pk), cache_keys.tag_list(newsroom["tag_b"].pk)}
    assert changed | {cache_keys.SITEMAP} <= set(purged[0])
    assert cache_keys.story(newsroom["story_b"].pk) not in purged[0]


def test_a_rolled_back_change_purges_nothing(page_cache, newsroom, committed, settings):
    settings.CACHE_PURGE_HOOK = "tests.pagecache.test_purge.record_purge"
    purged.clear()
    with committed(), pytest.raises(RuntimeError), transaction.atomic():
        update(newsroom, {})
        rename_section(newsroom, {})
        raise RuntimeError("the desk changed its mind")
    assert purged == []


def test_purge_url_receives_the_keys_as_json(
    page_cache, newsroom, committed, settings, purge_receiver
):
    settings.CACHE_PURGE_URL = f"{purge_receiver.url}/purge"
    with committed():
        correct(newsroom, {})
    assert [request.json() for request in purge_receiver.received] == [
        {"surrogate_keys": [cache_keys.corrections(newsroom["story_a"].pk)]}
    ]
    assert purge_receiver.received[0].method == "POST"
    assert purge_receiver.received[0].path == "/purge"


def test_a_failing_purge_hook_does_not_break_the_write(page_cache, newsroom, committed, settings):
    settings.CACHE_PURGE_URL = "http://127.0.0.1:9/purge"
    with committed():
        correct(newsroom, {})
    assert newsroom["story_a"].corrections.count() == 1


def test_a_hook_that_raises_is_logged_and_the_change_stands(
    page_cache, newsroom, committed, settings, caplog
):
    settings.CACHE_PURGE_HOOK = "tests.pagecache.test_purge.failing_hook"
    with caplog.at_level(logging.ERROR, logger="articles.pagecache.purge"), committed():
        correct(newsroom, {})
    assert newsroom["story_a"].corrections.count() == 1
    assert "the CDN's API is down" in caplog.text


def test_publishing_purges_exactly_the_invalidated_keys_once_after_commit(
    db, page_cache, settings, purge_receiver, editor, committed, django_capture_on_commit_callbacks
):
    settings.CACHE_PURGE_BACKEND = "fastly"
    settings.FASTLY_API_URL = purge_receiver.url
    settings.FASTLY_SERVICE_ID = "newsroom-service"
    settings.FASTLY_API_TOKEN = "fastly-token"
    with committed():
        story = StoryFactory(
            status="ready",
            tags=["harbour", "port"],
            authors=[AuthorFactory(), AuthorFactory()],
            source=SourceFactory(),
        )
    purge_receiver.received.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        workflow.publish(story, editor)
    assert purge_receiver.received == []

    for callback in callbacks:
        callback()

    [request] = purge_receiver.received
    tags = story.tags.all()
    assert set(request.headers["surrogate-key"].split(" ")) == {
        cache_keys.story(story.pk),
        *cache_keys.LISTS_OF_EVERY_STORY,
        *cache_keys.LISTS_OF_ANY_DETAIL,
        cache_keys.section_list(story.section_id),
        cache_keys.source_list(story.source_id),
        *(cache_keys.tag_list(tag.pk) for tag in tags),
        *(cache_keys.author_list(author.pk) for author in story.authors.all()),
    }
    assert len(tags) == 2
    assert request.path == "/service/newsroom-service/purge"


def test_a_cdn_that_answers_500_leaves_the_publication_done(
    db, page_cache, settings, purge_receiver, editor, committed, caplog
):
    settings.CACHE_PURGE_URL = purge_receiver.url
    purge_receiver.default = Answer(status=503, body=b"try later")
    with committed():
        story = StoryFactory(status="ready")
    purge_receiver.received.clear()
    with caplog.at_level(logging.ERROR, logger="articles.pagecache.purge"), committed():
        workflow.publish(story, editor)
    story.refresh_from_db()
    assert story.is_public
    assert len(purge_receiver.received) == 1
    assert "503" in caplog.text
    # Staff find it among the failed background tasks, with the keys to purge again.
    [failed] = [
        failed
        for failed in FailedTask.objects.all()
        if cache_keys.story(story.pk) in failed.arguments["args"][0]
    ]
    assert failed.task_path == "articles.background.tasks.purge_cdn"
    assert "503" in failed.error
