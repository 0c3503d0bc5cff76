import re
from datetime import datetime

import pytest
from django.utils import timezone

from tests.support.factories import AuthorFactory, StoryFactory, UploadedImageFactory

pytestmark = pytest.mark.django_db


def at(year: int, month: int, day: int = 15):
    return datetime(year, month, day, 12, tzinfo=timezone.get_current_timezone())


def test_index_lists_months_with_counts_newest_first(client, django_assert_max_num_queries):
    StoryFactory.create_batch(2, published=True, published_at=at(2025, 3))
    StoryFactory(published=True, published_at=at(2024, 11))
    StoryFactory(published_at=at(2024, 10), status="draft")
    StoryFactory(unpublished=True, published_at=at(2024, 9))
    with django_assert_max_num_queries(3):
        response = client.get("/archive/")
    months = [
        (entry["month"].date().isoformat(), entry["story_count"])
        for entry in response.context["months"]
    ]
    assert months == [("2025-03-01", 2), ("2024-11-01", 1)]
    html = response.content.decode()
    assert 'href="/archive/2025/03/"' in html and "(2 stories)" in html
    assert "/archive/2024/10/" not in html and "/archive/2024/09/" not in html


def test_month_lists_only_its_published_stories(client):
    StoryFactory(published=True, published_at=at(2025, 3), headline="March story")
    StoryFactory(published=True, published_at=at(2025, 4), headline="April story")
    StoryFactory(status="draft", published_at=at(2025, 3), headline="March draft")
    StoryFactory(unpublished=True, published_at=at(2025, 3), headline="March withdrawn")
    response = client.get("/archive/2025/03/")
    assert response.status_code == 200
    assert [story.headline for story in response.context["stories"]] == ["March story"]
    html = response.content.decode()
    assert "March 2025" in html
    assert "March draft" not in html and "March withdrawn" not in html
    assert 'href="/archive/2025/04/"' in html


def test_scheduled_stories_do_not_appear_before_their_time(client):
    StoryFactory(scheduled=True, headline="Tomorrow's story")
    now = timezone.localtime()
    response = client.get(f"/archive/{now:%Y}/{now:%m}/")
    assert response.status_code == 404
    assert "Tomorrow" not in client.get("/archive/").content.decode()


@pytest.mark.parametrize("url", ["/archive/2025/02/", "/archive/2025/13/", "/archive/2025/00/"])
def test_empty_or_impossible_months_are_not_found(client, url):
    StoryFactory(published=True, published_at=at(2025, 3))
    assert client.get(url).status_code == 404


def test_month_is_paginated(client, settings):
    StoryFactory.create_batch(
        settings.STORIES_PER_PAGE + 1, published=True, published_at=at(2025, 3)
    )
    first = client.get("/archive/2025/03/")
    assert len(first.context["stories"]) == settings.STORIES_PER_PAGE
    older = re.search(r'rel="next" href="(\?before=[^"]+)"', first.content.decode())
    assert older, "the older stories link is a keyset cursor"
    assert len(client.get(f"/archive/2025/03/{older.group(1)}").context["stories"]) == 1
    assert len(client.get("/archive/2025/03/?page=2").context["stories"]) == 1
    assert client.get("/archive/2025/03/?page=9").status_code == 404


@pytest.mark.parametrize("count", [1, 30])
def test_month_queries_do_not_grow(client, django_assert_max_num_queries, count):
    authors = AuthorFactory.create_batch(2)
    for _ in range(count):
        StoryFactory(
            published=True,
            published_at=at(2025, 3),
            lead_image=UploadedImageFactory(),
            authors=authors,
        )
    with django_assert_max_num_queries(9):
        assert client.get("/archive/2025/03/").status_code == 200
