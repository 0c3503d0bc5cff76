"""Exact invalidation: a change misses the pages that show it, on commit, and no others."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.http import HttpResponse

from articles.editorial import workflow
from articles.models import Rendition
from articles.pagecache import keys as cache_keys
from articles.pagecache.middleware import PublicPageCacheMiddleware
from articles.pagecache.store import invalidate_now, mark_public
from tests.support.factories import (
    StoryFactory,
)
from tests.support.page_cache import (
    add_tag,
    change_caption,
    change_slug,
    correct,
    prime,
    publish,
    rename_author,
    rename_section,
    story_c,
    unpublish,
    update,
    urls_of,
)

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
    # Story A was the only public story of its tag and its author: their pages go with it.
    for name in ("tag_a", "author_x"):
        response = client.get(urls[name])
        assert response.status_code == 404, name
        assert "X-Cache" not in response, name
        assert b"Dredging plan approved" not in response.content, name
    for name in (
        "front",
        "section_a",
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
            keys = response.get("Surrogate-Key", "").split()
            assert cache_keys.story(hidden.pk) not in keys, name


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


def test_a_page_rendered_while_a_change_committed_is_not_stored(rf, page_cache, newsroom):
    def view_that_overlaps_a_commit(request):
        mark_public(request, {cache_keys.FRONT})
        invalidate_now([cache_keys.story(999)])
        return HttpResponse("rendered from data read before the commit")

    middleware = PublicPageCacheMiddleware(view_that_overlaps_a_commit)
    assert middleware(rf.get("/"))["X-Cache"] == "MISS"
    assert middleware(rf.get("/"))["X-Cache"] == "MISS"


def test_a_page_with_no_change_during_its_render_is_stored(rf, page_cache, newsroom):
    def quiet_view(request):
        mark_public(request, {cache_keys.FRONT})
        return HttpResponse("rendered")

    middleware = PublicPageCacheMiddleware(quiet_view)
    assert middleware(rf.get("/"))["X-Cache"] == "MISS"
    assert middleware(rf.get("/"))["X-Cache"] == "HIT"
