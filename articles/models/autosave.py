"""An editor's private, automatically kept copy of a story form they have not saved."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class StoryAutosave(models.Model):
    """What one user had typed into one story's form (or a new story's) when last kept.

    It is never the story: saving the form is what changes the story; this only lets the
    form be filled in again after a closed tab or a crash.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    story = models.ForeignKey(
        "articles.Story",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="autosaves",
        help_text=_("Empty for a story not saved yet."),
    )
    fields = models.JSONField(default=dict, help_text=_("Field name to the text typed."))
    base_version = models.PositiveIntegerField(
        null=True, blank=True, help_text=_("The story's version the form was opened at.")
    )
    saved_at = models.DateTimeField()

    class Meta:
        verbose_name = _("autosaved draft")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "story"],
                condition=Q(story__isnull=False),
                name="storyautosave_one_per_user_and_story",
            ),
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(story__isnull=True),
                name="storyautosave_one_new_story_per_user",
            ),
        ]

    def __str__(self) -> str:
        return f"Autosave of {self.story_id or 'a new story'} by {self.user_id}"
