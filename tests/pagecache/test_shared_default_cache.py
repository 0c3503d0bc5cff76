"""Without Redis, the running server and a command share one cache (files on the machine).

A story published from the command line (``manage.py ingest`` from an auto-publishing
partner) is on the running server's front page at its next request, not after the
page cache's timeout.
"""

from __future__ import annotations

import subprocess
import sys

from tests.support.processes import PROJECT, child_env, get, run_client, servers  # noqa: F401

FEED = (
    '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Courier</title>'
    "<link>https://courier.example.org/</link><description>News</description>"
    "<item><title>Ferry returns to the island route</title><guid>courier-9</guid>"
    "<link>https://courier.example.org/9/</link><description>The ferry is back.</description>"
    "<pubDate>Tue, 24 Nov 2026 09:30:00 GMT</pubDate></item></channel></rss>"
)


def test_a_command_line_publish_is_on_the_running_servers_next_page(tmp_path, servers):  # noqa: F811
    env = child_env(
        DATABASE_URL=f"sqlite:///{tmp_path / 'site.sqlite3'}",
        CACHE_DIR=str(tmp_path / "cache"),
        MEDIA_ROOT=str(tmp_path / "media"),
        PAGE_CACHE_TIMEOUT="300",
    )
    run_client("migrate", {}, env=env)
    source = run_client("site", {}, env=env)["source"]
    url = servers(env, tmp_path / "server.log")

    status, headers, page = get(f"{url}/")
    assert status == 200 and "Quay repairs finished" in page
    status, headers, page = get(f"{url}/")
    assert headers["X-Cache"] == "HIT", "the front page is served from the cache"

    feed = tmp_path / "feed.xml"
    feed.write_text(FEED, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "manage.py", "ingest", str(feed), "--source", source],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr

    status, headers, page = get(f"{url}/")
    assert status == 200
    assert headers["X-Cache"] == "MISS"
    assert "Ferry returns to the island route" in page
