"""A real worker process on the real Redis: work enqueued through the Tasks API is done.

The test and a client process share a database with the worker (see
``tests.support.processes.shared_database_url``); the client enqueues, the worker runs, and
the client reads the results from the database.
"""

from __future__ import annotations

import json
import sys

import pytest

from tests.support.processes import (
    REDIS_TASKS_DB,
    child_env,
    redis_or_skip,
    run_client,
    shared_database_url,
    start,
    stop,
    wait_for,
)

FEED = (
    '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Courier</title>'
    "<link>https://courier.example.org/</link><description>News</description>"
    "<item><title>Harbour dredging approved</title><guid>courier-1</guid>"
    "<link>https://courier.example.org/1/</link><description>Work starts in spring.</description>"
    "<pubDate>Tue, 24 Nov 2026 09:30:00 GMT</pubDate></item>"
    "<item><title>الميناء يفتح رصيفاً جديداً</title><guid>courier-2</guid>"
    "<link>https://courier.example.org/2/</link>"
    "<description>افتتح الميناء رصيفاً جديداً.</description>"
    "<pubDate>Tue, 24 Nov 2026 10:30:00 GMT</pubDate></item>"
    "</channel></rss>"
).encode()


OEMBED = {"type": "video", "version": "1.0", "title": "Storm over the harbour wall",
          "author_name": "Port TV", "provider_name": "YouTube"}  # fmt: skip


@pytest.fixture
def queue_env(transactional_db, tmp_path, local_server):
    redis = redis_or_skip(REDIS_TASKS_DB)
    redis.flushdb()
    # The worker asks the local server in YouTube's place (its settings name the endpoint).
    (local_server.root / "oembed").write_text(json.dumps(OEMBED))
    env = child_env(
        DJANGO_SETTINGS_MODULE="tests.support.worker_settings",
        TEST_OEMBED_URL=f"{local_server.url}/oembed",
        DATABASE_URL=shared_database_url(tmp_path),
        TASKS_BACKEND="rq",
        TASKS_REDIS_URL=f"redis://127.0.0.1:6379/{REDIS_TASKS_DB}",
        MEDIA_ROOT=str(tmp_path / "media"),
        # Its own cache: the clock's mark of a tick must not outlive this test.
        CACHE_DIR=str(tmp_path / "cache"),
        TASKS_RETRY_DELAYS="0,1",
        # One tick when the worker starts, none after: a scheduled story must be
        # published by the task enqueued for its time, not by the clock.
        TASKS_CLOCK_SECONDS="3600",
        INGEST_ALLOW_PRIVATE_HOSTS="true",
    )
    yield env
    redis.flushdb()


def test_the_worker_makes_renditions_asks_embeds_publishes_on_time_polls_and_records_failures(
    queue_env, local_server, closed_port, tmp_path
):
    (local_server.root / "feed.xml").write_bytes(FEED)
    ids = run_client(
        "setup",
        {
            "feed_url": f"{local_server.url}/feed.xml",
            "broken_url": f"http://127.0.0.1:{closed_port}/feed.xml",
            "publish_in": 3,
        },
        env=queue_env,
    )
    before = run_client("state", ids, env=queue_env)
    # Nothing ran in the process that enqueued: the admin answers before the renditions.
    assert before["renditions"] == 0
    assert before["story_status"] == "scheduled"
    assert before["polled"] == []
    assert "data-title" not in before["embed_body"]

    worker = start(
        [sys.executable, "manage.py", "tasks_worker", "--name", "test-worker"],
        env=queue_env,
        log=tmp_path / "worker.log",
    )
    try:
        seen: dict = {}

        def settled():
            seen.update(run_client("state", ids, env=queue_env))
            return (
                seen["renditions"]
                and seen["story_status"] == "published"
                and seen["ingested"]
                and seen["failed"]
                and "data-title" in seen["embed_body"]
            )

        wait_for(
            settled,
            timeout=40,
            what=lambda: (
                f"the worker's results; last state {seen}; worker's log:\n"
                + (tmp_path / "worker.log").read_text(errors="replace")[-4000:]
            ),
        )
    finally:
        stop(worker)
    state = seen
    log = (tmp_path / "worker.log").read_text(errors="replace")

    # Renditions: JPEG and WebP srcsets and the three crops, made once though enqueued twice.
    assert state["renditions"] == len(set(state["rendition_files"])) >= 8
    assert any(name.endswith(".webp") for name in state["rendition_files"])
    # The scheduled story was published by the queue, at its time, once.
    assert state["story_events"][0] == ["publish", "task queue"]
    assert [action for action, _ in state["story_events"]].count("publish") == 1
    # The embed's details were asked of the provider and written into the body.
    assert state["embed_body"] == (
        "<p>العاصفة فوق جدار الميناء.</p>"
        '<figure data-embed="https://www.youtube.com/watch?v=dQw4w9WgXcQ" '
        'data-title="Storm over the harbour wall" data-author="Port TV"></figure>'
    )
    # The working source was read; the broken one did not stop it, and failed for good
    # after the bounded retries, with its error kept for staff.
    assert sorted(state["ingested"]) == ["Harbour dredging approved", "الميناء يفتح رصيفاً جديداً"]
    assert sorted(state["polled"]) == ["courier", "gone"]
    [failure] = state["failed"]
    assert failure["task"] == "articles.background.tasks.poll_source"
    assert failure["args"] == {"args": [ids["broken_source"]], "kwargs": {}}
    assert failure["attempts"] == 3
    assert "could not be reached" in failure["error"]
    assert "Traceback" in log
