import json
import threading
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler
from itertools import count
from xml.sax.saxutils import escape

import pytest
from django.core.management import CommandError, call_command
from PIL import ExifTags
from PIL import Image as PillowImage

from articles.ingest import fetch
from articles.ingest.service import (
    Outcome,
    ingest_document,
    ingest_location,
    publish_if_source_allows,
)
from articles.models import Image, Source, Story
from tests.support.factories import SectionFactory, SourceFactory, StoryFactory, jpeg_bytes
from tests.support.local_server import serving
from tests.support.photos import gps_exif, iim_records, photo_bytes

pytestmark = pytest.mark.django_db

HOSTILE_BODY = (
    '<p onclick="steal()">Dredging starts <a href="javascript:alert(1)">soon</a>.</p>'
    "<script>alert('x')</script><iframe src=\"https://evil.example/\"></iframe>"
    "<p>The council agreed.</p>"
)


@pytest.fixture(autouse=True)
def allow_loopback(settings):
    settings.INGEST_ALLOW_PRIVATE_HOSTS = True


@pytest.fixture
def source():
    SectionFactory(name="News", slug="news", position=0)
    return SourceFactory(name="Harbour Valley Courier", slug="courier")


@pytest.fixture
def picture_url(local_server):
    (local_server.root / "boats.jpg").write_bytes(jpeg_bytes(80, 60))
    return f"{local_server.url}/boats.jpg"


def rss_item(guid="courier-1", title="Harbour dredging approved", body=HOSTILE_BODY,
             picture=None, updated="Tue, 24 Nov 2026 11:00:00 GMT", extra=""):  # fmt: skip
    media = ""
    if picture:
        media = (
            f'<media:content url="{picture}" type="image/jpeg" medium="image">'
            "<media:description>Fishing boats moored on Monday.</media:description>"
            "<media:credit>Port Authority/Sam Reyes/Handout</media:credit>"
            "<media:copyright>© Port Authority</media:copyright></media:content>"
        )
    guid_element = f'<guid isPermaLink="false">{guid}</guid>' if guid else ""
    return (
        f"<item><title>{escape(title)}</title>"
        f"<link>https://courier.example.org/{guid}/</link>{guid_element}"
        "<description>Work starts in spring.</description>"
        f"<content:encoded>{escape(body)}</content:encoded>"
        "<dc:creator>Ruth Abara</dc:creator><category>dredging</category>"
        "<pubDate>Tue, 24 Nov 2026 09:30:00 GMT</pubDate>"
        f"<atom:updated>{updated}</atom:updated>{media}{extra}</item>"
    )


def rss(*items):
    return (
        '<?xml version="1.0" encoding="utf-8"?>'
        '<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">'
        "<channel><title>Courier</title><link>https://courier.example.org/</link>"
        f"<description>News</description>{''.join(items)}</channel></rss>"
    ).encode()


def outcomes(report):
    return [item.outcome for item in report.items]


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


def ninjs_item(uri, headline, picture_url=None):
    item = {
        "uri": uri,
        "type": "text",
        "headlines": [{"role": "main", "value": headline}],
        "by": "Wire Staff",
        "located": "PORTSMOUTH",
        "firstcreated": "2026-11-24T07:00:00+00:00",
        "descriptions": [{"role": "summary", "value": "A short summary."}],
        "bodies": [{"contenttype": "text/html", "value": "<p>Text<script>x()</script></p>"}],
        "subjects": [{"name": "News", "rel": "section"}, {"name": "ports", "rel": "tag"}],
        "altids": [{"role": "url", "value": f"https://wire.example.org/{headline[:4]}/"}],
    }
    if picture_url:
        item["associations"] = [
            {
                "name": "featureimage",
                "uri": "urn:wire:picture:1",
                "type": "picture",
                "by": "Wire/Jo Bloggs",
                "copyrightnotice": "© Wire",
                "descriptions": [{"role": "caption", "value": "Cranes at the port."}],
                "renditions": [
                    {"name": "thumb", "href": "https://wire.example.org/tiny.jpg", "width": 10},
                    {"name": "large", "href": picture_url, "width": 80},
                ],
            }
        ]
    return item


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


def test_a_malformed_feed_is_reported_and_creates_nothing(source, tmp_path):
    for broken in [b"<rss><channel><item><title>cut off", b"just words", b'{"uri": ']:
        report = ingest_document(broken, source)
        assert report.error, broken
        assert report.items == []
    feed = tmp_path / "broken.xml"
    feed.write_bytes(b"<rss><channel><item><title>cut off")
    with pytest.raises(CommandError):
        call_command("ingest", str(feed), source="courier")
    assert not Story.objects.exists()


def test_an_unreachable_host_is_reported(source, closed_port):
    report = ingest_location(f"http://127.0.0.1:{closed_port}/feed.xml", source)
    assert "could not be reached" in report.error
    assert not Story.objects.exists()


