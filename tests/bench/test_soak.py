"""The soak test's pure parts: counting answers, judging staleness and lost edits, the summary."""

from __future__ import annotations

import copy
from datetime import UTC, datetime

import pytest

from articles.ingest.parsers import parse_document
from bench.soak.checks import (
    AcceptedEdit,
    Expectation,
    PageAnswer,
    check_change,
    count_statuses,
    figures_by_kind,
    listing_paths,
    lost_edits,
    merge_wrk_mixes,
    non_2xx_paths,
    page_kind,
    parse_access_log,
    parse_wrk_mix,
    percentile,
    repeated_versions,
    split_by_window,
)
from bench.soak.feeds import (
    DATES_LEFT_OUT,
    HOSTILE_DATES,
    HOSTILE_ITEMS,
    hostile_dates_feed,
    hostile_dates_ninjs,
    hostile_feed,
)
from bench.soak.report import goals_met, render_summary


def test_statuses_are_counted_by_class_with_every_class_present():
    counts = count_statuses([200, 204, 301, 404, 410, 500, 503, 99])
    assert counts == {"1xx": 0, "2xx": 2, "3xx": 1, "4xx": 2, "5xx": 2, "other": 1}
    assert count_statuses([])["5xx"] == 0


def test_percentile_is_nearest_rank():
    values = list(range(1, 101))
    assert percentile(values, 50) == 50
    assert percentile(values, 95) == 95
    assert percentile(values, 99) == 99
    assert percentile([7.0], 99) == 7.0
    assert percentile([], 50) is None


@pytest.mark.parametrize(
    ("answer", "problem"),
    [
        (PageAnswer(200, "<h1>Bridge Soakpub3</h1>"), ""),
        (PageAnswer(200, "<h1>Bridge</h1>"), "/stories/a/ lacks Soakpub3"),
        (PageAnswer(404, "Soakpub3"), "/stories/a/ answered 404, expected 200"),
        (PageAnswer(200, "Soakpub3 old-headline"), "/stories/a/ still shows old-headline"),
    ],
)
def test_an_expectation_names_what_is_stale(answer, problem):
    expectation = Expectation("/stories/a/", present=("Soakpub3",), absent=("old-headline",))
    assert expectation.problem(answer) == problem


def fake_site(pages: dict[str, PageAnswer], asked: list[str]):
    def fetch(path: str) -> PageAnswer:
        asked.append(path)
        if path not in pages:
            raise ConnectionRefusedError("refused")
        return pages[path]

    return fetch


def test_a_change_is_stale_when_any_page_still_shows_the_old_state():
    asked = []
    fetch = fake_site(
        {
            "/stories/a/": PageAnswer(410, "Gone"),
            "/sections/news/": PageAnswer(200, "<li>Soakpub1</li>"),
            "/": PageAnswer(200, "front"),
        },
        asked,
    )
    expectations = [
        Expectation("/stories/a/", status=410),
        Expectation("/sections/news/", absent=("Soakpub1",)),
        Expectation("/", absent=("Soakpub1",)),
        Expectation("/feeds/rss/", absent=("Soakpub1",)),
    ]
    change = check_change("unpublish", 7, expectations, fetch)
    assert change.stale
    assert change.checked == 3
    assert change.problems == [
        "/sections/news/ still shows Soakpub1",
        "/feeds/rss/ could not be fetched: refused",
    ]
    # One fetch per page: a stale answer is not retried until it happens to be fresh.
    assert sorted(asked) == sorted(expectation.path for expectation in expectations)


def test_a_change_whose_pages_all_show_it_is_not_stale():
    fetch = fake_site({"/stories/a/": PageAnswer(200, "Soakfix4: fixed")}, [])
    expectations = [Expectation("/stories/a/", present=("Soakfix4",))]
    change = check_change("correction", 1, expectations, fetch)
    assert not change.stale
    assert change.checked == 1


def test_an_accepted_edit_missing_from_the_final_text_is_lost():
    accepted = [
        AcceptedEdit(1, "soak edit A-1.", 2),
        AcceptedEdit(1, "soak edit B-1.", 3),
        AcceptedEdit(2, "soak edit A-2.", 2),
    ]
    bodies = {1: "<p>soak edit A-1.</p><p>soak edit B-1.</p>", 2: "<p>soak edit B-2.</p>"}
    assert lost_edits(accepted, bodies) == [AcceptedEdit(2, "soak edit A-2.", 2)]
    assert lost_edits(accepted[:2], bodies) == []


