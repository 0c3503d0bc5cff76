"""The middleware: what is stored and answered from the cache, with which headers, for whom."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.editorial.preview import preview_url
from articles.pagecache import keys as cache_keys
from tests.support.factories import (
    AuthorFactory,
    ImageFactory,
    SectionFactory,
    SourceFactory,
    StoryFactory,
)
from tests.support.page_cache import (
    feed,
    update,
    urls_of,
)


def test_story_page_lists_its_keys_for_a_cdn(client, page_cache, newsroom):
    story = newsroom["story_a"]
    response = client.get(story.get_absolute_url())
    keys = set(response["Surrogate-Key"].split(" "))
    assert {
        cache_keys.story(story.pk),
        cache_keys.section(story.section_id),
        cache_keys.section_list(story.section_id),
        cache_keys.tag(newsroom["tag_a"].pk),
        cache_keys.tag_list(newsroom["tag_a"].pk),
        cache_keys.author(newsroom["author_x"].pk),
        cache_keys.source(newsroom["source"].pk),
        cache_keys.image(story.lead_image_id),
        cache_keys.corrections(story.pk),
        cache_keys.NAV,
    } == keys
    assert response["Cache-Tag"] == ",".join(sorted(keys))
    assert client.get(story.get_absolute_url())["Surrogate-Key"] == response["Surrogate-Key"]


def test_list_pages_and_feeds_list_their_keys(client, page_cache, newsroom):
    section, story = newsroom["section_a"], newsroom["story_a"]
    page_keys = client.get(section.get_absolute_url())["Surrogate-Key"].split(" ")
    assert {
        cache_keys.section(section.pk),
        cache_keys.section_list(section.pk),
        cache_keys.story(story.pk),
    } <= set(page_keys)
    assert cache_keys.story(newsroom["story_b"].pk) not in page_keys
    feed_keys = client.get(feed("latest"))["Surrogate-Key"].split(" ")
    assert {
        cache_keys.FEEDS_LATEST,
        cache_keys.story(story.pk),
        cache_keys.story(newsroom["story_b"].pk),
    } <= set(feed_keys)
    assert cache_keys.SITEMAP in client.get("/sitemap.xml")["Surrogate-Key"].split(" ")
    api_keys = client.get(reverse("articles:api_story_list"))["Surrogate-Key"].split(" ")
    assert cache_keys.API in api_keys


HIT_URLS = [
    "story_a",
    "front",
    "section_a",
    "tag_a",
    "author_x",
    "source",
    "feed_latest",
    "api_list",
    "api_a",
    "sitemap",
    "archive_month",
]


@pytest.mark.parametrize("name", HIT_URLS)
def test_a_hit_runs_no_query(client, page_cache, newsroom, django_assert_num_queries, name):
    url = urls_of(newsroom)[name]
    first = client.get(url)
    with django_assert_num_queries(0):
        second = client.get(url)
    assert second["X-Cache"] == "HIT"
    assert second.content == first.content
    assert "public" in second["Cache-Control"]
    for header in ("Content-Security-Policy", "X-Content-Type-Options", "Content-Type", "ETag"):
        assert second.get(header) == first.get(header), header


@pytest.mark.parametrize("count", [1, 30])
def test_misses_and_hits_use_a_constant_number_of_queries(
    db, client, page_cache, committed, django_assert_max_num_queries, count
):
    # Committed, so each photo's renditions are made as they would be after an upload.
    with committed():
        section, author = SectionFactory(), AuthorFactory()
        stories = [
            StoryFactory(
                published=True,
                section=section,
                authors=[author],
                tags=["a", "b"],
                lead_image=ImageFactory(),
                source=SourceFactory(),
            )
            for _ in range(count)
        ]
    urls = ["/", section.get_absolute_url(), feed("latest"), stories[0].get_absolute_url()]
    for url in urls:
        with django_assert_max_num_queries(9):
            assert client.get(url)["X-Cache"] == "MISS"
        with django_assert_max_num_queries(0):
            assert client.get(url)["X-Cache"] == "HIT"


def test_a_hit_answers_conditional_requests(
    client, page_cache, newsroom, django_assert_num_queries
):
    url = newsroom["story_a"].get_absolute_url()
    first = client.get(url)
    with django_assert_num_queries(0):
        by_etag = client.get(url, headers={"If-None-Match": first["ETag"]})
        by_date = client.get(url, headers={"If-Modified-Since": first["Last-Modified"]})
    assert by_etag.status_code == by_date.status_code == 304
    front = client.get("/")
    assert client.get("/", headers={"If-None-Match": front["ETag"]}).status_code == 304


def test_public_pages_set_no_cookie_and_carry_no_csrf_token(client, page_cache, newsroom):
    for name, url in urls_of(newsroom).items():
        response = client.get(url)
        assert not response.cookies, name
        assert b"csrfmiddlewaretoken" not in response.content, name
    search = client.get("/search/?q=dredging")
    assert search["X-Cache"] == "MISS"
    assert not search.cookies
    assert client.get("/search/?q=dredging")["X-Cache"] == "HIT"


def test_staff_are_never_served_from_nor_stored_in_the_shared_cache(
    client, page_cache, newsroom, editor
):
    url = newsroom["story_a"].get_absolute_url()
    client.get(url)
    client.force_login(editor)
    staff = client.get(url)
    assert staff["X-Cache"] == "BYPASS"
    assert "private" in staff["Cache-Control"]
    assert "public" not in staff["Cache-Control"]
    client.logout()
    cache.clear()
    client.force_login(editor)
    client.get(url)
    client.logout()
    assert client.get(url)["X-Cache"] == "MISS"


def test_admin_answers_are_private(client, page_cache, editor):
    client.force_login(editor)
    response = client.get("/admin/")
    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]
    assert "Surrogate-Key" not in response


def test_head_is_answered_from_the_stored_get(client, page_cache, newsroom):
    url = newsroom["story_a"].get_absolute_url()
    client.get(url)
    response = client.head(url)
    assert response.status_code == 200
    assert response["X-Cache"] == "HIT"


def test_a_preview_is_never_stored_nor_public(client, page_cache, newsroom):
    url = preview_url(newsroom["draft"])
    for _ in range(2):
        response = client.get(url)
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"]
        assert "public" not in response["Cache-Control"]
        assert "Surrogate-Key" not in response
        assert "X-Cache" not in response


def test_turned_off_the_cache_stores_nothing(client, settings, newsroom):
    settings.PAGE_CACHE_TIMEOUT = 0
    url = newsroom["story_a"].get_absolute_url()
    client.get(url)
    assert client.get(url)["X-Cache"] == "MISS"


def test_a_dummy_cache_costs_no_query(client, page_cache, newsroom, settings):
    url = newsroom["story_a"].get_absolute_url()
    settings.PAGE_CACHE_TIMEOUT = 0
    with CaptureQueriesContext(connection) as without_page_cache:
        client.get(url)
    settings.PAGE_CACHE_TIMEOUT = 300
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    with CaptureQueriesContext(connection) as dummy:
        assert client.get(url)["X-Cache"] == "MISS"
    assert len(dummy.captured_queries) == len(without_page_cache.captured_queries)


def test_an_unreachable_cache_does_not_break_the_site(
    client, page_cache, newsroom, closed_port, settings, committed
):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port}/0",
        }
    }
    url = newsroom["story_a"].get_absolute_url()
    assert client.get(url).status_code == 200
    with committed():
        update(newsroom, {})
    assert b"with changes" in client.get(url).content


def test_a_hit_is_answered_before_any_other_middleware(client, page_cache, newsroom, settings):
    url = newsroom["story_a"].get_absolute_url()
    first = client.get(url)
    second = client.get(url)
    assert second["X-Cache"] == "HIT"
    # Sessions, authentication and CSP never saw the request...
    for attribute in ("session", "user", "csp_nonce"):
        assert not hasattr(second.wsgi_request, attribute), attribute
    # ...yet the answer carries what they and the security middleware gave the stored one.
    for header in (
        "Content-Security-Policy",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "Cross-Origin-Opener-Policy",
        "X-Frame-Options",
        "ETag",
        "Last-Modified",
        "Surrogate-Key",
        "Cache-Tag",
    ):
        assert second[header] == first[header], header
    assert "nonce" not in second["Content-Security-Policy"]
    cache_control = set(second["Cache-Control"].split(", "))
    assert "public" in cache_control and "private" not in cache_control
    assert f"max-age={settings.PUBLIC_PAGE_MAX_AGE}" in cache_control
    not_modified = client.get(url, headers={"If-None-Match": second["ETag"]})
    assert not_modified.status_code == 304
    assert not_modified["ETag"] == first["ETag"]
    assert "public" in not_modified["Cache-Control"]


def test_a_signed_in_reader_is_never_answered_from_the_stored_page(
    client, page_cache, newsroom, editor, django_assert_max_num_queries
):
    url = newsroom["story_a"].get_absolute_url()
    client.get(url)
    assert client.get(url)["X-Cache"] == "HIT"
    client.force_login(editor)
    response = client.get(url)
    assert response["X-Cache"] == "BYPASS"
    assert response.wsgi_request.user == editor
    assert "private" in response["Cache-Control"]
    assert b"Dredging plan approved" in response.content


def test_a_hit_takes_one_cache_read_once_the_page_is_known(
    client, page_cache, newsroom, monkeypatch
):
    url = newsroom["story_a"].get_absolute_url()
    client.get(url)
    reads = []
    get_many = cache.get_many
    monkeypatch.setattr(cache, "get_many", lambda keys: reads.append(keys) or get_many(keys))
    assert client.get(url)["X-Cache"] == "HIT"
    assert len(reads) == 1


def test_a_process_that_did_not_store_the_page_still_checks_its_keys(
    page_cache, newsroom, committed
):
    """Another worker (here another client, with its own middleware) serves the stored page,
    and drops it the moment one of its keys is invalidated."""
    url = newsroom["story_a"].get_absolute_url()
    assert Client().get(url)["X-Cache"] == "MISS"
    other_worker = Client()
    assert other_worker.get(url)["X-Cache"] == "HIT"
    with committed():
        update(newsroom, {})
    changed = other_worker.get(url)
    assert changed["X-Cache"] == "MISS"
    assert b"with changes" in changed.content
    assert Client().get(url)["X-Cache"] == "HIT"


def test_the_page_cache_comes_before_every_middleware_that_works_on_a_page(settings):
    """Only the load balancer's probes and the request id (for the logs) come first."""
    first = settings.MIDDLEWARE.index("articles.pagecache.middleware.PublicPageCacheMiddleware")
    assert settings.MIDDLEWARE[:first] == [
        "articles.health.HealthCheckMiddleware",
        "articles.logs.RequestIdMiddleware",
    ]
