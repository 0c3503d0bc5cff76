"""The poll endpoint: the newest public updates as JSON, ETag/304, page-cached per update."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.live import services
from tests.support.factories import LiveStoryFactory, LiveUpdateFactory, StoryFactory

pytestmark = pytest.mark.django_db


def poll_url(story) -> str:
    return reverse("articles:live_poll", kwargs={"slug": story.slug})


def test_the_poll_answers_the_newest_public_updates_with_their_html(client, settings):
    settings.LIVE_POLL_LENGTH = 2
    story = LiveStoryFactory()
    old, middle, new = (LiveUpdateFactory(story=story) for _ in range(3))
    LiveUpdateFactory(story=story, published_at=None, body="<p>Held</p>")
    LiveUpdateFactory(story=story, deleted_at=timezone.now(), body="<p>Gone</p>")
    response = client.get(poll_url(story))
    assert response.status_code == 200 and response["ETag"]
    document = response.json()
    assert document["live"] is True
    assert [u["id"] for u in document["updates"]] == [new.pk, middle.pk]
    assert f'id="update-{new.pk}"' in document["updates"][0]["html"]
    assert "Held" not in response.content.decode() and "Gone" not in response.content.decode()


def test_nothing_new_is_a_304(client):
    story = LiveStoryFactory()
    LiveUpdateFactory(story=story)
    etag = client.get(poll_url(story))["ETag"]
    again = client.get(poll_url(story), HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    LiveUpdateFactory(story=story)
    assert client.get(poll_url(story), HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_unpublished_unknown_and_non_live_stories_have_no_poll(client):
    draft = StoryFactory(live=True, coverage_started_at=timezone.now())
    LiveUpdateFactory(story=draft)
    taken_down = LiveStoryFactory(status="unpublished")
    for story in (draft, taken_down, StoryFactory(published=True)):
        assert client.get(poll_url(story)).status_code == 404
    assert client.get("/stories/no-such-story/live.json").status_code == 404


def test_ended_coverage_tells_the_page_to_stop(client):
    story = LiveStoryFactory(coverage_ended_at=timezone.now())
    assert client.get(poll_url(story)).json()["live"] is False


def test_the_poll_is_page_cached_and_an_update_misses_it(client, editor, page_cache, committed):
    with committed():
        story = LiveStoryFactory()
        LiveUpdateFactory(story=story)
    assert client.get(poll_url(story))["X-Cache"] == "MISS"
    cached = client.get(poll_url(story))
    assert cached["X-Cache"] == "HIT" and f"live-{story.pk}" in cached["Surrogate-Key"]
    not_modified = client.get(poll_url(story), HTTP_IF_NONE_MATCH=cached["ETag"])
    assert not_modified.status_code == 304
    # From the page cache too, browsers and shared caches must ask again before each reuse.
    for answer in (cached, not_modified):
        assert "no-cache" in answer["Cache-Control"]
    with committed():
        update = services.post_update(story=story, user=editor, body="<p>Fresh news</p>")
    fresh = client.get(poll_url(story), HTTP_IF_NONE_MATCH=cached["ETag"])
    assert fresh.status_code == 200 and fresh["X-Cache"] == "MISS"
    assert fresh.json()["updates"][0]["id"] == update.pk


def test_the_poll_names_deletions_and_refreshes_older_edited_updates(client, settings, editor):
    settings.LIVE_POLL_LENGTH = 2
    story = LiveStoryFactory()
    oldest, old, middle, new = (LiveUpdateFactory(story=story) for _ in range(4))
    never_out = LiveUpdateFactory(story=story, published_at=None, body="<p>Held</p>")
    services.delete_update(update=never_out, user=editor)
    before = client.get(poll_url(story)).json()
    assert before["edited"] == [] and before["deleted"] == []

    services.edit_update(update=oldest, user=editor, correction="The road was the A30.")
    services.delete_update(update=middle, user=editor)
    document = client.get(poll_url(story)).json()
    assert [u["id"] for u in document["updates"]] == [new.pk, old.pk]
    # Older than the newest two, edited since: sent so an open page can refresh it.
    (edited,) = document["edited"]
    assert edited["id"] == oldest.pk and "The road was the A30." in edited["html"]
    oldest.refresh_from_db()
    assert edited["version"] == oldest.version != "0"
    assert f'data-version="{oldest.version}"' in edited["html"]
    # The deleted update by id only, and one the desk deleted before it went out not at all.
    assert document["deleted"] == [middle.pk]
    assert "Held" not in str(document) and never_out.pk not in document["deleted"]


def test_pinning_or_marking_changes_an_updates_version(editor):
    update = LiveUpdateFactory()
    versions = {update.version}
    for change in ({"pinned": True}, {"key_event": True}, {"body": "<p>Changed</p>"}):
        update = services.edit_update(update=update, user=editor, **change)
        versions.add(update.version)
    assert len(versions) == 4


def test_a_deletion_misses_the_cached_poll(client, editor, page_cache, committed):
    with committed():
        story = LiveStoryFactory()
        kept, gone = LiveUpdateFactory(story=story), LiveUpdateFactory(story=story)
    etag = client.get(poll_url(story))["ETag"]
    assert client.get(poll_url(story))["X-Cache"] == "HIT"
    with committed():
        services.delete_update(update=gone, user=editor)
    fresh = client.get(poll_url(story), HTTP_IF_NONE_MATCH=etag)
    assert fresh.status_code == 200 and fresh["X-Cache"] == "MISS"
    assert fresh.json()["deleted"] == [gone.pk]
    assert [u["id"] for u in fresh.json()["updates"]] == [kept.pk]


def test_the_poll_costs_the_same_queries_for_few_or_many_updates(client, editor, settings):
    settings.LIVE_POLL_LENGTH = 5
    few, many = LiveStoryFactory(), LiveStoryFactory()
    for story, count in ((few, 7), (many, 30)):
        made = [LiveUpdateFactory(story=story) for _ in range(count)]
        for update in made[: count // 2 + 1]:
            services.edit_update(update=update, user=editor, correction="Corrected.")
        services.delete_update(update=made[-1], user=editor)

    def queries(story) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(poll_url(story)).status_code == 200
        return len(captured)

    assert queries(few) == queries(many) <= 8
