"""Soak test: mixed public traffic while editors publish, edit and correct stories and a hostile
feed is ingested; writes bench/SOAK.md.

    python -m bench.soak                                   # 3,000 stories, 50 connections, 60 s
    python -m bench.soak --seconds 15 --connections 10     # a short run

A fresh PostgreSQL database with a corpus, two gunicorn app servers (2 workers each,
production settings, one Redis cache on a database number of its own that is flushed first)
and a task worker (``manage.py tasks_worker`` on the RQ queue, another Redis database), and,
at the same time: wrk over a mix of public URLs on each server, editors changing a story
every second and checking the public pages on one server or the other right after each
commit, two editors saving the same stories to test the version check, a live story
receiving an update every few seconds while readers poll it, and
``manage.py ingest`` of broken and hostile feeds served on 127.0.0.1. Stops by itself and
stops everything it started; exits non-zero when a goal was missed.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import redis
from psycopg import sql

from bench.load import wrk_path
from bench.machine import describe_machine
from bench.run import CLEARED_VARIABLES
from bench.server import WORKERS, gunicorn
from bench.soak.checks import (
    ACCESS_LOG_FORMAT,
    LiveEvent,
    Poll,
    figures_by_kind,
    judge_live,
    merge_wrk_mixes,
    non_2xx_paths,
    page_kind,
    parse_access_log,
    parse_wrk_mix,
    split_by_window,
    window_figures,
)
from bench.soak.feeds import FEEDS, feed_server
from bench.soak.report import goals_met, render_summary

PROJECT_DIR = Path(__file__).resolve().parents[2]
WORK_DIR = PROJECT_DIR / "bench" / "var" / "soak"
REPORT_PATH = PROJECT_DIR / "bench" / "SOAK.md"
MIX_SCRIPT = Path(__file__).with_name("mix.lua")
DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/newsroom_soak"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/15"
DEFAULT_TASKS_REDIS_URL = "redis://127.0.0.1:6379/14"
APP_SERVERS = 2
# The editors stop a little before wrk, so every check they make happens under load.
EDITOR_MARGIN_SECONDS = 5
INGEST_TIMEOUT_SECONDS = 3
INGEST_RUN_LIMIT_SECONDS = 120
CORPUS_SHAPE = ("--tags=300", "--authors=40", "--sections=10", "--images=400", "--sources=5")


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    description = __doc__.split("\n")[0]
    parser = argparse.ArgumentParser(prog="python -m bench.soak", description=description)
    parser.add_argument("--stories", type=int, default=3000)
    parser.add_argument("--seconds", type=int, default=60, help="how long wrk drives the site")
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--editors", type=int, default=4, help="editors changing stories")
    parser.add_argument(
        "--leave-out",
        default="",
        help="kinds of page to drop from the mix, comma-separated (e.g. search), to compare",
    )
    parser.add_argument("--ingest-after", type=int, default=10, help="seconds into the load")
    parser.add_argument(
        "--live-every", type=float, default=3.0, help="seconds between the live story's updates"
    )
    parser.add_argument(
        "--poll-seconds",
        type=int,
        default=5,
        help="the live poll interval (LIVE_POLL_SECONDS)",
    )
    parser.add_argument("--pollers", type=int, default=20, help="readers polling the live story")
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("SOAK_POSTGRES_URL", DEFAULT_POSTGRES_URL),
        help="a database whose name contains 'soak': it is dropped and created again",
    )
    parser.add_argument(
        "--redis-url",
        default=os.environ.get("SOAK_REDIS_URL", DEFAULT_REDIS_URL),
        help="a Redis database of the soak test's own: it is flushed first",
    )
    parser.add_argument(
        "--tasks-redis-url",
        default=os.environ.get("SOAK_TASKS_REDIS_URL", DEFAULT_TASKS_REDIS_URL),
        help="the task queue's Redis database, of the soak test's own: it is flushed first",
    )
    parser.add_argument("--report", type=Path, default=REPORT_PATH)
    options = parser.parse_args(argv)
    if "soak" not in urlsplit(options.postgres_url).path:
        parser.error("--postgres-url must name a database with 'soak' in it (it is dropped)")
    if options.ingest_after >= options.seconds:
        parser.error("--ingest-after must fall within --seconds")
    return options


def say(message: str) -> None:
    print(f"[{datetime.now():%H:%M:%S}] {message}", flush=True)


def environment(options: argparse.Namespace, run_id: str) -> dict[str, str]:
    """Production settings (DEBUG off) on the soak database and Redis, for every process."""
    env = {key: value for key, value in os.environ.items() if key not in CLEARED_VARIABLES}
    env.update(
        DEBUG="false",
        SECRET_KEY=f"soak-test-only-secret-key-{run_id}-not-for-production",
        ALLOWED_HOSTS="127.0.0.1,testserver",
        SECURE_SSL_REDIRECT="false",
        STATIC_ROOT=str(WORK_DIR / "static"),
        MEDIA_ROOT=str(WORK_DIR / "media"),
        LOG_LEVEL="ERROR",
        DATABASE_URL=options.postgres_url,
        REDIS_URL=options.redis_url,
        TASKS_BACKEND="rq",
        TASKS_REDIS_URL=options.tasks_redis_url,
        CACHE_KEY_PREFIX=f"newsroom-soak-{run_id}",
        LIVE_POLL_SECONDS=str(options.poll_seconds),
        PYTHONPATH=str(PROJECT_DIR),
    )
    return env


def run_python(arguments: list[str], env: dict[str, str]) -> dict:
    finished = subprocess.run(
        [sys.executable, *arguments], env=env, cwd=PROJECT_DIR, stdout=subprocess.PIPE, text=True
    )
    if finished.returncode:
        raise RuntimeError(f"{' '.join(arguments)} exited with status {finished.returncode}")
    lines = finished.stdout.strip().splitlines()
    return json.loads(lines[-1]) if lines and lines[-1].startswith("{") else {}


def fresh_database(url: str) -> None:
    name = urlsplit(url).path.lstrip("/")
    with psycopg.connect(url, dbname="postgres", autocommit=True) as pg:
        pg.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        pg.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def status_of(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=30) as answer:
            return answer.status
    except urllib.error.HTTPError as error:
        return error.code


def probe_paths(base_url: str, paths: list[str]) -> dict[str, int]:
    """Every distinct path's status before the load; only those answering 200 are driven."""
    distinct = list(dict.fromkeys(paths))
    with ThreadPoolExecutor(max_workers=WORKERS * 2) as pool:
        statuses = pool.map(status_of, (base_url + path for path in distinct))
        return dict(zip(distinct, statuses, strict=True))