def test_only_http_and_https_and_public_hosts_are_fetched(source, settings, tmp_path):
    report = ingest_location("ftp://example.org/feed.xml", source)
    assert "neither an http(s) address nor a readable file" in report.error
    settings.INGEST_ALLOW_PRIVATE_HOSTS = False
    report = ingest_location("http://127.0.0.1:9/feed.xml", source)
    assert "private address" in report.error


def test_an_oversized_feed_is_refused(source, settings, local_server, tmp_path):
    settings.INGEST_MAX_FEED_BYTES = 100
    feed = rss(rss_item())
    (tmp_path / "big.xml").write_bytes(feed)
    (local_server.root / "big.xml").write_bytes(feed)
    assert "limit of 100 bytes" in ingest_location(str(tmp_path / "big.xml"), source).error
    assert "over the limit of 100" in ingest_location(f"{local_server.url}/big.xml", source).error


def test_bad_items_are_reported_one_by_one_and_the_rest_ingested(source, settings):
    settings.INGEST_MAX_BODY_CHARS = 2000
    report = ingest_document(
        rss(
            rss_item(guid="too-long", body="<p>" + "word " * 1000 + "</p>"),
            rss_item(guid="", title="No guid at all").replace(
                "<link>https://courier.example.org//</link>", ""
            ),
            rss_item(guid="no-headline", title=""),
            rss_item(guid="fine"),
        ),
        source,
    )
    assert outcomes(report) == [Outcome.FAILED, Outcome.FAILED, Outcome.FAILED, Outcome.CREATED]
    assert "over the limit of 2000" in report.items[0].message
    assert "no GUID" in report.items[1].message
    assert "no headline" in report.items[2].message
    assert Story.objects.get().ingest_guid == "fine"


def test_picture_problems_keep_the_story_and_flag_it(source, settings, local_server, closed_port):
    settings.INGEST_MAX_IMAGE_BYTES = 50_000
    (local_server.root / "huge.jpg").write_bytes(jpeg_bytes(2000, 2000) + b"\0" * 60_000)
    (local_server.root / "fake.jpg").write_text("<html>not a picture</html>")
    (local_server.root / "words.jpg").write_text("just some words")
    (local_server.root / "cut.jpg").write_bytes(jpeg_bytes(200, 200)[:400])
    cases = {
        "huge": (f"{local_server.url}/huge.jpg", "over the limit"),
        "fake": (f"{local_server.url}/fake.jpg", "contains markup or script"),
        "words": (f"{local_server.url}/words.jpg", "not a photo we can use"),
        "cut": (f"{local_server.url}/cut.jpg", "damaged or incomplete"),
        "missing": (f"{local_server.url}/missing.jpg", "404"),
        "local-file": ("file:///etc/passwd", "not an http or https address"),
        "closed": (f"http://127.0.0.1:{closed_port}/a.jpg", "could not be reached"),
    }
    report = ingest_document(
        rss(*(rss_item(guid=guid, picture=url) for guid, (url, _) in cases.items())), source
    )
    assert outcomes(report) == [Outcome.CREATED] * len(cases)
    for item, (guid, (_, reason)) in zip(report.items, cases.items(), strict=True):
        story = Story.objects.get(ingest_guid=guid)
        assert story.lead_image is None
        assert story.needs_attention
        assert reason in story.attention_reason, guid
        assert reason in item.message, guid
    assert not Image.objects.exists()


def test_ingest_sources_polls_every_source_and_survives_failures(
    source, local_server, closed_port, capsys
):
    (local_server.root / "feed.xml").write_bytes(rss(rss_item()))
    broken = SourceFactory(slug="broken", feed_url=f"http://127.0.0.1:{closed_port}/feed.xml")
    source.feed_url = f"{local_server.url}/feed.xml"
    source.save()
    SourceFactory(slug="no-feed")
    with pytest.raises(CommandError, match="1 of 2 sources could not be read: broken"):
        call_command("ingest_sources")
    assert Story.objects.get().source == source
    broken.refresh_from_db()
    source.refresh_from_db()
    assert broken.last_polled_at and "could not be reached" in broken.last_poll_error
    assert source.last_polled_at and source.last_poll_error == ""
    output = capsys.readouterr()
    assert "created: courier-1" in output.out
    assert "broken:" in output.err


def test_unknown_source_is_a_clear_command_error(db):
    with pytest.raises(CommandError, match="No source with the slug 'nobody'"):
        call_command("ingest", "feed.xml", source="nobody")


def test_admin_shows_attention_and_poll_status(admin_client, source):
    ingest_document(rss(rss_item()), source)
    Story.objects.update(needs_attention=True, attention_reason="The source changed it.")
    Source.objects.filter(pk=source.pk).update(last_poll_error="feed.xml answered 500")
    stories = admin_client.get("/admin/articles/story/?needs_attention__exact=1")
    assert "The source changed it." in stories.content.decode()
    assert (
        admin_client.get("/admin/articles/story/?needs_attention__exact=0")
        .context["cl"]
        .result_count
        == 0
    )
    change = admin_client.get(f"/admin/articles/source/{source.pk}/change/").content.decode()
    assert "feed.xml answered 500" in change


