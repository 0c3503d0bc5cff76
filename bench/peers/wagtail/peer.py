"""Build, fill, time and serve the Wagtail peer from the benchmark driver (our virtualenv).

    python -m bench.peers.wagtail.peer --stories 1000     # build it on SQLite, time a page

Everything it writes lives under bench/var/peers/wagtail/: the virtualenv, collected static
files, media and (on SQLite) the database.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from bench.server import gunicorn
from bench.steps import run_step_process

PEER_DIR = Path(__file__).resolve().parent
PEER_PROJECT = PEER_DIR / "project"
BENCH_PROJECT = PEER_DIR.parents[2]
WORK_DIR = BENCH_PROJECT / "bench" / "var" / "peers" / "wagtail"
VENV_DIR = WORK_DIR / "venv"
# Wagtail 8.0 from the package index, and what serves it as ours is served.
REQUIREMENTS = (
    "wagtail>=8.0,<8.1",
    "gunicorn>=23,<26",
    "psycopg[binary]>=3.2,<4",
    "dj-database-url>=2.3,<4",
    "whitenoise>=6.9,<7",
)


class WagtailPeer:
    """The peer site: its virtualenv, its environment and the commands run in it."""

    def __init__(self, say: Callable[[str], None] = print) -> None:
        self.say = say
        self.python = str(VENV_DIR / "bin" / "python")

    def ensure_virtualenv(self) -> None:
        """Create the virtualenv and install Wagtail, unless it already has these versions."""
        marker = VENV_DIR / ".installed"
        wanted = "\n".join(REQUIREMENTS)
        if marker.exists() and marker.read_text() == wanted:
            return
        self.say(f"Wagtail peer: installing {', '.join(REQUIREMENTS)} into {VENV_DIR}")
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(VENV_DIR)], check=True)
        pip = [self.python, "-m", "pip", "install", "--quiet"]
        subprocess.run([*pip, "--upgrade", "pip"], check=True)
        subprocess.run([*pip, *REQUIREMENTS], check=True)
        marker.write_text(wanted)

    def environment(self, ours: dict[str, str], database_url: str, size: int) -> dict[str, str]:
        """Our run's environment, with the peer's database, files and import path."""
        return {
            **ours,
            "DATABASE_URL": database_url,
            "STATIC_ROOT": str(WORK_DIR / "static"),
            "MEDIA_ROOT": str(WORK_DIR / f"media-{size}"),
            # The peer builds its text with bench/words.py, as our corpus does.
            "PYTHONPATH": str(BENCH_PROJECT),
            "DJANGO_SETTINGS_MODULE": "peersite.settings",
        }

    def manage(self, arguments: list[str], env: dict[str, str]) -> dict:
        """Run the peer's manage.py; the JSON object on its last line of output, if any."""
        return run_step_process([self.python, "manage.py", *arguments], env=env, cwd=PEER_PROJECT)

    def build(self, env: dict[str, str], corpus_arguments: list[str]) -> dict:
        """Migrate an empty database, collect static files and fill it with the corpus."""
        self.manage(["migrate", "--noinput", "-v0"], env)
        self.manage(["collectstatic", "--noinput", "-v0"], env)
        return self.manage(["build_corpus", *corpus_arguments], env)

    def time_page(self, env: dict[str, str], url: str, requests: int) -> dict:
        return self.manage(["time_page", url, f"--requests={requests}"], env)

    @contextmanager
    def serve(self, env: dict[str, str], log_file: Path, ready_path: str) -> Iterator[str]:
        """The peer under gunicorn with our workers and options; yields its base URL."""
        with gunicorn(
            env,
            log_file,
            ready_path=ready_path,
            application="peersite.wsgi",
            python=self.python,
            cwd=PEER_PROJECT,
        ) as base_url:
            yield base_url


def main(argv: list[str] | None = None) -> None:
    """Build the peer at a size on SQLite, time its article page and check gunicorn serves it."""
    import urllib.request

    parser = argparse.ArgumentParser(prog="python -m bench.peers.wagtail.peer")
    parser.add_argument("--stories", type=int, default=1000)
    parser.add_argument("--requests", type=int, default=20)
    options = parser.parse_args(argv)
    peer = WagtailPeer()
    peer.ensure_virtualenv()
    database = WORK_DIR / f"peer-{options.stories}.sqlite3"
    for leftover in WORK_DIR.glob(f"peer-{options.stories}.sqlite3*"):
        leftover.unlink()
    ours = {
        "PATH": "/usr/bin:/bin",
        "SECRET_KEY": "wagtail-peer-benchmark-only-secret-key-not-for-production",
        "ALLOWED_HOSTS": "127.0.0.1,testserver",
        "LOG_LEVEL": "ERROR",
    }
    env = peer.environment(ours, f"sqlite:///{database}", options.stories)
    corpus = peer.build(env, [f"--stories={options.stories}"])
    print(json.dumps(corpus))
    print(json.dumps(peer.time_page(env, corpus["article_url"], options.requests)))
    url = corpus["article_url"]
    with (
        peer.serve(env, WORK_DIR / "gunicorn.log", url) as base_url,
        urllib.request.urlopen(base_url + url, timeout=30) as response,
    ):
        print(f"gunicorn served {url}: {response.status}")


if __name__ == "__main__":
    main()
