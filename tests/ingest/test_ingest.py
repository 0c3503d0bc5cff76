"""Partner items become stories: RSS, Atom and ninjs, updates, auto-publishing."""

import json
from datetime import UTC, datetime

import pytest
from django.core.management import call_command

from articles.ingest.service import (
    Outcome,
    ingest_document,
    ingest_location,
    publish_if_source_allows,
)
from articles.models import Image, Story
from tests.ingest.documents import ninjs_item, outcomes, rss, rss_item
from tests.support.factories import SourceFactory, StoryFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("allow_loopback")]


def test_rss_items_become_drafts_attributed_to_the_source(source, picture_url, tmp_path):
    feed = tmp_path / "courier.xml"
    feed.write_bytes(rss(rss_item(picture=picture_url)))
    report = ingest_location(str(feed), source)
    assert outcomes(report) == [Outcome.CREATED]
    story = Story.objects.get()
    assert story.status == Story.Status.DRAFT
    assert not Story.objects.published().exists()
    assert story.source == source
    assert story.ingest_guid == "courier-1"
    assert story.headline == "Harbour dredging approved"
    assert story.dek == "Work starts in spring."
    assert story.original_url == "https://courier.example.org/courier-1/"
    assert story.byline_override == "Ruth Abara"
    assert story.published_at == datetime(2026, 11, 24, 9, 30, tzinfo=UTC)
    assert story.section.slug == "news"
    assert list(story.tags.names()) == ["dredging"]
    assert not story.needs_attention
    image = story.lead_image
    assert image.caption == "Fishing boats moored on Monday."
    assert image.credit == "Port Authority/Sam Reyes/Handout"
    assert image.copyright_notice == "© Port Authority"
    assert image.agency == "Harbour Valley Courier"
    assert (image.width, image.height) == (80, 60)


def test_hostile_html_is_stripped(source):
    ingest_document(rss(rss_item()), source)
    body = Story.objects.get().body
    assert "Dredging starts" in body and "The council agreed." in body
    for hostile in ["<script", "onclick", "javascript:", "<iframe", "alert("]:
        assert hostile not in body


def test_running_the_same_feed_twice_creates_nothing_new(source, picture_url):
    feed = rss(rss_item(picture=picture_url), rss_item(guid="courier-2", title="Second"))
    assert outcomes(ingest_document(feed, source)) == [Outcome.CREATED] * 2
    assert outcomes(ingest_document(feed, source)) == [Outcome.UNCHANGED] * 2
    assert Story.objects.count() == 2
    assert Image.objects.count() == 1


def test_the_same_guid_from_another_source_is_another_story(source):
    ingest_document(rss(rss_item()), source)
    ingest_document(rss(rss_item()), SourceFactory(slug="wire"))
    assert Story.objects.count() == 2
    assert len(set(Story.objects.values_list("slug", flat=True))) == 2


def test_an_updated_item_updates_the_unedited_draft(source):
    ingest_document(rss(rss_item()), source)
    report = ingest_document(
        rss(rss_item(title="Harbour dredging delayed", updated="Wed, 25 Nov 2026 08:00:00 GMT")),
        source,
    )
    assert outcomes(report) == [Outcome.UPDATED]
    story = Story.objects.get()
    assert story.headline == "Harbour dredging delayed"
    assert story.updated_at == datetime(2026, 11, 25, 8, 0, tzinfo=UTC)
    assert not story.needs_attention


def test_an_updated_item_never_overwrites_a_persons_edit(source):
    ingest_document(rss(rss_item()), source)
    story = Story.objects.get()
    story.body = "<p>Rewritten by the desk.</p>"
    story.save()
    changed = rss(rss_item(title="Harbour dredging delayed"))
    report = ingest_document(changed, source)
    assert outcomes(report) == [Outcome.FLAGGED]
    story.refresh_from_db()
    assert story.body == "<p>Rewritten by the desk.</p>"
    assert story.headline == "Harbour dredging approved"
    assert story.needs_attention
    assert "edited here" in story.attention_reason
    assert "https://courier.example.org/courier-1/" in story.attention_reason
    assert outcomes(ingest_document(changed, source)) == [Outcome.UNCHANGED]


def test_an_updated_item_flags_a_story_that_left_draft(source):
    ingest_document(rss(rss_item()), source)
    Story.objects.update(status=Story.Status.IN_REVIEW)
    assert outcomes(ingest_document(rss(rss_item(title="Changed")), source)) == [Outcome.FLAGGED]
    story = Story.objects.get()
    assert story.headline == "Harbour dredging approved"
    assert "no longer a draft" in story.attention_reason


def test_stories_are_published_only_when_the_source_auto_publishes(source):
    ingest_document(rss(rss_item()), source)
    assert Story.objects.get().status == Story.Status.DRAFT
    wire = SourceFactory(slug="wire", auto_publish=True)
    report = ingest_document(rss(rss_item()), wire)
    assert "published" in report.items[0].message
    story = Story.objects.get(source=wire)
    assert story.status == Story.Status.PUBLISHED
    assert Story.objects.published().get() == story


