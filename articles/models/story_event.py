"""The workflow log: who moved a story, when, from which state, and why."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class StoryEvent(models.Model):
    """One step of a story through the workflow: who, when, from which state, and why."""

    class Action(models.TextChoices):
        SUBMIT = "submit", "Submit for review"
        RETURN = "return", "Return to writer"
        APPROVE = "approve", "Mark ready"
        PUBLISH = "publish", "Publish now"
        SCHEDULE = "schedule", "Schedule"
        UNPUBLISH = "unpublish", "Unpublish"
        UPDATE = "update", "Significant update"
        CORRECT = "correct", "Add correction"
        RESTORE = "restore", "Restore a revision"
        RECOVER = "recover", "Recover as a draft"
        REVOKE_PREVIEWS = "revoke_previews", "Revoke preview links"
        TRANSLATE = "translate", "Start a translation"
        LIVE_START = "live_start", "Start live coverage"
        LIVE_POST = "live_post", "Post a live update"
        LIVE_HOLD = "live_hold", "Hold a live update for the desk"
        LIVE_PUBLISH = "live_publish", "Publish a held live update"
        LIVE_EDIT = "live_edit", "Edit a live update"
        LIVE_DELETE = "live_delete", "Delete a live update"
        LIVE_END = "live_end", "End live coverage"

    story = models.ForeignKey("articles.Story", on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=20, choices=Action.choices)
    from_status = models.CharField(max_length=20)
    to_status = models.CharField(max_length=20)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor = models.CharField(
        max_length=150, help_text="The user's name, or the command that acted on its own."
    )
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["story", "-created_at"], name="storyevent_story_idx")]

    def __str__(self) -> str:
        return f"{self.get_action_display()} by {self.actor} ({self.created_at:%Y-%m-%d %H:%M})"