@contextmanager
def started_processes() -> Iterator[list[subprocess.Popen]]:
    """Processes appended to the yielded list are stopped on the way out, if still running."""
    processes: list[subprocess.Popen] = []
    try:
        yield processes
    finally:
        for process in processes:
            if process.poll() is None:
                process.terminate()
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def ingest_feeds(feeds_url: str, env: dict[str, str], source: str) -> list[dict]:
    """Run ``manage.py ingest`` on each broken or hostile feed in turn; what each did and took."""
    env = env | {
        "INGEST_ALLOW_PRIVATE_HOSTS": "true",
        "INGEST_TIMEOUT": str(INGEST_TIMEOUT_SECONDS),
    }
    runs = []
    for path, expected in FEEDS:
        command = [sys.executable, "manage.py", "ingest", feeds_url + path, "--source", source]
        started = time.monotonic()
        try:
            finished = subprocess.run(
                command,
                env=env,
                cwd=PROJECT_DIR,
                capture_output=True,
                text=True,
                timeout=INGEST_RUN_LIMIT_SECONDS,
            )
        except subprocess.TimeoutExpired:
            runs.append({"feed": path, "expected": expected, "finished": False, "status": None})
            continue
        output = (finished.stdout + finished.stderr).strip().splitlines()
        runs.append(
            {
                "feed": path,
                "expected": expected,
                "finished": True,
                "status": finished.returncode,
                "seconds": round(time.monotonic() - started, 1),
                "item_lines": [line for line in output if line.split(":")[0] in ITEM_OUTCOMES],
                "summary": next(
                    (line for line in reversed(output) if line.startswith(f"{source}:")), ""
                ),
                "traceback": any("Traceback" in line for line in output),
            }
        )
    return runs


ITEM_OUTCOMES = ("created", "updated", "unchanged", "flagged", "failed")


def django_step(step: str, plan: Path, out: Path, *arguments: str) -> list[str]:
    return ["-m", "bench.soak.steps", step, f"--plan={plan}", f"--out={out}", *arguments]


def read_json(path: Path) -> dict:
    return json.loads(path.read_text()) if path.exists() else {}


