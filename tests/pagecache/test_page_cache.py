"""The page cache: hits, exact invalidation on commit, headers, scheduling, Redis, purging."""

from __future__ import annotations

import json
import threading
import uuid
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import redis
from django.core.cache import cache
from django.db import connection, transaction
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time
from taggit.models import Tag

from articles.editorial import workflow
from articles.editorial.preview import preview_url
from articles.models import Correction, Rendition, Story
from articles.pagecache.middleware import PublicPageCacheMiddleware
from articles.pagecache.store import invalidate_now, mark_public
from tests.support.factories import (
    AuthorFactory,
    ImageFactory,
    SectionFactory,
    SourceFactory,
    StoryFactory,
)

REDIS_URL = "redis://127.0.0.1:6379/0"
purged: list[list[str]] = []


def record_purge(keys: list[str]) -> None:
    purged.append(keys)


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_TIMEOUT = 300
    settings.PUBLIC_PAGE_MAX_AGE = 60


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Runs the on-commit callbacks of what happens inside it, as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def feed(kind: str, slug: str | None = None) -> str:
    if kind == "latest":
        return reverse("articles:feed_latest", kwargs={"format": "rss"})
    return reverse(f"articles:feed_{kind}", kwargs={"format": "rss", "slug": slug})


@pytest.fixture
def newsroom(db, committed):
    """Two sections, each with a published story, its own tag, author and (for A) source."""
    with committed():
        section_a = SectionFactory(name="Harbour desk", slug="harbour")
        section_b = SectionFactory(name="Council desk", slug="council")
        author_x, author_y = AuthorFactory(name="Ann Writer"), AuthorFactory(name="Bob Scribe")
        source = SourceFactory(name="Coast Chronicle", slug="coast")
        story_a = StoryFactory(
            published=True,
            headline="Dredging plan approved",
            section=section_a,
            source=source,
            lead_image=ImageFactory(caption="Boats in the harbour."),
            authors=[author_x],
            tags=["harbour"],
        )
        story_b = StoryFactory(
            published=True,
            headline="Budget vote delayed",
            section=section_b,
            authors=[author_y],
            tags=["budget"],
        )
        draft = StoryFactory(headline="Secret draft", section=section_a, authors=[author_x])
    return {
        "story_a": story_a,
        "story_b": story_b,
        "draft": draft,
        "section_a": section_a,
        "section_b": section_b,
        "author_x": author_x,
        "author_y": author_y,
        "source": source,
        "tag_a": Tag.objects.get(name="harbour"),
        "tag_b": Tag.objects.get(name="budget"),
    }


def urls_of(newsroom) -> dict[str, str]:
    story_a, story_b = newsroom["story_a"], newsroom["story_b"]
    month = story_a.published_at.astimezone(timezone.get_current_timezone())
    return {
        "story_a": story_a.get_absolute_url(),
        "story_b": story_b.get_absolute_url(),
        "front": "/",
        "section_a": newsroom["section_a"].get_absolute_url(),
        "section_b": newsroom["section_b"].get_absolute_url(),
        "tag_a": reverse("articles:tag", kwargs={"slug": "harbour"}),
        "tag_b": reverse("articles:tag", kwargs={"slug": "budget"}),
        "author_x": newsroom["author_x"].get_absolute_url(),
        "author_y": newsroom["author_y"].get_absolute_url(),
        "source": newsroom["source"].get_absolute_url(),
        "feed_latest": feed("latest"),
        "feed_section_a": feed("section", "harbour"),
        "feed_section_b": feed("section", "council"),
        "feed_tag_b": feed("tag", "budget"),
        "feed_author_y": feed("author", newsroom["author_y"].slug),
        "api_list": reverse("articles:api_story_list"),
        "api_a": reverse("articles:api_story_detail", kwargs={"pk": story_a.pk}),
        "api_b": reverse("articles:api_story_detail", kwargs={"pk": story_b.pk}),
        "sitemap": reverse("articles:sitemap_section", kwargs={"section": "stories"}),
        "archive_month": reverse(
            "articles:archive_month", kwargs={"year": f"{month:%Y}", "month": f"{month:%m}"}
        ),
    }


