"""Broken and hostile partner feeds, served on 127.0.0.1 for the soak test's ingest runs.

Every answer is bounded: the slow and hanging ones give up after ``MAX_STALL_SECONDS``, so the
server always stops, whatever the client does.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

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
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def send_feed(self, body: bytes) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
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
    host, port = server.server_address[:2]
    try:
        yield f"http://{host}:{port}"
    finally:
        server.shutdown()
        server.server_close()
