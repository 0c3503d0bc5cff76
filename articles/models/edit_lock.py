"""Who has a story open for editing: a soft lock that informs others."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class StoryEditLock(models.Model):
    """Who last opened a story for editing; it only informs others and lapses on its own."""

    story = models.OneToOneField(
        "articles.Story", on_delete=models.CASCADE, primary_key=True, related_name="edit_lock"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    since = models.DateTimeField(default=timezone.now)
    seen_at = models.DateTimeField(default=timezone.now)
    taken_over_from = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Who held the lock when an editor took it over; their saves are refused."),
    )

    class Meta:
        verbose_name = _("edit lock")

    def __str__(self) -> str:
        return f"{self.story_id} open by {self.user} since {self.since:%H:%M}"