def test_a_slow_server_is_given_up_on(source, local_server, monkeypatch, settings):
    settings.INGEST_TIMEOUT = 10
    (local_server.root / "slow.xml").write_bytes(rss(rss_item()) + b" " * 200_000)
    clock = count(start=0, step=6)
    monkeypatch.setattr(fetch, "monotonic", lambda: next(clock))
    report = ingest_location(f"{local_server.url}/slow.xml", source)
    assert "took longer than 10 seconds" in report.error
    assert not Story.objects.exists()


def test_a_server_that_keeps_sending_a_little_is_given_up_on(source, monkeypatch, settings):
    """A trickle never fills a whole chunk, so each read must return what has arrived."""
    settings.INGEST_TIMEOUT = 5
    release = threading.Event()

    class Trickle(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.end_headers()
            self.wfile.write(b"<?xml version='1.0'?><rss version='2.0'><channel>")
            self.wfile.flush()
            release.wait(timeout=30)

        def log_message(self, format, *args):
            pass

    clock = count(start=0, step=6)
    monkeypatch.setattr(fetch, "monotonic", lambda: next(clock))
    with serving(Trickle) as url:
        try:
            report = ingest_location(f"{url}/feed", source)
        finally:
            release.set()
    assert "took longer than 5 seconds" in report.error


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


def test_redirects_are_checked_like_the_first_address(source, settings):
    class Redirect(BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(302)
            self.send_header("Location", "ftp://example.org/feed.xml")
            self.end_headers()

        def log_message(self, format, *args):
            pass

    with serving(Redirect) as url:
        report = ingest_location(f"{url}/feed", source)
    assert "'ftp://example.org/feed.xml' is not an http or https address" in report.error


def test_ingested_photos_are_checked_and_read_like_uploads(
    source, local_server, settings, django_capture_on_commit_callbacks
):
    iim = iim_records(
        {
            (1, 90): b"\x1b%G",
            (2, 120): "Caption in the file",
            (2, 80): "Byline in the file",
            (2, 115): "Agence Fichier",
            (2, 116): "© File rights",
            (2, 105): "Bateaux à quai",
            (2, 25): ["harbour", "pêche"],
        }
    )
    (local_server.root / "tagged.jpg").write_bytes(photo_bytes(900, 600, iim=iim, exif=gps_exif()))
    plain_item = rss_item(guid="plain", picture=f"{local_server.url}/tagged.jpg").replace(
        "<media:description>Fishing boats moored on Monday.</media:description>", ""
    )
    with django_capture_on_commit_callbacks(execute=True):
        report = ingest_document(
            rss(rss_item(guid="first", picture=f"{local_server.url}/tagged.jpg"), plain_item),
            source,
        )
    assert outcomes(report) == [Outcome.CREATED, Outcome.CREATED]
    image = Image.objects.get()  # the second item's identical photo is the same image
    assert Story.objects.filter(lead_image=image).count() == 2
    # The feed's texts win, as an editor's would; the file fills in the rest.
    assert image.caption == "Fishing boats moored on Monday."
    assert image.credit == "Port Authority/Sam Reyes/Handout"
    assert image.copyright_notice == "© Port Authority"
    assert image.agency == "Agence Fichier"
    assert image.title == "Bateaux à quai"
    assert set(image.tags.names()) == {"harbour", "pêche"}
    assert (image.width, image.height, image.format) == (900, 600, "jpeg")
    with image.file.open("rb") as stored, PillowImage.open(stored) as picture:
        assert not picture.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    assert image.renditions.filter(format="webp", width=900).exists()
    assert image.renditions.filter(format="jpeg", ratio="16:9").exists()


def test_an_ingested_photo_without_an_agency_is_credited_to_the_partner(source, picture_url):
    ingest_document(rss(rss_item(picture=picture_url)), source)
    image = Story.objects.get().lead_image
    assert image.agency == "Harbour Valley Courier"
    assert image.caption == "Fishing boats moored on Monday."


def test_an_ingested_photo_over_the_pixel_limit_is_refused(source, settings, local_server):
    settings.IMAGE_MAX_PIXELS = 1000
    (local_server.root / "wide.jpg").write_bytes(jpeg_bytes(80, 60))
    ingest_document(rss(rss_item(picture=f"{local_server.url}/wide.jpg")), source)
    story = Story.objects.get()
    assert story.lead_image is None and story.needs_attention
    assert "pixels" in story.attention_reason
    assert not Image.objects.exists()


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


def test_an_ingested_photo_without_alt_text_takes_its_caption(source, local_server):
    (local_server.root / "boats.jpg").write_bytes(jpeg_bytes(width=320, height=200))
    ingest_document(rss(rss_item(picture=f"{local_server.url}/boats.jpg")), source)
    image = Story.objects.get().lead_image
    assert image.alt_text == image.caption == "Fishing boats moored on Monday."
