"""A search's cost is bounded: a time limit, a window of matches, a number of words."""

from datetime import timedelta

import pytest
from django.db import DatabaseError, connection
from django.utils import timezone

from articles.models import Story
from articles.public import search
from articles.public.search import SearchTookTooLong, search_stories
from tests.support.factories import StoryFactory

pytestmark = pytest.mark.django_db


def slow_down_the_database() -> None:
    """Make every search's work on the database take far longer than the limit.

    PostgreSQL: the function that folds the query sleeps, except in the statement that sets
    the limit (the test's transaction undoes this). SQLite: the clock the progress handler
    reads has already run past any limit.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "CREATE OR REPLACE FUNCTION articles_search_text(text) RETURNS text"
                " LANGUAGE plpgsql VOLATILE AS $$ BEGIN"
                " IF current_query() NOT LIKE '%articles_search_estimate%' THEN"
                " PERFORM pg_sleep(5); END IF; RETURN $1; END $$"
            )


@pytest.fixture
def stopped_searches(settings, monkeypatch):
    settings.SEARCH_TIME_LIMIT_MS = 50
    StoryFactory.create_batch(30, published=True, body="<p>Lighthouse keepers.</p>")
    slow_down_the_database()
    if connection.vendor == "sqlite":
        clock = iter(range(0, 10**9, 3600))
        monkeypatch.setattr(search, "monotonic", lambda: next(clock))
        monkeypatch.setattr(search, "SQLITE_STEPS_BETWEEN_CHECKS", 1)


def test_a_search_past_its_time_limit_is_stopped(stopped_searches):
    started = timezone.now()
    with pytest.raises(SearchTookTooLong):
        search_stories(Story.objects.published(), "lighthouse")
    assert timezone.now() - started < timedelta(seconds=4)


def test_the_reader_is_asked_to_narrow_a_search_that_took_too_long(client, stopped_searches):
    response = client.get("/search/", {"q": "lighthouse keepers"})
    html = response.content.decode()
    assert response.status_code == 503
    assert "took too long" in html and 'role="alert"' in html
    assert 'value="lighthouse keepers"' in html
    assert "Cache-Control" not in response


def test_the_database_works_on_after_a_stopped_search(client, stopped_searches):
    client.get("/search/", {"q": "lighthouse"})
    assert Story.objects.published().count() == 30


def test_other_database_errors_are_not_taken_for_the_time_limit():
    with pytest.raises(DatabaseError), search.time_limited(), connection.cursor() as cursor:
        cursor.execute("SELECT * FROM no_such_table")


def test_a_common_word_ranks_only_the_newest_window(settings):
    settings.SEARCH_WINDOW = 3
    now = timezone.now()
    oldest = StoryFactory(
        published=True, headline="Harbour harbour", published_at=now - timedelta(days=30)
    )
    newest = [
        StoryFactory(published=True, body="<p>harbour</p>", published_at=now - timedelta(days=n))
        for n in range(1, 5)
    ]
    results = search_stories(Story.objects.published(), "harbour")
    assert results.count() == 3
    assert {story.pk for story in results[:]} == {story.pk for story in newest[:3]}
    assert oldest.pk not in {story.pk for story in results[:]}


@pytest.mark.parametrize("matches_per_place", [1, 10**6])
def test_common_and_rare_queries_find_the_same_newest_window(
    settings, monkeypatch, matches_per_place
):
    """Walking the newest stories (common words) and sorting all matches (rare) agree."""
    monkeypatch.setattr(search, "WALK_FROM_MATCHES_PER_PLACE", matches_per_place)
    settings.SEARCH_WINDOW = 2
    now = timezone.now()
    for days, headline in enumerate(["Ferry a", "Ferry b", "Ferry c"], start=1):
        StoryFactory(published=True, headline=headline, published_at=now - timedelta(days=days))
    StoryFactory(headline="Ferry draft")
    StoryFactory(unpublished=True, headline="Ferry withdrawn")
    found = search_stories(Story.objects.published(), "ferry")
    assert [story.headline for story in found[:]] == ["Ferry a", "Ferry b"]


def test_a_walk_past_newest_stories_that_do_not_match_finds_older_ones(settings, monkeypatch):
    """The newest stories are read in growing batches until the window is full, whatever
    order the stories were written in."""
    monkeypatch.setattr(search, "WALK_FROM_MATCHES_PER_PLACE", 1)
    settings.SEARCH_WINDOW = 2
    now = timezone.now()
    StoryFactory(published=True, headline="Ferry timetable", published_at=now - timedelta(days=30))
    for days in range(1, 12):
        StoryFactory(published=True, headline="Bus news", published_at=now - timedelta(days=days))
    StoryFactory(published=True, headline="Ferry strike", published_at=now - timedelta(days=50))
    StoryFactory(published=True, headline="Ferry fares", published_at=now - timedelta(days=40))
    found = search_stories(Story.objects.published(), "ferry")
    assert {story.headline for story in found[:]} == {"Ferry timetable", "Ferry fares"}


def test_equal_matches_come_newest_first():
    now = timezone.now()
    for days in (3, 1, 2):
        StoryFactory(
            published=True,
            headline=f"Tide {days}",
            body="<p>Tide tables.</p>",
            published_at=now - timedelta(days=days),
        )
    found = search_stories(Story.objects.published(), "tables")[:]
    assert [story.headline for story in found] == ["Tide 1", "Tide 2", "Tide 3"]


def test_too_many_words_are_refused_with_the_reason(client, settings):
    settings.SEARCH_MAX_WORDS = 10
    StoryFactory(published=True, headline="One two three four five six seven eight nine ten")
    ten = "one two three four five six seven eight nine ten"
    assert client.get("/search/", {"q": ten}).status_code == 200
    response = client.get("/search/", {"q": ten + " eleven"})
    assert response.status_code == 400
    assert "at most 10 words" in response.content.decode()


@pytest.mark.parametrize(
    "text",
    [
        '"',
        '"harbour',
        "harbour*",
        "*",
        "NEAR(harbour plan)",
        "harbour NEAR plan",
        "headline:harbour",
        "{headline dek}: harbour",
        "harbour AND",
        "AND OR NOT",
        "-harbour",
        "- - -",
        "^harbour",
        "harbour + plan",
        "harbour & | ! <-> :*",
        "('",
        "\\",
        "harbour'); DROP TABLE articles_story; --",
        "'' \"\" ``",
        "or",
        "%",
        "_",
        "🚢 harbour",
        'الميناء "خطة',
    ],
)
def test_hostile_or_odd_syntax_answers_a_page(client, text):
    StoryFactory(published=True, headline="Harbour plan", body="<p>Dredging starts.</p>")
    response = client.get("/search/", {"q": text})
    assert response.status_code == 200, text
    assert Story.objects.filter(headline="Harbour plan").exists()
