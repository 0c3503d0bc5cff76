"""The page cache's fixtures: a small newsroom and a stand-in for a CDN's purge API."""

from __future__ import annotations

import pytest
from taggit.models import Tag

from tests.support.factories import (
    AuthorFactory,
    ImageFactory,
    SectionFactory,
    SourceFactory,
    StoryFactory,
)
from tests.support.recording_server import RecordingServer


@pytest.fixture
def newsroom(db, committed):
    """Two sections, each with a published story, its own tag, author and (for A) source."""
    with committed():
        section_a = SectionFactory(name="Harbour desk", slug="harbour")
        section_b = SectionFactory(name="Council desk", slug="council")
        author_x, author_y = AuthorFactory(name="Ann Writer"), AuthorFactory(name="Bob Scribe")
        source = SourceFactory(name="Coast Chronicle", slug="coast")
        story_a = StoryFactory(
            published=True,
            headline="Dredging plan approved",
            section=section_a,
            source=source,
            lead_image=ImageFactory(caption="Boats in the harbour."),
            authors=[author_x],
            tags=["harbour"],
        )
        story_b = StoryFactory(
            published=True,
            headline="Budget vote delayed",
            section=section_b,
            authors=[author_y],
            tags=["budget"],
        )
        draft = StoryFactory(headline="Secret draft", section=section_a, authors=[author_x])
    return {
        "story_a": story_a,
        "story_b": story_b,
        "draft": draft,
        "section_a": section_a,
        "section_b": section_b,
        "author_x": author_x,
        "author_y": author_y,
        "source": source,
        "tag_a": Tag.objects.get(name="harbour"),
        "tag_b": Tag.objects.get(name="budget"),
    }


@pytest.fixture
def purge_receiver():
    """A local HTTP server standing in for a CDN's purge API; it records what it gets."""
    server = RecordingServer().start()
    yield server
    server.stop()
