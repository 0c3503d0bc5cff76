"""The benchmark's Markdown report, written from the results of a run (plain dicts, as in JSON)."""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterable, Sequence
from pathlib import Path

from bench.targets import STATIC_COPY_NAME

NOT_AVAILABLE = "not available"
STORY_THROUGHPUT_TO_STATIC = 3
STORY_UNCACHED_REQUESTS_PER_SECOND = 300
STORY_UNCACHED_MAX_QUERIES = 6
SEARCH_P95_MS = 100
SEARCH_TO_STORY_P95 = 2
RENDITION_SECONDS = 1
RENDITION_PEAK_MB = 200
FULL_SIZE = 100_000


def format_count(number: int | float | None) -> str:
    return "–" if number is None else f"{round(number):,}"


def format_ms(milliseconds: float | None) -> str:
    if milliseconds is None:
        return "–"
    return f"{milliseconds:.1f}" if milliseconds < 100 else f"{milliseconds:,.0f}"


def format_ratio(ratio: float | None) -> str:
    return "–" if ratio is None else f"{ratio:.2f}x"


def ratio(numerator: float | None, denominator: float | None) -> float | None:
    if numerator is None or not denominator:
        return None
    return numerator / denominator


def markdown_table(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + " --- |" * len(headers)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def find_target(setup: dict, name: str) -> dict | None:
    return next((target for target in setup["targets"] if target["name"] == name), None)


def load_of(setup: dict | None, name: str) -> dict | None:
    """The median load figures of one target in one setup, if it was measured."""
    target = find_target(setup, name) if setup else None
    return target.get("load") if target else None


def find_setup(results: dict, size: int, database: str, cache: str) -> dict | None:
    return next(
        (
            setup
            for setup in results["setups"]
            if (setup["size"], setup["database"], setup["cache"]) == (size, database, cache)
        ),
        None,
    )


def first_cache(results: dict) -> str:
    """The cache mode every size is measured with (the others only at the largest size)."""
    return next(iter(results["settings"]["caches"]))


def verdict(met: bool | None) -> str:
    return {True: "met", False: "missed", None: "not measured"}[met]


def story_cached_goal(results: dict) -> tuple[str, str]:
    size = max(results["settings"]["sizes"])
    figures, verdicts = [], []
    for setup in results["setups"]:
        if setup["size"] != size or setup["cache"] == "off":
            continue
        story, static = load_of(setup, "story"), load_of(setup, STATIC_COPY_NAME)
        if not story or not static:
            continue
        slower = ratio(static["requests_per_second"], story["requests_per_second"])
        figures.append(
            f"{setup['database']}, {setup['cache']}: static "
            f"{format_count(static['requests_per_second'])} req/s, story "
            f"{format_count(story['requests_per_second'])} req/s, static/story "
            f"{format_ratio(slower)}"
        )
        verdicts.append(slower is not None and slower <= STORY_THROUGHPUT_TO_STATIC)
    met = all(verdicts) if verdicts else None
    return "; ".join(figures) or "no cached setup measured", verdict(met)


def story_uncached_goal(results: dict) -> tuple[str, str]:
    size = max(results["settings"]["sizes"])
    setup = find_setup(results, size, "sqlite", "off")
    story = find_target(setup, "story") if setup else None
    if not story or not story.get("load"):
        return "story page not measured on SQLite with the cache off", verdict(None)
    requests_per_second = story["load"]["requests_per_second"]
    figure = (
        f"{format_count(requests_per_second)} req/s, {story['queries_repeat']} queries "
        f"at {format_count(size)} stories"
    )
    if size < FULL_SIZE:
        return figure, f"not measured at {format_count(FULL_SIZE)} stories"
    met = (
        requests_per_second >= STORY_UNCACHED_REQUESTS_PER_SECOND
        and story["queries_repeat"] <= STORY_UNCACHED_MAX_QUERIES
    )
    return figure, verdict(met)


def search_goal(results: dict) -> tuple[str, str]:
    size = max(results["settings"]["sizes"])
    setups = [
        find_setup(results, size, "postgres", cache) for cache in results["settings"]["caches"]
    ]
    measured = [(setup, load) for setup in setups if setup and (load := load_of(setup, "search"))]
    if not measured:
        return "search page not available on PostgreSQL", verdict(None)
    figure = "; ".join(
        f"cache {setup['cache']}: p95 {format_ms(load['p95_ms'])} ms" for setup, load in measured
    )
    if size < FULL_SIZE:
        return f"{figure} at {format_count(size)} stories", (
            f"not measured at {format_count(FULL_SIZE)} stories"
        )
    return figure, verdict(all(load["p95_ms"] < SEARCH_P95_MS for _setup, load in measured))


def is_search(name: str) -> bool:
    return name == "search" or name.startswith("search ")


def search_in_process_goal(results: dict) -> tuple[str, str]:
    """Every search's in-process p95 against the story page's, cache off, each database."""
    size = max(results["settings"]["sizes"])
    figures, verdicts = [], []
    for database in results["settings"]["databases"]:
        timings = (find_setup(results, size, database, "off") or {}).get("in_process") or {}
        story = timings.get("story")
        searches = {name: figures for name, figures in timings.items() if is_search(name)}
        if not story or not searches:
            continue
        name, slowest = max(searches.items(), key=lambda item: item[1]["p95_ms"])
        worst = ratio(slowest["p95_ms"], story["p95_ms"])
        figures.append(
            f"{database}: story p95 {format_ms(story['p95_ms'])} ms, slowest search ({name}) "
            f"p95 {format_ms(slowest['p95_ms'])} ms, {format_ratio(worst)}"
        )
        verdicts.append(worst is not None and worst <= SEARCH_TO_STORY_P95)
    if not figures:
        return "not measured in-process with the cache off", verdict(None)
    if size < FULL_SIZE:
        return "; ".join(figures), f"not measured at {format_count(FULL_SIZE)} stories"
    return "; ".join(figures), verdict(all(verdicts))


def rendition_goal(results: dict) -> tuple[str, str]:
    renditions = results.get("renditions") or []
    if not renditions:
        return "not run", verdict(None)
    figure = "; ".join(
        f"{item['format']}: {item['seconds']:.2f} s, peak {item['peak_mb']:.0f} MB"
        for item in renditions
    )
    if not all(item["rendered"] for item in renditions):
        widths = ", ".join(str(width) for item in renditions for width in item["widths"])
        return (
            f"image_versions returned no 1280-wide version (widths returned: {widths}): {figure}",
            "not measurable yet",
        )
    met = all(
        item["seconds"] < RENDITION_SECONDS and item["peak_mb"] < RENDITION_PEAK_MB
        for item in renditions
    )
    return figure, verdict(met)


def goal_rows(results: dict) -> list[tuple[str, str, str]]:
    return [
        (
            "Story page, cache on: within 3x of a static file of the same size",
            *story_cached_goal(results),
        ),
        (
            "Story page, cache off: ≥ 300 req/s on 2 workers, SQLite, 100,000 stories, ≤ 6 queries",
            *story_uncached_goal(results),
        ),
        ("Search p95 under 100 ms at 100,000 stories on PostgreSQL", *search_goal(results)),
        (
            "Search as fast as a story page: every search's p95 ≤ 2x the story page's, "
            "in-process, cache off, 100,000 stories, each database",
            *search_in_process_goal(results),
        ),
        ("Rendition of a 24-megapixel JPEG: under 1 s and 200 MB peak", *rendition_goal(results)),
    ]


# Issue 18: on a page miss, each list page or feed against the story page of the same run,
# as a share of its throughput (req/s with wrk, and 1/latency in-process).
MISS_SHARES = (
    ("front", "front", 1 / 2),
    ("section page 1", "lists", 2 / 3),
    ("tag", "lists", 2 / 3),
    ("author", "lists", 2 / 3),
    ("source", "lists", 2 / 3),
    ("archive month", "lists", 2 / 3),
    ("RSS feed", "feeds", 1 / 2),
    ("ninjs API list", "feeds", 1 / 2),
)
MISS_CACHES = ("off", "fragments")
PEER_SPEEDUP = 2
CACHED_SHARE_OF_STATIC = 1 / 3


def share_verdict(share: float | None, goal: float) -> str:
    return verdict(None if share is None else share >= goal)


def miss_share_rows(results: dict) -> list[list[str]]:
    """Each list page and feed as a share of the story page's throughput, on a page miss."""
    rows = []
    for setup in results["setups"]:
        if setup["cache"] not in MISS_CACHES:
            continue
        story = load_of(setup, "story")
        timed_story = (setup.get("in_process") or {}).get("story")
        for name, _group, goal in MISS_SHARES:
            load = load_of(setup, name)
            timed = (setup.get("in_process") or {}).get(name)
            if not load and not timed:
                continue
            story_rate = (story or {}).get("requests_per_second")
            wrk_share = ratio(load["requests_per_second"], story_rate) if load else None
            timed_share = None
            if timed and timed_story:
                timed_share = ratio(timed_story["p50_ms"], timed["p50_ms"])
            rows.append(
                [
                    format_count(setup["size"]),
                    setup["database"],
                    setup["cache"],
                    name,
                    f"≥ {goal:.2f}",
                    format_count(load["requests_per_second"]) if load else "–",
                    "–" if wrk_share is None else f"{wrk_share:.2f}",
                    share_verdict(wrk_share, goal),
                    "–" if timed_share is None else f"{timed_share:.2f}",
                    share_verdict(timed_share, goal),
                ]
            )
    return rows


MISS_SHARE_HEADERS = (
    "size",
    "database",
    "cache",
    "page",
    "goal (share of story)",
    "req/s",
    "share (wrk)",
    "verdict (wrk)",
    "share (in-process p50)",
    "verdict (in-process)",
)


def issue_goal_rows(results: dict) -> list[list[str]]:
    """The story page against the Wagtail peer, and the cached story page against the static
    copy, each in the same run, same database."""
    rows = []
    for peer in results.get("peers") or []:
        setup = find_setup(results, peer["size"], peer["database"], "off")
        ours = load_of(setup, "story")
        timed = ((setup or {}).get("in_process") or {}).get("story")
        peer_rate = peer["load"]["requests_per_second"]
        speedup = ratio((ours or {}).get("requests_per_second"), peer_rate)
        timed_speedup = ratio(peer["page"]["p50_ms"], (timed or {}).get("p50_ms"))
        rows.append(
            [
                f"Uncached story page ≥ {PEER_SPEEDUP}x the {peer['peer'].title()} peer",
                format_count(peer["size"]),
                peer["database"],
                f"{format_count((ours or {}).get('requests_per_second'))} vs "
                f"{format_count(peer['load']['requests_per_second'])} req/s: "
                f"{format_ratio(speedup)}; in-process p50 {format_ms((timed or {}).get('p50_ms'))} "
                f"vs {format_ms(peer['page']['p50_ms'])} ms: {format_ratio(timed_speedup)}",
                verdict(None if speedup is None else speedup >= PEER_SPEEDUP),
            ]
        )
    for setup in results["setups"]:
        if setup["cache"] != "redis":
            continue
        story, static = load_of(setup, "story"), load_of(setup, STATIC_COPY_NAME)
        if not story or not static:
            continue
        share = ratio(story["requests_per_second"], static["requests_per_second"])
        rows.append(
            [
                "Cached story page ≥ 1/3 of the static copy",
                format_count(setup["size"]),
                setup["database"],
                f"{format_count(story['requests_per_second'])} vs "
                f"{format_count(static['requests_per_second'])} req/s: "
                f"{'–' if share is None else f'{share:.2f}'}",
                verdict(None if share is None else share >= CACHED_SHARE_OF_STATIC),
            ]
        )
    return rows


def target_rows(setup: dict) -> list[list[str]]:
    rows = []
    for target in setup["targets"]:
        load = target.get("load")
        if target.get("status") is None or target["status"] >= 400:
            status = target.get("error") or target.get("status")
            rows.append([target["name"], f"`{target['url']}`", f"{NOT_AVAILABLE} ({status})"]
                        + ["–"] * 7)  # fmt: skip
            continue
        queries = (
            "–"
            if target.get("queries_first") is None
            else f"{target['queries_first']} / {target['queries_repeat']}"
        )
        rows.append(
            [
                target["name"],
                f"`{target['url']}`",
                str(target["status"]),
                queries,
                format_count(target["bytes"]),
                format_count(load["requests_per_second"]) if load else "–",
                format_ms(load["p50_ms"]) if load else "–",
                format_ms(load["p95_ms"]) if load else "–",
                format_ms(load["p99_ms"]) if load else "–",
                format_count(load["errors"] + load["non_2xx"]) if load else "–",
            ]
        )
    return rows


TARGET_HEADERS = (
    "target",
    "URL",
    "status",
    "queries (first / repeat)",
    "bytes",
    "req/s",
    "p50 ms",
    "p95 ms",
    "p99 ms",
    "errors",
)


def in_process_rows(setup: dict) -> list[list[str]]:
    timings = setup.get("in_process") or {}
    story_p95 = (timings.get("story") or {}).get("p95_ms")
    return [
        [
            name,
            f"`{figures['url']}`",
            str(figures["status"]),
            str(figures["requests"]),
            format_ms(figures["p50_ms"]),
            format_ms(figures["p95_ms"]),
            format_ms(figures["max_ms"]),
            format_ratio(ratio(figures["p95_ms"], story_p95)),
        ]
        for name, figures in timings.items()
    ]


IN_PROCESS_HEADERS = (
    "target",
    "URL",
    "status",
    "requests",
    "p50 ms",
    "p95 ms",
    "max ms",
    "p95 / story p95",
)


def peer_rows(results: dict) -> list[list[str]]:
    """Our story page (cache off) and each peer's article page, same size and database."""
    rows = []
    for peer in results.get("peers") or []:
        setup = find_setup(results, peer["size"], peer["database"], "off")
        story = find_target(setup, "story") if setup else None
        ours = ((setup or {}).get("in_process") or {}).get("story")
        for name, page, timing, load in (
            ("Newsroom story", story, ours, (story or {}).get("load")),
            (f"{peer['peer'].title()} article", peer["page"], peer["page"], peer["load"]),
        ):
            rows.append(
                [
                    format_count(peer["size"]),
                    peer["database"],
                    name,
                    f"{page['queries_first']} / {page['queries_repeat']}" if page else "–",
                    format_count(page["bytes"]) if page else "–",
                    format_ms(timing["p50_ms"]) if timing else "–",
                    format_ms(timing["p95_ms"]) if timing else "–",
                    format_count(load["requests_per_second"]) if load else "–",
                    format_ms(load["p50_ms"]) if load else "–",
                    format_ms(load["p95_ms"]) if load else "–",
                ]
            )
    return rows


PEER_HEADERS = (
    "size",
    "database",
    "page",
    "queries (first / repeat)",
    "bytes",
    "in-process p50 ms",
    "in-process p95 ms",
    "req/s",
    "p50 ms",
    "p95 ms",
)


def scaling_rows(results: dict) -> list[list[str]]:
    sizes = sorted(results["settings"]["sizes"])
    small, large = sizes[0], sizes[-1]
    cache = first_cache(results)
    rows = []
    for database in results["settings"]["databases"]:
        before = find_setup(results, small, database, cache)
        after = find_setup(results, large, database, cache)
        if not before or not after:
            continue
        for target in after["targets"]:
            load_before, load_after = load_of(before, target["name"]), target.get("load")
            if not load_before or not load_after:
                continue
            queries_before = (find_target(before, target["name"]) or {}).get("queries_repeat")
            rows.append(
                [
                    target["name"],
                    database,
                    format_count(load_before["requests_per_second"]),
                    format_count(load_after["requests_per_second"]),
                    format_ratio(
                        ratio(load_before["requests_per_second"], load_after["requests_per_second"])
                    ),
                    format_ms(load_before["p50_ms"]),
                    format_ms(load_after["p50_ms"]),
                    f"{queries_before} / {target.get('queries_repeat')}",
                ]
            )
    return rows


def pagination_rows(results: dict) -> list[list[str]]:
    rows = []
    for setup in results["setups"]:
        first, deepest = load_of(setup, "section page 1"), load_of(setup, "section deepest page")
        if not first or not deepest:
            continue
        rows.append(
            [
                format_count(setup["size"]),
                setup["database"],
                setup["cache"],
                str(setup["facts"]["section_pages"]),
                format_ms(first["p50_ms"]),
                format_ms(deepest["p50_ms"]),
                format_ratio(ratio(deepest["p50_ms"], first["p50_ms"])),
                format_count(first["requests_per_second"]),
                format_count(deepest["requests_per_second"]),
            ]
        )
    return rows


def corpus_rows(results: dict) -> list[list[str]]:
    rows = []
    for corpus in results["corpora"]:
        counts, seconds = corpus["counts"], corpus["seconds"]
        rows.append(
            [
                format_count(corpus["size"]),
                corpus["database"],
                format_count(counts.get("stories")),
                format_count(counts.get("tags")),
                format_count(counts.get("authors")),
                format_count(counts.get("sections")),
                format_count(counts.get("images")),
                f"{seconds.get('stories', 0):.1f}",
                f"{sum(seconds.values()):.1f}",
            ]
        )
    return rows


def rendition_rows(results: dict) -> list[list[str]]:
    return [
        [
            item["format"],
            "yes" if item["rendered"] else "no (original returned)",
            ", ".join(str(width) for width in item["widths"]),
            f"{item['seconds']:.3f}",
            f"{item['peak_mb']:.0f}",
            f"{item['baseline_mb']:.0f}",
        ]
        for item in results.get("renditions") or []
    ]


def machine_was_busy(machine: dict[str, str]) -> bool:
    """Whether other work ran beside the benchmark: a load average above the core count."""
    cores = int(machine.get("cores") or 0)
    loads = [
        float(machine[key].split()[0])
        for key in ("load average at start", "load average at end")
        if machine.get(key)
    ]
    return bool(cores) and any(load > cores for load in loads)


def render_report(results: dict) -> str:
    """The whole report as Markdown."""
    settings = results["settings"]
    load = settings["load"]
    parts = [
        "# Benchmark report",
        "",
        f"Measured {results['started']} in {results['elapsed_seconds'] / 60:.1f} minutes "
        f"with `{results['command']}`. Regenerate with `make bench` (see the README).",
        "",
        "## Goals",
        "",
        markdown_table(("goal", "figure", "verdict"), goal_rows(results)),
        "",
    ]
    issue_rows, share_rows = issue_goal_rows(results), miss_share_rows(results)
    if issue_rows or share_rows:
        parts += ["## Cache misses (issue 18)", ""]
    if issue_rows:
        parts += [
            markdown_table(("goal", "size", "database", "figure", "verdict"), issue_rows),
            "",
        ]
    if share_rows:
        parts += [
            "List pages and feeds on a page miss, as a share of the story page's throughput in "
            "the same setup: req/s with wrk, and the story page's in-process p50 over the "
            "page's. **off**: nothing cached at all; **fragments**: no page cache, the "
            "teasers and the feed and API items kept in Redis (a page invalidated by a publish).",
            "",
            markdown_table(MISS_SHARE_HEADERS, share_rows),
            "",
        ]
    if machine_was_busy(results["machine"]):
        parts += [
            "**Caution:** the machine was busy with other work during this run (load average "
            "above its core count, see Machine): figures are lower and noisier than on an "
            "idle machine, and differences between setups within that noise mean nothing.",
            "",
        ]
    parts += [
        "## Machine",
        "",
        markdown_table(("", ""), results["machine"].items()),
        "",
        "## Settings",
        "",
        f"- gunicorn, {settings['workers']} sync workers, `newsroom.wsgi` in production "
        "settings: `DEBUG=false`, `SECURE_SSL_REDIRECT=false` (plain HTTP on 127.0.0.1), "
        "static files collected and served by WhiteNoise; database connections kept "
        "(`DATABASE_CONN_MAX_AGE=60`).",
        f"- wrk: {load['threads']} thread, {load['connections']} connections, "
        f"{load['warmup_seconds']} s warm-up, then {load['runs']} run(s) of "
        f"{load['duration_seconds']} s per target; every figure is the median of the runs. "
        "Latency percentiles are exact (wrk's histogram, read by `bench/wrk_summary.lua`). "
        "wrk and gunicorn share the machine's cores.",
        "- Cache: "
        + "; ".join(f"**{name}**: {meaning}" for name, meaning in settings["caches"].items())
        + ".",
        f"- Stories per page: {settings['stories_per_page']}. Queries per request are counted "
        "in-process (django.test.Client with CaptureQueriesContext) on the first request and "
        "on a repeat of it.",
        "- The static file is a copy of the story page's HTML "
        f"(`/static/{settings['static_copy']}`), served by the same gunicorn and WhiteNoise.",
        "",
        "## Corpus",
        "",
        markdown_table(
            (
                "size",
                "database",
                "stories",
                "tags",
                "authors",
                "sections",
                "images",
                "stories s",
                "total s",
            ),
            corpus_rows(results),
        ),
        "",
    ]
    for setup in results["setups"]:
        parts += [
            f"## {format_count(setup['size'])} stories, {setup['database']}, "
            f"cache {setup['cache']}",
            "",
            markdown_table(TARGET_HEADERS, target_rows(setup)),
            "",
        ]
        if setup.get("in_process"):
            parts += [
                "In-process (django.test.Client, no gunicorn, no wrk): after one untimed "
                "request each, the targets take turns, one request at a time; p95 is the "
                "nearest rank:",
                "",
                markdown_table(IN_PROCESS_HEADERS, in_process_rows(setup)),
                "",
            ]
    if results.get("peers"):
        parts += [
            "## Story page beside a Wagtail site",
            "",
            "The same corpus in a Wagtail 8.0 site (`bench/peers/wagtail/`): an article page "
            "with our story's fields, served by the same gunicorn settings and driven by the "
            "same wrk settings, against our story page with the cache off. Wagtail has no page "
            "cache; its own lookups use Django's local-memory cache, as out of the box. Its "
            "template is simpler than ours: a byline is one text field (ours links each "
            "author), its four related articles are picked by the editors (ours are picked or "
            "found by shared tag or section, in one query), and its source line names the "
            "partner without a page of its own.",
            "",
            markdown_table(PEER_HEADERS, peer_rows(results)),
            "",
        ]
    sizes = sorted(settings["sizes"])
    parts += ["## Scaling", ""]
    if len(sizes) > 1:
        parts += [
            f"The same pages at {format_count(sizes[0])} and {format_count(sizes[-1])} stories, "
            f"cache {first_cache(results)}. A throughput ratio "
            "near 1x means the page's cost does not grow with the corpus.",
            "",
            markdown_table(
                (
                    "target",
                    "database",
                    f"req/s at {format_count(sizes[0])}",
                    f"req/s at {format_count(sizes[-1])}",
                    "ratio",
                    f"p50 ms at {format_count(sizes[0])}",
                    f"p50 ms at {format_count(sizes[-1])}",
                    "queries",
                ),
                scaling_rows(results),
            ),
            "",
        ]
    else:
        parts += [f"Only {format_count(sizes[0])} stories were measured in this run.", ""]
    parts += [
        "## Deep pagination",
        "",
        "The busiest section's first page against its deepest real page (the last one).",
        "",
        markdown_table(
            (
                "size",
                "database",
                "cache",
                "deepest page",
                "p50 ms page 1",
                "p50 ms deepest",
                "p50 deepest / page 1",
                "req/s page 1",
                "req/s deepest",
            ),
            pagination_rows(results),
        ),
        "",
        "## Rendition of a 24-megapixel JPEG (6000x4000) to 1280 wide",
        "",
        "Each format in a fresh process; peak is the process's `ru_maxrss`, baseline the "
        "same before the call (Python and Django loaded).",
        "",
        markdown_table(
            ("format", "rendered", "widths returned", "seconds", "peak MB", "baseline MB"),
            rendition_rows(results),
        ),
        "",
    ]
    return "\n".join(parts)


def merged(runs: list[dict]) -> dict:
    """Runs made side by side (one per database) as one: their setups, corpora and peers."""
    results = runs[0]
    for other in runs[1:]:
        for part in ("corpora", "setups", "renditions", "peers"):
            results[part] = [*results.get(part, []), *other.get(part, [])]
        settings = results["settings"]
        databases = [*settings["databases"], *other["settings"]["databases"]]
        settings["databases"] = list(dict.fromkeys(databases))
        results["command"] += f"`, run beside it: `{other['command']}"
        results["elapsed_seconds"] = max(results["elapsed_seconds"], other["elapsed_seconds"])
    return results


def main(argv: list[str] | None = None) -> None:
    """Write the report again from runs' raw results (bench/var/results-*.json); several runs
    made side by side (``--databases sqlite`` and ``--databases postgres``) make one report."""
    parser = argparse.ArgumentParser(prog="python -m bench.report", description=main.__doc__)
    parser.add_argument("results", type=Path, nargs="+")
    parser.add_argument("--report", type=Path, default=Path(__file__).with_name("REPORT.md"))
    options = parser.parse_args(argv)
    runs = [json.loads(path.read_text()) for path in options.results]
    options.report.write_text(render_report(merged(runs)))


if __name__ == "__main__":
    main()