def prime(client, urls: dict[str, str]) -> None:
    for name, url in urls.items():
        assert client.get(url)["X-Cache"] == "MISS", name
        assert client.get(url)["X-Cache"] == "HIT", name


def story_c(newsroom) -> Story:
    return StoryFactory(
        headline="Ferry returns to service",
        section=newsroom["section_a"],
        authors=[newsroom["author_x"]],
        tags=["harbour"],
    )


def publish(newsroom, prepared):
    story = prepared["story_c"]
    story.status = Story.Status.PUBLISHED
    story.published_at = timezone.now() - timedelta(minutes=1)
    story.save()


def update(newsroom, prepared):
    story = newsroom["story_a"]
    story.headline = "Dredging plan approved with changes"
    story.updated_at = timezone.now()
    story.save()


def correct(newsroom, prepared):
    Correction.objects.create(
        story=newsroom["story_a"], text="The vote was 7 to 2.", published_at=timezone.now()
    )


def unpublish(newsroom, prepared):
    story = newsroom["story_a"]
    story.status = Story.Status.UNPUBLISHED
    story.save()


def change_slug(newsroom, prepared):
    story = newsroom["story_a"]
    story.slug = "dredging-plan-renamed"
    story.save()


def add_tag(newsroom, prepared):
    newsroom["story_a"].tags.add("budget")


def rename_author(newsroom, prepared):
    author = newsroom["author_x"]
    author.name = "Ann Renamed"
    author.save()


def change_caption(newsroom, prepared):
    image = newsroom["story_a"].lead_image
    image.caption = "Tugs in the harbour at dawn."
    image.save()


def rename_section(newsroom, prepared):
    section = newsroom["section_a"]
    section.name = "Waterfront"
    section.save()


# change, the text it shows, where that text must appear, which pages must still be hits.
CHANGES = {
    "publish": (
        publish,
        "Ferry returns to service",
        ["front", "section_a", "tag_a", "author_x", "feed_latest", "feed_section_a", "api_list"],
        ["section_b", "tag_b", "author_y", "story_b", "feed_section_b", "api_b", "api_a"],
    ),
    "significant update": (
        update,
        "Dredging plan approved with changes",
        [
            "story_a",
            "front",
            "section_a",
            "tag_a",
            "author_x",
            "source",
            "feed_latest",
            "feed_section_a",
            "api_list",
            "api_a",
            "archive_month",
        ],
        ["section_b", "tag_b", "author_y", "story_b", "feed_section_b", "api_b"],
    ),
    "correction": (
        correct,
        "The vote was 7 to 2.",
        ["story_a"],
        ["story_b", "section_a", "section_b", "front", "feed_latest", "api_b"],
    ),
    "tag added": (
        add_tag,
        "Dredging plan approved",
        # Story B shares the new tag, so story A is now among its related stories.
        ["tag_b", "feed_tag_b", "story_b"],
        ["section_b", "author_y", "feed_section_b", "api_b"],
    ),
    "author renamed": (
        rename_author,
        "Ann Renamed",
        ["story_a", "front", "section_a", "author_x", "feed_latest", "api_a", "api_list"],
        ["story_b", "section_b", "author_y", "feed_author_y", "api_b"],
    ),
    "image caption changed": (
        change_caption,
        "Tugs in the harbour at dawn.",
        ["story_a", "feed_latest", "feed_section_a", "api_a", "api_list"],
        ["story_b", "section_b", "feed_section_b", "api_b", "sitemap"],
    ),
    "section renamed": (
        rename_section,
        "Waterfront",
        ["story_a", "story_b", "front", "section_a", "section_b", "feed_latest", "api_a"],
        ["feed_section_b", "api_b", "feed_tag_b"],
    ),
}


