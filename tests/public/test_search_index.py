"""The stored search index follows every change to a story, and finds only public ones."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from articles.editorial import workflow
from articles.models import Story
from articles.public.search import search_stories
from tests.support.factories import SectionFactory, StoryFactory

pytestmark = pytest.mark.django_db

HIDDEN_STATES = ["draft", "in_review", "returned", "ready", "scheduled", "unpublished"]


def found(words: str) -> list[str]:
    """Headlines the public search finds for ``words``, as a reader would get them."""
    return [story.headline for story in search_stories(Story.objects.published(), words)]


def test_a_story_is_found_once_published_and_no_longer_once_unpublished(editor):
    story = StoryFactory(status="ready", headline="Ferry timetable", body="<p>Quayside.</p>")
    assert found("quayside") == []
    workflow.publish(story, editor)
    assert found("quayside") == ["Ferry timetable"]
    workflow.unpublish(story, editor, "Legal advice")
    assert found("quayside") == []
    workflow.publish(story, editor)
    assert found("quayside") == ["Ferry timetable"]


@pytest.mark.parametrize(
    "field,before,after",
    [
        ("headline", "Harbour wall repaired", "Seafront wall repaired"),
        ("dek", "The harbour wall is mended.", "The seafront wall is mended."),
        ("body", "<p>The harbour wall.</p>", "<p>The seafront wall.</p>"),
    ],
)
def test_an_edit_replaces_the_old_words_with_the_new(field, before, after):
    story = StoryFactory(published=True, **{"headline": "Wall", field: before})
    assert [s.pk for s in search_stories(Story.objects.published(), "harbour")] == [story.pk]
    setattr(story, field, after)
    story.save()
    assert found("harbour") == []
    assert [s.pk for s in search_stories(Story.objects.published(), "seafront")] == [story.pk]


def test_a_deleted_story_leaves_the_index():
    story = StoryFactory(published=True, headline="Pier closes")
    StoryFactory(published=True, headline="Pier reopens")
    story.delete()
    assert found("pier") == ["Pier reopens"]
    assert index_entries_matching("pier") == 1


def test_stories_written_in_bulk_are_indexed_too():
    section = SectionFactory()
    Story.objects.bulk_create(
        Story(
            headline=f"Regatta day {number}",
            slug=f"regatta-{number}",
            body="<p>Sails.</p>",
            section=section,
            status=Story.Status.PUBLISHED,
            published_at=timezone.now() - timedelta(hours=number),
        )
        for number in range(1, 4)
    )
    assert found("regatta") == ["Regatta day 1", "Regatta day 2", "Regatta day 3"]


def test_updates_that_leave_the_text_alone_keep_the_story_findable():
    story = StoryFactory(published=True, headline="Lifeboat launch")
    Story.objects.filter(pk=story.pk).update(priority=Story.Priority.TOP)
    story.refresh_from_db()
    story.save(update_fields=["priority"])
    assert found("lifeboat") == ["Lifeboat launch"]


@pytest.mark.parametrize("state", HIDDEN_STATES)
def test_a_story_that_is_not_public_is_never_found(client, state):
    published_at = {
        "scheduled": timezone.now() + timedelta(hours=1),
        "unpublished": timezone.now() - timedelta(hours=1),
    }.get(state)
    StoryFactory(
        status=state,
        published_at=published_at,
        headline="Leakmarker headline",
        dek="Leakmarker standfirst",
        body="<p>Leakmarker body.</p>",
    )
    StoryFactory(published=True, headline="Public story", body="<p>leakmarker</p>")
    for words in ("leakmarker", "headline", "standfirst", "leakmarker body"):
        response = client.get("/search/", {"q": words})
        assert response.status_code == 200
        assert "Leakmarker headline" not in response.content.decode(), words
    assert found("leakmarker") == ["Public story"]


def test_a_scheduled_story_is_found_once_its_time_comes():
    StoryFactory(
        status="scheduled",
        published_at=timezone.now() - timedelta(minutes=1),
        headline="Carnival parade",
    )
    assert found("carnival") == ["Carnival parade"]


def test_markup_is_not_indexed_but_its_text_is():
    StoryFactory(
        published=True,
        headline="Market day",
        body='<p><strong>Fish</strong> &amp; <a href="https://example.org/chips">chips</a></p>',
    )
    assert found("fish") == found("chips") == ["Market day"]
    assert found("strong") == found("href") == found("example") == []


def test_arabic_words_are_found():
    StoryFactory(
        published=True,
        headline="البلدية تعلن خطة جديدة للميناء",
        body="<p>قال رئيس البلدية إن أعمال التوسعة ستبدأ في الربيع.</p>",
    )
    StoryFactory(published=True, headline="Harbour plan", body="<p>Spring works.</p>")
    assert found("التوسعة") == ["البلدية تعلن خطة جديدة للميناء"]
    assert found("البلدية الربيع") == ["البلدية تعلن خطة جديدة للميناء"]


def index_entries_matching(word: str) -> int:
    """Rows of the stored index that hold ``word``, whether their story is public or not."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT count(*) FROM articles_story"
                " WHERE search_document @@ to_tsquery('english', %s)",
                [word],
            )
        else:
            cursor.execute(
                "SELECT count(*) FROM articles_story_search WHERE articles_story_search MATCH %s",
                [word],
            )
        return cursor.fetchone()[0]


def test_the_index_triggers_are_in_place():
    """A migration that remakes articles_story on SQLite drops its triggers: this notices."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname FROM pg_trigger"
                " WHERE tgrelid = 'articles_story'::regclass AND NOT tgisinternal"
            )
            expected = {"articles_story_search_document"}
        else:
            cursor.execute(
                "SELECT name FROM sqlite_master"
                " WHERE type = 'trigger' AND tbl_name = 'articles_story'"
            )
            expected = {
                "articles_story_search_insert",
                "articles_story_search_update",
                "articles_story_search_delete",
            }
        assert expected <= {name for (name,) in cursor.fetchall()}


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's triggers are what is tested")
def test_a_migrate_puts_back_triggers_a_remade_table_lost():
    from articles.public.search_sqlite import restore_search_triggers

    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER articles_story_search_insert")
    StoryFactory(
        status="published",
        published_at=timezone.now() - timedelta(minutes=1),
        headline="Written while the trigger was gone",
    )
    assert found("trigger") == []

    assert restore_search_triggers(using=connection.alias) == ["articles_story_search_insert"]
    assert found("trigger") == ["Written while the trigger was gone"]
    StoryFactory(
        status="published",
        published_at=timezone.now() - timedelta(minutes=1),
        headline="Trigger back for the next one",
    )
    assert len(found("trigger")) == 2
    assert restore_search_triggers(using=connection.alias) == []
