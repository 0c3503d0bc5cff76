import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from articles.models import Story

PROJECT = Path(__file__).resolve().parents[2]

PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "a-long-random-production-secret-key-0123456789-abcdefghijklmnop",
    "ALLOWED_HOSTS": "news.example.org",
    "SITE_URL": "https://news.example.org",
}


def run_manage(*args, env):
    clean_env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT,
        env=clean_env | env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_check_deploy():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_secret_key_is_required_when_debug_is_off():
    env = {k: v for k, v in PRODUCTION.items() if k != "SECRET_KEY"}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


@pytest.mark.parametrize("value", ["maybe", "2"])
def test_bad_boolean_is_a_clear_error(value):
    result = run_manage("check", env={"DEBUG": value})
    assert result.returncode != 0
    assert "DEBUG must be true or false" in result.stderr


def test_login_lockout_and_cache_are_configured_from_the_environment():
    env = {
        "AXES_FAILURE_LIMIT": "8",
        "AXES_COOLOFF_MINUTES": "30",
        "REDIS_URL": "redis://127.0.0.1:6379/3",
    }
    code = (
        "from django.conf import settings as s; "
        "print(s.AXES_FAILURE_LIMIT, s.AXES_COOLOFF_TIME, s.CACHES['default']['BACKEND'])"
    )
    result = run_manage("shell", "-c", code, env=env)
    assert result.returncode == 0, result.stderr
    assert "8 0:30:00 articles.pagecache.resilient_redis.ResilientRedisCache" in result.stdout


def test_postgresql_connections_turn_off_jit():
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.DATABASES['default']['OPTIONS'])",
        env={"DATABASE_URL": "postgres://postgres@127.0.0.1:5432/test"},
    )
    assert result.returncode == 0, result.stderr
    assert "-c jit=off" in result.stdout


def test_cdn_purge_is_configured_from_the_environment():
    env = {
        "CACHE_PURGE_BACKEND": "fastly",
        "FASTLY_SERVICE_ID": "service-id",
        "FASTLY_API_TOKEN": "token",
    }
    code = (
        "from articles.pagecache.purge import configured_backend; "
        "backend = configured_backend(); print(type(backend).__name__, backend.url)"
    )
    result = run_manage("shell", "-c", code, env=env)
    assert result.returncode == 0, result.stderr
    assert "FastlyPurgeBackend https://api.fastly.com/service/service-id/purge" in result.stdout


@pytest.mark.parametrize(
    "env,message",
    [
        ({"CACHE_PURGE_BACKEND": "akamai"}, "CACHE_PURGE_BACKEND must be generic, fastly or"),
        ({"CACHE_PURGE_BACKEND": "fastly", "FASTLY_SERVICE_ID": "x"}, "needs FASTLY_API_TOKEN"),
        ({"CACHE_PURGE_BACKEND": "cloudflare"}, "needs CLOUDFLARE_ZONE_ID"),
        ({"CACHE_PURGE_BACKEND": "generic"}, "needs CACHE_PURGE_URL"),
        ({"CACHE_PURGE_METHOD": "DELETE"}, "CACHE_PURGE_METHOD must be POST or PURGE"),
    ],
)
def test_a_cdn_purge_setting_that_cannot_work_is_a_clear_error(env, message):
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert message in result.stderr


@pytest.mark.django_db
def test_postgresql_prepares_a_query_a_connection_runs_again():
    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's")
    for _ in range(3):
        list(Story.objects.filter(slug="harbour-plan-approved"))
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [statement for (statement,) in cursor.fetchall()]
    assert any('"articles_story"."slug" = $1' in statement for statement in prepared)


def test_prepared_statements_can_be_turned_off_for_a_pooler():
    code = "from django.conf import settings; print(settings.DATABASES['default']['OPTIONS'])"
    url = {"DATABASE_URL": "postgres://postgres@127.0.0.1:5432/test"}
    on = run_manage("shell", "-c", code, env=url)
    off = run_manage("shell", "-c", code, env=url | {"DATABASE_PREPARED_STATEMENTS": "false"})
    assert "'server_side_binding': True" in on.stdout, on.stderr
    assert "server_side_binding" not in off.stdout, off.stderr
