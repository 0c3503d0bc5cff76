"""Sitemaps of live stories: the story's lastmod (and the news sitemap's date) follows its
latest public update; held and deleted updates move nothing."""

from __future__ import annotations

from datetime import datetime, timedelta
from xml.etree import ElementTree

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date, parse_http_date

from articles.live import services
from articles.models import Story
from tests.support.factories import LiveStoryFactory, LiveUpdateFactory, StoryFactory

pytestmark = pytest.mark.django_db
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
STORIES = reverse("articles:sitemap_section", kwargs={"section": "stories"})
NEWS = reverse("articles:sitemap_news")
INDEX = reverse("articles:sitemap_index")


def lastmods(client, url: str) -> dict[str, datetime]:
    root = ElementTree.fromstring(client.get(url).content)
    return {
        entry.findtext(f"{SITEMAP}loc").rsplit("/stories/", 1)[-1].strip("/"): (
            datetime.fromisoformat(entry.findtext(f"{SITEMAP}lastmod"))
        )
        for entry in root
    }


def last_modified(client, url: str) -> int:
    return parse_http_date(client.get(url)["Last-Modified"])


def seconds(moment: datetime) -> int:
    return parse_http_date(http_date(moment.timestamp()))


@pytest.fixture
def story():
    """A live story last saved an hour ago, with an update from twenty minutes ago."""
    story = LiveStoryFactory(slug="storm-live")
    LiveUpdateFactory(story=story, published_at=timezone.now() - timedelta(minutes=20))
    Story.objects.filter(pk=story.pk).update(modified_at=timezone.now() - timedelta(hours=1))
    return story


def test_lastmod_follows_the_latest_public_update(client, story):
    quiet = StoryFactory(published=True, slug="quiet")
    update = story.live_updates.get()
    assert lastmods(client, STORIES)["storm-live"] == update.published_at
    update.edited_at = timezone.now() - timedelta(minutes=5)
    update.save()
    found = lastmods(client, STORIES)
    assert found["storm-live"] == update.edited_at
    quiet.refresh_from_db()
    assert found["quiet"] == quiet.modified_at
    # The news sitemap's date and the index's lastmod follow too.
    assert last_modified(client, NEWS) == seconds(max(update.edited_at, quiet.modified_at))
    latest_index = max(lastmods(client, INDEX).values())
    assert latest_index == max(update.edited_at, quiet.modified_at)


def test_a_held_or_deleted_update_does_not_move_lastmod(client, story):
    before = lastmods(client, STORIES)["storm-live"]
    news_before, index_before = last_modified(client, NEWS), lastmods(client, INDEX)
    LiveUpdateFactory(story=story, published_at=None, body="<p>Held</p>")
    LiveUpdateFactory(story=story, published_at=timezone.now(), deleted_at=timezone.now())
    assert lastmods(client, STORIES)["storm-live"] == before
    assert last_modified(client, NEWS) == news_before
    assert lastmods(client, INDEX) == index_before


def test_the_cached_sitemaps_miss_on_a_published_update_only(
    client, editor, reporter, page_cache, committed
):
    reporter.user_permissions.add(Permission.objects.get(codename="add_liveupdate"))
    with committed():
        story = LiveStoryFactory(slug="storm-live")
    urls = (STORIES, NEWS, INDEX)
    first = {url: client.get(url).content for url in urls}
    with committed():
        services.post_update(story=story, user=reporter, body="<p>Held for the desk</p>")
    for url in urls:
        answer = client.get(url)
        assert answer["X-Cache"] == "HIT" and answer.content == first[url], url
    with committed():
        update = services.post_update(story=story, user=editor, body="<p>Out at once</p>")
    for url in urls:
        assert client.get(url)["X-Cache"] == "MISS", url
    assert lastmods(client, STORIES)["storm-live"] == update.published_at
