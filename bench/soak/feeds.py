"""Broken and hostile partner feeds, served on 127.0.0.1 for the soak test's ingest runs.

Every answer is bounded: the slow and hanging ones give up after ``MAX_STALL_SECONDS``, so the
server always stops, whatever the client does.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import cast

MAX_STALL_SECONDS = 15
OVERSIZED_BODY_CHARS = 250_000
ENDLESS_FEED_LIMIT_BYTES = 8 * 1024 * 1024

# Words that must never reach a reader's page as live markup.
HOSTILE_MARKERS = ("<script>alert", " onerror=", ' href="javascript:', " onload=")

HOSTILE_ITEMS = [
    (
        "soak-hostile-script",
        "Harbour <script>alert('headline')</script> council vote",
        "<p>Before</p><script>alert('body')</script><img src=x onerror=alert(1)>"
        "<a href=\"javascript:alert('link')\">link</a><p>After</p>",
    ),
    (
        "soak-hostile-svg",
        "Council <b onmouseover=alert(1)>bridge</b> plan",
        "<svg onload=alert(1)><circle r=1></circle></svg>"
        '<p style="background:url(javascript:alert(1));width:expression(alert(1))">styled</p>'
        '<iframe src="data:text/html,<script>alert(1)</script>"></iframe><p>Text</p>',
    ),
    (
        "soak-hostile-unicode",
        "Council \u202eflood\u202c \u200breport \ufeff",
        "<p>Direction \u202e override</p><table><tr><td>unclosed <p><b><i>nesting",
    ),
    ("soak-oversized-body", "Council budget in full", "<p>" + "x" * OVERSIZED_BODY_CHARS + "</p>"),
    ("g" * 600, "Council item with an overlong GUID", "<p>Body</p>"),
    ("soak-no-headline", "", "<p>An item without a headline</p>"),
    ("", "Council item without a GUID or link", "<p>Body</p>"),
]


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def hostile_feed(base_url: str) -> bytes:
    """An RSS feed whose items attack the sanitizer and the limits, one way each."""
    items = []
    for guid, headline, body in HOSTILE_ITEMS:
        guid_element = f"<guid isPermaLink='false'>{_escape(guid)}</guid>" if guid else ""
        items.append(
            f"<item>{guid_element}<title>{_escape(headline)}</title>"
            f"<description>{_escape(body)}</description>"
            "<pubDate>Wed, 25 Nov 2026 09:00:00 GMT</pubDate></item>"
        )
    items.append(
        "<item><guid isPermaLink='false'>soak-hanging-picture</guid>"
        "<title>Council photo that never arrives</title><description>&lt;p&gt;Body&lt;/p&gt;"
        f"</description><media:content url='{base_url}/hang.jpg' medium='image'/></item>"
    )
    return (
        "<?xml version='1.0' encoding='utf-8'?>"
        "<rss version='2.0' xmlns:media='http://search.yahoo.com/mrss/'><channel>"
        "<title>Hostile wire</title><link>https://wire.example.org/</link>"
        + "".join(items)
        + "</channel></rss>"
    ).encode()


# Dates at and past the calendar's ends, and UTC offsets at their limits (±23:59 is the most
# ISO 8601 writes, ±14:00 the most a time zone uses): (ISO 8601, RFC 822, kept by ingest).
HOSTILE_DATES = [
    ("0001-01-01T00:00:00Z", "Mon, 01 Jan 0001 00:00:00 GMT", False),
    ("0001-01-01T00:00:00+01:00", "Mon, 01 Jan 0001 00:00:00 +0100", False),
    ("0001-01-01T00:00:00+23:59", "Mon, 01 Jan 0001 00:00:00 +2359", False),
    ("9999-12-31T23:59:59Z", "Fri, 31 Dec 9999 23:59:59 GMT", False),
    ("9999-12-31T23:59:59-14:00", "Fri, 31 Dec 9999 23:59:59 -1400", False),
    ("9999-12-31T23:59:59-23:59", "Fri, 31 Dec 9999 23:59:59 -2359", False),
    ("2026-11-25T09:00:00+14:00", "Wed, 25 Nov 2026 09:00:00 +1400", True),
    ("2026-11-25T09:00:00-23:59", "Wed, 25 Nov 2026 09:00:00 -2359", True),
]
JSON = "application/json"
#: A word in every dated item's headline, to find them with the site's search.
DATED_WORD = "almanac"
#: The items whose dates ingest must leave out and report, over both dated feeds.
DATES_LEFT_OUT = 2 * sum(not kept for _iso, _rfc822, kept in HOSTILE_DATES)


def _dated_headline(number: int, iso: str) -> str:
    return f"Almanac {number}: council records dated {iso}"


def hostile_dates_ninjs() -> bytes:
    """A ninjs list whose items are dated at and past the calendar's ends (firstcreated and
    versioncreated), the way the year-1 item that broke the site was."""
    items = [
        {
            "uri": f"urn:soak:dates:{number}",
            "type": "text",
            "headlines": [{"role": "main", "value": _dated_headline(number, iso)}],
            "bodies": [{"contenttype": "text/html", "value": "<p>From the archive.</p>"}],
            "firstcreated": iso,
            "versioncreated": iso,
        }
        for number, (iso, _rfc822, _kept) in enumerate(HOSTILE_DATES, 1)
    ]
    return json.dumps(items).encode()


def hostile_dates_feed() -> bytes:
    """The same dates as an RSS feed's pubDate and Atom updated."""
    items = "".join(
        f"<item><guid isPermaLink='false'>soak-dates-rss-{number}</guid>"
        f"<title>{_escape(_dated_headline(number, iso))} (RSS)</title>"
        "<description>&lt;p&gt;From the archive.&lt;/p&gt;</description>"
        f"<pubDate>{rfc822}</pubDate><atom:updated>{iso}</atom:updated></item>"
        for number, (iso, rfc822, _kept) in enumerate(HOSTILE_DATES, 1)
    )
    return (
        "<?xml version='1.0' encoding='utf-8'?>"
        "<rss version='2.0' xmlns:atom='http://www.w3.org/2005/Atom'><channel>"
        f"<title>Dated wire</title><link>https://wire.example.org/</link>{items}"
        "</channel></rss>"
    ).encode()


