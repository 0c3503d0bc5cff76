"""Which library images a story's body shows, kept in step with the body on every save."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class BodyImage(models.Model):
    """One use of a library image inside a story's body: a photo, or an embed's thumbnail.

    The body is the truth (``<figure data-image="42">``); these rows repeat it so that the
    library can say where an image is used, refuse to delete it, and find the pages to
    refresh when its caption or credit changes. ``articles.body.uses`` writes them.
    """

    class Role(models.TextChoices):
        PHOTO = "photo", _("Photo")
        EMBED_THUMBNAIL = "embed_thumbnail", _("Embed thumbnail")

    story = models.ForeignKey(
        "articles.Story", on_delete=models.CASCADE, related_name="body_images"
    )
    live_update = models.ForeignKey(
        "articles.LiveUpdate",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="body_images",
        help_text=_("Set when the image is in one of the story's live updates, not its body."),
    )
    image = models.ForeignKey("articles.Image", on_delete=models.PROTECT, related_name="body_uses")
    position = models.PositiveIntegerField(help_text=_("Order in the body, from 0."))
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.PHOTO)
    caption = models.TextField(
        blank=True, help_text=_("The caption written for this use, instead of the library's.")
    )

    class Meta:
        ordering = ["story", "position"]
        verbose_name = _("photo in a story's body")
        verbose_name_plural = _("photos in stories' bodies")
        constraints = [
            models.UniqueConstraint(
                fields=["story", "position"],
                condition=models.Q(live_update__isnull=True),
                name="bodyimage_position_once",
            ),
            models.UniqueConstraint(
                fields=["live_update", "position"],
                condition=models.Q(live_update__isnull=False),
                name="bodyimage_update_position_once",
            ),
        ]
        indexes = [models.Index(fields=["image", "story"], name="bodyimage_image_idx")]

    def __str__(self) -> str:
        return f"{self.get_role_display()} in “{self.story}”"
