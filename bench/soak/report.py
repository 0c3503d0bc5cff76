"""The soak test's Markdown summary and its verdict, written from the results (plain dicts).

python -m bench.soak.report bench/var/soak/results-*.json > bench/SOAK.md   # again
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from bench.report import format_count, format_ms, machine_was_busy, markdown_table
from bench.soak.checks import STATUS_CLASSES, percentile
from bench.soak.feeds import DATES_LEFT_OUT


def stale_changes(results: dict) -> list[dict]:
    return [change for change in results["editor"].get("changes", []) if change["problems"]]


def ingest_item_failures(results: dict) -> int:
    return sum(
        sum(line.startswith("failed") for line in run.get("item_lines", []))
        for run in results["ingest"]
    )


def dates_left_out(results: dict) -> int:
    """Ingested items whose report says a date was left out (year 1, year 9999...)."""
    return sum(
        sum("was left out" in line for line in run.get("item_lines", []))
        for run in results["ingest"]
    )


def socket_errors(load: dict) -> str:
    """wrk's socket errors, with their kinds (a timeout is an answer slower than 10 s)."""
    kinds = load.get("socket_errors_by_kind", {})
    named = ", ".join(f"{count} {kind}" for kind, count in kinds.items() if count)
    return f"{load['socket_errors']} ({named})" if named else str(load["socket_errors"])


#: The changes after which a story must appear on the server the editor checks.
PUBLISHING = ("publish", "republish")


def seconds_to_visible(changes: list[dict]) -> str:
    """p50 and max of the time from the commit to the pages' answers, in ms."""
    times = [change.get("seconds", 0.0) * 1000 for change in changes]
    if not times:
        return "–"
    return f"{format_ms(percentile(times, 50))} / {format_ms(max(times))} ms"


def publish_to_visible(results: dict) -> str:
    published = [c for c in results["editor"].get("changes", []) if c["action"] in PUBLISHING]
    fresh = [c for c in published if not c["problems"]]
    return (
        f"{len(fresh)} of {len(published)} fresh; commit to the last page's answer "
        f"p50 / max {seconds_to_visible(published)}"
    )


def seconds(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f} s"


def live_goals(live: dict) -> list[tuple[str, str, bool]]:
    """The live story's promises: no 5xx to its pollers, every update and deletion in the
    first poll sent after its commit, so within one poll interval plus the cache lifetime."""
    if not live:
        return [("A live story updated while readers poll", "not run", False)]
    bound, worst = live["bound_seconds"], live["max_sent_delay"]
    in_time = worst is not None and worst <= bound and not live["stale"] and not live["unseen"]
    return [
        ("No 5xx to the live story's pollers",
         f"{live['statuses']['5xx']} of {live['polls']:,} polls",
         live["polls"] > 0 and live["statuses"]["5xx"] == 0),
        ("Every live update (and deletion) reaches each poller within one poll interval plus "
         "the cache lifetime",
         f"at most {seconds(worst)} to the poll that carried it (limit {bound:g} s); "
         f"{len(live['stale'])} stale polls, {live['unseen']} never seen, "
         f"of {live['checks']:,} checks",
         live["checks"] > 0 and in_time),
    ]  # fmt: skip


