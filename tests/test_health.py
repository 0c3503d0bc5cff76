"""The load balancers' probes: /healthz needs nothing, /readyz says what is not ready."""

from __future__ import annotations

import pytest
from django.db.migrations.executor import MigrationExecutor

from articles import health


@pytest.mark.django_db
def test_healthz_answers_without_the_database_or_a_known_host(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        answer = client.get("/healthz", HTTP_HOST="10.0.0.7")
    assert answer.status_code == 200
    assert answer.json() == {"status": "ok"}
    assert answer["Cache-Control"] == "no-store"
    assert "Surrogate-Key" not in answer


@pytest.mark.django_db
def test_readyz_checks_database_cache_and_migrations(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    answer = client.get("/readyz", HTTP_HOST="10.0.0.7")
    assert answer.status_code == 200, "no redirect to HTTPS, no host check"
    assert answer.json() == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "migrations": "ok"},
    }


@pytest.mark.django_db
def test_readyz_is_503_when_the_cache_does_not_answer(client, settings, closed_port):
    settings.CACHES = {
        "default": {
            "BACKEND": "articles.pagecache.resilient_redis.ResilientRedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port}/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    answer = client.get("/readyz")
    assert answer.status_code == 503
    body = answer.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["cache"].startswith("failed:")


@pytest.mark.django_db
def test_readyz_is_503_while_migrations_are_missing(client, monkeypatch):
    monkeypatch.setattr(health, "_migrations_applied", False)
    real_plan = MigrationExecutor.migration_plan

    def one_missing(self, targets, clean_start=False):
        plan = real_plan(self, targets, clean_start)
        migration = self.loader.get_migration("articles", "0020_task_queue")
        return [*plan, (migration, False)]

    monkeypatch.setattr(MigrationExecutor, "migration_plan", one_missing)
    answer = client.get("/readyz")
    assert answer.status_code == 503
    assert answer.json()["checks"]["migrations"] == (
        "failed: RuntimeError: 1 migrations not applied: articles.0020_task_queue"
    )
