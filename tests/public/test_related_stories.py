"""The story page's related stories, found and printed once per version of the story and kept
while the lists they come from and the stories they print keep theirs: never stale."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.editorial import workflow
from tests.support.factories import AuthorFactory, StoryFactory, UploadedImageFactory

pytestmark = pytest.mark.django_db

# The query that finds related stories ranks the editors' picks; the one by id does not.
FINDING = "articles_story_related_stories"


def printed_related(html: str) -> list[str]:
    return [
        unescape(headline)
        for headline in re.findall(r'<a class="related-headline" href="[^"]+">([^<]+)</a>', html)
    ]


def related_on_page(client, url: str) -> tuple[list[str], list[str]]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    headlines = printed_related(response.content.decode())
    return headlines, [query["sql"] for query in queries.captured_queries]


@pytest.fixture
def story(committed):
    with committed():
        story = StoryFactory(published=True, headline="Harbour dredging approved", tags=["harbour"])
        for n in range(3):
            StoryFactory(published=True, headline=f"Harbour story {n}", tags=["harbour"])
    return story


def test_a_page_that_misses_prints_the_stored_related_stories(client, page_cache, story):
    """Neither found nor fetched again: no query names the stories, none their photos."""
    url = story.get_absolute_url()
    first, queries = related_on_page(client, url)
    assert len(first) == 3 and any(FINDING in sql for sql in queries)
    again, queries = related_on_page(client, f"{url}?from=newsletter")
    assert again == first
    assert not any(FINDING in sql for sql in queries)
    assert not any('"articles_story"."headline"' in sql for sql in queries[1:])


def test_a_related_storys_new_headline_is_printed(client, page_cache, story, committed):
    url = story.get_absolute_url()
    related, _ = related_on_page(client, url)
    other = StoryFactory._meta.model.objects.get(headline=related[0])
    with committed():
        other.headline = "الميناء يفتح رصيفاً جديداً"
        other.save()
    after, _ = related_on_page(client, f"{url}?after=edit")
    assert "الميناء يفتح رصيفاً جديداً" in after and related[0] not in after


def test_without_the_page_cache_they_are_found_every_time(client, story):
    url = story.get_absolute_url()
    related_on_page(client, url)
    _, queries = related_on_page(client, url)
    assert any(FINDING in sql for sql in queries)


def test_a_story_published_on_the_same_subject_appears_at_once(
    client, page_cache, story, committed
):
    url = story.get_absolute_url()
    related_on_page(client, url)
    headline = "مجلس المدينة يوافق على توسعة الميناء"
    with committed():
        StoryFactory(published=True, headline=headline, tags=["harbour"])
    related, _ = related_on_page(client, f"{url}?after=publish")
    assert related[0] == headline


def test_a_related_story_taken_down_leaves_the_page(client, page_cache, story, editor, committed):
    url = story.get_absolute_url()
    related, _ = related_on_page(client, url)
    taken_down = StoryFactory._meta.model.objects.get(headline=related[0])
    with committed():
        workflow.unpublish(taken_down, editor, "Legal advice.")
    after, _ = related_on_page(client, f"{url}?after=unpublish")
    assert taken_down.headline not in after
    assert taken_down.headline not in client.get(f"{url}?again=1").content.decode()


def test_an_editors_pick_replaces_the_stories_found(client, page_cache, story, committed):
    url = story.get_absolute_url()
    related_on_page(client, url)
    with committed():
        pick = StoryFactory(published=True, headline="Editors' pick")
        story.related_stories.add(pick)
    related, _ = related_on_page(client, f"{url}?after=pick")
    assert related == ["Editors' pick"]


@pytest.mark.parametrize("count", [1, 30])
def test_the_story_page_stays_within_budget_with_stored_related_stories(
    client, page_cache, django_assert_max_num_queries, count
):
    story = StoryFactory(
        published=True, tags=["harbour"], authors=AuthorFactory.create_batch(count)
    )
    for _ in range(count):
        StoryFactory(published=True, section=story.section, lead_image=UploadedImageFactory())
        StoryFactory(published=True, tags=["harbour"], lead_image=UploadedImageFactory())
    ContentType.objects.clear_cache()
    url = story.get_absolute_url()
    # The page cache's own query for the next publication time comes on top of six; with
    # the related stories printed and kept, a page that misses makes one fewer.
    with django_assert_max_num_queries(7):
        first = client.get(url)
    with django_assert_max_num_queries(6):
        again = client.get(f"{url}?again=1")
    related = printed_related(first.content.decode())
    assert printed_related(again.content.decode()) == related
    assert len(related) == min(2 * count, 4)
