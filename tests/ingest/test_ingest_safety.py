"""Ingest survives what partners and the network send: bad feeds, hosts, sizes, slowness."""

import threading
from http.server import BaseHTTPRequestHandler
from itertools import count

import pytest
from django.core.management import CommandError, call_command

from articles.ingest import fetch
from articles.ingest.service import (
    Outcome,
    ingest_document,
    ingest_location,
)
from articles.models import Source, Story
from tests.ingest.documents import outcomes, rss, rss_item
from tests.support.factories import SourceFactory
from tests.support.local_server import serving

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("allow_loopback")]


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
