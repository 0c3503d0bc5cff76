"""Partner dates outside the date rules (year 1, year 9999, offsets at the limits) are left out
of the story, said in the item's report and flagged for the desk; the story is kept. Numbers
in other digits than 0-9 are not read as numbers."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler

import pytest

from articles.editorial import workflow
from articles.ingest.service import Outcome, ingest_document, ingest_location
from articles.models import Story
from tests.ingest.documents import ninjs_item, rss, rss_item
from tests.support.factories import SectionFactory, SourceFactory
from tests.support.local_server import serving

pytestmark = pytest.mark.django_db

HOSTILE_MOMENTS = [
    "0001-01-01T00:00:00Z",
    "0001-01-01T00:00:00+01:00",
    "0001-01-01T00:00:00+23:59",
    "9999-12-31T23:59:59-23:59",
    "9999-12-31T23:59:59-14:00",
    "9999-12-31T23:59:59+14:00",
    "1899-12-31T23:59:59Z",
    "٢٠٢٦-01-01T00:00:00Z",
    "2026-13-45T00:00:00Z",
    "not a date",
    12345,
]


@pytest.fixture
def source():
    SectionFactory(name="News", slug="news", position=0)
    return SourceFactory(name="Wire", slug="wire")


@pytest.mark.parametrize("moment", HOSTILE_MOMENTS)
def test_a_ninjs_date_outside_the_rules_is_left_out_and_reported(source, client, moment):
    item = ninjs_item("urn:wire:dates", "Port expands")
    item["firstcreated"] = moment
    item["versioncreated"] = moment
    report = ingest_document(json.dumps(item).encode(), source)

    (result,) = report.items
    assert result.outcome == Outcome.CREATED
    assert "publish time was left out" in result.message
    assert "update time was left out" in result.message
    story = Story.objects.get()
    assert story.published_at is None and story.updated_at is None
    assert story.needs_attention
    assert "publish time was left out" in story.attention_reason


def test_the_year_one_story_of_the_finding_is_published_without_errors(source, client, chief):
    item = ninjs_item("urn:wire:year-one", "Port expands")
    item["firstcreated"] = "0001-01-01T00:00:00Z"
    ingest_document(json.dumps(item).encode(), source)
    story = Story.objects.get()
    client.force_login(chief)
    assert client.get("/admin/articles/story/").status_code == 200
    assert client.get(f"/admin/articles/story/{story.pk}/change/").status_code == 200

    workflow.publish(story, chief)
    story.refresh_from_db()
    assert story.published_at.year >= 2026
    for url in ["/", "/archive/", story.get_absolute_url(), story.section.get_absolute_url(),
                f"/sources/{source.slug}/", "/search/?q=port"]:  # fmt: skip
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize(
    "moment",
    [
        "0001-01-01T00:00:00Z",
        "0001-01-01T00:00:00+01:00",
        "9999-12-31T23:59:59-14:00",
        "9999-12-31T23:59:59+14:00",
        "Mon, 01 Jan 0001 00:00:00 +0100",
        "Fri, 31 Dec 9999 23:59:59 -1400",
    ],
)
def test_a_feed_date_outside_the_rules_is_left_out_and_reported(source, moment):
    item = rss_item(updated=moment).replace("Tue, 24 Nov 2026 09:30:00 GMT", moment)
    (result,) = ingest_document(rss(item), source).items
    assert result.outcome == Outcome.CREATED
    assert "was left out" in result.message
    story = Story.objects.get()
    assert story.published_at is None
    assert story.needs_attention


def test_dates_inside_the_rules_are_kept_as_sent(source):
    item = ninjs_item("urn:wire:fine", "Port expands")
    item["firstcreated"] = "2026-11-24T07:00:00+14:00"
    item["versioncreated"] = "2026-11-24T09:00:00-14:00"
    (result,) = ingest_document(json.dumps(item).encode(), source).items
    assert result.message == "kept as a draft"
    story = Story.objects.get()
    assert story.published_at == datetime(2026, 11, 23, 17, 0, tzinfo=UTC)
    assert story.updated_at == datetime(2026, 11, 24, 23, 0, tzinfo=UTC)
    assert not story.needs_attention


def test_a_date_left_out_does_not_make_the_item_look_changed(source):
    item = ninjs_item("urn:wire:same", "Port expands")
    item["firstcreated"] = "0001-01-01T00:00:00Z"
    document = json.dumps(item).encode()
    assert ingest_document(document, source).items[0].outcome == Outcome.CREATED
    assert ingest_document(document, source).items[0].outcome == Outcome.UNCHANGED


def test_a_content_length_in_other_digits_is_ignored_not_fatal(source, settings):
    """``"²".isdigit()`` is true but ``int("²")`` fails: the declared size is ignored."""
    settings.INGEST_ALLOW_PRIVATE_HOSTS = True
    body = rss(rss_item())

    class OddLength(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Length", "²")
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format, *args):
            pass

    with serving(OddLength) as url:
        report = ingest_location(f"{url}/feed", source)
    assert not report.error
    assert [item.outcome for item in report.items] == [Outcome.CREATED]
