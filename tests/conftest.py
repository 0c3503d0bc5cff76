"""Shared fixtures: media in a temporary folder, staff users in their roles."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


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
