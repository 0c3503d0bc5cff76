"""Drive one URL with wrk for a bounded time and read back throughput and latency percentiles."""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from statistics import median

SUMMARY_SCRIPT = Path(__file__).with_name("wrk_summary.lua")


@dataclass(frozen=True)
class LoadFigures:
    """One wrk run (or the medians of several): requests/s and latency in milliseconds."""

    requests: int
    requests_per_second: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    errors: int = 0
    non_2xx: int = 0


@dataclass(frozen=True)
class LoadSettings:
    """How hard and how long wrk drives each target."""

    duration_seconds: int = 3
    runs: int = 3
    warmup_seconds: int = 1
    connections: int = 4
    threads: int = 1


def wrk_path() -> str | None:
    return shutil.which("wrk")


def parse_wrk_summary(output: str) -> LoadFigures:
    """Read the JSON line that wrk_summary.lua prints at the end of wrk's output."""
    lines = [line for line in output.splitlines() if line.startswith("{")]
    if not lines:
        raise ValueError(f"wrk printed no summary:\n{output}")
    summary = json.loads(lines[-1])
    seconds = summary["duration_us"] / 1_000_000
    return LoadFigures(
        requests=summary["requests"],
        requests_per_second=summary["requests"] / seconds if seconds else 0.0,
        p50_ms=summary["p50_us"] / 1000,
        p95_ms=summary["p95_us"] / 1000,
        p99_ms=summary["p99_us"] / 1000,
        errors=summary["errors"],
        non_2xx=summary["non_2xx"],
    )


def median_figures(runs: list[LoadFigures]) -> LoadFigures:
    """The median of each figure over several runs (each figure on its own)."""
    if not runs:
        raise ValueError("No runs to take the median of.")
    return LoadFigures(
        requests=round(median(run.requests for run in runs)),
        requests_per_second=median(run.requests_per_second for run in runs),
        p50_ms=median(run.p50_ms for run in runs),
        p95_ms=median(run.p95_ms for run in runs),
        p99_ms=median(run.p99_ms for run in runs),
        errors=max(run.errors for run in runs),
        non_2xx=max(run.non_2xx for run in runs),
    )


def run_wrk(url: str, seconds: int, load: LoadSettings) -> LoadFigures:
    command = [
        wrk_path() or "wrk",
        f"--threads={load.threads}",
        f"--connections={load.connections}",
        f"--duration={seconds}s",
        "--timeout=10s",
        f"--script={SUMMARY_SCRIPT}",
        url,
    ]
    finished = subprocess.run(command, capture_output=True, text=True, check=True)
    return parse_wrk_summary(finished.stdout)


def measure(url: str, load: LoadSettings) -> tuple[LoadFigures, list[LoadFigures]]:
    """Warm up, then run wrk ``load.runs`` times; the medians and every run."""
    if load.warmup_seconds:
        run_wrk(url, load.warmup_seconds, load)
    runs = [run_wrk(url, load.duration_seconds, load) for _ in range(load.runs)]
    return median_figures(runs), runs