@pytest.mark.parametrize("change", CHANGES)
def test_a_change_shows_at_once_where_it_belongs_and_nowhere_else(
    client, page_cache, newsroom, committed, change
):
    action, text, affected, unaffected = CHANGES[change]
    with committed():
        prepared = {"story_c": story_c(newsroom)}
    urls = urls_of(newsroom)
    prime(client, urls)

    with committed():
        action(newsroom, prepared)

    for name in affected:
        response = client.get(urls[name])
        assert response["X-Cache"] == "MISS", name
        assert text in response.content.decode(), name
    for name in unaffected:
        assert client.get(urls[name])["X-Cache"] == "HIT", name


def test_unpublishing_takes_the_story_out_of_every_cached_output(
    client, page_cache, newsroom, committed
):
    urls = urls_of(newsroom)
    prime(client, urls)

    with committed():
        unpublish(newsroom, {})

    assert client.get(urls["story_a"]).status_code == 410
    assert client.get(urls["api_a"]).status_code == 404
    for name in (
        "front",
        "section_a",
        "tag_a",
        "author_x",
        "source",
        "feed_latest",
        "feed_section_a",
        "api_list",
        "sitemap",
    ):
        response = client.get(urls[name])
        assert response["X-Cache"] == "MISS", name
        assert b"Dredging plan approved" not in response.content, name
        assert newsroom["story_a"].slug.encode() not in response.content, name
    for name in ("story_b", "section_b", "tag_b", "author_y", "feed_section_b", "api_b"):
        assert client.get(urls[name])["X-Cache"] == "HIT", name


def test_a_new_slug_redirects_from_the_cached_old_address(client, page_cache, newsroom, committed):
    urls = urls_of(newsroom)
    prime(client, urls)

    with committed():
        change_slug(newsroom, {})

    old = client.get(urls["story_a"])
    assert old.status_code == 301
    assert old["Location"] == "/stories/dredging-plan-renamed/"
    assert b"/stories/dredging-plan-renamed/" in client.get(urls["section_a"]).content
    assert client.get(urls["section_b"])["X-Cache"] == "HIT"
    assert client.get(urls["story_b"])["X-Cache"] == "HIT"


def test_a_rolled_back_change_invalidates_nothing(client, page_cache, newsroom, committed):
    urls = urls_of(newsroom)
    prime(client, urls)
    purged.clear()

    with committed(), pytest.raises(RuntimeError), transaction.atomic():
        update(newsroom, {})
        rename_section(newsroom, {})
        raise RuntimeError("the desk changed its mind")

    for name, url in urls.items():
        response = client.get(url)
        assert response["X-Cache"] == "HIT", name
        assert b"with changes" not in response.content, name


def test_editing_a_draft_invalidates_nothing(client, page_cache, newsroom, committed):
    urls = urls_of(newsroom)
    prime(client, urls)

    with committed():
        newsroom["draft"].headline = "Still a secret draft"
        newsroom["draft"].save()

    for name, url in urls.items():
        assert client.get(url)["X-Cache"] == "HIT", name


@pytest.mark.parametrize("trait", ["draft", "scheduled", "unpublished"])
def test_stories_that_are_not_public_never_reach_a_cached_output(
    client, page_cache, newsroom, committed, trait
):
    with committed():
        hidden = StoryFactory(
            headline="Not for readers",
            section=newsroom["section_a"],
            source=newsroom["source"],
            authors=[newsroom["author_x"]],
            tags=["harbour"],
            **({trait: True} if trait != "draft" else {}),
        )
    for name, url in urls_of(newsroom).items():
        for _ in range(2):
            response = client.get(url)
            assert b"Not for readers" not in response.content, name
            assert hidden.get_absolute_url().encode() not in response.content, name
            assert f"story-{hidden.pk}" not in response.get("Surrogate-Key", "").split(), name


