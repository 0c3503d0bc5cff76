"""A task that fails until a file exists: for tests of retries and of the failed-task list."""

from __future__ import annotations

from pathlib import Path

from articles.background.queue import background_task


@background_task
def needs_file(path: str) -> str:
    if not Path(path).exists():
        raise FileNotFoundError(f"{path} is not there yet")
    return Path(path).read_text()
