"""Feed and API items kept as fragments by story version: the same bytes as rendered afresh,
never stale after an edit, never a story the public may not see."""

from __future__ import annotations

import feedparser
import pytest
from django.core.cache import cache
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from articles.editorial import workflow
from articles.pagecache import keys as cache_keys
from articles.pagecache.fragments import API_ITEM, FEED_ITEM, output_variant
from tests.support.arabic import HEADLINE, arabic_story
from tests.support.factories import (
    AuthorFactory,
    ImageFactory,
    SectionFactory,
    StoryFactory,
    UploadedImageFactory,
)

pytestmark = pytest.mark.django_db

FEEDS = [reverse("articles:feed_latest", kwargs={"format": fmt}) for fmt in ("rss", "atom", "json")]
OUTPUTS = [*FEEDS, "/api/v1/stories/"]


@pytest.fixture
def stories(committed):
    with committed():
        section = SectionFactory(name="Harbour", slug="harbour")
        author = AuthorFactory(name="Ruth Abara", slug="ruth-abara")
        made = [
            StoryFactory(
                published=True,
                headline=f"Harbour story {n}",
                section=section,
                lead_image=UploadedImageFactory() if n % 2 else ImageFactory(),
                authors=[author],
                tags=["dredging", f"tag-{n}"],
                body=f"<p>Paragraph {n} of the harbour story.</p>",
            )
            for n in range(3)
        ]
    return made


def renditions_read(queries) -> bool:
    return any("articles_rendition" in query["sql"] for query in queries.captured_queries)


@pytest.mark.parametrize("url", OUTPUTS)
def test_a_page_that_misses_prints_the_stored_items_byte_for_byte(client, page_cache, stories, url):
    first = client.get(url)
    assert first["X-Cache"] == "MISS"
    with CaptureQueriesContext(connection) as queries:
        again = client.get(f"{url}?page_size=20")
    assert again["X-Cache"] == "MISS"
    assert not renditions_read(queries), "every item should come from its fragment"
    assert again.content == first.content


@pytest.mark.parametrize("url", OUTPUTS)
def test_without_the_page_cache_the_output_is_the_same(client, settings, stories, url):
    settings.PAGE_CACHE_TIMEOUT = 300
    kept = client.get(url).content
    kept_again = client.get(f"{url}?page_size=20").content
    settings.PAGE_CACHE_TIMEOUT = 0
    fresh = client.get(f"{url}?page_size=20").content
    assert kept == kept_again == fresh


def test_a_story_edit_changes_its_item_in_the_feed_at_once(client, page_cache, stories):
    """The item is stored by the story's version: the first feed after the save has the new
    headline, even before the invalidation of its key has run (no commit here)."""
    story = stories[0]
    feed = feedparser.parse(client.get(FEEDS[0]).content)
    assert "Harbour story 0" in [entry.title for entry in feed.entries]
    story.headline = "خطة تعميق الميناء تحصل على الموافقة"
    story.body = "<p>وافق المجلس البلدي على خطة تعميق الميناء يوم الاثنين.</p>"
    story.save()
    response = client.get(f"{FEEDS[0]}?after=edit")
    feed = feedparser.parse(response.content)
    titles = [entry.title for entry in feed.entries]
    assert "خطة تعميق الميناء تحصل على الموافقة" in titles
    assert "Harbour story 0" not in titles
    assert "وافق المجلس البلدي" in response.content.decode()
    api = client.get("/api/v1/stories/?after=edit").json()
    assert "خطة تعميق الميناء تحصل على الموافقة" in [
        item["headlines"][0]["value"] for item in api["items"]
    ]


def test_a_renamed_author_changes_the_stored_items(client, page_cache, stories, committed):
    """The story's version does not move; the author's key does, and the items follow it."""
    for url in OUTPUTS:
        assert "Ruth Abara" in client.get(url).content.decode()
    with committed():
        author = stories[0].bylines[0].author
        author.name = "Ruth Renamed"
        author.save()
    for url in OUTPUTS:
        html = client.get(f"{url}?after=rename").content.decode()
        assert "Ruth Renamed" in html and "Ruth Abara" not in html, url


