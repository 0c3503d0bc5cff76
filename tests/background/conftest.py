"""A queue that keeps what is enqueued instead of running it, and can defer (as RQ can);
a local oEmbed provider."""

from __future__ import annotations

import pytest

from tests.support.oembed import provider  # noqa: F401


@pytest.fixture
def deferring_queue(settings):
    from django_tasks import default_task_backend

    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    default_task_backend.clear()
    return default_task_backend