def soak(options: argparse.Namespace, command: str) -> dict:
    run_id = f"{datetime.now(UTC):%Y%m%d%H%M%S}"
    WORK_DIR.mkdir(parents=True, exist_ok=True)
    env = environment(options, run_id)
    results: dict = {
        "command": command,
        "started": f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        "machine": describe_machine(options.postgres_url, options.redis_url),
        "settings": {
            "stories": options.stories,
            "seconds": options.seconds,
            "connections": options.connections,
            "wrk_threads": options.threads,
            "editors": options.editors,
            "left out of the mix": options.leave_out or "nothing",
            "workers": WORKERS,
            "ingest_after": options.ingest_after,
            "ingest_timeout": INGEST_TIMEOUT_SECONDS,
            "live_update_every": options.live_every,
            "poll_seconds": options.poll_seconds,
            "pollers": options.pollers,
            "redis": options.redis_url,
            "app_servers": APP_SERVERS,
            "task_workers": 1,
        },
    }
    say(f"Fresh database and a corpus of {options.stories:,} stories")
    fresh_database(options.postgres_url)
    run_python(["manage.py", "migrate", "--noinput", "-v0"], env)
    corpus_step = ["-m", "bench.steps", "corpus", f"--stories={options.stories}", *CORPUS_SHAPE]
    results["corpus"] = run_python(corpus_step, env)
    run_python(["manage.py", "collectstatic", "--noinput", "--clear", "-v0"], env)
    # A live database has planner statistics; a freshly filled one has none until analyzed.
    with psycopg.connect(options.postgres_url, autocommit=True) as pg:
        pg.execute("ANALYZE")
    redis.Redis.from_url(options.redis_url).flushdb()
    redis.Redis.from_url(options.tasks_redis_url).flushdb()
    plan_file = WORK_DIR / f"plan-{run_id}.json"
    run_python(["-m", "bench.soak.steps", "prepare", f"--plan={plan_file}"], env)
    plan = json.loads(plan_file.read_text())
    results["settings"]["rival_stories"] = len(plan["rival_ids"])
    access_logs = [WORK_DIR / f"access{n}-{run_id}.log" for n in range(APP_SERVERS)]
    editor_files = [WORK_DIR / f"editor{number}-{run_id}.json" for number in range(options.editors)]
    out = {
        name: WORK_DIR / f"{name}-{run_id}.json" for name in ("A", "B", "verify", "live", "pollers")
    }
    with ExitStack() as servers:
        base_urls = [
            servers.enter_context(
                gunicorn(
                    env,
                    WORK_DIR / f"gunicorn{n}-{run_id}.log",
                    "/",
                    (f"--access-logfile={log}", f"--access-logformat={ACCESS_LOG_FORMAT}"),
                )
            )
            for n, log in enumerate(access_logs)
        ]
        base_url = base_urls[0]
        say(f"gunicorn on {', '.join(base_urls)}; probing {len(set(plan['paths']))} URLs")
        statuses = probe_paths(base_url, plan["paths"])
        results["refused_paths"] = {path: code for path, code in statuses.items() if code != 200}
        left_out = {kind.strip() for kind in options.leave_out.split(",") if kind.strip()}
        paths = [
            path
            for path in plan["paths"]
            if statuses[path] == 200 and page_kind(path) not in left_out
        ]
        paths_file = WORK_DIR / f"paths-{run_id}.txt"
        paths_file.write_text("\n".join(paths) + "\n")
        results["paths"] = {"listed": len(paths), "distinct": len(set(paths))}
        editor_seconds = str(max(1, options.seconds - EDITOR_MARGIN_SECONDS))
        # The live desk stops a poll interval earlier still, so every reader polls after each
        # of its updates while the load runs.
        live_seconds = str(max(1, options.seconds - EDITOR_MARGIN_SECONDS - options.poll_seconds))
        with feed_server() as feeds_url, started_processes() as processes:
            say(f"Load: {options.connections} connections for {options.seconds} s")
            worker = subprocess.Popen(
                [sys.executable, "manage.py", "tasks_worker", "--name", f"soak-{run_id}"],
                env=env | {"LOG_LEVEL": "WARNING"},
                cwd=PROJECT_DIR,
                stdout=(WORK_DIR / f"worker-{run_id}.log").open("wb"),
                stderr=subprocess.STDOUT,
            )
            processes.append(worker)
            load_started = time.time()
            # The connections and threads split between the servers, as a balancer would.
            wrks = [
                subprocess.Popen(
                    [
                        wrk_path() or "wrk",
                        f"--threads={max(1, options.threads // APP_SERVERS)}",
                        f"--connections={max(1, options.connections // APP_SERVERS)}",
                        f"--duration={options.seconds}s",
                        "--timeout=10s",
                        f"--script={MIX_SCRIPT}",
                        server_url,
                        "--",
                        str(paths_file),
                    ],
                    stdout=subprocess.PIPE,
                    stderr=subprocess.STDOUT,
                    text=True,
                )
                for server_url in base_urls
            ]
            processes += wrks
            seconds = f"--seconds={editor_seconds}"
            # Editors commit in processes of their own, as a third app server would, and each
            # checks what readers see on one of the two servers.
            editors = [
                django_step("editor", plan_file, editor_file,
                            f"--base-url={base_urls[number % APP_SERVERS]}", seconds,
                            f"--number={number}", f"--editors={options.editors}")
                for number, editor_file in enumerate(editor_files)
            ] + [
                django_step("rival", plan_file, out["A"], "--name=A", seconds),
                django_step("rival", plan_file, out["B"], "--name=B", seconds),
                django_step("live", plan_file, out["live"], f"--seconds={live_seconds}",
                            f"--every={options.live_every}"),
                django_step("pollers", plan_file, out["pollers"], f"--base-url={base_url}",
                            f"--seconds={options.seconds}", f"--interval={options.poll_seconds}",
                            f"--pollers={options.pollers}"),
            ]  # fmt: skip
            editing = [
                subprocess.Popen([sys.executable, *step], env=env, cwd=PROJECT_DIR)
                for step in editors
            ]
            processes += editing
            time.sleep(max(0.0, load_started + options.ingest_after - time.time()))
            say("Ingesting the broken and hostile feeds")
            ingest_started = time.time()
            results["ingest"] = ingest_feeds(feeds_url, env, plan["wire_source"])
            results["ingest_window"] = {"start": ingest_started, "end": time.time()}
            say("Ingest done; waiting for the load to finish")
            wrk_outputs = [wrk.communicate(timeout=options.seconds + 60)[0] for wrk in wrks]
            load_ended = time.time()
            for process in editing:
                process.wait(timeout=120)
        results["load"] = merge_wrk_mixes([parse_wrk_mix(output) for output in wrk_outputs])
        run_python(
            django_step("verify", plan_file, out["verify"], f"--base-url={base_url}",
                        "--rivals", str(out["A"]), str(out["B"])),
            env,
        )  # fmt: skip
    results["editor"] = {
        "changes": [change for path in editor_files for change in read_json(path)["changes"]],
        "refused": sum(read_json(path)["editor_refused"] for path in editor_files),
    }
    results["edits"] = read_json(out["verify"])
    results["live"] = live_figures(read_json(out["live"]), read_json(out["pollers"]))
    logged = [
        request
        for log in access_logs
        for request in parse_access_log(log.read_text().splitlines())
        if int(load_started) <= request.at <= load_ended
    ]
    window = results["ingest_window"]
    window["end"] = min(window["end"], load_ended)
    during, outside = split_by_window(logged, window["start"], window["end"])
    results["server"] = {
        "by_kind": figures_by_kind(logged),
        "all": window_figures(logged),
        "during_ingest": window_figures(during),
        "outside_ingest": window_figures(outside),
        "non_2xx": non_2xx_paths(logged),
    }
    results["machine"]["load average at end"] = " ".join(f"{n:.2f}" for n in os.getloadavg())
    return results


