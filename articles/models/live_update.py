"""A live story's updates: short, timestamped posts readers' pages receive without reloading."""

from __future__ import annotations

from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django_prose_editor.fields import ProseEditorField

from articles.models.fields import CalendarDateTimeField
from articles.models.visibility import is_live_update_public, live_update_public_q
from articles.sanitize import sanitize_html


class LiveUpdateQuerySet(models.QuerySet):
    """Live updates, with the one definition of which readers may see."""

    def public(self) -> LiveUpdateQuerySet:
        return self.filter(live_update_public_q())

    def not_deleted(self) -> LiveUpdateQuerySet:
        return self.filter(deleted_at__isnull=True)

    def newest_first(self) -> LiveUpdateQuerySet:
        return self.order_by("-published_at", "-pk")

    def for_page(self) -> LiveUpdateQuerySet:
        """What a printed update needs, fetched up front: its bylines."""
        return self.prefetch_related("authors")


class LiveUpdate(models.Model):
    """One update of a live story: a time, bylines, an optional headline and a short body.

    The body is in the story body's vocabulary (library photos, embeds, quotes), sanitized
    on save. ``published_at`` is empty while the update waits for the desk; readers see an
    update only while its story is public (``visibility.live_update_public_q``). A deleted
    update keeps its row for the log but is gone from every output.
    """

    story = models.ForeignKey(
        "articles.Story", on_delete=models.CASCADE, related_name="live_updates"
    )
    headline = models.CharField(max_length=200, blank=True)
    body = ProseEditorField(
        config={"extensions": settings.PROSE_EDITOR_BODY_EXTENSIONS}, sanitize=sanitize_html
    )
    authors = models.ManyToManyField("articles.Author", blank=True, related_name="live_updates")
    pinned = models.BooleanField(default=False, help_text="Shown above the other updates.")
    key_event = models.BooleanField(
        "key event", default=False, help_text="Listed in the key events at the top of the page."
    )
    correction = models.TextField(
        "correction note", blank=True, help_text="Public: shown under the update."
    )
    published_at = CalendarDateTimeField(
        "time", null=True, blank=True, help_text="When readers got it; empty while held."
    )
    edited_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    deleted_at = models.DateTimeField(null=True, blank=True, editable=False)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = LiveUpdateQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = "live update"
        indexes = [
            models.Index(
                fields=["story", "-published_at", "-id"],
                condition=Q(deleted_at__isnull=True),
                name="liveupdate_story_newest_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(edited_at__isnull=True) | Q(published_at__isnull=False),
                name="liveupdate_edited_after_publish",
            ),
        ]

    def __str__(self) -> str:
        return self.headline or f"Update {self.pk} to “{self.story}”"

    def save(self, *args, **kwargs) -> None:
        from articles.body.uses import sync_update_images

        self.body = sanitize_html(self.body)
        with transaction.atomic():
            super().save(*args, **kwargs)
            sync_update_images(self)

    @property
    def anchor(self) -> str:
        return f"update-{self.pk}"

    @property
    def version(self) -> str:
        """Changes with what a reader sees of the update: an open page compares it to know
        that the update it prints was edited, corrected, pinned or marked since."""
        edited = int(self.edited_at.timestamp() * 1_000_000) if self.edited_at else 0
        return f"{edited}{'p' if self.pinned else ''}{'k' if self.key_event else ''}"

    @property
    def is_public(self) -> bool:
        return is_live_update_public(self)

    @property
    def is_held(self) -> bool:
        return self.published_at is None and self.deleted_at is None

    @property
    def byline(self) -> str:
        names = [author.name for author in self.authors.all()]
        if len(names) > 1:
            return f"{', '.join(names[:-1])} and {names[-1]}"
        return names[0] if names else ""
