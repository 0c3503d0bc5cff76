"""In-process look at each target: its real URL, status, size and queries per request."""

from __future__ import annotations

import math
import traceback
from dataclasses import asdict, dataclass
from datetime import datetime

from django.conf import settings
from django.db import connection
from django.db.models import Count, Q
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from taggit.models import Tag

from articles.models import Author, Section, Source, Story
from articles.public.views import ArchiveIndexView
from bench.targets import CorpusFacts, Target, chosen_targets
from bench.words import SEARCH_TERM


@dataclass
class TargetProbe:
    """What one target answered in-process: the first request and a repeat of it."""

    name: str
    url: str
    status: int | None
    bytes: int
    queries_first: int | None
    queries_repeat: int | None
    error: str = ""

    @property
    def available(self) -> bool:
        return self.status is not None and self.status < 400


def busiest(model, relation: str):
    """The row of ``model`` with the most public stories: its pages are the most expensive."""
    public = Story.objects.published()
    lookup = Q(**{f"{relation}__in": public})
    return (
        model.objects.annotate(public_stories=Count(relation, filter=lookup))
        .order_by("-public_stories", "pk")
        .first()
    )


def full_month(newest: datetime) -> tuple[int, int]:
    """The newest month, up to ``newest``'s, whose archive page is full, so that pages of
    the same size are compared at every corpus size (the current month may have begun
    yesterday); ``newest``'s month when none is full. Months and their counts are the
    archive index's own."""
    local = timezone.localtime(newest)
    for row in ArchiveIndexView().get_queryset():
        month = row["month"]
        if (month.year, month.month) <= (local.year, local.month) and (
            row["story_count"] >= settings.STORIES_PER_PAGE
        ):
            return month.year, month.month
    return local.year, local.month


def corpus_facts() -> CorpusFacts:
    story = (
        Story.objects.published()
        .filter(lead_image__isnull=False)
        .newest_first()
        .only("slug", "published_at")
        .first()
    )
    if story is None:
        raise ValueError("The corpus has no published story with a lead photo.")
    year, month = full_month(story.published_at)
    section = busiest(Section, "stories")
    tag = busiest(Tag, "articles_taggedstory_items__content_object")
    return CorpusFacts(
        story_slug=story.slug,
        section_slug=section.slug,
        section_pages=max(1, math.ceil(section.public_stories / settings.STORIES_PER_PAGE)),
        tag_slug=tag.slug,
        author_slug=busiest(Author, "stories").slug,
        source_slug=busiest(Source, "stories").slug,
        search_term=SEARCH_TERM,
        archive_year=year,
        archive_month=month,
    )


def probe_target(client: Client, target: Target, facts: CorpusFacts) -> tuple[TargetProbe, bytes]:
    url = target.url_for(facts)
    counts: list[int] = []
    try:
        for _ in range(2):
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            counts.append(len(queries))
    except Exception:
        error = traceback.format_exc(limit=1).strip().splitlines()[-1]
        return TargetProbe(target.name, url, None, 0, None, None, error=error), b""
    content = b"" if response.streaming else response.content
    first, repeat = counts
    probe = TargetProbe(target.name, url, response.status_code, len(content), first, repeat)
    return probe, content


def probe_targets(names: list[str] | None = None) -> dict:
    """Facts of the corpus and, for each target, its probe; the story page's HTML as well."""
    facts = corpus_facts()
    client = Client(raise_request_exception=False)
    probes, story_html = [], b""
    for target in chosen_targets(names):
        probe, content = probe_target(client, target, facts)
        probes.append(asdict(probe))
        if target.name == "story":
            story_html = content
    return {"facts": asdict(facts), "targets": probes, "story_html": story_html.decode()}
