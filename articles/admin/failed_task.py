"""Admin list of background tasks that failed for good, with their error, and a way to rerun."""

from __future__ import annotations

from django.contrib import admin, messages
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django_tasks.base import Task

from articles.models import FailedTask


@admin.register(FailedTask)
class FailedTaskAdmin(admin.ModelAdmin):
    """Read-only: rows are written by the queue and removed when the same call succeeds."""

    list_display = ["task_name", "arguments", "attempts", "short_error", "last_failed_at"]
    list_filter = ["task_path"]
    search_fields = ["task_path", "error"]
    readonly_fields = [
        "task_path",
        "arguments",
        "attempts",
        "error",
        "traceback",
        "first_failed_at",
        "last_failed_at",
    ]
    actions = ["run_again"]

    @admin.display(description=gettext_lazy("task"), ordering="task_path")
    def task_name(self, failed: FailedTask) -> str:
        return failed.task_path.rpartition(".")[2].replace("_", " ")

    @admin.display(description=gettext_lazy("error"))
    def short_error(self, failed: FailedTask) -> str:
        return failed.error if len(failed.error) <= 200 else f"{failed.error[:199]}…"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    @admin.action(description=gettext_lazy("Run the selected tasks again"), permissions=["delete"])
    def run_again(self, request, queryset) -> None:
        enqueued = 0
        for failed in queryset:
            try:
                the_task = import_string(failed.task_path)
                if not isinstance(the_task, Task):
                    raise TypeError(f"{failed.task_path} is not a task")
                the_task.enqueue(
                    *failed.arguments.get("args", []), **failed.arguments.get("kwargs", {})
                )
            except Exception as error:
                messages.error(
                    request,
                    _("%(task)s: could not be enqueued: %(error)s")
                    % {"task": failed, "error": error},
                )
            else:
                enqueued += 1
        if enqueued:
            messages.success(
                request,
                ngettext(
                    "%(count)s enqueued again; a task that now succeeds leaves this list.",
                    "%(count)s enqueued again; a task that now succeeds leaves this list.",
                    enqueued,
                )
                % {"count": enqueued},
            )
