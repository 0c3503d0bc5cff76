"""The soak test's judgements, free of Django and of any server: what a page must show after a
change, how answers are counted, and whether every accepted edit survived.
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime
from math import ceil

from bench.soak.feeds import DATED_WORD

STATUS_CLASSES = ("1xx", "2xx", "3xx", "4xx", "5xx")


def status_class(status: int) -> str:
    """``"2xx"`` for 204; statuses outside 100-599 count as ``"other"``."""
    return f"{status // 100}xx" if 100 <= status <= 599 else "other"


def count_statuses(statuses: Iterable[int]) -> dict[str, int]:
    """How many answers fell in each status class; every class is present, zero or not."""
    counts = Counter(status_class(status) for status in statuses)
    return {name: counts.get(name, 0) for name in (*STATUS_CLASSES, "other")}


def percentile(values: Sequence[float], share: float) -> float | None:
    """The nearest-rank percentile (``share`` in 0-100) of ``values``; None when empty."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, ceil(share / 100 * len(ordered)))
    return ordered[rank - 1]


@dataclass(frozen=True)
class PageAnswer:
    """What a public URL answered: its status and its text."""

    status: int
    text: str


#: Fetches one public path through the server under test.
Fetch = Callable[[str], PageAnswer]


@dataclass(frozen=True)
class Expectation:
    """What readers must see at ``path`` once a change has been committed."""

    path: str
    status: int = 200
    present: tuple[str, ...] = ()
    absent: tuple[str, ...] = ()

    def problem(self, answer: PageAnswer) -> str:
        """Why ``answer`` is stale or wrong; empty when it shows the new state."""
        if answer.status != self.status:
            return f"{self.path} answered {answer.status}, expected {self.status}"
        missing = [text for text in self.present if text not in answer.text]
        if missing:
            return f"{self.path} lacks {', '.join(missing)}"
        left = [text for text in self.absent if text in answer.text]
        if left:
            return f"{self.path} still shows {', '.join(left)}"
        return ""


@dataclass
class Change:
    """One editorial change and what its pages answered right after it was committed."""

    action: str
    story_id: int
    problems: list[str] = field(default_factory=list)
    checked: int = 0
    #: From the commit to the last of the pages' answers: how soon readers see the change.
    seconds: float = 0.0

    @property
    def stale(self) -> bool:
        return bool(self.problems)


def check_change(
    action: str, story_id: int, expectations: Sequence[Expectation], fetch: Fetch
) -> Change:
    """Fetch every affected page once, without retrying, and note what is not yet up to date.

    No retry: invalidation happens before the workflow function returns (on commit), so the
    very first answer after the change must already be the new one. The pages are fetched
    side by side, so under load they wait in the server's queue once, not once each.
    """

    def answer_of(expectation: Expectation) -> PageAnswer | OSError:
        try:
            return fetch(expectation.path)
        except OSError as error:
            return error

    change = Change(action, story_id)
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=max(1, len(expectations))) as pool:
        answers = list(pool.map(answer_of, expectations))
    change.seconds = round(time.monotonic() - started, 4)
    for expectation, answer in zip(expectations, answers, strict=True):
        if isinstance(answer, OSError):
            change.problems.append(f"{expectation.path} could not be fetched: {answer}")
            continue
        change.checked += 1
        problem = expectation.problem(answer)
        if problem:
            change.problems.append(problem)
    return change


@dataclass(frozen=True)
class AcceptedEdit:
    """A save that the version check let through, and the text it added."""

    story_id: int
    marker: str
    version: int


def lost_edits(accepted: Iterable[AcceptedEdit], bodies: dict[int, str]) -> list[AcceptedEdit]:
    """Accepted edits whose text is not in the story's final body.

    Each edit appended its marker to the body it had loaded, so with working version checks
    the final body carries every accepted marker; a lost update drops one.
    """
    return [edit for edit in accepted if edit.marker not in bodies.get(edit.story_id, "")]


def repeated_versions(accepted: Iterable[AcceptedEdit]) -> list[tuple[int, int]]:
    """(story, version) pairs that two accepted saves both claimed: each must be unique."""
    claims = Counter((edit.story_id, edit.version) for edit in accepted)
    return sorted(pair for pair, count in claims.items() if count > 1)


# gunicorn's access log, as written with ACCESS_LOG_FORMAT.
ACCESS_LOG_FORMAT = "%(t)s %(s)s %(D)s %(U)s"
ACCESS_LINE = re.compile(r"^\[(?P<time>[^\]]+)\] (?P<status>\d{3}) (?P<micros>\d+) (?P<path>\S*)")
ACCESS_TIME = "%d/%b/%Y:%H:%M:%S %z"


