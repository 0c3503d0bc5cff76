"""The workflow log: who moved a story, when, from which state, and why."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class StoryEvent(models.Model):
    """One step of a story through the workflow: who, when, from which state, and why."""

    class Action(models.TextChoices):
        SUBMIT = "submit", _("Submit for review")
        RETURN = "return", _("Return to writer")
        APPROVE = "approve", _("Mark ready")
        PUBLISH = "publish", _("Publish now")
        SCHEDULE = "schedule", _("Schedule")
        UNPUBLISH = "unpublish", _("Unpublish")
        UPDATE = "update", _("Significant update")
        CORRECT = "correct", _("Add correction")
        RESTORE = "restore", _("Restore a revision")
        RECOVER = "recover", _("Recover as a draft")
        REVOKE_PREVIEWS = "revoke_previews", _("Revoke preview links")
        TRANSLATE = "translate", _("Start a translation")
        LIVE_START = "live_start", _("Start live coverage")
        LIVE_POST = "live_post", _("Post a live update")
        LIVE_HOLD = "live_hold", _("Hold a live update for the desk")
        LIVE_PUBLISH = "live_publish", _("Publish a held live update")
        LIVE_EDIT = "live_edit", _("Edit a live update")
        LIVE_DELETE = "live_delete", _("Delete a live update")
        LIVE_END = "live_end", _("End live coverage")

    story = models.ForeignKey("articles.Story", on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=20, choices=Action.choices)
    from_status = models.CharField(max_length=20)
    to_status = models.CharField(max_length=20)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor = models.CharField(
        max_length=150, help_text=_("The user's name, or the command that acted on its own.")
    )
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["story", "-created_at"], name="storyevent_story_idx")]

    def __str__(self) -> str:
        return f"{self.get_action_display()} by {self.actor} ({self.created_at:%Y-%m-%d %H:%M})"
