"""Teasers kept as fragments: reused by list pages that miss, never stale."""

from __future__ import annotations

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.pagecache import keys as cache_keys
from articles.pagecache.fragments import TEASER


def teaser_stored(story) -> bool:
    story.refresh_from_db()
    return cache.get(cache_keys.fragment(TEASER, story.pk, story.version)) is not None


def test_a_list_page_that_misses_reuses_the_stored_teasers(client, page_cache, newsroom):
    first = client.get("/")
    assert teaser_stored(newsroom["story_a"])
    with CaptureQueriesContext(connection) as queries:
        again = client.get("/?from=newsletter")
    assert again["X-Cache"] == "MISS"
    assert again.content == first.content
    assert not [q for q in queries.captured_queries if "articles_rendition" in q["sql"]]


def test_a_story_edited_prints_anew_at_once_even_before_invalidation(client, page_cache, newsroom):
    """The teaser is stored by the story's version: the next page after the save prints the
    new headline, even while the invalidation still waits for the commit."""
    story = newsroom["story_a"]
    assert "Dredging plan approved" in client.get("/").content.decode()
    story.headline = "خطة تعميق الميناء تحصل على الموافقة"
    story.save()
    html = client.get("/?after=edit").content.decode()
    assert "خطة تعميق الميناء تحصل على الموافقة" in html
    assert "Dredging plan approved" not in html


def test_an_edit_through_commit_reaches_every_list(client, page_cache, newsroom, committed):
    story = newsroom["story_a"]
    urls = ["/", newsroom["section_a"].get_absolute_url(), newsroom["author_x"].get_absolute_url()]
    for url in urls:
        client.get(url)
    with committed():
        story.headline = "Dredging plan approved with changes"
        story.save()
    for url in urls:
        response = client.get(url)
        assert response["X-Cache"] == "MISS", url
        assert "Dredging plan approved with changes" in response.content.decode(), url


def test_a_renamed_author_changes_the_stored_teaser(client, page_cache, newsroom, committed):
    """The story's version does not move; the author's key does, and the teaser follows it."""
    url = newsroom["section_a"].get_absolute_url()
    assert "Ann Writer" in client.get(url).content.decode()
    with committed():
        author = newsroom["author_x"]
        author.name = "Ann Rewritten"
        author.save()
    html = client.get(f"{url}?after=rename").content.decode()
    assert "Ann Rewritten" in html and "Ann Writer" not in html


def test_a_story_shown_another_way_is_rendered_once_per_way(client, page_cache, newsroom):
    client.get("/")
    section = client.get(newsroom["section_a"].get_absolute_url())
    assert section["X-Cache"] == "MISS"
    with CaptureQueriesContext(connection) as queries:
        again = client.get(newsroom["section_a"].get_absolute_url() + "?again=1")
    assert again.content == section.content
    assert not [q for q in queries.captured_queries if "articles_rendition" in q["sql"]]


def test_without_the_page_cache_no_teaser_is_stored(client, newsroom):
    assert client.get("/").status_code == 200
    assert not teaser_stored(newsroom["story_a"])


def full_teaser_queries(queries) -> list[str]:
    """The queries that load stories' teasers in full (their headlines)."""
    return [
        q["sql"]
        for q in queries.captured_queries
        if 'FROM "articles_story"' in q["sql"] and '"articles_story"."headline"' in q["sql"]
    ]


def test_a_page_whose_teasers_are_stored_loads_only_their_rows(client, page_cache, newsroom):
    """A miss reads ids, versions and the keys' ids; no headline, byline name or photo."""
    first = client.get("/")
    with CaptureQueriesContext(connection) as queries:
        again = client.get("/?from=newsletter")
    assert again["X-Cache"] == "MISS"
    assert again.content == first.content
    assert full_teaser_queries(queries) == []
    assert not [q for q in queries.captured_queries if "articles_author" in q["sql"]]


def test_teasers_to_render_are_loaded_in_full_in_one_query(client, page_cache, newsroom):
    """The front page stored its variants; the section page prints another one of the same
    story: the page's rows are loaded in full once, not once per story."""
    client.get("/")
    with CaptureQueriesContext(connection) as queries:
        section = client.get(newsroom["section_a"].get_absolute_url())
    assert len(full_teaser_queries(queries)) == 1
    html = section.content.decode()
    assert "Dredging plan approved" in html and "Ann Writer" in html