@dataclass(frozen=True)
class LoggedRequest:
    """One line of the access log: when (to the second), status, duration and path."""

    at: float
    status: int
    milliseconds: float
    path: str


def listing_paths(wire_source: str, section_paths: Iterable[str]) -> list[str]:
    """The public pages that list ingested stories, where a partner's bad date shows first."""
    return sorted(
        {
            "/",
            "/archive/",
            f"/sources/{wire_source}/",
            f"/search/?q={DATED_WORD}",
            f"/api/v1/stories/?source={wire_source}",
            f"/feeds/rss/sources/{wire_source}/",
            *section_paths,
        }
    )


def parse_access_log(lines: Iterable[str]) -> list[LoggedRequest]:
    requests = []
    for line in lines:
        match = ACCESS_LINE.match(line)
        if match:
            requests.append(
                LoggedRequest(
                    at=datetime.strptime(match["time"], ACCESS_TIME).timestamp(),
                    status=int(match["status"]),
                    milliseconds=int(match["micros"]) / 1000,
                    path=match["path"],
                )
            )
    return requests


def window_figures(requests: Sequence[LoggedRequest]) -> dict:
    """Count, status classes and server-side latency percentiles of some logged requests."""
    times = [request.milliseconds for request in requests]
    return {
        "requests": len(requests),
        "statuses": count_statuses(request.status for request in requests),
        "p50_ms": percentile(times, 50),
        "p95_ms": percentile(times, 95),
        "p99_ms": percentile(times, 99),
    }


def split_by_window(
    requests: Iterable[LoggedRequest], start: float, end: float
) -> tuple[list[LoggedRequest], list[LoggedRequest]]:
    """Requests logged within [start, end] (whole seconds, as the log has them), and the rest."""
    inside: list[LoggedRequest] = []
    outside: list[LoggedRequest] = []
    for request in requests:
        (inside if int(start) <= request.at <= end else outside).append(request)
    return inside, outside


def page_kind(path: str) -> str:
    """What sort of public page a path is: the front, a story, a section, search, a feed..."""
    first = path.strip("/").split("/")[0]
    if path.split("?")[0].endswith("/live.json"):
        return "live poll"
    if not first:
        return "front"
    if first.startswith("sitemap"):
        return "sitemap"
    return {"stories": "story", "sections": "section", "tags": "tag", "feeds": "feed"}.get(
        first, first
    )


def figures_by_kind(requests: Iterable[LoggedRequest]) -> dict[str, dict]:
    """Server-side figures for each kind of page, most requested first."""
    kinds: dict[str, list[LoggedRequest]] = {}
    for request in requests:
        kinds.setdefault(page_kind(request.path), []).append(request)
    ordered = sorted(kinds.items(), key=lambda item: -len(item[1]))
    return {kind: window_figures(of_kind) for kind, of_kind in ordered}


def non_2xx_paths(requests: Iterable[LoggedRequest], limit: int = 20) -> list[tuple[str, int]]:
    """The most frequent (path with status) answers outside 2xx, to say what failed."""
    counts = Counter(
        f"{request.status} {request.path}"
        for request in requests
        if status_class(request.status) != "2xx"
    )
    return counts.most_common(limit)


def parse_wrk_mix(output: str) -> dict:
    """The JSON line that bench/soak/mix.lua prints at the end of wrk's output."""
    lines = [line for line in output.splitlines() if line.startswith("{")]
    if not lines:
        raise ValueError(f"wrk printed no summary:\n{output}")
    summary = json.loads(lines[-1])
    seconds = summary["duration_us"] / 1_000_000
    return {
        "requests": summary["requests"],
        "seconds": seconds,
        "requests_per_second": summary["requests"] / seconds if seconds else 0.0,
        "p50_ms": summary["p50_us"] / 1000,
        "p95_ms": summary["p95_us"] / 1000,
        "p99_ms": summary["p99_us"] / 1000,
        "max_ms": summary["max_us"] / 1000,
        "socket_errors": summary["errors"],
        "socket_errors_by_kind": {
            kind: summary.get(kind, 0) for kind in ("connect", "read", "write", "timeout")
        },
        "statuses": {name: summary.get(f"c{name[0]}", 0) for name in STATUS_CLASSES},
        "cache_hits": summary.get("hits", 0),
        "cache_misses": summary.get("misses", 0),
    }