def test_story_page_lists_its_keys_for_a_cdn(client, page_cache, newsroom):
    story = newsroom["story_a"]
    response = client.get(story.get_absolute_url())
    keys = set(response["Surrogate-Key"].split(" "))
    assert {
        f"story-{story.pk}",
        f"section-{story.section_id}",
        f"list-section-{story.section_id}",
        f"tag-{newsroom['tag_a'].pk}",
        f"list-tag-{newsroom['tag_a'].pk}",
        f"author-{newsroom['author_x'].pk}",
        f"source-{newsroom['source'].pk}",
        f"image-{story.lead_image_id}",
        f"corrections-{story.pk}",
        "nav",
    } == keys
    assert response["Cache-Tag"] == ",".join(sorted(keys))
    assert client.get(story.get_absolute_url())["Surrogate-Key"] == response["Surrogate-Key"]


def test_list_pages_and_feeds_list_their_keys(client, page_cache, newsroom):
    section, story = newsroom["section_a"], newsroom["story_a"]
    page_keys = client.get(section.get_absolute_url())["Surrogate-Key"].split(" ")
    assert {f"section-{section.pk}", f"list-section-{section.pk}", f"story-{story.pk}"} <= set(
        page_keys
    )
    assert f"story-{newsroom['story_b'].pk}" not in page_keys
    feed_keys = client.get(feed("latest"))["Surrogate-Key"].split(" ")
    assert {"feeds-latest", f"story-{story.pk}", f"story-{newsroom['story_b'].pk}"} <= set(
        feed_keys
    )
    assert "sitemap" in client.get("/sitemap.xml")["Surrogate-Key"].split(" ")
    assert "api" in client.get(reverse("articles:api_story_list"))["Surrogate-Key"].split(" ")


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


def test_purge_hook_gets_the_keys_once_per_transaction(
    client, page_cache, newsroom, committed, settings
):
    settings.CACHE_PURGE_HOOK = "tests.pagecache.test_page_cache.record_purge"
    purged.clear()
    story = newsroom["story_a"]
    with committed():
        update(newsroom, {})
        story.tags.add("budget")
    assert len(purged) == 1
    assert {f"story-{story.pk}", f"list-tag-{newsroom['tag_b'].pk}", "sitemap"} <= set(purged[0])
    assert f"story-{newsroom['story_b'].pk}" not in purged[0]


def test_purge_url_receives_the_keys_as_json(page_cache, newsroom, committed, settings):
    received = []

    class PurgeRelay(BaseHTTPRequestHandler):
        def do_POST(self):
            received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(204)
            self.end_headers()

        def log_message(self, format, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), PurgeRelay)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.CACHE_PURGE_URL = f"http://127.0.0.1:{server.server_address[1]}/purge"
    try:
        with committed():
            correct(newsroom, {})
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
    assert received == [{"surrogate_keys": [f"corrections-{newsroom['story_a'].pk}"]}]


def test_a_failing_purge_hook_does_not_break_the_write(page_cache, newsroom, committed, settings):
    settings.CACHE_PURGE_URL = "http://127.0.0.1:9/purge"
    with committed():
        correct(newsroom, {})
    assert newsroom["story_a"].corrections.count() == 1


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


def redis_is_up() -> bool:
    try:
        return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        return False