MALFORMED_FEED = (
    b"<?xml version='1.0'?><rss version='2.0'><channel><title>Broken wire<item><title>Half "
    b"an item<description>&bogus; <p>unclosed</channel>\x00\xff\xfe"
)
NOT_A_FEED = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8


class FeedHandler(BaseHTTPRequestHandler):
    """Answers each path with one kind of trouble."""

    def log_message(self, format, *args) -> None:
        pass

    def do_GET(self) -> None:
        answers = {
            "/hostile.xml": lambda: self.send_feed(hostile_feed(self.base_url())),
            "/hostile-dates.json": lambda: self.send_feed(hostile_dates_ninjs(), JSON),
            "/hostile-dates.xml": lambda: self.send_feed(hostile_dates_feed()),
            "/malformed.xml": lambda: self.send_feed(MALFORMED_FEED),
            "/not-a-feed.xml": lambda: self.send_feed(NOT_A_FEED),
            "/slow.xml": self.drip,
            "/hang.xml": self.hang,
            "/hang.jpg": self.hang,
            "/huge.xml": self.declare_huge,
            "/endless.xml": self.endless,
        }
        answer = answers.get(self.path.split("?")[0])
        if answer is None:
            self.send_error(404)
            return
        # The client giving up (as ingest does at its limits) is the expected end of some.
        with suppress(BrokenPipeError, ConnectionResetError):
            answer()

    def base_url(self) -> str:
        host, port = cast(tuple[str, int], self.server.server_address)[:2]
        return f"http://{host}:{port}"

    def send_feed(self, body: bytes, content_type: str = "application/rss+xml") -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def drip(self) -> None:
        """A feed that arrives one byte at a time, never finishing within the ingest limit."""
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.end_headers()
        deadline = time.monotonic() + MAX_STALL_SECONDS
        for byte in hostile_feed(self.base_url()):
            if time.monotonic() > deadline:
                break
            self.wfile.write(bytes([byte]))
            self.wfile.flush()
            time.sleep(0.2)

    def hang(self) -> None:
        """Accept the request and say nothing, for a bounded time."""
        time.sleep(MAX_STALL_SECONDS)

    def declare_huge(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.send_header("Content-Length", str(50 * 1024 * 1024))
        self.end_headers()
        self.wfile.write(b"<?xml version='1.0'?><rss version='2.0'><channel>")

    def endless(self) -> None:
        """A feed with no declared length that goes on past the ingest size limit."""
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.end_headers()
        self.wfile.write(b"<?xml version='1.0'?><rss version='2.0'><channel><title>")
        chunk = b"council " * 8192
        for _ in range(ENDLESS_FEED_LIMIT_BYTES // len(chunk)):
            self.wfile.write(chunk)


#: The feeds the soak test ingests, in order, with what a sound ingest does with each.
FEEDS = (
    ("/hostile.xml", "sanitizes the scripts away and refuses the items over the limits"),
    ("/hostile-dates.json", "keeps the stories, leaves the impossible dates out and says so"),
    ("/hostile-dates.xml", "keeps the stories, leaves the impossible dates out and says so"),
    ("/malformed.xml", "reports the broken document, ingests nothing"),
    ("/not-a-feed.xml", "reports that it is not a feed"),
    ("/slow.xml", "gives up at the ingest time limit"),
    ("/hang.xml", "gives up at the ingest time limit"),
    ("/huge.xml", "refuses the declared size"),
    ("/endless.xml", "stops at the size limit"),
)


@contextmanager
def feed_server() -> Iterator[str]:
    """Serve the feeds on a free port of 127.0.0.1; yield the base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), FeedHandler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    host, port = cast(tuple[str, int], server.server_address)[:2]
    try:
        yield f"http://{host}:{port}"
    finally:
        server.shutdown()
        server.server_close()
