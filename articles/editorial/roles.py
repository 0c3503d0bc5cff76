"""The newsroom's roles as Django groups, recreated whenever a migrate finds them missing.

Migrations 0002 and 0005 create the groups on a fresh install; this keeps them after a
database flush too (as transactional tests do), without touching groups that exist. Both
must give the same permissions (tests/editorial/test_roles.py checks it).
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

REPORTER_PERMISSIONS = [
    ("articles", "add_story"), ("articles", "change_story"), ("articles", "view_story"),
    ("articles", "submit_story"), ("articles", "view_storyevent"),
    ("articles", "add_storyauthor"), ("articles", "change_storyauthor"),
    ("articles", "delete_storyauthor"), ("articles", "view_storyauthor"),
    ("articles", "add_image"), ("articles", "change_image"), ("articles", "view_image"),
    ("articles", "view_author"), ("articles", "view_section"), ("articles", "view_source"),
    ("articles", "view_correction"),
    ("taggit", "add_tag"), ("taggit", "view_tag"),
]  # fmt: skip


# Editors manage these models and tags outright; the workflow log, edit locks, renditions and
# tag links are kept by the system, so editors only read the log.
EDITOR_MODELS = ["story", "storyauthor", "storyslug", "correction", "image", "author",
                 "section", "source", "liveupdate"]  # fmt: skip
EDITOR_ALSO = [("articles", "view_storyevent")]


def editor_permissions():
    """Everything on the newsroom's editable models (the workflow's permissions included)
    and on tags, and reading the workflow log."""
    wanted = Q(content_type__app_label="articles", content_type__model__in=EDITOR_MODELS)
    wanted |= Q(content_type__app_label="taggit")
    for app_label, codename in EDITOR_ALSO:
        wanted |= Q(content_type__app_label=app_label, codename=codename)
    return Permission.objects.filter(wanted)


def reporter_permissions():
    wanted = Q()
    for app_label, codename in REPORTER_PERMISSIONS:
        wanted |= Q(content_type__app_label=app_label, codename=codename)
    return Permission.objects.filter(wanted)


def ensure_editorial_roles(**kwargs) -> None:
    """Create the Editor and Reporter groups with their permissions if they are missing."""
    for name, permissions in [("Editor", editor_permissions), ("Reporter", reporter_permissions)]:
        group, created = Group.objects.get_or_create(name=name)
        if created:
            group.permissions.set(permissions())