def test_two_accepted_saves_of_one_version_are_reported():
    accepted = [AcceptedEdit(1, "a", 2), AcceptedEdit(1, "b", 2), AcceptedEdit(2, "c", 2)]
    assert repeated_versions(accepted) == [(1, 2)]
    assert repeated_versions(accepted[1:]) == []


ACCESS_LOG = [
    "[25/Nov/2026:11:00:00 +0000] 200 12000 /stories/a/",
    "[25/Nov/2026:11:00:05 +0000] 200 40000 /search/",
    "[25/Nov/2026:11:00:06 +0000] 500 900 /feeds/rss/",
    "[25/Nov/2026:11:00:09 +0000] 410 3000 /stories/b/",
    "not a request line",
]


def at(second: int) -> float:
    return datetime(2026, 11, 25, 11, 0, second, tzinfo=UTC).timestamp()


def test_the_access_log_is_split_at_the_ingest_window():
    requests = parse_access_log(ACCESS_LOG)
    assert [request.status for request in requests] == [200, 200, 500, 410]
    assert requests[1].milliseconds == 40.0
    during, outside = split_by_window(requests, at(5) + 0.6, at(6) + 0.2)
    assert [request.path for request in during] == ["/search/", "/feeds/rss/"]
    assert [request.path for request in outside] == ["/stories/a/", "/stories/b/"]
    assert non_2xx_paths(requests) == [("500 /feeds/rss/", 1), ("410 /stories/b/", 1)]


def test_figures_are_grouped_by_kind_of_page():
    assert [page_kind(path) for path in ("/", "/stories/a/", "/sitemap-news.xml")] == [
        "front",
        "story",
        "sitemap",
    ]
    by_kind = figures_by_kind(parse_access_log(ACCESS_LOG))
    assert list(by_kind) == ["story", "search", "feed"]
    assert by_kind["story"]["requests"] == 2
    assert by_kind["feed"]["statuses"]["5xx"] == 1


WRK_OUTPUT = (
    "Running 1m test @ http://127.0.0.1:8000\n"
    '{"requests": 600, "duration_us": 60000000, "bytes": 1, "p50_us": 1500, '
    '"p95_us": 9000, "p99_us": 20000, "max_us": 30000, "errors": 2, "connect": 0, '
    '"read": 1, "write": 0, "timeout": 1, "c1": 0, "c2": 590, '
    '"c3": 4, "c4": 5, "c5": 1, "hits": 450, "misses": 50}\n'
)


def test_wrk_mix_summary_is_read_with_its_status_classes():
    load = parse_wrk_mix(WRK_OUTPUT)
    assert load["requests_per_second"] == 10.0
    assert load["p95_ms"] == 9.0
    assert load["socket_errors"] == 2
    assert load["socket_errors_by_kind"] == {"connect": 0, "read": 1, "write": 0, "timeout": 1}
    assert load["statuses"] == {"1xx": 0, "2xx": 590, "3xx": 4, "4xx": 5, "5xx": 1}
    assert (load["cache_hits"], load["cache_misses"]) == (450, 50)
    with pytest.raises(ValueError):
        parse_wrk_mix("wrk: connection refused")


def test_the_hostile_feed_is_well_formed_so_each_item_is_judged_on_its_own():
    items = parse_document(hostile_feed("http://127.0.0.1:9"))
    assert len(items) == len(HOSTILE_ITEMS) + 1
    assert items[0].guid == "soak-hostile-script"
    assert "alert" not in items[0].body_html
    assert items[-1].picture.url == "http://127.0.0.1:9/hang.jpg"


