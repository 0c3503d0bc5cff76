"""Older-stories pages: ``?before=<published_at>,<id>`` cursors, stable, cheap, strict."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.public.pagination import Cursor
from articles.public.views import ArchiveMonthView, StoryListView
from tests.support.factories import AuthorFactory, SectionFactory, StoryFactory

pytestmark = pytest.mark.django_db

OLDER_LINK = re.compile(r'<a rel="next" href="\?before=([^"]+)">Older stories</a>')


def walk(client, url: str) -> list[list[str]]:
    """Follow the "older stories" links from the first page; the headlines of each page."""
    pages, address = [], url
    while address:
        response = client.get(address)
        assert response.status_code == 200, address
        pages.append([story.headline for story in response.context["stories"]])
        found = OLDER_LINK.search(response.content.decode())
        address = f"{url}?before={found.group(1)}" if found else None
    return pages


@pytest.fixture
def desk(monkeypatch):
    for view in (StoryListView, ArchiveMonthView):
        monkeypatch.setattr(view, "paginate_by", 3)
    section = SectionFactory(slug="coast", name="Coast")
    author = AuthorFactory(slug="ann")
    moment = datetime(2026, 11, 20, 9, tzinfo=UTC)
    published = []
    for number in range(8):
        # Two stories share each publish time, so the id must break the tie.
        published.append(
            StoryFactory(
                published=True,
                section=section,
                authors=[author],
                headline=f"Story {number}",
                published_at=moment + timedelta(hours=number // 2),
            )
        )
    for trait in ("draft", "unpublished"):
        extra = {trait: True} if trait != "draft" else {}
        StoryFactory(
            **extra,
            section=section,
            authors=[author],
            headline=f"Hidden {trait}",
            published_at=moment + timedelta(minutes=30),
        )
    StoryFactory(scheduled=True, section=section, authors=[author], headline="Hidden scheduled")
    newest_first = sorted(published, key=lambda story: (story.published_at, story.pk), reverse=True)
    return {"section": section, "author": author, "newest_first": newest_first}


@pytest.mark.parametrize("url", ["/sections/coast/", "/authors/ann/", "/archive/2026/11/"])
def test_older_links_walk_every_public_story_once_newest_first(client, desk, url):
    pages = walk(client, url)
    assert [len(page) for page in pages] == [3, 3, 2]
    headlines = [headline for page in pages for headline in page]
    assert headlines == [story.headline for story in desk["newest_first"]]
    assert not [headline for headline in headlines if headline.startswith("Hidden")]


def test_an_older_page_has_a_stable_address_and_costs_no_count(client, desk):
    third = desk["newest_first"][2]
    cursor = f"{third.published_at.astimezone(UTC):%Y-%m-%dT%H:%M:%S.%f}Z,{third.pk}"
    assert str(Cursor.after(third)) == cursor
    first = client.get("/sections/coast/").content.decode()
    assert f'href="?before={cursor}"' in first
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/sections/coast/?before={cursor}")
    html = response.content.decode()
    assert (
        f'<link rel="canonical" href="http://127.0.0.1:8000/sections/coast/?before={cursor}">'
        in html
    )
    assert "Coast (older stories)" in html
    assert [story.headline for story in response.context["stories"]] == [
        story.headline for story in desk["newest_first"][3:6]
    ]
    sql = " ".join(query["sql"].upper() for query in queries.captured_queries)
    assert "COUNT(" not in sql and "OFFSET" not in sql


@pytest.mark.parametrize("url", ["/sections/coast/", "/authors/ann/"])
def test_the_newest_page_of_a_topic_counts_nothing(client, desk, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert [story.headline for story in response.context["stories"]] == [
        story.headline for story in desk["newest_first"][:3]
    ]
    assert OLDER_LINK.search(response.content.decode())
    sql = " ".join(query["sql"].upper() for query in queries.captured_queries)
    assert "COUNT(" not in sql and "OFFSET" not in sql


def test_a_topic_with_one_page_has_no_older_link_and_an_empty_one_still_answers(client, desk):
    StoryFactory(published=True, section=SectionFactory(slug="quiet"), headline="Alone")
    response = client.get("/sections/quiet/")
    assert [story.headline for story in response.context["stories"]] == ["Alone"]
    assert not OLDER_LINK.search(response.content.decode())
    empty = client.get(f"/sections/{SectionFactory(slug='empty').slug}/")
    assert empty.status_code == 200
    assert "No published stories here yet." in empty.content.decode()


def test_page_numbers_still_answer_and_lead_on_by_cursor(client, desk):
    response = client.get("/sections/coast/?page=2")
    assert response.status_code == 200
    assert OLDER_LINK.search(response.content.decode())
    assert client.get("/sections/coast/?page=99").status_code == 404


def test_a_cursor_past_the_last_story_is_not_found(client, desk):
    assert client.get("/sections/coast/?before=1901-01-01T00:00:00.000000Z,1").status_code == 404


HOSTILE_CURSORS = [
    "x",
    "2026-11-20T09:00:00Z",
    "2026-11-20T09:00:00.000000Z,",
    "2026-11-20T09:00:00.000000Z,0",
    "2026-11-20T09:00:00.000000Z,-1",
    "2026-11-20T09:00:00.000000Z,99999999999999999999",
    "2026-11-20T09:00:00.000000Z,9999999999999999999",
    "2026-11-20T09:00:00.000000+01:00,1",
    "2026-02-30T09:00:00.000000Z,1",
    "2026-11-20T25:00:00.000000Z,1",
    "0001-01-01T00:00:00.000000Z,1",
    "0000-01-01T00:00:00.000000Z,1",
    "9999-12-31T23:59:59.999999Z,1",
    "1899-12-31T23:59:59.999999Z,1",
    "٢٠٢٦-11-20T09:00:00.000000Z,1",  # Arabic-Indic digits
    "²⁰²⁶-11-20T09:00:00.000000Z,1",
    "2026-11-20T09:00:00.000000Z,١",
    "2026-11-20T09:00:00.000000Z,1" + "1" * 5000,
]


@pytest.mark.parametrize("url", ["/sections/coast/", "/tags/harbour/", "/archive/2026/11/"])
@pytest.mark.parametrize("cursor", HOSTILE_CURSORS)
def test_a_hostile_cursor_is_a_400_with_the_reason(client, desk, url, cursor):
    StoryFactory(published=True, tags=["harbour"], published_at=datetime(2026, 11, 2, tzinfo=UTC))
    response = client.get(url, {"before": cursor})
    assert response.status_code == 400
    assert "before" in response.content.decode()


def test_an_empty_cursor_is_the_first_page(client, desk):
    response = client.get("/sections/coast/", {"before": ""})
    assert response.status_code == 200
    assert [story.headline for story in response.context["stories"]] == [
        story.headline for story in desk["newest_first"][:3]
    ]
