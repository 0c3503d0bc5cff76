"""Story search over each database's stored index: ranked, and bounded in time and size.

PostgreSQL matches the ``search_document`` column (a tsvector its trigger keeps: headline A,
standfirst B, body C) and ranks with ``ts_rank``; SQLite matches the FTS5 table
``articles_story_search`` (kept by triggers) and ranks with ``bm25`` weighted the same way.
Both are created by migration 0012_search_index and answer the same way: ``SearchResults``,
the stories with their ``rank``, best first, newest first among equals.

A common word matches most of the archive, so a search ranks only the ``SEARCH_WINDOW``
newest matching stories: its cost stays that of a page, however large the archive grows.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timedelta
from time import monotonic
from typing import TYPE_CHECKING, Any, overload

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.db import OperationalError, connections, transaction
from django.db.models import (
    DateTimeField,
    Expression,
    ExpressionWrapper,
    F,
    Func,
    Q,
    QuerySet,
    TextField,
    Value,
)
from django.db.models.expressions import RawSQL
from psycopg import errors as psycopg_errors

from articles.public.search_text import ReaderQuery

if TYPE_CHECKING:
    from articles.models import Story

# The configuration of the reader's query is the one of the edition searched, named by the
# SQL function the trigger uses for each story (0016_search_languages): the two must agree
# for a story to be found, so a search looks in one language's stories.
SEARCH_CONFIG_FUNCTION = "articles_search_config"
# The FTS5 table's columns are headline, standfirst and body: bm25 weighs them as ts_rank's
# default weights weigh A, B and C.
BM25_WEIGHTS = (1.0, 0.4, 0.2)
# A query matching more than this many stories per place in the window is read by walking
# the newest stories and testing them (it stops as soon as the window is full); fewer
# matches are all read through the index, then sorted.
WALK_FROM_MATCHES_PER_PLACE = 50
# How many SQLite virtual-machine steps run between two looks at the clock.
SQLITE_STEPS_BETWEEN_CHECKS = 1000


class SearchTookTooLong(Exception):
    """A search ran past ``SEARCH_TIME_LIMIT_MS`` and was stopped by the database."""


def search_stories(
    stories: QuerySet, text: str | ReaderQuery, *, language: str | None = None
) -> SearchResults:
    """``stories`` that match the reader's words, best first, newest first among equals.

    ``language`` is the edition searched (the site's default language unless given): on
    PostgreSQL the words are stemmed as that language's stories are (``arabic``, ``english``).
    Filters on ``stories`` narrow the matches before the window is taken. A query with
    nothing to find (punctuation, exclusions alone) finds nothing. Raises
    ``SearchTookTooLong`` when the database's work runs past ``SEARCH_TIME_LIMIT_MS``.
    """
    query = text if isinstance(text, ReaderQuery) else ReaderQuery.parse(text)
    if not query:
        return SearchResults(stories, [])
    language = language or settings.DEFAULT_LANGUAGE
    with time_limited(stories.db):
        if connections[stories.db].vendor == "postgresql":
            return SearchResults(stories, _postgresql_ranks(stories, query, language))
        return SearchResults(stories, _sqlite_ranks(stories, query))


class SearchResults(Sequence["Story"]):
    """The stories a search found, in order: ranked at once, fetched a page at a time.

    A slice fetches its stories with everything ``stories`` asks for (teasers' bylines and
    photos) in one query; each story carries its ``rank``. ``count()`` costs no query.
    """

    def __init__(self, stories: QuerySet, ranked: list[tuple[int, float]]) -> None:
        self.stories = stories
        self.ranked = ranked

    def count(self) -> int:  # type: ignore[override]  # Paginator calls count() with no value
        return len(self.ranked)

    def __len__(self) -> int:
        return len(self.ranked)

    @overload
    def __getitem__(self, index: int) -> Story: ...

    @overload
    def __getitem__(self, index: slice) -> list[Story]: ...

    def __getitem__(self, index):
        if isinstance(index, slice):
            return self._fetch(self.ranked[index])
        return self._fetch([self.ranked[index]])[0]

    def _fetch(self, chosen: list[tuple[int, float]]) -> list[Story]:
        found = self.stories.in_bulk([pk for pk, _ in chosen])
        stories = []
        for pk, rank in chosen:
            # A story unpublished since the search was ranked is left out.
            if pk in found:
                found[pk].rank = rank
                stories.append(found[pk])
        return stories


@contextmanager
def time_limited(using: str = "default") -> Iterator[None]:
    """Stop the database's work on a search after ``SEARCH_TIME_LIMIT_MS``.

    Raises ``SearchTookTooLong`` instead of the database's error, so a handful of costly
    searches cannot hold every worker. On PostgreSQL the search runs in a transaction of its
    own whose first statement sets a local statement timeout (``timeout_sql``); on SQLite a
    progress handler looks at the clock.
    """
    connection = connections[using]
    try:
        if connection.vendor == "postgresql":
            with transaction.atomic(using=using):
                yield
        elif connection.vendor == "sqlite":
            connection.ensure_connection()
            deadline = monotonic() + settings.SEARCH_TIME_LIMIT_MS / 1000
            connection.connection.set_progress_handler(
                lambda: monotonic() > deadline, SQLITE_STEPS_BETWEEN_CHECKS
            )
            try:
                yield
            finally:
                connection.connection.set_progress_handler(None, 0)
        else:
            yield
    except OperationalError as error:
        if _is_time_limit(error):
            raise SearchTookTooLong from error
        raise


def timeout_sql() -> tuple[str, list[str]]:
    """A select-list item that sets PostgreSQL's statement timeout for the transaction."""
    return "set_config('statement_timeout', %s, true)", [str(max(settings.SEARCH_TIME_LIMIT_MS, 1))]


def _is_time_limit(error: OperationalError) -> bool:
    """PostgreSQL's statement timeout, or SQLite's progress handler saying stop."""
    cause = error.__cause__
    return isinstance(cause, psycopg_errors.QueryCanceled) or str(cause) == "interrupted"


class StoredSearchDocument(Expression):
    """The ``search_document`` column that the PostgreSQL trigger keeps (not a model field)."""

    output_field = SearchVectorField()

    def __init__(self) -> None:
        super().__init__()
        self.story_pk: Any = F("pk")

    def get_source_expressions(self) -> list[Any]:
        return [self.story_pk]

    def set_source_expressions(self, expressions: Sequence[Any]) -> None:
        (self.story_pk,) = expressions

    def as_sql(self, compiler, connection):
        # The story's primary-key column says which alias the story table has here.
        alias = compiler.quote_name_unless_alias(self.story_pk.alias)
        return f"{alias}.{connection.ops.quote_name('search_document')}", []


def _postgresql_ranks(
    stories: QuerySet, query: ReaderQuery, language: str
) -> list[tuple[int, float]]:
    window = settings.SEARCH_WINDOW
    timeout, timeout_params = timeout_sql()
    with connections[stories.db].cursor() as cursor:
        # One statement sets the time limit for the rest of the search and asks the planner
        # how many stories match (planning only, so nothing to limit yet).
        cursor.execute(
            f"SELECT {timeout}, articles_search_estimate(websearch_to_tsquery("
            f"{SEARCH_CONFIG_FUNCTION}(%s), articles_search_text(%s)))",
            [*timeout_params, language, query.as_websearch()],
        )
        estimate = cursor.fetchone()[1]
    walk = estimate >= window * WALK_FROM_MATCHES_PER_PLACE
    newest = newest_postgresql_matches(stories, query, walk_newest=walk, language=language)
    newest = newest.values("pk")[:window]
    document, tsquery = StoredSearchDocument(), _postgresql_query(query, language)
    # Ranked apart from the window, so only its stories' documents are read for ts_rank.
    ranked = (
        stories.model._default_manager.filter(pk__in=newest)
        .annotate(search_rank=SearchRank(document, tsquery))
        .values_list("pk", "search_rank", "published_at")
    )
    best_first = sorted(ranked, key=lambda row: (row[1], row[2], row[0]), reverse=True)
    return [(pk, rank) for pk, rank, _ in best_first]


def newest_postgresql_matches(
    stories: QuerySet, query: ReaderQuery, *, walk_newest: bool, language: str | None = None
) -> QuerySet:
    """The matching ``stories``, newest first, on PostgreSQL.

    ``walk_newest`` walks the newest-first index, testing each story's document, which
    suits a common query; otherwise the order is one no index gives, so all matches are
    read through the GIN index and sorted, which suits a rarer one. The planner would
    walk for rarer queries than pays, not counting the cost of reading each document.
    """
    newest = (
        F("published_at").desc()
        if walk_newest
        else (ExpressionWrapper(F("published_at") + Value(timedelta(0)), DateTimeField()).desc())
    )
    return (
        _bare(stories)
        .alias(document=StoredSearchDocument())
        .filter(document=_postgresql_query(query, language or settings.DEFAULT_LANGUAGE))
        .order_by(newest, "-pk")
    )


def _postgresql_query(query: ReaderQuery, language: str) -> SearchQuery:
    # articles_search_text folds the query as the trigger folds the stories, and the
    # configuration is the one the trigger chose for stories in this language.
    words = Func(
        Value(query.as_websearch()), function="articles_search_text", output_field=TextField()
    )
    config = Func(Value(language), function=SEARCH_CONFIG_FUNCTION, output_field=TextField())
    return SearchQuery(words, search_type="websearch", config=config)


def _sqlite_ranks(stories: QuerySet, query: ReaderQuery) -> list[tuple[int, float]]:
    window = settings.SEARCH_WINDOW
    match = query.as_fts5()
    with connections[stories.db].cursor() as cursor:
        # Few matches are read at once through the index, then sorted; many are found
        # faster among the newest stories, a batch at a time, stopping when the window is full.
        many = window * WALK_FROM_MATCHES_PER_PLACE
        cursor.execute(
            "SELECT count(*) FROM (SELECT 1 FROM articles_story_search"
            " WHERE articles_story_search MATCH %s LIMIT %s)",
            [match, many],
        )
        newest = _bare(stories).order_by("-published_at", "-pk").values_list("pk", "published_at")
        if cursor.fetchone()[0] >= many:
            published, ranks = _sqlite_walk(cursor, newest, match, window)
        else:
            published = dict(newest.filter(_fts5_matches(match))[:window])
            ranks = _bm25(cursor, match, list(published))
    best_first = sorted(ranks.items(), key=lambda row: (row[1], published[row[0]], row[0]))
    return best_first[::-1]


def _sqlite_walk(
    cursor, newest: QuerySet, match: str, window: int
) -> tuple[dict[int, datetime], dict[int, float]]:
    """The ``window`` newest matching stories and their ranks, read from the newest down.

    Each batch of stories is checked against the index in one query, and the next batch is
    twice as large, so a query that matches few of the newest stories is not asked again and
    again. Returns the stories' publication times and ranks by primary key.
    """
    published: dict[int, datetime] = {}
    ranks: dict[int, float] = {}
    start, batch = 0, window * 2
    while len(published) < window:
        rows = list(newest[start : start + batch])
        matched = _bm25(cursor, match, [pk for pk, _ in rows])
        for pk, when in rows:
            if pk in matched and len(published) < window:
                published[pk], ranks[pk] = when, matched[pk]
        if len(rows) < batch:
            break
        start, batch = start + batch, batch * 2
    return published, ranks


def _bm25(cursor, match: str, pks: list[int]) -> dict[int, float]:
    """The rank of each of the stories ``pks`` that matches.

    One pass over the index ranks them with the statistics of every match. The index is
    read only between the smallest and largest of ``pks``: stories are written about when
    they are published, so the newest stories' rows lie close together. "+rowid" keeps
    FTS5 from running the query again for each story of the list.
    """
    if not pks:
        return {}
    cursor.execute(
        "SELECT rowid, -bm25(articles_story_search, %s, %s, %s) FROM articles_story_search"
        " WHERE articles_story_search MATCH %s AND rowid BETWEEN %s AND %s"
        " AND +rowid IN (SELECT value FROM json_each(%s))",
        [*BM25_WEIGHTS, match, min(pks), max(pks), json.dumps(pks)],
    )
    return dict(cursor.fetchall())


def _fts5_matches(match: str) -> Q:
    return Q(
        pk__in=RawSQL(
            "SELECT rowid FROM articles_story_search WHERE articles_story_search MATCH %s",
            [match],
        )
    )


def _bare(stories: QuerySet) -> QuerySet:
    """``stories`` without the related rows and prefetches a page of teasers asks for."""
    return stories.select_related(None).prefetch_related(None)
