"""What the figures were measured on: hardware, software versions and the code's commit."""

from __future__ import annotations

import os
import platform
import sqlite3
import subprocess
from importlib.metadata import version
from pathlib import Path

import psycopg
import redis


def read_first(path: str, prefix: str) -> str:
    try:
        for line in Path(path).read_text().splitlines():
            if line.startswith(prefix):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown"


def command_output(command: list[str]) -> str:
    try:
        finished = subprocess.run(command, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"
    lines = (finished.stdout or finished.stderr).strip().splitlines()
    return lines[0] if lines else ""


def postgres_version(url: str) -> str:
    try:
        with psycopg.connect(url, dbname="postgres", connect_timeout=5) as connection:
            row = connection.execute("SHOW server_version").fetchone()
            return row[0] if row else "unknown"
    except psycopg.Error:
        return "not reachable"


def redis_version(url: str) -> str:
    try:
        return redis.Redis.from_url(url, socket_timeout=5).info()["redis_version"]
    except redis.RedisError:
        return "not reachable"


def describe_machine(postgres_url: str, redis_url: str) -> dict[str, str]:
    memory_kb = read_first("/proc/meminfo", "MemTotal").split()[0]
    git = ["git", "-C", str(Path(__file__).resolve().parent.parent)]
    dirty = command_output([*git, "status", "--porcelain", "--untracked-files=no"])
    return {
        "CPU": read_first("/proc/cpuinfo", "model name"),
        "cores": str(os.cpu_count()),
        "memory": f"{int(memory_kb) / 1024 / 1024:.1f} GiB" if memory_kb.isdigit() else "unknown",
        "load average at start": " ".join(f"{load:.2f}" for load in os.getloadavg()),
        "system": platform.platform(),
        "Python": platform.python_version(),
        "Django": version("Django"),
        "gunicorn": version("gunicorn"),
        "WhiteNoise": version("whitenoise"),
        "wrk": command_output(["wrk", "--version"]).split(" [")[0],
        "SQLite": sqlite3.sqlite_version,
        "PostgreSQL": postgres_version(postgres_url),
        "Redis": redis_version(redis_url),
        "commit": command_output([*git, "rev-parse", "--short", "HEAD"])
        + (" (with uncommitted changes)" if dirty not in ("", "unknown") else ""),
    }
