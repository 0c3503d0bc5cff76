"""Shared fixtures: media in a temporary folder, staff users in their roles."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def editor(db):
    user = UserFactory(username="editor-user")
    user.groups.add(Group.objects.get(name="Editor"))
    return user


@pytest.fixture
def reporter(db):
    user = UserFactory(username="reporter-user")
    user.groups.add(Group.objects.get(name="Reporter"))
    return user


@pytest.fixture
def other_reporter(db):
    user = UserFactory(username="other-reporter")
    user.groups.add(Group.objects.get(name="Reporter"))
    return user


@pytest.fixture
def chief(db):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_superuser("chief-editor", "chief@example.org", "pw")


@pytest.fixture
def users_by_role(reporter, other_reporter, editor, chief):
    """The users of a permission matrix by role, with their passwords stored for logging in."""
    from django.contrib.auth.models import AnonymousUser

    for user in (reporter, other_reporter, editor):
        # UserFactory skips the save after set_password; force_login needs the stored hash.
        user.save(update_fields=["password"])

    return {
        "anonymous": AnonymousUser(),
        "reporter": reporter,
        "other_reporter": other_reporter,
        "editor": editor,
        "superuser": chief,
    }
