"""In-process timing: each target's latency through Django alone, no gunicorn, no wrk.

The figures the search goal is judged by: the targets take turns, request by request, in
the same process and the same run, so the story page and the searches are compared fairly.
"""

from __future__ import annotations

import math
import time
from dataclasses import asdict, dataclass

from django.test import Client

from bench.probe import corpus_facts
from bench.targets import chosen_targets
from newsroom.warmup import prepare_to_serve


@dataclass(frozen=True)
class InProcessFigures:
    """Latency of ``requests`` requests to one URL, after one untimed warm-up request."""

    requests: int
    status: int
    p50_ms: float
    p95_ms: float
    max_ms: float


def percentile(sorted_values: list[float], share: float) -> float:
    """The nearest-rank percentile: the smallest value at least ``share`` of them reach."""
    return sorted_values[max(0, math.ceil(share * len(sorted_values)) - 1)]


def summary(status: int, milliseconds: list[float]) -> InProcessFigures:
    ordered = sorted(milliseconds)
    return InProcessFigures(
        requests=len(ordered),
        status=status,
        p50_ms=percentile(ordered, 0.5),
        p95_ms=percentile(ordered, 0.95),
        max_ms=ordered[-1],
    )


def time_urls(client: Client, urls: dict[str, str], requests: int) -> dict[str, InProcessFigures]:
    """Each URL ``requests`` times, taking turns, so a busy moment of the machine falls on
    every URL alike rather than on whichever was being timed."""
    statuses = {name: client.get(url).status_code for name, url in urls.items()}
    milliseconds: dict[str, list[float]] = {name: [] for name in urls}
    for _ in range(requests):
        for name, url in urls.items():
            started = time.perf_counter()
            statuses[name] = client.get(url).status_code
            milliseconds[name].append((time.perf_counter() - started) * 1000)
    return {name: summary(statuses[name], milliseconds[name]) for name in urls}


def time_targets(names: list[str] | None, requests: int) -> dict[str, dict]:
    """Each chosen target's in-process figures, by target name."""
    facts = corpus_facts()
    # As an app server's process starts (newsroom/wsgi.py), so the figures are a worker's.
    prepare_to_serve()
    urls = {target.name: target.url_for(facts) for target in chosen_targets(names)}
    figures = time_urls(Client(raise_request_exception=False), urls, requests)
    return {name: {"url": urls[name], **asdict(figures[name])} for name in urls}