def test_atom_feed_from_a_local_server_through_the_command(source, local_server, picture_url):
    (local_server.root / "atom.xml").write_text(
        '<?xml version="1.0" encoding="utf-8"?>'
        '<feed xmlns="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/">'
        "<title>Courier</title><id>urn:courier</id><updated>2026-11-24T10:00:00Z</updated>"
        "<entry><title>Ferry timetable changes</title><id>urn:courier:ferry</id>"
        '<link rel="alternate" href="https://courier.example.org/ferry/"/>'
        "<published>2026-11-24T08:00:00Z</published><updated>2026-11-24T10:00:00Z</updated>"
        "<author><name>Sam Reyes</name></author>"
        '<summary type="html">Winter times.</summary>'
        '<content type="html">&lt;p&gt;The ferry runs hourly.&lt;/p&gt;</content>'
        f'<media:content url="{picture_url}" medium="image" type="image/jpeg">'
        "<media:description>The ferry at the quay.</media:description>"
        "<media:credit>Sam Reyes</media:credit></media:content></entry></feed>",
        encoding="utf-8",
    )
    call_command("ingest", f"{local_server.url}/atom.xml", source="courier")
    story = Story.objects.get()
    assert story.ingest_guid == "urn:courier:ferry"
    assert story.body == "<p>The ferry runs hourly.</p>"
    assert story.dek == "Winter times."
    assert story.byline_override == "Sam Reyes"
    assert story.updated_at == datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
    assert story.lead_image.caption == "The ferry at the quay."
    assert story.lead_image.credit == "Sam Reyes"


def test_ninjs_document_and_list(source, picture_url):
    single = json.dumps(ninjs_item("urn:wire:1", "Port expands", picture_url)).encode()
    assert outcomes(ingest_document(single, source)) == [Outcome.CREATED]
    story = Story.objects.get()
    assert story.headline == "Port expands"
    assert story.body == "<p>Text</p>"
    assert story.dek == "A short summary."
    assert story.byline_override == "Wire Staff"
    assert story.dateline == "PORTSMOUTH"
    assert story.original_url == "https://wire.example.org/Port/"
    assert list(story.tags.names()) == ["ports"]
    assert story.lead_image.caption == "Cranes at the port."
    assert story.lead_image.credit == "Wire/Jo Bloggs"
    listing = json.dumps(
        [ninjs_item("urn:wire:1", "Port expands", picture_url), ninjs_item("urn:wire:2", "Docks")]
    ).encode()
    assert outcomes(ingest_document(listing, source)) == [Outcome.UNCHANGED, Outcome.CREATED]


def test_our_own_api_output_can_be_ingested(client, source):
    published = StoryFactory(
        published=True, headline="Round trip", body="<p>Both ways.</p>", byline_override="Desk"
    )
    document = client.get("/api/v1/stories/").content
    partner = SourceFactory(slug="sister-paper")
    assert outcomes(ingest_document(document, partner)) == [Outcome.CREATED]
    copy = Story.objects.get(source=partner)
    assert (copy.headline, copy.body, copy.byline_override) == (
        "Round trip",
        "<p>Both ways.</p>",
        "Desk",
    )
    assert copy.original_url.endswith(published.get_absolute_url())
    assert copy.status == Story.Status.DRAFT


def test_an_odd_ninjs_item_fails_alone(source):
    odd = ninjs_item("urn:wire:odd", "Odd one", "https://wire.example.org/a.jpg")
    odd["associations"][0]["renditions"] = [{"href": "x.jpg", "width": "wide"}, 7]
    odd["headlines"] = "not a list"
    listing = [odd, {"uri": "urn:wire:bad", "headlines": [{"value": 5}], "subjects": [{"name": 1}]}]
    listing += ["not an object", ninjs_item("urn:wire:fine", "Fine")]
    report = ingest_document(json.dumps(listing).encode(), source)
    assert outcomes(report) == [Outcome.FAILED] * 3 + [Outcome.CREATED]
    assert "is not a ninjs object" in report.items[2].message
    assert Story.objects.filter(ingest_guid="urn:wire:fine").exists()


def test_control_characters_are_dropped_from_every_text(source):
    document = {
        "uri": "urn:courier:controls",
        "headlines": [{"role": "main", "value": "Tide\x01 out"}],
        "descriptions": [{"role": "summary", "value": "Low\x0b water"}],
        "bodies": [{"contenttype": "text/html", "value": "<p>Mud\x00 flats\x1f</p>"}],
        "by": "Ruth\x07 Abara",
        "located": "Port\x08 Ellen",
        "subjects": [{"name": "tides\x02", "rel": "tag"}],
    }
    ingest_document(json.dumps(document).encode(), source)

    story = Story.objects.get()
    assert (story.headline, story.dek, story.body) == ("Tide out", "Low water", "<p>Mud flats</p>")
    assert (story.byline_override, story.dateline) == ("Ruth Abara", "Port Ellen")
    assert list(story.tags.names()) == ["tides"]


def test_auto_publishing_goes_through_the_workflow_and_is_logged(source):
    wire = SourceFactory(slug="wire", auto_publish=True)
    ingest_document(rss(rss_item()), wire)
    story = Story.objects.get(source=wire)
    event = story.events.get()
    assert (event.action, event.to_status, event.actor) == ("publish", "published", "ingest: wire")


def test_a_story_the_workflow_will_not_publish_stays_a_draft_flagged(source):
    wire = SourceFactory(slug="wire", auto_publish=True)
    story = StoryFactory(source=wire, body="")
    assert not publish_if_source_allows(story)
    story.refresh_from_db()
    assert story.status == Story.Status.DRAFT
    assert story.needs_attention
    assert story.attention_reason.startswith("Not auto-published:")
    assert "body" in story.attention_reason