def goals(results: dict) -> list[tuple[str, str, bool]]:
    """(goal, what was measured, met) for each promise the soak test checks."""
    load, server, edits = results["load"], results["server"], results["edits"]
    outside_2xx = sum(load["statuses"][name] for name in STATUS_CLASSES if name != "2xx")
    changes = results["editor"].get("changes", [])
    stale = stale_changes(results)
    runs = results["ingest"]
    unfinished = [run["feed"] for run in runs if not run["finished"] or run.get("traceback")]
    pages = edits.get("ingested_pages", [])
    bad_pages = [page for page in pages if page["status"] != 200 or page["hostile_markup"]]
    listings = edits.get("listing_pages", [])
    bad_listings = [page["path"] for page in listings if page["status"] != 200]
    during = server["during_ingest"]["statuses"]["5xx"]
    published = [change for change in changes if change["action"] in PUBLISHING]
    failed_tasks = edits.get("failed_tasks", [])
    return [
        ("No 5xx under load", f"{load['statuses']['5xx']} in wrk, "
         f"{server['all']['statuses']['5xx']} in the server log", load["statuses"]["5xx"] == 0
         and server["all"]["statuses"]["5xx"] == 0),
        ("Every driven URL answers 2xx", f"{outside_2xx} other answers", outside_2xx == 0),
        ("No socket errors or timeouts", socket_errors(load), load["socket_errors"] == 0),
        ("No stale page after a change", f"{len(stale)} of {len(changes)} changes",
         bool(changes) and not stale),
        ("No lost edit", f"{len(edits.get('lost', []))} lost of {edits.get('accepted', 0)} "
         f"accepted ({edits.get('refused', 0)} refused as stale)",
         edits.get("accepted", 0) > 0 and not edits.get("lost")),
        ("No version claimed twice", str(len(edits.get("repeated_versions", []))),
         not edits.get("repeated_versions")),
        ("Every ingest run finishes, without a traceback",
         f"{len(runs) - len(unfinished)} of {len(runs)}", not unfinished),
        ("Ingest reports bad items one by one", f"{ingest_item_failures(results)} items refused",
         ingest_item_failures(results) > 0),
        ("Ingested stories are served clean", f"{len(pages) - len(bad_pages)} of {len(pages)}",
         not bad_pages),
        ("Impossible partner dates are left out, item by item",
         f"{dates_left_out(results)} of {DATES_LEFT_OUT} items",
         dates_left_out(results) == DATES_LEFT_OUT),
        ("Pages listing the ingested stories answer 200",
         f"{len(listings) - len(bad_listings)} of {len(listings)}"
         + (f" ({', '.join(bad_listings)})" if bad_listings else ""),
         bool(listings) and not bad_listings),
        ("No 5xx while ingesting", str(during), during == 0),
        ("A publication is on the other server at its first request",
         publish_to_visible(results),
         bool(published) and not any(change["problems"] for change in published)),
        ("No background task failed for good", f"{len(failed_tasks)} in the failed-task list",
         "failed_tasks" in edits and not failed_tasks),
        *live_goals(results.get("live", {})),
    ]  # fmt: skip


def goals_met(results: dict) -> bool:
    return all(met for _, _, met in goals(results))


def rate(figures: dict, seconds: float) -> str:
    return format_count(figures["requests"] / seconds) if seconds > 0 else "–"


def server_rows(results: dict) -> list[list[str]]:
    server, window = results["server"], results["ingest_window"]
    ingest_seconds = window["end"] - window["start"]
    spans = {
        "whole load": results["load"]["seconds"],
        "during ingest": ingest_seconds,
        "outside ingest": results["load"]["seconds"] - ingest_seconds,
    }
    rows = []
    for name, key in (
        ("whole load", "all"),
        ("during ingest", "during_ingest"),
        ("outside ingest", "outside_ingest"),
    ):
        figures = server[key]
        rows.append(
            [
                name,
                f"{spans[name]:.0f} s",
                format_count(figures["requests"]),
                rate(figures, spans[name]),
                format_ms(figures["p50_ms"]),
                format_ms(figures["p95_ms"]),
                format_ms(figures["p99_ms"]),
                format_count(figures["statuses"]["4xx"]),
                format_count(figures["statuses"]["5xx"]),
            ]
        )
    return rows


def change_rows(results: dict) -> list[list[object]]:
    changes = results["editor"].get("changes", [])
    counts = Counter(change["action"] for change in changes)
    rows = []
    for action in counts:
        of_action = [change for change in changes if change["action"] == action]
        rows.append(
            [
                action,
                counts[action],
                sum(change["checked"] for change in of_action),
                sum(bool(change["problems"]) for change in of_action),
                seconds_to_visible(of_action),
            ]
        )
    return rows


def ingest_rows(results: dict) -> list[list[object]]:
    rows = []
    for run in results["ingest"]:
        outcomes = Counter(line.split(":")[0] for line in run.get("item_lines", []))
        items = ", ".join(f"{count} {outcome}" for outcome, count in sorted(outcomes.items()))
        status = "killed at the limit" if not run["finished"] else run["status"]
        summary = run.get("summary", "").replace("|", "\\|")[:160]
        rows.append([f"`{run['feed']}`", run["expected"], status, run.get("seconds", "–"),
                     items or "–", summary])  # fmt: skip
    return rows


def shorten(line: str, keep: int = 200) -> str:
    """A long line's start and end, so a 600-character GUID does not hide the message."""
    if len(line) <= keep:
        return line
    return f"{line[: keep // 3]} … {line[-(keep - keep // 3) :]}"


def item_lines(results: dict) -> list[str]:
    """What ingest said about each item, as a list under the table (long lines cut)."""
    lines = [line for run in results["ingest"] for line in run.get("item_lines", [])]
    if not lines:
        return []
    return ["What ingest said of each item:", "", *(f"- {shorten(line)}" for line in lines), ""]