@pytest.mark.skipif(not redis_is_up(), reason="needs Redis on 127.0.0.1:6379")
class TestOnRedis:
    """The same scheme on the real Redis, under a key prefix of its own."""

    @pytest.fixture(autouse=True)
    def redis_cache(self, settings, page_cache):
        prefix = f"newsroom-test-{uuid.uuid4().hex}"
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": REDIS_URL,
                "KEY_PREFIX": prefix,
            }
        }
        yield
        client = redis.Redis.from_url(REDIS_URL)
        for key in client.scan_iter(match=f"{prefix}:*"):
            client.delete(key)

    def test_hits_and_exact_invalidation(
        self, client, newsroom, committed, django_assert_num_queries
    ):
        urls = urls_of(newsroom)
        prime(client, urls)
        with django_assert_num_queries(0):
            assert client.get(urls["story_a"])["X-Cache"] == "HIT"

        with committed():
            update(newsroom, {})

        changed = client.get(urls["story_a"])
        assert changed["X-Cache"] == "MISS"
        assert b"with changes" in changed.content
        assert b"with changes" in client.get(urls["feed_latest"]).content
        assert client.get(urls["section_b"])["X-Cache"] == "HIT"
        assert client.get(urls["story_b"])["X-Cache"] == "HIT"

    def test_rollback_keeps_every_page(self, client, newsroom, committed):
        urls = urls_of(newsroom)
        prime(client, urls)
        with committed(), pytest.raises(RuntimeError), transaction.atomic():
            unpublish(newsroom, {})
            raise RuntimeError("kept")
        assert client.get(urls["story_a"])["X-Cache"] == "HIT"


def test_head_is_answered_from_the_stored_get(client, page_cache, newsroom):
    url = newsroom["story_a"].get_absolute_url()
    client.get(url)
    response = client.head(url)
    assert response.status_code == 200
    assert response["X-Cache"] == "HIT"


def test_a_page_rendered_while_a_change_committed_is_not_stored(rf, page_cache, newsroom):
    def view_that_overlaps_a_commit(request):
        mark_public(request, {"front"})
        invalidate_now(["story-999"])
        return HttpResponse("rendered from data read before the commit")

    middleware = PublicPageCacheMiddleware(view_that_overlaps_a_commit)
    assert middleware(rf.get("/"))["X-Cache"] == "MISS"
    assert middleware(rf.get("/"))["X-Cache"] == "MISS"


def test_a_page_with_no_change_during_its_render_is_stored(rf, page_cache, newsroom):
    def quiet_view(request):
        mark_public(request, {"front"})
        return HttpResponse("rendered")

    middleware = PublicPageCacheMiddleware(quiet_view)
    assert middleware(rf.get("/"))["X-Cache"] == "MISS"
    assert middleware(rf.get("/"))["X-Cache"] == "HIT"


def test_a_preview_is_never_stored_nor_public(client, page_cache, newsroom):
    url = preview_url(newsroom["draft"])
    for _ in range(2):
        response = client.get(url)
        assert response.status_code == 200
        assert "no-store" in response["Cache-Control"]
        assert "public" not in response["Cache-Control"]
        assert "Surrogate-Key" not in response
        assert "X-Cache" not in response


def test_workflow_transitions_invalidate_through_the_data(
    client, page_cache, newsroom, committed, editor
):
    urls = urls_of(newsroom)
    prime(client, urls)

    with committed():
        workflow.unpublish(newsroom["story_a"], editor, "Legal asked us to take it down.")

    assert client.get(urls["story_a"]).status_code == 410
    assert b"Dredging plan approved" not in client.get(urls["front"]).content
    assert client.get(urls["section_b"])["X-Cache"] == "HIT"

    story_b = newsroom["story_b"]
    with committed():
        workflow.add_correction(story_b, editor, "The vote is on Tuesday.")
    assert b"The vote is on Tuesday." in client.get(urls["story_b"]).content


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


def test_new_renditions_refresh_the_pages_that_print_the_image(
    client, page_cache, newsroom, committed
):
    urls = urls_of(newsroom)
    prime(client, urls)
    image = newsroom["story_a"].lead_image

    with committed():
        Rendition.objects.filter(image=image).delete()

    for name in ("story_a", "section_a", "feed_latest", "api_a", "sitemap"):
        assert client.get(urls[name])["X-Cache"] == "MISS", name
    for name in ("story_b", "section_b", "api_b"):
        assert client.get(urls[name])["X-Cache"] == "HIT", name
