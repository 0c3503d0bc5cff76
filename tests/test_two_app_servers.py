"""Two gunicorn servers sharing PostgreSQL and Redis behave as one site.

Nothing a second server needs lives in one server's memory: a publication on one is fresh
on the other at once, and failed sign-ins count across both.
"""

from __future__ import annotations

import pytest
from django.conf import global_settings
from django.contrib.auth.models import Group
from django.db import connection

from articles.models import Section, Story
from tests.support.browser_session import AdminSession
from tests.support.factories import UserFactory
from tests.support.processes import (
    REDIS_CACHE_DB,
    child_env,
    get,
    redis_or_skip,
    servers,  # noqa: F401
    shared_database_url,
)

PASSWORD = "two-servers-password"


@pytest.fixture
def two_servers(transactional_db, tmp_path, servers, settings):  # noqa: F811
    if connection.vendor != "postgresql":
        pytest.skip("two app servers share PostgreSQL; SQLite is a one-machine database")
    redis = redis_or_skip(REDIS_CACHE_DB)
    redis.flushdb()
    # Passwords the servers can check: the suite's fast hasher is not among theirs.
    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS
    env = child_env(
        DATABASE_URL=shared_database_url(tmp_path),
        REDIS_URL=f"redis://127.0.0.1:6379/{REDIS_CACHE_DB}",
        MEDIA_ROOT=str(tmp_path / "media"),
        PAGE_CACHE_TIMEOUT="300",
        AXES_FAILURE_LIMIT="3",
        DATABASE_CONN_MAX_AGE="0",
    )
    first = servers(env, tmp_path / "first.log")
    second = servers(env, tmp_path / "second.log")
    yield first, second
    redis.flushdb()


def test_a_publication_on_one_server_is_fresh_on_the_other_at_once(two_servers):
    first, second = two_servers
    editor = UserFactory(username="desk-editor", is_staff=True)
    editor.set_password(PASSWORD)
    editor.save()
    editor.groups.add(Group.objects.get(name="Editor"))
    section = Section.objects.create(name="Harbour", slug="harbour")
    Story.objects.create(
        headline="Quay repairs finished", slug="quay", body="<p>Done.</p>", section=section,
        status="published", published_at="2026-01-05T09:00:00Z",
    )  # fmt: skip
    ready = Story.objects.create(
        headline="Ferry returns to the island route", slug="ferry", body="<p>Back.</p>",
        section=section, status="ready",
    )  # fmt: skip

    get(f"{second}/")
    status, headers, page = get(f"{second}/")
    assert headers["X-Cache"] == "HIT" and "Ferry returns" not in page

    desk = AdminSession()
    assert desk.log_in(first, "desk-editor", PASSWORD) == 200
    status, page = desk.story_action(first, "workflow_publish", ready.pk)
    assert status == 200, page
    ready.refresh_from_db()
    assert ready.is_public

    status, headers, page = get(f"{second}/")
    assert headers["X-Cache"] == "MISS"
    assert "Ferry returns to the island route" in page
    status, _headers, page = get(f"{second}/stories/ferry/")
    assert status == 200


def test_failed_sign_ins_count_across_both_servers(two_servers):
    first, second = two_servers
    user = UserFactory(username="night-editor", is_staff=True)
    user.set_password(PASSWORD)
    user.save()
    session = AdminSession()
    session.log_in(first, "night-editor", "wrong-password")
    session.log_in(second, "night-editor", "wrong-password")
    assert session.log_in(first, "night-editor", "wrong-password") == 429
    # The right password on the other server is refused too: the lockout is shared.
    assert session.log_in(second, "night-editor", PASSWORD) == 429