RESULTS = {
    "command": "python -m bench.soak",
    "started": "2026-11-25 11:00 UTC",
    "machine": {"cores": "2", "load average at start": "1.00", "load average at end": "1.50"},
    "settings": {"connections": 50, "wrk_threads": 2, "seconds": 60, "workers": 2,
                 "editors": 4, "rival_stories": 3},
    "corpus": {"counts": {"stories": 3000}},
    "paths": {"listed": 400, "distinct": 300},
    "refused_paths": {},
    "load": {"requests": 6000, "seconds": 60.0, "requests_per_second": 100.0, "p50_ms": 400.0,
             "p95_ms": 900.0, "p99_ms": 1200.0, "max_ms": 2000.0, "socket_errors": 0,
             "statuses": {"1xx": 0, "2xx": 6000, "3xx": 0, "4xx": 0, "5xx": 0}},
    "server": {
        key: {"requests": 3000, "p50_ms": 9.0, "p95_ms": 30.0, "p99_ms": 60.0,
              "statuses": {"1xx": 0, "2xx": 3000, "3xx": 0, "4xx": 0, "5xx": 0, "other": 0}}
        for key in ("all", "during_ingest", "outside_ingest")
    } | {"by_kind": {}, "non_2xx": []},
    "ingest_window": {"start": 10.0, "end": 40.0},
    "ingest": [{"feed": "/hostile.xml", "expected": "sanitizes", "finished": True, "status": 0,
                "seconds": 4.0, "item_lines": ["created: a (story 9)", "failed: b: too long"],
                "summary": "soak-wire: 1 created, 1 failed", "traceback": False},
               {"feed": "/hostile-dates.json", "expected": "leaves dates out", "finished": True,
                "status": 0, "seconds": 1.0, "summary": "soak-wire: 8 created",
                "item_lines": [f"created: urn:soak:dates:{n} (story {n}): published; the publish "
                               "time was left out: 0001-01-01T00:00:00+00:00 is outside the "
                               "calendar." for n in range(DATES_LEFT_OUT)],
                "traceback": False}],
    "editor": {
        "changes": [
            {"action": "publish", "story_id": 9, "problems": [], "checked": 5, "seconds": 0.042}
        ]
    },
    "edits": {"failed_tasks": [], "accepted": 80, "refused": 9, "lost": [], "repeated_versions": [],
              "ingested_pages": [{"story": 9, "status": 200, "hostile_markup": []}],
              "listing_pages": [{"path": "/archive/", "status": 200},
                                {"path": "/sources/soak-wire/", "status": 200}]},
    "live": {"posts": 15, "deletes": 4, "pollers": 20, "polls": 240, "not_modified": 120,
             "statuses": {"1xx": 0, "2xx": 120, "3xx": 120, "4xx": 0, "5xx": 0, "other": 0},
             "checks": 380, "unseen": 0, "stale": [], "bound_seconds": 5, "interval": 5,
             "cache_lifetime": 0, "max_sent_delay": 4.9, "p50_seen_delay": 2.6,
             "p95_seen_delay": 5.2, "max_seen_delay": 6.1, "p50_answer": 0.4,
             "max_answer": 1.3},
}  # fmt: skip


def test_the_summary_reports_the_figures_and_meets_its_goals():
    summary = render_summary(RESULTS)
    assert goals_met(RESULTS)
    assert "**NO**" not in summary
    assert "| 6,000 | 100 | 400 | 900 | 1,200 | 2,000 | 6,000 | 0 | 0 | 0 | 0 |" in summary
    assert "80 saves accepted, 9 refused" in summary
    assert "- failed: b: too long" in summary
    assert "| publish | 1 | 5 | 0 | 42.0 / 42.0 ms |" in summary
    assert "1 of 1 fresh; commit to the last page's answer p50 / max 42.0 / 42.0 ms" in summary
    assert "**Caution:**" not in summary
    assert "pages were not served from a page cache" in summary
    results = copy.deepcopy(RESULTS)
    results["load"].update(cache_hits=900, cache_misses=100)
    assert "900 hits, 100 misses, 90% of cacheable answers" in render_summary(results)


