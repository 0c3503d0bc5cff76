"""Real processes for tests: a database they share with the test, Redis, and waiting on them."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn

import pytest
from django.db import connection

PROJECT = Path(__file__).resolve().parents[2]
REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379
# The Redis databases this project's tests may flush (see the engineers' allocation).
REDIS_TASKS_DB = int(os.environ.get("TEST_REDIS_TASKS_DB", "4"))
REDIS_CACHE_DB = int(os.environ.get("TEST_REDIS_CACHE_DB", "7"))


def missing_service(reason: str) -> NoReturn:
    """Skip a test whose service is not there; fail it under ``REQUIRE_SERVICES=1`` (CI),
    where the worker, the two app servers and the S3 server must really have run."""
    if os.environ.get("REQUIRE_SERVICES") == "1":
        pytest.fail(f"{reason} (REQUIRE_SERVICES=1)")
    pytest.skip(reason)


def redis_or_skip(db: int):
    try:
        import redis
    except ImportError:
        missing_service("needs the redis client (the dev dependencies)")
    client = redis.Redis(host=REDIS_HOST, port=REDIS_PORT, db=db, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        missing_service(f"needs Redis on {REDIS_HOST}:{REDIS_PORT}")
    return client


def shared_database_url(tmp_path: Path) -> str:
    """A database the test and its child processes both reach.

    PostgreSQL: the test database itself (the test must use ``transactional_db``, so what
    it writes is committed). SQLite: the test database lives in memory, so a new file,
    migrated by a child process.
    """
    settings_dict = connection.settings_dict
    if connection.vendor == "postgresql":
        user = settings_dict["USER"] or "postgres"
        host = settings_dict["HOST"] or "127.0.0.1"
        port = settings_dict["PORT"] or 5432
        return f"postgres://{user}@{host}:{port}/{settings_dict['NAME']}"
    url = f"sqlite:///{tmp_path / 'shared.sqlite3'}"
    run_client("migrate", {}, env=child_env(DATABASE_URL=url))
    return url


def child_env(**overrides: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "PYTEST_", "TASKS_", "AWS_")) and key != "REDIS_URL"
    }
    env.update({"DJANGO_SETTINGS_MODULE": "newsroom.settings", "PYTHONUNBUFFERED": "1"})
    env.update(overrides)
    return env


def run_client(command: str, options: dict, *, env: dict[str, str]) -> dict:
    done = subprocess.run(
        [sys.executable, "-m", "tests.support.task_client", command, json.dumps(options)],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def start(args: list[str], *, env: dict[str, str], log: Path) -> subprocess.Popen:
    """A process in its own group, so ``stop`` reaches what it forks (an RQ worker's job
    and scheduler processes, gunicorn's workers)."""
    return subprocess.Popen(
        args,
        cwd=PROJECT,
        env=env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def stop(process: subprocess.Popen) -> None:
    """Ask the process to finish; after 10 s, kill it and everything it started."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)


def wait_for(
    check: Callable[[], object], *, timeout: float = 30, what: str | Callable[[], str] = ""
) -> object:
    """Ask ``check`` until it answers something true, or fail after ``timeout`` seconds.

    ``what`` names what was awaited in the failure; a callable is asked then, so it can
    say what the processes had done by that time.
    """
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            described = what() if callable(what) else what
            pytest.fail(f"Gave up waiting for {described or check}: last answer {result!r}")
        time.sleep(0.2)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(env: dict[str, str], log: Path, *, port: int | None = None) -> str:
    """A gunicorn serving the site on a free port; returns its address once it answers."""
    port = port or free_port()
    server = start(
        [sys.executable, "-m", "gunicorn", "newsroom.wsgi", "--bind", f"127.0.0.1:{port}",
         "--workers", "1", "--access-logfile", "-"],
        env=env,
        log=log,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    _servers.append(server)

    def answers():
        if server.poll() is not None:
            pytest.fail(f"The server stopped: {log.read_text(errors='replace')[-2000:]}")
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2) as answer:
                return answer.status == 200
        except (urllib.error.URLError, OSError):
            return False

    wait_for(answers, timeout=30, what=f"the server on {url}")
    return url


_servers: list[subprocess.Popen] = []


@pytest.fixture
def servers():
    """Stops every server a test started with ``start_server``."""
    yield start_server
    while _servers:
        stop(_servers.pop())


def get(url: str, **headers: str) -> tuple[int, dict[str, str], str]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status, dict(answer.headers), answer.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()