def live_figures(desk: dict, pollers: dict) -> dict:
    """The live story's updates against what the polling readers received, and when."""
    events = [LiveEvent(**event) for event in desk.get("events", [])]
    polls = [
        Poll(**poll | {"shown": frozenset(poll["shown"]), "deleted": frozenset(poll["deleted"])})
        for poll in pollers.get("polls", [])
    ]
    lifetime = max(pollers.get("cache_lifetimes") or [0])
    figures = judge_live(events, polls, pollers.get("interval", 0) + lifetime)
    return figures | {"interval": pollers.get("interval"), "cache_lifetime": lifetime}


def main(argv: list[str] | None = None) -> None:
    options = parse_arguments(argv)
    if not wrk_path():
        sys.exit("The soak test needs wrk: apt-get install -y wrk")
    command = "python -m bench.soak " + " ".join(sys.argv[1:] if argv is None else argv)
    results = soak(options, command.strip())
    raw = WORK_DIR / f"results-{datetime.now(UTC):%Y%m%d-%H%M%S}.json"
    raw.write_text(json.dumps(results, indent=2))
    summary = render_summary(results)
    options.report.write_text(summary)
    print(summary)
    say(f"Report: {options.report} (raw figures: {raw})")
    if not goals_met(results):
        sys.exit(1)


if __name__ == "__main__":
    main()