def stored_fragment_keys(monkeypatch) -> list[str]:
    stored: list[str] = []
    real_set_many = cache.set_many

    def set_many(entries, *args, **kwargs):
        stored.extend(entries)
        return real_set_many(entries, *args, **kwargs)

    monkeypatch.setattr(cache, "set_many", set_many)
    return stored


def test_a_story_taken_down_leaves_every_output_with_its_fragments(
    client, page_cache, stories, editor, committed, monkeypatch
):
    story = stories[1]
    stored = stored_fragment_keys(monkeypatch)
    for url in OUTPUTS:
        assert story.headline in client.get(url).content.decode()
    story.refresh_from_db()
    for kind in (FEED_ITEM, API_ITEM):
        mine = cache_keys.fragment(kind, story.pk, story.version)
        assert [key for key in stored if key.startswith(mine) and cache.get(key)], kind
    with committed():
        workflow.unpublish(story, editor, "Legal advice.")
    # The public version's fragments are still stored: no output may print them.
    for url in OUTPUTS:
        response = client.get(f"{url}?after=unpublish")
        assert story.headline not in response.content.decode(), url


def test_a_draft_is_never_printed_nor_its_fragments_read(client, page_cache, stories, monkeypatch):
    """Fragments are looked up only for the stories a public list selected: no output reads
    one of a draft, whatever is stored under its id."""
    draft = StoryFactory(headline="Secret draft", section=stories[0].section, tags=["dredging"])
    read: list[str] = []
    real_get_many = cache.get_many
    monkeypatch.setattr(cache, "get_many", lambda keys: read.extend(keys) or real_get_many(keys))
    for url in OUTPUTS:
        assert "Secret draft" not in client.get(url).content.decode(), url
    public = stories[0]
    public.refresh_from_db()
    for kind in (FEED_ITEM, API_ITEM):
        drafted = cache_keys.fragment(kind, draft.pk, draft.version)
        assert not [key for key in read if key.startswith(drafted)]
        assert [
            key
            for key in read
            if key.startswith(cache_keys.fragment(kind, public.pk, public.version))
        ]


def test_each_language_has_its_own_items(client, page_cache, committed):
    """An item is stored per active language: the Arabic edition's feed prints its own."""
    with committed():
        story = arabic_story()
    url = reverse("articles:feed_latest", kwargs={"format": "rss"})
    arabic = client.get(f"/ar{url}")
    assert HEADLINE in arabic.content.decode()
    again = client.get(f"/ar{url}?again=1")
    assert again["X-Cache"] == "MISS" and again.content == arabic.content
    request = RequestFactory().get(url)
    with translation.override("ar"):
        arabic_variant = output_variant(request, "NewsRssFeed")
    with translation.override("en-gb"):
        english_variant = output_variant(request, "NewsRssFeed")
    assert arabic_variant != english_variant
    assert cache_keys.fragment(FEED_ITEM, story.pk, story.version, arabic_variant) != (
        cache_keys.fragment(FEED_ITEM, story.pk, story.version, english_variant)
    )


@pytest.mark.parametrize("count", [1, 30])
@pytest.mark.parametrize("url", OUTPUTS)
def test_outputs_with_fragments_use_a_constant_number_of_queries(
    client, page_cache, django_assert_max_num_queries, count, url
):
    section = SectionFactory()
    for n in range(count):
        StoryFactory(
            published=True,
            section=section,
            lead_image=UploadedImageFactory(),
            authors=[AuthorFactory()],
            tags=[f"tag-{n}", "shared"],
        )
    # The page cache's own query for the next publication time comes on top, and for the
    # API list one for the page's translations.
    budget = 7 if url.startswith("/api/") else 6
    with django_assert_max_num_queries(budget):
        client.get(url)
    with django_assert_max_num_queries(budget - 1):
        client.get(f"{url}?page_size=30")
