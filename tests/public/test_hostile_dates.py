"""Dates in public URLs: the search form's dates and the archive's months, at and past the
calendar's ends, in other digits, huge or empty: a 400 with the reason or a 404, never a 500."""

from __future__ import annotations

import pytest

from tests.support.factories import StoryFactory

pytestmark = pytest.mark.django_db

HOSTILE_DAYS = [
    "0001-01-01",
    "0000-01-01",
    "9999-12-31",
    "1899-12-31",
    "٢٠٢٦-01-01",  # Arabic-Indic digits
    "²⁰²⁶-01-01",
    "99999999999999999999-01-01",
    "2026-02-30",
    "x" * 5000,
]


@pytest.mark.parametrize("field", ["date_from", "date_to"])
@pytest.mark.parametrize("day", HOSTILE_DAYS)
def test_a_hostile_search_date_is_a_400_with_the_reason(client, field, day):
    StoryFactory(published=True, headline="Harbour dredging")
    response = client.get("/search/", {"q": "harbour", field: day})
    assert response.status_code == 400
    assert response.context["filterset"].form.errors[field]


def test_an_empty_search_date_is_no_criterion(client):
    StoryFactory(published=True, headline="Harbour dredging")
    response = client.get("/search/", {"q": "harbour", "date_from": "", "date_to": ""})
    assert response.status_code == 200
    assert [story.headline for story in response.context["stories"]] == ["Harbour dredging"]


@pytest.mark.parametrize(
    "url",
    [
        "/archive/0000/01/",
        "/archive/0001/01/",
        "/archive/1899/12/",
        "/archive/9999/12/",
        "/archive/9999/01/",
        "/archive/2026/00/",
        "/archive/2026/13/",
    ],
)
def test_an_archive_month_outside_the_rules_is_not_found(client, url):
    StoryFactory(published=True)
    assert client.get(url).status_code == 404


def test_the_first_month_of_the_range_has_its_page(client):
    story = StoryFactory(published=True)
    type(story).objects.filter(pk=story.pk).update(
        published_at=story.published_at.replace(year=1900, month=1, day=15)
    )
    assert client.get("/archive/1900/01/").status_code == 200
