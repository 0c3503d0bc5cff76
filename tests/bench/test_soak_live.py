"""The soak test's live story: when each poller learned of each update, stale polls, goals."""

from __future__ import annotations

import copy

import pytest

from bench.soak.checks import LiveEvent, Poll, cache_lifetime, judge_live, page_kind
from bench.soak.report import goals_met, render_summary
from tests.bench.test_soak import RESULTS


def poll(poller: int, started: float, shown=(), deleted=(), status: int = 200) -> Poll:
    return Poll(poller, started, started + 0.5, status, frozenset(shown), frozenset(deleted))


def test_each_update_is_timed_to_the_first_poll_that_carries_it():
    events = [LiveEvent("post", 7, 10.0), LiveEvent("delete", 5, 20.0)]
    polls = [
        poll(0, 9.0, shown={5}),
        poll(0, 14.0, shown={5, 7}),
        poll(0, 19.0, shown={5, 7}, status=304),
        poll(0, 24.0, shown={7}, deleted={5}),
        poll(1, 11.0, shown={5, 7}),
        poll(1, 21.0, shown={7}, deleted={5}),
    ]
    live = judge_live(events, polls, bound_seconds=5)
    assert (live["posts"], live["deletes"], live["pollers"], live["polls"]) == (1, 1, 2, 6)
    assert live["not_modified"] == 1 and live["statuses"]["3xx"] == 1
    assert live["checks"] == 4 and live["unseen"] == 0 and live["stale"] == []
    assert live["max_sent_delay"] == 4.0  # poller 0 saw update 7 in the poll sent at 14.0
    assert live["max_seen_delay"] == 4.5
    assert live["p50_seen_delay"] == 1.5
    assert live["p50_answer"] == live["max_answer"] == 0.5


def test_a_poll_sent_after_the_commit_without_the_update_is_stale():
    events = [LiveEvent("post", 7, 10.0), LiveEvent("delete", 5, 10.0)]
    polls = [
        poll(0, 11.0, shown={5}),  # sent after both commits: neither is in it
        poll(0, 16.0, shown={7}, deleted={5}),
        poll(1, 12.0, shown={5}, status=304),  # a 304 keeps the page as it was
        poll(1, 17.0, shown={5}),
        poll(2, 13.0, status=503),
    ]
    live = judge_live(events, polls, bound_seconds=5)
    assert len(live["stale"]) == 2 and "update 7 missing 1.0 s after" in live["stale"][0]
    assert live["unseen"] == 2  # poller 1 never learned of either
    assert live["statuses"]["5xx"] == 1


def test_a_reader_who_stopped_polling_before_an_update_is_not_judged_on_it():
    live = judge_live([LiveEvent("post", 7, 30.0)], [poll(0, 10.0, shown={5})], 5)
    assert live["checks"] == 0 and live["max_sent_delay"] is None


@pytest.mark.parametrize(
    ("header", "seconds"),
    [("public, no-cache, max-age=60", 0), ("public, max-age=60", 60), ("max-age=60, s-maxage=5", 5),
     ("no-store", 0), ("", 0)],
)  # fmt: skip
def test_the_cache_lifetime_is_read_from_cache_control(header, seconds):
    assert cache_lifetime(header) == seconds


def test_the_poll_is_a_kind_of_page_of_its_own():
    assert page_kind("/stories/storm/live.json") == "live poll"
    assert page_kind("/stories/storm/") == "story"


def test_the_summary_reports_the_live_story():
    summary = render_summary(RESULTS)
    assert "## A live story updated while readers poll" in summary
    assert (
        "| 15 | 4 | 240 | 120 | 0 | 0 | 0.4 s | 1.3 s | 4.9 s | 2.6 s | 5.2 s | 6.1 s |" in summary
    )
    assert "at most 4.9 s to the poll that carried it (limit 5 s)" in summary


@pytest.mark.parametrize(
    "spoil",
    [
        lambda live: live["statuses"].update({"5xx": 1}),
        lambda live: live.update(max_sent_delay=5.5),
        lambda live: live["stale"].append("poller 3: post of update 9 missing 2.0 s after"),
        lambda live: live.update(unseen=1),
        lambda live: live.update(checks=0, max_sent_delay=None),
        lambda live: live.clear(),
    ],
)
def test_a_missed_live_goal_fails_the_run_and_is_marked(spoil):
    results = copy.deepcopy(RESULTS)
    spoil(results["live"])
    assert not goals_met(results)
    assert "**NO**" in render_summary(results)