def cache_line(load: dict) -> str:
    """How many answers the page cache gave, from its X-Cache header."""
    hits, misses = load.get("cache_hits", 0), load.get("cache_misses", 0)
    if not hits + misses:
        return "No answer carried an X-Cache header: pages were not served from a page cache."
    return (
        f"Page cache (X-Cache header): {hits:,} hits, {misses:,} misses, "
        f"{hits / (hits + misses):.0%} of cacheable answers from the cache."
    )


def live_section(live: dict, settings: dict) -> list[str]:
    if not live:
        return []
    every = settings.get("live_update_every", 3)
    parts = [
        "## A live story updated while readers poll",
        "",
        f"The desk posted an update to one live story every {every:g} s "
        f"through `articles.live.services` and deleted an earlier one every fourth turn, while "
        f"{live['pollers']} readers each polled its `live.json` every {live['interval']:g} s "
        "(`LIVE_POLL_SECONDS`) with the ETag of their last answer, as the page's script does; "
        "wrk also fetched the poll, the live page and its feed in the mix. A poll sent after an "
        "update's commit that does not carry it (or a deletion) is stale.",
        "",
        markdown_table(
            ["Updates", "Deletions", "Polls", "304", "5xx", "Stale polls", "Answer p50",
             "Answer max", "Delay to the poll, max", "Delay to the reader p50", "p95", "max"],
            [[format_count(live["posts"]), format_count(live["deletes"]),
              format_count(live["polls"]), format_count(live["not_modified"]),
              format_count(live["statuses"]["5xx"]), format_count(len(live["stale"])),
              seconds(live.get("p50_answer")), seconds(live.get("max_answer")),
              seconds(live["max_sent_delay"]), seconds(live["p50_seen_delay"]),
              seconds(live["p95_seen_delay"]), seconds(live["max_seen_delay"])]],
        ),
        "",
        f"The limit is one poll interval ({live['interval']:g} s) plus the poll answer's cache "
        f"lifetime ({live['cache_lifetime']} s, from its `Cache-Control`; the page cache drops "
        "it when an update commits). The delay to the poll runs from the commit to the sending of "
        "the first poll that carried the update; the delay to the reader adds that answer's time, "
        "which under this load is mostly waiting for one of the two workers. A reader sends no "
        "poll while waiting for an answer, so answers slower than the interval delay the next "
        "poll: with no stale poll, any delay past the limit is the server's answer time, not "
        "a cache's.",
        "",
    ]  # fmt: skip
    if live["stale"]:
        parts += ["Stale polls:", ""] + [f"- {line}" for line in live["stale"][:20]] + [""]
    return parts


