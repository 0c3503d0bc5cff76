"""How long a page is stored: never past the next scheduled publication."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from freezegun import freeze_time

from articles.models import Story
from tests.support.factories import (
    StoryFactory,
)
from tests.support.page_cache import (
    prime,
)


def test_a_cached_page_never_outlives_the_next_scheduled_story(client, page_cache, newsroom):
    with freeze_time(timezone.now()) as frozen:
        StoryFactory(
            headline="Embargo lifts at noon",
            status=Story.Status.SCHEDULED,
            published_at=timezone.now() + timedelta(seconds=90),
            section=newsroom["section_a"],
        )
        first = client.get("/")
        assert b"Embargo lifts at noon" not in first.content
        assert "max-age=60" in first["Cache-Control"]
        frozen.tick(timedelta(seconds=45))
        assert "max-age=45" in client.get("/")["Cache-Control"]
        frozen.tick(timedelta(seconds=46))
        later = client.get("/")
        assert later["X-Cache"] == "MISS"
        assert b"Embargo lifts at noon" in later.content


def test_scheduling_a_story_shortens_the_life_of_pages_stored_before(
    client, page_cache, newsroom, committed
):
    with freeze_time(timezone.now()) as frozen:
        prime(client, {"front": "/"})
        with committed():
            StoryFactory(
                headline="Embargo lifts at noon",
                scheduled=True,
                published_at=timezone.now() + timedelta(seconds=30),
                section=newsroom["section_a"],
            )
        assert client.get("/")["X-Cache"] == "MISS"
        stored = client.get("/")
        assert stored["X-Cache"] == "HIT"
        assert "max-age=30" in stored["Cache-Control"]
        assert b"Embargo lifts at noon" not in stored.content
        frozen.tick(timedelta(seconds=31))
        assert b"Embargo lifts at noon" in client.get("/").content


def test_a_cached_page_never_outlives_an_embargo(client, page_cache, newsroom, committed):
    """A story under embargo shows when the embargo lifts, not PAGE_CACHE_TIMEOUT later."""
    with freeze_time(timezone.now()) as frozen:
        prime(client, {"front": "/"})
        with committed():
            StoryFactory(
                headline="Report out under embargo",
                published=True,
                embargo_until=timezone.now() + timedelta(seconds=40),
                section=newsroom["section_a"],
            )
        assert client.get("/")["X-Cache"] == "MISS"
        stored = client.get("/")
        assert stored["X-Cache"] == "HIT"
        assert "max-age=40" in stored["Cache-Control"]
        assert b"Report out under embargo" not in stored.content
        frozen.tick(timedelta(seconds=41))
        assert b"Report out under embargo" in client.get("/").content
