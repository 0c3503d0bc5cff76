"""Purging a CDN after commit: the hook, the purge URL, and failures that change nothing."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from articles.pagecache import keys as cache_keys
from tests.support.page_cache import (
    correct,
    update,
)

purged: list[list[str]] = []


def record_purge(keys: list[str]) -> None:
    purged.append(keys)


def test_purge_hook_gets_the_keys_once_per_transaction(
    client, page_cache, newsroom, committed, settings
):
    settings.CACHE_PURGE_HOOK = "tests.pagecache.test_purge.record_purge"
    purged.clear()
    story = newsroom["story_a"]
    with committed():
        update(newsroom, {})
        story.tags.add("budget")
    assert len(purged) == 1
    changed = {cache_keys.story(story.pk), cache_keys.tag_list(newsroom["tag_b"].pk)}
    assert changed | {cache_keys.SITEMAP} <= set(purged[0])
    assert cache_keys.story(newsroom["story_b"].pk) not in purged[0]


def test_purge_url_receives_the_keys_as_json(page_cache, newsroom, committed, settings):
    received = []

    class PurgeRelay(BaseHTTPRequestHandler):
        def do_POST(self):
            received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            self.send_response(204)
            self.end_headers()

        def log_message(self, format, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), PurgeRelay)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.CACHE_PURGE_URL = f"http://127.0.0.1:{server.server_address[1]}/purge"
    try:
        with committed():
            correct(newsroom, {})
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
    assert received == [{"surrogate_keys": [cache_keys.corrections(newsroom["story_a"].pk)]}]


def test_a_failing_purge_hook_does_not_break_the_write(page_cache, newsroom, committed, settings):
    settings.CACHE_PURGE_URL = "http://127.0.0.1:9/purge"
    with committed():
        correct(newsroom, {})
    assert newsroom["story_a"].corrections.count() == 1