def render_summary(results: dict) -> str:
    load, edits, settings = results["load"], results["edits"], results["settings"]
    parts = [
        "# Soak test: public load, editors and hostile feeds at once",
        "",
        f"Written by `{results['command']}` at {results['started']}. Mixed public traffic from "
        f"wrk ({settings['connections']} connections, {settings['wrk_threads']} threads, "
        f"{settings['seconds']} s) over {results['paths']['distinct']} distinct URLs, while "
        f"{settings['editors']} editors each changed one of their own stories at most once a "
        "second through `articles.editorial.workflow` and checked its public pages right after "
        "each commit, two more editors saved the same stories at once, a live story received an "
        "update every few seconds while readers polled it, and "
        "`manage.py ingest` read broken and hostile feeds from 127.0.0.1. Everything ran on one "
        f"machine: {settings.get('app_servers', 1)} gunicorn app servers "
        f"({settings['workers']} workers each, production settings, one shared Redis cache), "
        f"{settings.get('task_workers', 0)} task worker (`manage.py tasks_worker`, RQ), "
        "PostgreSQL, Redis, wrk and the editors shared its cores. wrk's connections were split "
        "between the servers; the editors committed in processes of their own and checked "
        "their pages on one server or the other, alternately by editor.",
        "",
    ]
    if machine_was_busy(results["machine"]):
        parts += [
            "**Caution:** the machine was busy with other work during this run (load average "
            "above its core count, see Machine): latencies are higher than on an idle machine.",
            "",
        ]
    parts += [
        "## Goals",
        "",
        markdown_table(
            ["Goal", "Measured", "Met"],
            [
                [goal, measured, "yes" if met else "**NO**"]
                for goal, measured, met in goals(results)
            ],  # noqa: E501
        ),
        "",
        "## Public traffic (wrk)",
        "",
        markdown_table(
            [
                "Requests",
                "Requests/s",
                "p50 ms",
                "p95 ms",
                "p99 ms",
                "max ms",
                *STATUS_CLASSES[1:],
                "Socket errors",
            ],
            [
                [
                    format_count(load["requests"]),
                    format_count(load["requests_per_second"]),
                    format_ms(load["p50_ms"]),
                    format_ms(load["p95_ms"]),
                    format_ms(load["p99_ms"]),
                    format_ms(load["max_ms"]),
                    *(format_count(load["statuses"][name]) for name in STATUS_CLASSES[1:]),
                    format_count(load["socket_errors"]),
                ]
            ],
        ),  # fmt: skip
        "",
        f"Latency as wrk saw it, waiting for a free worker included ({settings['connections']} "
        f"connections, {settings.get('app_servers', 1)} × {settings['workers']} workers; with "
        "two servers, the percentiles are the slower server's).",
        "",
        cache_line(load),
        "",
        "## Server side, during the ingest and outside it (gunicorn's access log)",
        "",
        markdown_table(
            [
                "Window",
                "Length",
                "Requests",
                "Requests/s",
                "p50 ms",
                "p95 ms",
                "p99 ms",
                "4xx",
                "5xx",
            ],
            server_rows(results),
        ),  # fmt: skip
        "",
        "Time spent in the worker per request (no queueing), from the first to the last second of "
        "the load; the log also holds the editors' checking fetches, whose 410 and 404 answers "
        "are expected, and the live story's pollers, whose 304 answers are expected.",
        "",
    ]
    parts += [
        "By kind of page, the whole load:",
        "",
        markdown_table(
            ["Page", "Requests", "p50 ms", "p95 ms", "p99 ms", "Non-2xx"],
            [
                [
                    kind,
                    format_count(figures["requests"]),
                    format_ms(figures["p50_ms"]),
                    format_ms(figures["p95_ms"]),
                    format_ms(figures["p99_ms"]),
                    format_count(figures["requests"] - figures["statuses"]["2xx"]),
                ]
                for kind, figures in results["server"]["by_kind"].items()
            ],
        ),  # fmt: skip
        "",
    ]
    non_2xx = results["server"]["non_2xx"]
    if non_2xx:
        parts += ["Answers outside 2xx, most frequent first:", ""]
        parts += [f"- `{answer}`: {count}" for answer, count in non_2xx]
        parts += [""]
    if results.get("refused_paths"):
        parts += ["URLs left out of the mix because they did not answer 200 before the load:", ""]
        parts += [f"- `{path}`: {code}" for path, code in results["refused_paths"].items()]
        parts += [""]
    parts += [
        "## Editorial changes and what readers saw right after",
        "",
        "Each change is committed, then every affected page is fetched once through gunicorn, "
        "with no retry: story page, API item, section page, front page and latest RSS feed "
        "must show a published story's marker word and drop an unpublished one (410 on its "
        "page, 404 in the API).",
        "",
        markdown_table(
            ["Action", "Changes", "Pages checked", "Stale", "Commit to answers, p50 / max"],
            change_rows(results),
        ),
        "",
    ]
    stale = stale_changes(results)
    if stale:
        parts += ["Stale answers:", ""]
        parts += [
            f"- {change['action']} of story {change['story_id']}: {'; '.join(change['problems'])}"
            for change in stale[:20]
        ]
        parts += [""]
    parts += live_section(results.get("live", {}), settings)
    parts += [
        "## Concurrent edits of the same stories",
        "",
        f"Two editors loaded, changed and saved the same {settings['rival_stories']} stories for "
        "the whole run, each save appending a marked paragraph to the body it had loaded: "
        f"{edits.get('accepted', 0)} saves accepted, {edits.get('refused', 0)} refused by the "
        f"version check (`StaleStoryError`), {len(edits.get('lost', []))} accepted edits missing "
        "from the final text, "
        f"{len(edits.get('repeated_versions', []))} versions claimed twice.",
        "",
        "## Ingest of broken and hostile feeds during the load",
        "",
        markdown_table(
            ["Feed", "A sound ingest", "Exit status", "Seconds", "Items", "Ingest said"],
            ingest_rows(results),
        ),
        "",
        *item_lines(results),
        f"Ingested stories published by the auto-publishing wire source: "
        f"{len(edits.get('ingested_pages', []))}, each page fetched and searched for live "
        "script, event handlers and `javascript:` links.",
        "",
        "## Machine and settings",
        "",
        markdown_table(
            ["", ""],
            [
                *results["machine"].items(),
                *((key, value) for key, value in settings.items()),
                *((f"corpus {key}", value) for key, value in results["corpus"]["counts"].items()),
            ],
        ),  # fmt: skip
        "",
    ]
    return "\n".join(parts)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.soak.report")
    parser.add_argument("results", type=Path, help="a results-*.json file written by bench.soak")
    options = parser.parse_args(argv)
    print(render_summary(json.loads(options.results.read_text())))


if __name__ == "__main__":
    main()
