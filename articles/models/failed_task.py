"""Background tasks that kept failing: what was asked, how often it was tried, and why it failed."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class FailedTask(models.Model):
    """One background task call that failed on its last attempt; staff read and rerun it.

    A call is its task and arguments (``call_key``): a later run of the same call that
    succeeds removes the row, so the list holds only what is still broken.
    """

    task_path = models.CharField(max_length=200)
    arguments = models.JSONField(default=dict, help_text=_("The call's args and kwargs."))
    call_key = models.CharField(max_length=64, unique=True, editable=False)
    attempts = models.PositiveIntegerField(default=1)
    error = models.TextField(help_text=_("The exception of the last attempt."))
    traceback = models.TextField(blank=True)
    first_failed_at = models.DateTimeField()
    last_failed_at = models.DateTimeField()

    class Meta:
        ordering = ["-last_failed_at", "-pk"]
        verbose_name = _("failed background task")

    def __str__(self) -> str:
        return f"{self.task_path.rpartition('.')[2]} {self.arguments.get('args', [])}"
