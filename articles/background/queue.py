"""Background tasks through Django's Tasks API, retried with backoff, failures kept for staff.

``background_task`` is ``django_tasks.task`` with the newsroom's retry rule around the
function: an attempt that raises is enqueued again after the next of
``TASKS_RETRY_DELAYS`` (when the backend can defer: the RQ queue), and after the last
attempt the call is written to ``FailedTask``, which the admin lists with its error. A
later success of the same call removes that row. Every task must therefore be idempotent:
it may run more than once for one request.

``enqueue_on_commit`` is how the rest of the code asks for work: after the transaction
commits, so a worker never looks for a row that is not there yet, and never for work that
a rollback took back.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import traceback
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import overload

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import default_task_backend, task
from django_tasks.base import Task

logger = logging.getLogger(__name__)


def can_defer() -> bool:
    """Whether tasks may be given a time to run at (a real queue, not the immediate backend)."""
    return default_task_backend.supports_defer


def call_key(task_path: str, args: list, kwargs: dict) -> str:
    """One name for one call: its task and its arguments."""
    payload = json.dumps([task_path, list(args), kwargs], sort_keys=True, default=str)
    return hashlib.sha256(payload.encode()).hexdigest()


@overload
def background_task(function: Callable, *, priority: int = 0) -> Task: ...


@overload
def background_task(function: None = None, *, priority: int = 0) -> Callable[[Callable], Task]: ...


def background_task(
    function: Callable | None = None, *, priority: int = 0
) -> Task | Callable[[Callable], Task]:
    """Make ``function`` a task (``.enqueue(...)``) that is retried, then recorded on failure."""

    def decorate(function: Callable) -> Task:
        @functools.wraps(function)
        def attempt(*args, attempt: int = 1, **kwargs):
            try:
                result = function(*args, **kwargs)
            except Exception as error:
                _attempt_failed(the_task, list(args), kwargs, attempt, error)
                raise
            _call_succeeded(the_task, list(args), kwargs)
            return result

        the_task = task(priority=priority)(attempt)
        return the_task

    return decorate(function) if function is not None else decorate


def enqueue_on_commit(the_task: Task, *args, run_after=None, **kwargs) -> None:
    """Enqueue ``the_task`` once the current transaction commits (at once outside one)."""
    transaction.on_commit(lambda: enqueue_now(the_task, *args, run_after=run_after, **kwargs))


def enqueue_now(the_task: Task, *args, run_after=None, **kwargs) -> None:
    """Enqueue ``the_task``; for code that already runs after the commit.

    ``run_after`` is honoured where the backend can defer; the immediate backend runs the
    task at once instead, which the tasks that take a time (scheduled publishing) allow for.
    """
    chosen = the_task
    if run_after is not None and can_defer():
        chosen = the_task.using(run_after=not_before(run_after))
    try:
        chosen.enqueue(*args, **kwargs)
    except Exception:
        # The queue being down must not undo or fail the editor's change; the worker's
        # clock and the query-time rules catch up with what was not enqueued.
        logger.exception("Could not enqueue %s%r", the_task.module_path, args)


def not_before(moment: datetime) -> datetime:
    """``moment`` rounded up to a whole second, the resolution of the queue's scheduler.

    RQ files a deferred job under its time's whole seconds, rounded down, so a task for
    09:00:03.7 could run at 09:00:03.0 and find its story not yet due.
    """
    whole = moment.replace(microsecond=0)
    return whole if whole == moment else whole + timedelta(seconds=1)


def _attempt_failed(the_task: Task, args: list, kwargs: dict, attempt: int, error: Exception):
    delays = settings.TASKS_RETRY_DELAYS
    if attempt <= len(delays) and can_defer():
        run_after = timezone.now() + timedelta(seconds=delays[attempt - 1])
        logger.warning(
            "%s%r failed (attempt %s), retrying at %s: %r",
            the_task.module_path,
            args,
            attempt,
            run_after.isoformat(),
            error,
        )
        the_task.using(run_after=run_after).enqueue(*args, attempt=attempt + 1, **kwargs)
        return
    logger.error("%s%r failed for good after %s attempts", the_task.module_path, args, attempt)
    record_failure(the_task.module_path, args, kwargs, attempts=attempt, error=error)


def record_failure(task_path: str, args: list, kwargs: dict, *, attempts: int, error) -> None:
    from articles.models import FailedTask

    now = timezone.now()
    failure = {
        "task_path": task_path,
        "arguments": {"args": args, "kwargs": kwargs},
        "attempts": attempts,
        "error": f"{type(error).__name__}: {error}"[:10_000],
        "traceback": "".join(traceback.format_exception(error))[-20_000:],
        "last_failed_at": now,
    }
    FailedTask.objects.update_or_create(
        call_key=call_key(task_path, args, kwargs),
        defaults=failure,
        create_defaults={**failure, "first_failed_at": now},
    )


def _call_succeeded(the_task: Task, args: list, kwargs: dict) -> None:
    from articles.models import FailedTask

    FailedTask.objects.filter(call_key=call_key(the_task.module_path, args, kwargs)).delete()
