"""Internal notes on a story: what editors and reporters say to each other about it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class StoryNote(models.Model):
    """A note on a story, optionally about one paragraph of its body; never shown to readers."""

    MAX_LENGTH = 4000

    story = models.ForeignKey("articles.Story", on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_name = models.CharField(
        max_length=150, help_text=_("The author's username, kept if the account goes.")
    )
    text = models.TextField(max_length=MAX_LENGTH)
    paragraph = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text=_("The body paragraph the note is about, counted from 1; empty for the story."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("note")
        indexes = [models.Index(fields=["story", "created_at"], name="storynote_story_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(paragraph__isnull=True) | Q(paragraph__gte=1),
                name="storynote_paragraph_from_one",
            )
        ]

    def __str__(self) -> str:
        return f"Note by {self.author_name} on {self.story_id}"
