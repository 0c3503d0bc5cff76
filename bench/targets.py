"""The pages the benchmark measures: one line per target, its URL made from the corpus.

A target whose URL answers 404 on the code being measured (a page not built yet) is
reported as not available; adding or fixing a target is a change to one line here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote, quote_plus

# Words of the corpus's vocabulary (bench/corpus.py) that nearly every story's body holds:
# searching for them matches most of the archive, as a reader's everyday word would.
# The "search" target's word is rare (in about one headline in fifty).
COMMON_SEARCHES = ("council", "harbour", "river court")


@dataclass(frozen=True)
class CorpusFacts:
    """Real slugs and numbers from the corpus that target URLs are made from."""

    story_slug: str
    section_slug: str
    section_pages: int
    tag_slug: str
    author_slug: str
    source_slug: str
    search_term: str
    archive_year: int
    archive_month: int


@dataclass(frozen=True)
class Target:
    """A named page and how to make its URL from the corpus."""

    name: str
    url_for: Callable[[CorpusFacts], str]


def _search_for(words: str) -> Callable[[CorpusFacts], str]:
    return lambda _facts: f"/search/?q={quote_plus(words)}"


TARGETS: tuple[Target, ...] = (
    Target("story", lambda facts: f"/stories/{facts.story_slug}/"),
    Target("front", lambda facts: "/"),
    Target("section page 1", lambda facts: f"/sections/{facts.section_slug}/"),
    Target(
        "section deepest page",
        lambda facts: f"/sections/{facts.section_slug}/?page={facts.section_pages}",
    ),
    Target("tag", lambda facts: f"/tags/{facts.tag_slug}/"),
    Target("author", lambda facts: f"/authors/{facts.author_slug}/"),
    Target("source", lambda facts: f"/sources/{facts.source_slug}/"),
    Target("search", lambda facts: f"/search/?q={quote(facts.search_term)}"),
    *(Target(f"search {words}", _search_for(words)) for words in COMMON_SEARCHES),
    Target(
        "archive month",
        lambda facts: f"/archive/{facts.archive_year}/{facts.archive_month:02}/",
    ),
    Target("RSS feed", lambda facts: "/feeds/rss/"),
    Target("section RSS feed", lambda facts: f"/feeds/rss/sections/{facts.section_slug}/"),
    Target("ninjs API list", lambda facts: "/api/v1/stories/"),
    Target("sitemap index", lambda facts: "/sitemap.xml"),
)


def chosen_targets(names: list[str] | None) -> tuple[Target, ...]:
    """The targets named (all when ``names`` is empty); an unknown name is an error."""
    if not names:
        return TARGETS
    known = {target.name for target in TARGETS}
    unknown = [name for name in names if name not in known]
    if unknown:
        raise ValueError(f"Unknown target(s): {', '.join(unknown)}; known: {', '.join(known)}")
    return tuple(target for target in TARGETS if target.name in names)


# A static file as large as the story page, served by the same gunicorn and WhiteNoise.
STATIC_COPY_NAME = "static copy of story"
STATIC_COPY_PATH = "bench/story-copy.html"