@pytest.mark.parametrize(
    "spoil",
    [
        lambda results: results["load"]["statuses"].update({"5xx": 1}),
        lambda results: results["load"]["statuses"].update({"4xx": 1}),
        lambda results: results["editor"]["changes"][0]["problems"].append("/ lacks Soakpub1"),
        lambda results: results["edits"]["lost"].append({"story_id": 1}),
        lambda results: results["ingest"][0].update({"finished": False}),
        lambda results: results["ingest"][0].update({"item_lines": []}),
        lambda results: results["edits"]["ingested_pages"][0].update({"status": 500}),
        lambda results: results["server"]["during_ingest"]["statuses"].update({"5xx": 2}),
        lambda results: results["edits"]["listing_pages"][0].update({"status": 500}),
        lambda results: results["edits"].update({"listing_pages": []}),
        lambda results: results["ingest"][1]["item_lines"].pop(),
        lambda results: results["edits"]["failed_tasks"].append({"task": "t", "error": "e"}),
        lambda results: results["edits"].pop("failed_tasks"),
    ],
)
def test_a_missed_goal_fails_the_run_and_is_marked(spoil):
    results = copy.deepcopy(RESULTS)
    spoil(results)
    assert not goals_met(results)
    assert "**NO**" in render_summary(results)


def test_a_long_ingest_line_keeps_its_message():
    results = copy.deepcopy(RESULTS)
    results["ingest"][0]["item_lines"] = [f"failed: {'g' * 600}: the GUID is too long."]
    summary = render_summary(results)
    assert "- failed: ggg" in summary
    assert "g: the GUID is too long." in summary
    assert "g" * 300 not in summary


def test_a_busy_machine_is_called_out():
    results = copy.deepcopy(RESULTS)
    results["machine"]["load average at end"] = "6.20"
    assert "**Caution:** the machine was busy" in render_summary(results)


def test_socket_errors_are_named_by_kind():
    results = copy.deepcopy(RESULTS)
    results["load"].update(
        socket_errors=2, socket_errors_by_kind={"connect": 0, "read": 1, "timeout": 1}
    )
    assert "| No socket errors or timeouts | 2 (1 read, 1 timeout) | **NO** |" in render_summary(
        results
    )


@pytest.mark.parametrize("document", [hostile_dates_ninjs(), hostile_dates_feed()])
def test_the_hostile_dates_feeds_leave_exactly_the_impossible_dates_out(document):
    items = parse_document(document)
    assert len(items) == len(HOSTILE_DATES)
    assert all(not item.problem and item.headline for item in items)
    for item, (_iso, _rfc822, kept) in zip(items, HOSTILE_DATES, strict=True):
        assert bool(item.dropped_dates) is not kept, item.guid
        assert (item.published_at is not None) is kept, item.guid
    assert sum(bool(item.dropped_dates) for item in items) == DATES_LEFT_OUT // 2


@pytest.mark.django_db
def test_stories_from_the_hostile_dates_feeds_break_no_page(client):
    from articles.ingest.service import Outcome, ingest_document
    from tests.support.factories import SectionFactory, SourceFactory

    section = SectionFactory()
    source = SourceFactory(slug="soak-wire", auto_publish=True, ingest_section=section)
    reports = [
        ingest_document(doc, source) for doc in (hostile_dates_ninjs(), hostile_dates_feed())
    ]
    lines = [str(item) for report in reports for item in report.items]
    assert all(item.outcome == Outcome.CREATED for report in reports for item in report.items)
    assert sum("was left out" in line for line in lines) == DATES_LEFT_OUT
    for path in listing_paths("soak-wire", [section.get_absolute_url()]):
        assert client.get(path).status_code == 200, path


def test_the_listing_pages_include_each_section_once():
    paths = listing_paths("soak-wire", ["/sections/news/", "/sections/news/"])
    assert paths.count("/sections/news/") == 1
    assert "/search/?q=almanac" in paths and "/sources/soak-wire/" in paths


def test_the_wrk_runs_of_both_servers_add_up_and_keep_the_slower_percentiles():
    one = parse_wrk_mix(WRK_OUTPUT)
    other = {**one, "p50_ms": one["p50_ms"] * 2, "statuses": {**one["statuses"]}}
    merged = merge_wrk_mixes([one, other])
    assert merged["requests"] == 2 * one["requests"]
    assert merged["requests_per_second"] == 2 * one["requests_per_second"]
    assert merged["p50_ms"] == 2 * one["p50_ms"]
    assert merged["statuses"]["2xx"] == 2 * one["statuses"]["2xx"]
