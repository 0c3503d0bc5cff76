"""Every parameter of the story API is checked in one filter set: a hostile one is a 400 with
its reason, never a 500; and the list's Last-Modified follows public stories only."""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta

import pytest
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.http import http_date

from articles.editorial import workflow
from articles.models import Story
from tests.support.factories import StoryFactory

pytestmark = pytest.mark.django_db

LIST_URL = "/api/v1/stories/"


def cursor(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


HOSTILE = {
    "page_size": [
        "²",  # str.isdigit() is true, int() fails
        "٢٠",  # Arabic-Indic digits
        "99999999999999999999999",
        "-1",
        "1.5",
        "",
        "9" * 5000,
    ],
    "cursor": [
        "MDAwMS0wMS0wMVQwMDowMDowMCswMTowMHw1",  # 0001-01-01T00:00:00+01:00|5
        cursor("9999-12-31T23:59:59-14:00|5"),
        cursor("2026-01-01T00:00:00+00:00|99999999999999999999999"),
        cursor("2026-01-01T00:00:00+00:00|-3"),
        cursor("2026-01-01T00:00:00|5"),
        cursor("٢٠٢٦-01-01T00:00:00+00:00|5"),
        cursor("2026-01-01T00:00:00+00:00|٥"),
        "ü",
        "x" * 5000,
    ],
    "updated_since": [
        "0001-01-01T00:00:00+01:00",
        "0001-01-01T00:00:00+23:59",
        "9999-12-31T23:59:59-23:59",
        "9999-12-31T23:59:59-14:00",
        "9999-12-31T23:59:59+14:00",
        "٢٠٢٦-01-01T00:00:00Z",
        "1899-12-31T23:59:59Z",
        "99999999999999999999-01-01",
        "9" * 5000,
    ],
    "published_from": ["0001-01-01", "9999-12-31", "٢٠٢٦-01-01", "²⁰²⁶-01-01", "1-1-1"],
    "published_to": ["0000-01-01", "9999-12-31", "99999999999-01-01", "x" * 5000],
}


@pytest.mark.parametrize(
    ("name", "value"), [(name, value) for name, values in HOSTILE.items() for value in values]
)
def test_a_hostile_parameter_is_a_400_with_its_reason(client, name, value):
    StoryFactory(published=True)
    response = client.get(LIST_URL, {name: value})
    if name == "page_size" and value == "":
        assert response.status_code == 200
        return
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["error"][name]


def test_dates_at_the_ends_of_the_range_are_accepted(client):
    story = StoryFactory(published=True)
    for query in [
        {"updated_since": "1900-01-01T00:00:00-14:00"},
        {"published_from": "1900-01-01"},
        {"updated_since": "2020-01-01T00:00:00+23:59"},
        {"updated_since": "2020-01-01T00:00:00-23:59"},
        {"published_to": (timezone.now() + timedelta(days=365 * 9)).date().isoformat()},
    ]:
        response = client.get(LIST_URL, query)
        assert response.status_code == 200, query
    assert [item["slugline"] for item in response.json()["items"]] == [story.slug]


def test_published_from_and_to_are_whole_days_in_the_site_time_zone(client):
    # 23:30 UTC on 1 July is 00:30 on 2 July in London (summer time).
    story = StoryFactory(published=True)
    moment = datetime(2026, 7, 1, 23, 30, tzinfo=UTC)
    Story.objects.filter(pk=story.pk).update(published_at=moment)

    def found(query):
        return len(client.get(LIST_URL, query).json()["items"])

    assert found({"published_from": "2026-07-02", "published_to": "2026-07-02"}) == 1
    assert found({"published_to": "2026-07-01"}) == 0
    assert found({"published_from": "2026-07-03"}) == 0


def test_an_ascii_cursor_this_api_gave_out_still_works(client):
    for _ in range(3):
        StoryFactory(published=True)
    first = client.get(LIST_URL, {"page_size": "2"}).json()
    assert len(first["items"]) == 2
    rest = client.get(first["next"].removeprefix("http://127.0.0.1:8000")).json()
    assert len(rest["items"]) == 1


def test_list_last_modified_ignores_edits_to_drafts(client, chief):
    story = StoryFactory(published=True)
    QuerySet.update(
        Story.objects.filter(pk=story.pk), modified_at=timezone.now() - timedelta(days=2)
    )
    draft = StoryFactory()
    QuerySet.update(
        Story.objects.filter(pk=draft.pk), modified_at=timezone.now() - timedelta(days=3)
    )
    first = client.get(LIST_URL)["Last-Modified"]
    assert first == http_date(
        max(Story.objects.get(pk=story.pk).modified_at, story.published_at).timestamp()
    )

    draft.headline = "A draft the partners must not hear about"
    draft.save()
    scheduled = StoryFactory(scheduled=True)
    scheduled.save()
    assert client.get(LIST_URL)["Last-Modified"] == first
    assert client.get(LIST_URL, headers={"If-Modified-Since": first}).status_code == 304

    workflow.publish(draft, chief)
    assert client.get(LIST_URL, headers={"If-Modified-Since": first}).status_code == 200
