"""Run the whole benchmark and write bench/REPORT.md.

    python -m bench.run                      # 1,000 and 100,000 stories, SQLite and PostgreSQL
    python -m bench.run --sizes 1000         # a small run
    python -m bench.run --quick              # one short run per target instead of three
    python -m bench.run --sizes 100000 --caches off --targets "story,search council"
    python -m bench.run --sizes 1000 --peer wagtail   # Wagtail's page beside our story page

For each size and database: a fresh database, the corpus, then for each cache mode a probe
(queries per request), with the cache off each page's latency in-process, and gunicorn driven
by wrk. Smaller sizes are measured with the first cache mode only: they are there for the
scaling ratio. With ``--peer wagtail`` a Wagtail site with the same stories is built and
served beside ours (bench/peers/wagtail/) and its article page measured like our story page.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, fields
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
from psycopg import sql

from bench.load import LoadSettings, measure, wrk_path
from bench.machine import describe_machine
from bench.peers.wagtail.peer import WORK_DIR as PEER_WORK_DIR
from bench.peers.wagtail.peer import WagtailPeer
from bench.report import render_report
from bench.server import WORKERS, gunicorn
from bench.sizes import CorpusSize
from bench.steps import run_step_process
from bench.targets import STATIC_COPY_NAME, STATIC_COPY_PATH, chosen_targets

PROJECT_DIR = Path(__file__).resolve().parent.parent
WORK_DIR = PROJECT_DIR / "bench" / "var"
REPORT_PATH = PROJECT_DIR / "bench" / "REPORT.md"
DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/newsroom_bench"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"

# Cache modes: what each means in the report and the environment that selects it.
CACHE_MODES: dict[str, tuple[str, Callable[[argparse.Namespace, str], dict[str, str]]]] = {
    "off": (
        "Django's dummy cache (`bench/settings_cache_off.py`), nothing is cached",
        lambda options, run_id: {"DJANGO_SETTINGS_MODULE": "bench.settings_cache_off"},
    ),
    "redis": (
        "`REDIS_URL` set, Redis shared by the workers",
        lambda options, run_id: {
            "REDIS_URL": options.redis_url,
            "CACHE_KEY_PREFIX": f"newsroom-bench-{run_id}",
        },
    ),
    "fragments": (
        "no page cache in front (every page misses, as after a publish), teasers and feed "
        "and API items kept as fragments in Redis (`bench/settings_page_miss.py`)",
        lambda options, run_id: {
            "DJANGO_SETTINGS_MODULE": "bench.settings_page_miss",
            "REDIS_URL": options.redis_url,
            "CACHE_KEY_PREFIX": f"newsroom-bench-{run_id}",
        },
    ),
    "files": (
        "`REDIS_URL` unset, the file cache the workers share",
        lambda options, run_id: {"CACHE_DIR": str(WORK_DIR / f"cache-{run_id}")},
    ),
}

# Variables of the calling shell that would change what is measured.
CLEARED_VARIABLES = (
    "DATABASE_URL",
    "DATABASE_CONN_MAX_AGE",
    "REDIS_URL",
    "CACHE_KEY_PREFIX",
    "CACHE_DIR",
    "DJANGO_SETTINGS_MODULE",
    "DEBUG",
    "STORIES_PER_PAGE",
)


def comma_list(text: str) -> list[str]:
    return [item.strip() for item in text.split(",") if item.strip()]


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,100000", help="story counts, comma-separated")
    parser.add_argument("--databases", default="sqlite,postgres", help="sqlite and/or postgres")
    parser.add_argument(
        "--caches", default="off,fragments,redis", help=f"of {', '.join(CACHE_MODES)}"
    )
    parser.add_argument("--duration", type=int, default=LoadSettings.duration_seconds)
    parser.add_argument("--runs", type=int, default=LoadSettings.runs)
    parser.add_argument("--warmup", type=int, default=LoadSettings.warmup_seconds)
    parser.add_argument("--connections", type=int, default=LoadSettings.connections)
    parser.add_argument("--quick", action="store_true", help="one 3-second run per target")
    parser.add_argument(
        "--targets", default="", help="target names, comma-separated (default: every target)"
    )
    parser.add_argument(
        "--in-process-requests",
        type=int,
        default=20,
        help="timed in-process requests per target with the cache off (0: none)",
    )
    parser.add_argument("--peer", choices=["wagtail"], help="measure a peer CMS beside ours")
    for size_field in fields(CorpusSize):
        if size_field.name != "stories":
            parser.add_argument(f"--{size_field.name}", type=int, default=size_field.default)
    parser.add_argument("--no-renditions", action="store_true", help="skip the rendition test")
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("BENCH_POSTGRES_URL", DEFAULT_POSTGRES_URL),
        help="a database whose name contains 'bench': it is dropped and created again",
    )
    parser.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS_URL))
    parser.add_argument("--report", type=Path, default=REPORT_PATH)
    options = parser.parse_args(argv)
    options.sizes = sorted(int(size) for size in comma_list(options.sizes))
    options.databases = comma_list(options.databases)
    options.caches = comma_list(options.caches)
    options.targets = comma_list(options.targets)
    try:
        chosen_targets(options.targets)
    except ValueError as error:
        parser.error(str(error))
    unknown = set(options.caches) - set(CACHE_MODES)
    if unknown or set(options.databases) - {"sqlite", "postgres"}:
        parser.error(f"unknown cache mode or database: {', '.join(unknown) or options.databases}")
    if "postgres" in options.databases and "bench" not in urlsplit(options.postgres_url).path:
        parser.error("--postgres-url must name a database with 'bench' in it (it is dropped)")
    if options.quick:
        options.runs, options.duration = 1, 3
    return options


def say(message: str) -> None:
    print(f"[{datetime.now():%H:%M:%S}] {message}", flush=True)


class Benchmark:
    """One run of the benchmark: its options, its environment and what it measured."""

    def __init__(self, options: argparse.Namespace, command: str) -> None:
        self.options = options
        self.run_id = f"{datetime.now(UTC):%Y%m%d%H%M%S}"
        self.load = LoadSettings(
            duration_seconds=options.duration,
            runs=options.runs,
            warmup_seconds=options.warmup,
            connections=options.connections,
        )
        self.static_root = WORK_DIR / "static"
        self.results: dict = {
            "command": command,
            "started": f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
            "machine": describe_machine(options.postgres_url, options.redis_url),
            "settings": {
                "workers": WORKERS,
                "load": asdict(self.load),
                "sizes": options.sizes,
                "databases": options.databases,
                "caches": {name: CACHE_MODES[name][0] for name in options.caches},
                "stories_per_page": 20,
                "static_copy": STATIC_COPY_PATH,
            },
            "corpora": [],
            "setups": [],
            "renditions": [],
            "peers": [],
        }

    def environment(self, database_url: str, **extra: str) -> dict[str, str]:
        env = {key: value for key, value in os.environ.items() if key not in CLEARED_VARIABLES}
        env.update(
            DEBUG="false",
            SECRET_KEY=f"benchmark-only-secret-key-{self.run_id}-not-for-production",
            ALLOWED_HOSTS="127.0.0.1,testserver",
            SECURE_SSL_REDIRECT="false",
            STATIC_ROOT=str(self.static_root),
            MEDIA_ROOT=str(WORK_DIR / "media"),
            LOG_LEVEL="ERROR",
            DATABASE_URL=database_url,
            PYTHONPATH=str(PROJECT_DIR),
        )
        env.update(extra)
        return env

    def run_python(self, arguments: list[str], env: dict[str, str]) -> dict:
        return run_step_process([sys.executable, *arguments], env=env, cwd=PROJECT_DIR)

    def fresh_database(self, database: str, size: int) -> str:
        if database == "sqlite":
            path = WORK_DIR / f"bench-{size}.sqlite3"
            for leftover in WORK_DIR.glob(f"bench-{size}.sqlite3*"):
                leftover.unlink()
            return f"sqlite:///{path}"
        name = urlsplit(self.options.postgres_url).path.lstrip("/")
        with psycopg.connect(self.options.postgres_url, dbname="postgres", autocommit=True) as pg:
            pg.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
            pg.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return self.options.postgres_url

    def collect_static(self) -> None:
        say("Collecting static files")
        env = self.environment(f"sqlite:///{WORK_DIR / 'static.sqlite3'}")
        self.run_python(["manage.py", "collectstatic", "--noinput", "--clear", "-v0"], env)

    def corpus_sizes(self, size: int) -> list[str]:
        """How much of everything the corpus has, as options of ours and the peer's builder."""
        arguments = [f"--stories={size}"]
        for size_field in fields(CorpusSize):
            if size_field.name != "stories":
                arguments.append(f"--{size_field.name}={getattr(self.options, size_field.name)}")
        return arguments

    def measure_setup(self, size: int, database: str, cache: str, database_url: str) -> None:
        # Each size and database has its own keys: a page stored with another database's
        # stories is never served.
        run_id = f"{self.run_id}-{size}-{database}"
        env = self.environment(database_url, **CACHE_MODES[cache][1](self.options, run_id))
        story_copy = self.static_root / STATIC_COPY_PATH
        story_copy.parent.mkdir(parents=True, exist_ok=True)
        chosen = [f"--targets={','.join(self.options.targets)}"] if self.options.targets else []
        probe = self.run_python(
            ["-m", "bench.steps", "probe", f"--story-html={story_copy}", *chosen], env
        )
        targets = probe["targets"]
        if any(target["name"] == "story" for target in targets):
            targets.append(
                {
                    "name": STATIC_COPY_NAME,
                    "url": f"/static/{STATIC_COPY_PATH}",
                    "status": 200,
                    "bytes": story_copy.stat().st_size,
                    "queries_first": None,
                    "queries_repeat": None,
                    "error": "",
                }
            )
        in_process = {}
        if cache in ("off", "fragments") and self.options.in_process_requests:
            say(f"  in-process, {self.options.in_process_requests} requests per target")
            requests = f"--requests={self.options.in_process_requests}"
            in_process = self.run_python(["-m", "bench.steps", "timing", requests, *chosen], env)[
                "timings"
            ]
            for name, figures in in_process.items():
                p50, p95 = figures["p50_ms"], figures["p95_ms"]
                say(f"  {name}: in-process p50 {p50:.1f} ms, p95 {p95:.1f} ms")
        log_file = WORK_DIR / f"gunicorn-{self.run_id}.log"
        with gunicorn(env, log_file, ready_path=f"/static/{STATIC_COPY_PATH}") as base_url:
            self.drive(base_url, targets)
        self.results["setups"].append(
            {
                "size": size,
                "database": database,
                "cache": cache,
                "facts": probe["facts"],
                "targets": targets,
                "in_process": in_process,
            }
        )

    def drive(self, base_url: str, targets: list[dict]) -> None:
        """Drive each available target with wrk and keep its figures in the target."""
        for target in targets:
            if target["status"] is None or target["status"] >= 400:
                say(f"  {target['name']}: not available ({target['error'] or target['status']})")
                continue
            figures, runs = measure(base_url + target["url"], self.load)
            target["load"], target["runs"] = asdict(figures), [asdict(run) for run in runs]
            say(
                f"  {target['name']}: {figures.requests_per_second:,.0f} req/s, "
                f"p50 {figures.p50_ms:.1f} ms, p99 {figures.p99_ms:.1f} ms"
            )

    def measure_size(self, size: int, database: str) -> None:
        say(f"{size:,} stories on {database}: fresh database and corpus")
        database_url = self.fresh_database(database, size)
        env = self.environment(database_url)
        self.run_python(["manage.py", "migrate", "--noinput", "-v0"], env)
        corpus = self.run_python(["-m", "bench.steps", "corpus", *self.corpus_sizes(size)], env)
        self.results["corpora"].append({"size": size, "database": database, **corpus})
        caches = self.options.caches if size == self.options.sizes[-1] else self.options.caches[:1]
        for cache in caches:
            say(f"{size:,} stories on {database}, cache {cache}")
            self.measure_setup(size, database, cache, database_url)

    def peer_database(self, database: str, size: int) -> str:
        """A fresh database of the peer's own: a SQLite file, or ``<ours>_wagtail``."""
        if database == "sqlite":
            path = PEER_WORK_DIR / f"bench-{size}.sqlite3"
            for leftover in PEER_WORK_DIR.glob(f"bench-{size}.sqlite3*"):
                leftover.unlink()
            return f"sqlite:///{path}"
        url = urlsplit(self.options.postgres_url)
        name = url.path.lstrip("/") + "_wagtail"
        with psycopg.connect(self.options.postgres_url, dbname="postgres", autocommit=True) as pg:
            pg.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
            pg.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return url._replace(path=f"/{name}").geturl()

    def measure_peer(self, size: int, database: str) -> None:
        """The Wagtail peer's article page at this size and database, as our story page."""
        say(f"{size:,} stories on {database}: Wagtail peer")
        peer = WagtailPeer(say)
        peer.ensure_virtualenv()
        PEER_WORK_DIR.mkdir(parents=True, exist_ok=True)
        env = peer.environment(self.environment(""), self.peer_database(database, size), size)
        corpus = peer.build(env, self.corpus_sizes(size))
        url = corpus["article_url"]
        page = peer.time_page(env, url, max(self.options.in_process_requests, 1))
        p50, p95 = page["p50_ms"], page["p95_ms"]
        say(f"  wagtail article: in-process p50 {p50:.1f} ms, p95 {p95:.1f} ms")
        with peer.serve(env, PEER_WORK_DIR / f"gunicorn-{self.run_id}.log", url) as base_url:
            figures, runs = measure(base_url + url, self.load)
        say(
            f"  wagtail article: {figures.requests_per_second:,.0f} req/s, "
            f"p50 {figures.p50_ms:.1f} ms, p99 {figures.p99_ms:.1f} ms"
        )
        self.results["peers"].append(
            {
                "peer": "wagtail",
                "size": size,
                "database": database,
                "corpus": corpus,
                "page": page,
                "load": asdict(figures),
                "runs": [asdict(run) for run in runs],
            }
        )

    def measure_renditions(self) -> None:
        say("Rendition of a 24-megapixel JPEG")
        database = WORK_DIR / "rendition.sqlite3"
        database.unlink(missing_ok=True)
        env = self.environment(f"sqlite:///{database}")
        self.run_python(["manage.py", "migrate", "--noinput", "-v0"], env)
        for format in ("webp", "jpeg"):
            image_id = self.run_python(["-m", "bench.steps", "rendition-source"], env)["image_id"]
            figures = self.run_python(
                ["-m", "bench.steps", "rendition", f"--image={image_id}", f"--format={format}"], env
            )
            self.results["renditions"].append(figures)
            say(f"  {format}: {figures['seconds']:.2f} s, peak {figures['peak_mb']:.0f} MB")

    def run(self) -> dict:
        started = time.monotonic()
        WORK_DIR.mkdir(parents=True, exist_ok=True)
        self.collect_static()
        for size in self.options.sizes:
            for database in self.options.databases:
                self.measure_size(size, database)
                if self.options.peer:
                    self.measure_peer(size, database)
        if not self.options.no_renditions:
            self.measure_renditions()
        self.results["elapsed_seconds"] = time.monotonic() - started
        self.results["machine"]["load average at end"] = " ".join(
            f"{load:.2f}" for load in os.getloadavg()
        )
        return self.results


def main(argv: list[str] | None = None) -> None:
    options = parse_arguments(argv)
    if not wrk_path():
        sys.exit("The benchmark needs wrk: apt-get install -y wrk")
    command = "python -m bench.run " + " ".join(sys.argv[1:] if argv is None else argv)
    results = Benchmark(options, command.strip()).run()
    raw = WORK_DIR / f"results-{datetime.now(UTC):%Y%m%d-%H%M%S}.json"
    raw.write_text(json.dumps(results, indent=2))
    options.report.write_text(render_report(results))
    say(f"Report: {options.report} (raw figures: {raw}), {results['elapsed_seconds'] / 60:.1f} min")


if __name__ == "__main__":
    main()