def merge_wrk_mixes(loads: Sequence[dict]) -> dict:
    """One wrk figure for several wrk runs side by side (one per app server).

    Counts and rates add up; a percentile cannot be combined from percentiles, so the
    slowest server's is kept: the merged p50, p95 and p99 are upper bounds.
    """
    merged = dict(loads[0])
    for load in loads[1:]:
        for name in ("requests", "requests_per_second", "socket_errors"):
            merged[name] += load[name]
        for name in ("cache_hits", "cache_misses"):
            merged[name] += load[name]
        for name in ("seconds", "p50_ms", "p95_ms", "p99_ms", "max_ms"):
            merged[name] = max(merged[name], load[name])
        merged["socket_errors_by_kind"] = {
            kind: count + load["socket_errors_by_kind"].get(kind, 0)
            for kind, count in merged["socket_errors_by_kind"].items()
        }
        merged["statuses"] = {
            name: count + load["statuses"].get(name, 0)
            for name, count in merged["statuses"].items()
        }
    return merged


# Live coverage ---------------------------------------------------------------------------


@dataclass(frozen=True)
class LiveEvent:
    """An update posted to the live story, or deleted from it, and when its commit returned."""

    kind: str  # "post" or "delete"
    update_id: int
    at: float


@dataclass(frozen=True)
class Poll:
    """One reader's poll of the live story: when it was sent and answered, what it answered.

    ``shown`` and ``deleted`` are what the reader's page knows after the answer: on a 304 the
    same as after the poll before, as a browser keeps its copy.
    """

    poller: int
    started: float
    finished: float
    status: int
    shown: frozenset[int] = frozenset()
    deleted: frozenset[int] = frozenset()


def cache_lifetime(cache_control: str) -> int:
    """How long a browser or shared cache may reuse an answer without asking (seconds)."""
    directives = [part.strip().lower() for part in cache_control.split(",")]
    if "no-cache" in directives or "no-store" in directives:
        return 0
    ages = [d.split("=", 1)[1] for d in directives if d.startswith(("s-maxage=", "max-age="))]
    return min((int(age) for age in ages if age.isdigit()), default=0)


def _carries(poll: Poll, event: LiveEvent) -> bool:
    if event.kind == "post":
        return event.update_id in poll.shown or event.update_id in poll.deleted
    return event.update_id in poll.deleted and event.update_id not in poll.shown


def judge_live(events: Sequence[LiveEvent], polls: Sequence[Poll], bound_seconds: float) -> dict:
    """How soon each poller's page learned of each update and deletion, and which polls were
    stale: sent after a commit, yet answered without it.

    The delay to a poll is from the commit to the sending of the first poll that carried the
    event, which one poll interval plus the answer's cache lifetime (``bound_seconds``) must
    cover; the delay to the reader adds that poll's answer time, queueing under load included.
    """
    by_poller: dict[int, list[Poll]] = {}
    for poll in sorted(polls, key=lambda poll: poll.started):
        if 200 <= poll.status < 400:
            by_poller.setdefault(poll.poller, []).append(poll)
    sent_delays: list[float] = []
    seen_delays: list[float] = []
    stale: list[str] = []
    unseen = 0
    for event in events:
        for poller, answered in by_poller.items():
            after = [poll for poll in answered if poll.started >= event.at]
            if not after:
                continue  # the event came after this reader's last poll
            first = next((poll for poll in after if _carries(poll, event)), None)
            if first is None:
                unseen += 1
                continue
            stale += [
                f"poller {poller}: {event.kind} of update {event.update_id} missing "
                f"{poll.started - event.at:.1f} s after its commit"
                for poll in after
                if poll.started < first.started
            ]
            sent_delays.append(first.started - event.at)
            seen_delays.append(first.finished - event.at)
    statuses = count_statuses(poll.status for poll in polls)
    answer_times = [poll.finished - poll.started for poll in polls]
    return {
        "posts": sum(event.kind == "post" for event in events),
        "deletes": sum(event.kind == "delete" for event in events),
        "pollers": len({poll.poller for poll in polls}),
        "polls": len(polls),
        "not_modified": sum(poll.status == 304 for poll in polls),
        "statuses": statuses,
        "checks": len(sent_delays) + unseen,
        "unseen": unseen,
        "stale": stale,
        "bound_seconds": bound_seconds,
        "max_sent_delay": max(sent_delays, default=None),
        "p50_seen_delay": percentile(seen_delays, 50),
        "p95_seen_delay": percentile(seen_delays, 95),
        "max_seen_delay": max(seen_delays, default=None),
        "p50_answer": percentile(answer_times, 50),
        "max_answer": max(answer_times, default=None),
    }
