"""Hostile values in an admin list's address: the admin's own "?e=1" page, never a 500.

Covers the custom list filters (mine, author), the built-in ones in ``list_filter``, the date
drill-down (``date_hierarchy``) and field lookups, on every admin: ours and other apps'.
"""

from __future__ import annotations

import pytest

from tests.support.factories import AuthorFactory, StoryFactory

pytestmark = pytest.mark.django_db

STORIES = "/admin/articles/story/"
BIG = "99999999999999999999999"

HOSTILE = [
    f"{STORIES}?author=abc",
    f"{STORIES}?author={BIG}",
    f"{STORIES}?author=%C2%B2",
    f"{STORIES}?author=-1",
    f"{STORIES}?author=",
    f"{STORIES}?mine=everyone",
    f"{STORIES}?published_at__year=99999",
    f"{STORIES}?published_at__year=9999",
    f"{STORIES}?published_at__year=9999&published_at__month=12",
    f"{STORIES}?published_at__year=9999&published_at__month=12&published_at__day=31",
    f"{STORIES}?published_at__year=0",
    f"{STORIES}?published_at__year=2026&published_at__month=13",
    f"{STORIES}?published_at__year=2026&published_at__month=2&published_at__day=30",
    f"{STORIES}?published_at__year=%D9%A2%D9%A0%D9%A2%D9%A6",
    f"{STORIES}?published_at__gte=0001-01-01+00:00:00%2B01:00",
    f"{STORIES}?published_at__gte=9999-12-31+23:59:59-14:00",
    f"{STORIES}?published_at__lt=9999-12-31+23:59:59-23:59",
    f"{STORIES}?modified_at__gte=0001-01-01+00:00:00%2B14:00",
    f"{STORIES}?modified_at__gte=2026-01-01+00:00:00-23:59",
    f"{STORIES}?published_at__in=2026-01-01+00:00:00%2B23:59,2026-01-02+00:00:00-23:59",
    f"{STORIES}?published_at__range=0001-01-01+00:00:00%2B01:00,2026-01-01",
    f"{STORIES}?published_at__in=0001-01-01+00:00:00%2B01:00",
    f"{STORIES}?section__id__exact=abc",
    f"{STORIES}?section__id__exact={BIG}",
    f"{STORIES}?source__id__exact={BIG}",
    f"{STORIES}?priority__exact=x",
    f"{STORIES}?priority__exact={BIG}",
    f"{STORIES}?status__exact=x",
    f"{STORIES}?needs_attention__exact=x",
    "/admin/articles/image/?created_at__year=9999",
    "/admin/articles/image/?created_at__year=9999&created_at__month=12",
    "/admin/articles/image/?taken_at__gte=0001-01-01+00:00:00%2B14:00",
    "/admin/articles/image/?taken_at__lt=9999-12-31+23:59:59-14:00",
    "/admin/articles/image/?taken_at__gte=abc",
    "/admin/axes/accessattempt/?attempt_time__year=9999",
    "/admin/axes/accessattempt/?attempt_time__year=9999&attempt_time__month=12",
    "/admin/axes/accessattempt/?locked_out=maybe",
    "/admin/auth/user/?date_joined__gte=0001-01-01+00:00:00%2B14:00",
    "/admin/auth/user/?last_login__lt=9999-12-31+23:59:59-14:00",
]


@pytest.mark.parametrize("url", HOSTILE)
def test_a_hostile_filter_value_is_the_admins_error_page(client, chief, url):
    StoryFactory(published=True, authors=[AuthorFactory()])
    client.force_login(chief)
    response = client.get(url)
    assert response.status_code in (200, 302), url
    if response.status_code == 302:
        assert response["Location"].endswith("?e=1")
        assert client.get(response["Location"]).status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        f"{STORIES}?author=abc",
        f"{STORIES}?author={BIG}",
        f"{STORIES}?mine=everyone",
        f"{STORIES}?published_at__year=9999",
        f"{STORIES}?published_at__gte=0001-01-01+00:00:00%2B01:00",
        "/admin/axes/accessattempt/?locked_out=maybe",
    ],
)
def test_the_custom_and_date_filters_refuse_rather_than_ignore(client, chief, url):
    AuthorFactory()
    client.force_login(chief)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].endswith("?e=1")


def test_good_filter_values_still_filter(client, chief):
    author = AuthorFactory(name="Ruth Abara")
    bylined = StoryFactory(headline="Bylined story", authors=[author])
    other = StoryFactory(headline="Someone else's story", created_by=chief)
    client.force_login(chief)

    by_author = client.get(STORIES, {"author": str(author.pk)})
    assert list(by_author.context["cl"].result_list) == [bylined]
    mine = client.get(STORIES, {"mine": "mine"})
    assert list(mine.context["cl"].result_list) == [other]
    this_year = client.get(STORIES, {"published_at__year": "2026"})
    assert this_year.status_code == 200
    since = client.get(STORIES, {"modified_at__gte": "2020-01-01 00:00:00+01:00"})
    assert set(since.context["cl"].result_list) == {bylined, other}
    # ISO 8601 allows offsets up to ±23:59; PostgreSQL stores up to ±15:59.
    far_east = client.get(STORIES, {"modified_at__gte": "2020-01-01 00:00:00+23:59"})
    assert set(far_east.context["cl"].result_list) == {bylined, other}


@pytest.mark.parametrize("zone", ["Europe/London", "Asia/Tokyo", "America/New_York"])
@pytest.mark.parametrize(("day", "time"), [("0001-01-01", "00:00:00"), ("9999-12-31", "23:59:59")])
def test_a_date_typed_past_the_calendar_in_another_apps_admin_is_a_form_error(
    client, chief, settings, zone, day, time
):
    settings.TIME_ZONE = zone
    client.force_login(chief)
    response = client.post(
        f"/admin/auth/user/{chief.pk}/change/",
        {
            "username": chief.username,
            "is_active": "on",
            "is_staff": "on",
            "is_superuser": "on",
            "date_joined_0": day,
            "date_joined_1": time,
            "last_login_0": "",
            "last_login_1": "",
        },
    )
    assert response.status_code == 200
    assert "date_joined" in response.context["adminform"].form.errors


@pytest.mark.parametrize(
    "url",
    [
        f"{STORIES}?q={'x' * 100_000}",
        f"{STORIES}?q={'x ' * 1000}",
        f"/admin/autocomplete/?app_label=articles&model_name=story&field_name=related_stories"
        f"&term={'x' * 100_000}",
    ],
)
def test_an_endless_search_finds_nothing_rather_than_failing(client, chief, url):
    StoryFactory(headline="x" * 10)
    client.force_login(chief)
    response = client.get(url)
    assert response.status_code == 200
    if "autocomplete" in url:
        assert response.json()["results"] == []
    else:
        assert response.context["cl"].result_count == 0


def test_an_ordinary_search_still_finds(client, chief):
    story = StoryFactory(headline="Harbour dredging plan approved")
    client.force_login(chief)
    response = client.get(STORIES, {"q": "harbour dredging"})
    assert list(response.context["cl"].result_list) == [story]
