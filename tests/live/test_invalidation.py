"""Which keys a live update invalidates: its story's ``live-<id>`` and nothing else, so the
live page, its poll endpoint, its feed and the lists and outputs printing the story miss."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from articles.live import services
from articles.pagecache import keys as cache_keys
from articles.pagecache import store
from tests.support.factories import LiveStoryFactory, StoryFactory
from tests.support.page_cache import prime

pytestmark = pytest.mark.django_db


@pytest.fixture
def invalidated(monkeypatch):
    """The keys each commit invalidates, in order (the real invalidation still runs)."""
    seen: list[set[str]] = []
    real = store.invalidate_now

    def record(keys):
        seen.append(set(keys))
        real(keys)

    monkeypatch.setattr(store, "invalidate_now", record)
    return seen


def test_posting_editing_and_deleting_an_update_invalidate_only_its_live_key(
    editor, committed, invalidated
):
    with committed():
        story = LiveStoryFactory()
    invalidated.clear()
    live_key = {cache_keys.live(story.pk)}
    with committed():
        update = services.post_update(story=story, user=editor, body="<p>Road shut.</p>")
    with committed():
        services.edit_update(update=update, user=editor, body="<p>Road shut at 9.</p>")
    with committed():
        services.edit_update(update=update, user=editor, pinned=True)
    with committed():
        services.delete_update(update=update, user=editor)
    assert invalidated == [live_key, live_key, live_key, live_key]


def test_a_held_update_and_an_unpublished_story_invalidate_nothing(
    editor, reporter, committed, invalidated
):
    reporter.user_permissions.add(Permission.objects.get(codename="add_liveupdate"))
    reporter = type(reporter).objects.get(pk=reporter.pk)
    with committed():
        story = LiveStoryFactory()
        draft = StoryFactory(live=True, coverage_started_at=story.coverage_started_at)
    invalidated.clear()
    with committed():
        services.post_update(story=story, user=reporter, body="<p>Held</p>")
    with committed():
        services.post_update(story=draft, user=editor, body="<p>Not public</p>")
    assert invalidated == []


def test_publishing_a_held_update_invalidates_the_live_key(
    editor, reporter, committed, invalidated
):
    reporter.user_permissions.add(Permission.objects.get(codename="add_liveupdate"))
    reporter = type(reporter).objects.get(pk=reporter.pk)
    with committed():
        story = LiveStoryFactory()
        held = services.post_update(story=story, user=reporter, body="<p>Held</p>")
    invalidated.clear()
    with committed():
        services.publish_update(update=held, user=editor)
    assert invalidated == [{cache_keys.live(story.pk)}]


def test_ending_coverage_moves_the_story_as_a_story_change(editor, committed, invalidated):
    with committed():
        story = LiveStoryFactory()
    invalidated.clear()
    with committed():
        services.end_coverage(story=story, user=editor)
    (keys,) = invalidated
    assert cache_keys.story(story.pk) in keys and cache_keys.FRONT not in keys


def test_an_update_misses_exactly_the_pages_that_print_the_live_story(
    client, editor, page_cache, committed
):
    with committed():
        story = LiveStoryFactory(headline="Storm live")
        other = StoryFactory(published=True, headline="Council budget")
    live_pages = {
        "page": story.get_absolute_url(),
        "poll": reverse("articles:live_poll", kwargs={"slug": story.slug}),
        "feed": reverse("articles:feed_live", kwargs={"format": "rss", "slug": story.slug}),
        "front": "/",
        "section": story.section.get_absolute_url(),
        "api": reverse("articles:api_story_detail", args=[story.pk]),
        "latest feed": reverse("articles:feed_latest", kwargs={"format": "rss"}),
        # Its lastmod there follows the latest update.
        "story sitemap": reverse("articles:sitemap_section", kwargs={"section": "stories"}),
        "news sitemap": reverse("articles:sitemap_news"),
        "sitemap index": reverse("articles:sitemap_index"),
    }
    untouched = {
        "other story": other.get_absolute_url(),
        "other section": other.section.get_absolute_url(),
        "other section's feed": reverse(
            "articles:feed_section", kwargs={"format": "rss", "slug": other.section.slug}
        ),
        "section sitemap": reverse("articles:sitemap_section", kwargs={"section": "sections"}),
    }
    prime(client, live_pages | untouched)
    with committed():
        services.post_update(story=story, user=editor, body="<p>Wind at 120 km/h.</p>")
    for name, url in live_pages.items():
        assert client.get(url)["X-Cache"] == "MISS", name
    for name, url in untouched.items():
        assert client.get(url)["X-Cache"] == "HIT", name
    assert "Wind at 120 km/h." in client.get(live_pages["page"]).content.decode()
