"""Bylines and taggings keep their story's listing, whoever writes the story or the row."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Story, StoryAuthor, TaggedStory
from articles.models.listing import restore_listing_triggers
from tests.support.factories import AuthorFactory, StoryFactory

pytestmark = pytest.mark.django_db

on_sqlite = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's table remakes")


def copies(story: Story) -> set[tuple]:
    """Each of the story's bylines' and taggings' copy of its listing."""
    fields = ("story_listed_at", "story_embargo_until", "story_language")
    rows = [
        *StoryAuthor.objects.filter(story=story).values_list(*fields),
        *TaggedStory.objects.filter(content_object=story).values_list(*fields),
    ]
    assert len(rows) == 2
    return set(rows)


def listing(story: Story) -> set[tuple]:
    story.refresh_from_db()
    listed_at = story.published_at if story.status in ("published", "scheduled") else None
    return {(listed_at, story.embargo_until, story.language)}


@pytest.fixture
def story():
    return StoryFactory(published=True, authors=[AuthorFactory()], tags=["Harbour"])


def test_new_bylines_and_taggings_take_their_storys_listing(story):
    assert copies(story) == listing(story)
    draft = StoryFactory(authors=[AuthorFactory()], tags=["Harbour"])
    assert copies(draft) == {(None, None, draft.language)}


@pytest.mark.parametrize(
    "change",
    [
        {"status": Story.Status.UNPUBLISHED},
        {"status": Story.Status.SCHEDULED, "published_at": timezone.now() + timedelta(days=2)},
        {"embargo_until": timezone.now() + timedelta(hours=3)},
        {"language": "ar"},
    ],
)
def test_the_copies_follow_a_saved_story_and_an_updated_one(story, change):
    for name, value in change.items():
        setattr(story, name, value)
    story.save()
    assert copies(story) == listing(story)
    Story.objects.filter(pk=story.pk).update(status=Story.Status.PUBLISHED)
    assert copies(story) == listing(story)


def test_a_byline_saved_from_a_stale_copy_keeps_the_right_one(story):
    byline = StoryAuthor.objects.get(story=story)
    Story.objects.filter(pk=story.pk).update(status=Story.Status.UNPUBLISHED)
    byline.position = 3
    byline.save()  # its loaded copy still says the story is listed
    assert copies(story) == listing(story) == {(None, None, story.language)}


def test_rows_inserted_in_bulk_are_filled_too(story):
    StoryAuthor.objects.bulk_create([StoryAuthor(story=story, author=AuthorFactory(), position=1)])
    rows = StoryAuthor.objects.filter(story=story).values_list("story_listed_at", flat=True)
    assert set(rows) == {story.published_at}


@on_sqlite
def test_triggers_a_table_remake_dropped_come_back_after_migrate(story):
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER articles_story_listing")
        cursor.execute("DROP TRIGGER articles_taggedstory_listing_insert")
    Story.objects.filter(pk=story.pk).update(status=Story.Status.UNPUBLISHED)
    assert copies(story) != listing(story)
    restored = restore_listing_triggers(using="default")
    assert set(restored) == {"articles_story_listing", "articles_taggedstory_listing_insert"}
    assert copies(story) == listing(story)
    assert restore_listing_triggers(using="default") == []


def test_tag_and_author_pages_list_by_the_copy_and_follow_every_change(client, story):
    author = StoryAuthor.objects.get(story=story).author
    pages = [f"/authors/{author.slug}/", "/tags/harbour/"]
    for page in pages:
        with CaptureQueriesContext(connection) as queries:
            listed = client.get(page).context["stories"]
        assert [each.pk for each in listed] == [story.pk]
        assert any("story_listed_at" in query["sql"] for query in queries.captured_queries)
    other = StoryFactory(published=True, authors=[author], tags=["Harbour"])
    Story.objects.filter(pk=story.pk).update(status=Story.Status.UNPUBLISHED)
    for page in pages:
        assert [each.pk for each in client.get(page).context["stories"]] == [other.pk]
    Story.objects.filter(pk=story.pk).update(status=Story.Status.PUBLISHED)
    for page in pages:
        assert {each.pk for each in client.get(page).context["stories"]} == {story.pk, other.pk}
