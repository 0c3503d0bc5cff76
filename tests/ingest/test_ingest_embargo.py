"""Partners' embargoes: ninjs ``embargoed`` and an ``embargo`` element in RSS and Atom items."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from articles.ingest.service import Outcome, ingest_document
from articles.models import Story
from tests.ingest.documents import ninjs_item, rss, rss_item
from tests.support.factories import SectionFactory, SourceFactory

pytestmark = pytest.mark.django_db

NOON = datetime(2026, 11, 24, 12, tzinfo=UTC)


@pytest.fixture
def source():
    SectionFactory(name="News", slug="news", position=0)
    return SourceFactory(name="Wire", slug="wire", auto_publish=True)


def test_a_ninjs_embargo_keeps_an_auto_published_story_hidden_until_its_time(source, client):
    ahead = (timezone.now() + timedelta(hours=3)).replace(microsecond=0)
    item = ninjs_item("urn:wire:embargo", "الميناء يتوسع بحلول الربيع")
    item["embargoed"] = ahead.isoformat()
    (result,) = ingest_document(json.dumps(item).encode(), source).items
    assert result.outcome == Outcome.CREATED
    story = Story.objects.get()
    assert story.status == Story.Status.PUBLISHED
    assert story.embargo_until == ahead
    assert not Story.objects.published().exists()
    assert client.get(story.get_absolute_url()).status_code == 404


@pytest.mark.parametrize(
    "element,expected",
    [
        ("<embargo>Tue, 24 Nov 2026 12:00:00 GMT</embargo>", NOON),
        ("<embargo>2026-11-24T14:00:00+02:00</embargo>", NOON),
        ('<x:embargo xmlns:x="urn:partner">2026-11-24T12:00:00</x:embargo>', NOON),
    ],
)  # fmt: skip
def test_a_feed_items_embargo_element_is_read(source, element, expected):
    ingest_document(rss(rss_item(extra=element)), source)
    assert Story.objects.get().embargo_until == expected


@pytest.mark.parametrize(
    "text", ["soon", "٢٠٢٦-11-24T12:00:00Z", "9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00Z"]
)
def test_an_unreadable_embargo_is_left_out_and_flagged_and_the_story_kept_back(source, text):
    (result,) = ingest_document(rss(rss_item(extra=f"<embargo>{text}</embargo>")), source).items
    assert result.outcome == Outcome.CREATED
    assert "embargo was left out" in result.message
    story = Story.objects.get()
    assert story.embargo_until is None
    # The source auto-publishes, but not a story whose embargo nobody could read.
    assert story.needs_attention and story.status == Story.Status.DRAFT
    assert "Not auto-published: the embargo could not be read" in story.attention_reason


def test_a_ninjs_embargo_that_is_not_a_date_is_reported(source):
    item = ninjs_item("urn:wire:bad-embargo", "Port expands")
    item["embargoed"] = 12345
    (result,) = ingest_document(json.dumps(item).encode(), source).items
    assert "embargo was left out" in result.message
    assert Story.objects.get().embargo_until is None
