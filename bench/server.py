"""gunicorn on a free port of 127.0.0.1, for the length of a ``with`` block."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

WORKERS = 2
PROJECT_DIR = Path(__file__).resolve().parent.parent
READY_TIMEOUT_SECONDS = 60


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_serving(base_url: str, process: subprocess.Popen, ready_path: str) -> None:
    deadline = time.monotonic() + READY_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with status {process.returncode}")
        try:
            with urllib.request.urlopen(base_url + ready_path, timeout=5):
                return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not answer on {base_url} within {READY_TIMEOUT_SECONDS} s")


@contextmanager
def gunicorn(
    env: dict[str, str],
    log_file: Path,
    ready_path: str = "/",
    extra_arguments: tuple[str, ...] = (),
    *,
    application: str = "newsroom.wsgi",
    python: str = sys.executable,
    cwd: Path = PROJECT_DIR,
) -> Iterator[str]:
    """Serve ``application`` (ours unless told) with the given environment; yield the base URL.

    A peer site is served with the same workers and options, from its own virtualenv.
    """
    port = free_port()
    command = [
        python,
        "-m",
        "gunicorn",
        application,
        f"--workers={WORKERS}",
        f"--bind=127.0.0.1:{port}",
        f"--error-logfile={log_file}",
        *extra_arguments,
    ]
    process = subprocess.Popen(command, env=env, cwd=cwd)
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(base_url, process, ready_path)
        yield base_url
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
