"""A freshly migrated database and ensure_editorial_roles give Editor and Reporter the same
permissions: a flushed database (transactional tests) must not change what a role may do."""

from __future__ import annotations

import inspect
from importlib import import_module

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from articles.editorial.roles import ensure_editorial_roles

pytestmark = pytest.mark.django_db

ROLES = ["Editor", "Reporter"]
# The data migrations that create the roles, in order, and the function each runs forwards.
ROLE_MIGRATIONS = [
    ("0002_editorial_roles", "create_roles"),
    ("0005_workflow", "grant_workflow_permissions"),
    ("0010_image_originals_and_rights", "grant_change_any_image"),
    ("0041_live_update_roles", "grant"),
]


def role_permissions() -> dict[str, set[str]]:
    return {
        name: {
            f"{app_label}.{codename}"
            for app_label, codename in Group.objects.get(name=name).permissions.values_list(
                "content_type__app_label", "codename"
            )
        }
        for name in ROLES
    }


def test_migrations_and_ensure_editorial_roles_give_the_same_permissions():
    loader = MigrationLoader(connection)
    Group.objects.filter(name__in=ROLES).delete()
    for migration, function in ROLE_MIGRATIONS:
        state = loader.project_state(("articles", migration))
        getattr(import_module(f"articles.migrations.{migration}"), function)(state.apps, None)
    migrated = role_permissions()

    Group.objects.filter(name__in=ROLES).delete()
    ensure_editorial_roles()
    assert role_permissions() == migrated


def test_every_role_migration_is_compared():
    """A new migration that touches the roles must join ROLE_MIGRATIONS above."""
    loader = MigrationLoader(connection)
    touching = {
        name
        for (app_label, name), migration in loader.disk_migrations.items()
        if app_label == "articles"
        and '"Group"' in inspect.getsource(import_module(migration.__module__))
    }
    assert touching == {migration for migration, _function in ROLE_MIGRATIONS}


def test_editors_may_read_but_not_rewrite_the_workflow_log():
    Group.objects.filter(name__in=ROLES).delete()
    ensure_editorial_roles()
    editor = role_permissions()["Editor"]
    assert {"articles.publish_story", "articles.view_storyevent", "taggit.add_tag"} <= editor
    assert not editor & {"articles.change_storyevent", "articles.delete_storyevent"}
