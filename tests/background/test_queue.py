"""Retries with bounded backoff, failures kept for staff, and enqueueing after the commit."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks.base import TaskResultStatus

from articles.background.queue import enqueue_on_commit
from articles.models import FailedTask
from tests.support.flaky_tasks import needs_file

pytestmark = pytest.mark.django_db


def test_immediate_backend_records_a_failure_at_once_and_a_later_success_clears_it(tmp_path):
    path = tmp_path / "ready.txt"
    result = needs_file.enqueue(str(path))
    assert result.status == TaskResultStatus.FAILED
    [failed] = FailedTask.objects.all()
    assert failed.task_path == "tests.support.flaky_tasks.needs_file"
    assert failed.arguments == {"args": [str(path)], "kwargs": {}}
    assert failed.attempts == 1
    assert failed.error.startswith("FileNotFoundError: ")
    assert "Traceback" in failed.traceback

    needs_file.enqueue(str(path))
    assert FailedTask.objects.get().attempts == 1, "the same call is one row"
    path.write_text("ready")
    assert needs_file.enqueue(str(path)).return_value == "ready"
    assert not FailedTask.objects.exists()


def test_a_failing_attempt_is_retried_after_each_delay_then_recorded(
    deferring_queue, settings, tmp_path
):
    settings.TASKS_RETRY_DELAYS = [10, 60]
    path = str(tmp_path / "missing.txt")
    before = timezone.now()
    with pytest.raises(FileNotFoundError):
        needs_file.call(path)
    [retry] = deferring_queue.results
    assert retry.kwargs == {"attempt": 2}
    assert retry.args == [path]
    assert (
        before + timedelta(seconds=10)
        <= retry.task.run_after
        <= timezone.now() + timedelta(seconds=10)
    )
    assert not FailedTask.objects.exists()

    with pytest.raises(FileNotFoundError):
        needs_file.call(path, attempt=2)
    assert deferring_queue.results[-1].task.run_after >= before + timedelta(seconds=60)
    assert deferring_queue.results[-1].kwargs == {"attempt": 3}

    with pytest.raises(FileNotFoundError):
        needs_file.call(path, attempt=3)
    assert len(deferring_queue.results) == 2, "no retry after the last delay"
    assert FailedTask.objects.get().attempts == 3


def test_enqueue_on_commit_waits_for_the_commit_and_drops_work_a_rollback_took_back(
    deferring_queue, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        enqueue_on_commit(needs_file, "kept")
        assert deferring_queue.results == []
    assert [result.args for result in deferring_queue.results] == [["kept"]]


def test_run_after_is_honoured_where_the_backend_can_defer(
    deferring_queue, django_capture_on_commit_callbacks
):
    """Rounded up to the whole second: RQ's scheduler files a job under its time's whole
    seconds rounded down, which would run it up to a second early."""
    at = (timezone.now() + timedelta(hours=2)).replace(microsecond=0)
    with django_capture_on_commit_callbacks(execute=True):
        enqueue_on_commit(needs_file, "on the second", run_after=at)
        enqueue_on_commit(needs_file, "later", run_after=at.replace(microsecond=700_000))
    assert [result.task.run_after for result in deferring_queue.results] == [
        at,
        at + timedelta(seconds=1),
    ]


def test_a_queue_that_cannot_be_reached_fails_nothing_and_says_so(
    settings, caplog, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    settings.RQ_QUEUES = {"default": {"URL": "redis://127.0.0.1:9/0"}}
    with django_capture_on_commit_callbacks(execute=True):
        enqueue_on_commit(needs_file, "nowhere")
    assert "Could not enqueue tests.support.flaky_tasks.needs_file" in caplog.text
