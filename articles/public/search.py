"""Full-text search over stories: PostgreSQL's ranked text search, a plain match elsewhere."""

from __future__ import annotations

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connections
from django.db.models import F, FloatField, Q, QuerySet, Value

# The migration 0003_public_site indexes exactly this expression (GIN), so keep them in step.
SEARCH_CONFIG = "english"


def story_search_vector() -> SearchVector:
    """Headline weighs most, then the standfirst, then the body."""
    return (
        SearchVector("headline", weight="A", config=SEARCH_CONFIG)
        + SearchVector("dek", weight="B", config=SEARCH_CONFIG)
        + SearchVector("body", weight="C", config=SEARCH_CONFIG)
    )


def search_stories(stories: QuerySet, text: str) -> QuerySet:
    """``stories`` that match ``text``, best match first, each annotated with ``rank``."""
    text = text.strip()
    if not text:
        return stories
    if connections[stories.db].vendor == "postgresql":
        return _ranked_search(stories, text)
    return _plain_search(stories, text)


def _ranked_search(stories: QuerySet, text: str) -> QuerySet:
    query = SearchQuery(text, search_type="websearch", config=SEARCH_CONFIG)
    vector = story_search_vector()
    return (
        # An alias filters without sending each row's whole document back to Python.
        stories.alias(search_document=vector)
        .filter(search_document=query)
        .annotate(rank=SearchRank(vector, query))
        .order_by("-rank", "-published_at", "-pk")
    )


def _plain_search(stories: QuerySet, text: str) -> QuerySet:
    """Every word must appear in the headline, standfirst or body; newest first."""
    for word in text.split():
        stories = stories.filter(
            Q(headline__icontains=word) | Q(dek__icontains=word) | Q(body__icontains=word)
        )
    return stories.annotate(rank=Value(1.0, output_field=FloatField())).order_by(
        F("published_at").desc(), "-pk"
    )
