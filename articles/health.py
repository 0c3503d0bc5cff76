"""Health endpoints for load balancers, answered before any other middleware.

``/healthz``: the process is alive and serving (no database, no cache). ``/readyz``: the
database and the cache answer and every migration this code knows is applied; 200 when
ready, 503 with the failing checks otherwise. Both are JSON, never cached, never
redirected to HTTPS and not subject to ALLOWED_HOSTS: a balancer probes by address.
"""

from __future__ import annotations

import logging
import uuid

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, HttpResponse, JsonResponse

from articles.pagecache import keys as cache_keys

logger = logging.getLogger(__name__)

LIVE_PATH = "/healthz"
READY_PATH = "/readyz"
_migrations_applied = False


def check_database() -> str:
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def check_cache() -> str:
    token = uuid.uuid4().hex
    cache.set(cache_keys.HEALTH_PROBE, token, 30)
    if cache.get(cache_keys.HEALTH_PROBE) != token:
        raise RuntimeError("the cache did not keep what was stored")
    return "ok"


def check_migrations() -> str:
    # Remembered once true: the plan only grows when new code (a new process) arrives.
    global _migrations_applied
    if not _migrations_applied:
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if plan:
            names = ", ".join(f"{m.app_label}.{m.name}" for m, _ in plan[:5])
            raise RuntimeError(f"{len(plan)} migrations not applied: {names}")
        _migrations_applied = True
    return "ok"


CHECKS = {"database": check_database, "cache": check_cache, "migrations": check_migrations}


def readiness() -> tuple[bool, dict[str, str]]:
    results: dict[str, str] = {}
    ready = True
    for name, check in CHECKS.items():
        if name == "migrations" and results.get("database") != "ok":
            results[name] = "not checked: no database"
            continue
        try:
            results[name] = check()
        except Exception as error:
            logger.warning("Readiness check %s failed: %r", name, error)
            results[name] = f"failed: {type(error).__name__}: {error}"[:500]
            ready = False
    # The cache is a CACHES alias that swallows Redis errors (resilient_redis): the probe's
    # own round trip above is what tells.
    return ready, results


class HealthCheckMiddleware:
    """First in MIDDLEWARE: the probes never reach host checks, redirects or the page cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path == LIVE_PATH:
            return self.answer({"status": "ok"}, 200)
        if request.path == READY_PATH:
            ready, checks = readiness()
            return self.answer(
                {"status": "ok" if ready else "unavailable", "checks": checks},
                200 if ready else 503,
            )
        return self.get_response(request)

    @staticmethod
    def answer(body: dict, status: int) -> HttpResponse:
        response = JsonResponse(body, status=status)
        response["Cache-Control"] = "no-store"
        return response
