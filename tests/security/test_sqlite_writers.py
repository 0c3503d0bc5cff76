"""The embedded default, SQLite, takes several editors saving at the same moment."""

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.support import sqlite_editors

PROJECT = Path(__file__).resolve().parents[2]


def test_editors_saving_at_once_on_a_sqlite_file_all_succeed(tmp_path):
    """Each save waits its turn for the write lock instead of answering 503 "database is locked".

    pytest-django's SQLite database lives in memory, so this runs on a file, in a process
    of its own, through the real settings.
    """
    env = os.environ | {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'newsroom.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "media"),
    }
    result = subprocess.run(
        [sys.executable, "-m", "tests.support.sqlite_editors"],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    assert outcome["answers"] == [302] * (sqlite_editors.EDITORS * sqlite_editors.ROUNDS)
    assert outcome["journal_mode"] == "wal"
