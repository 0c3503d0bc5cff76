"""Images: photographs with the caption, credit and rights that travel with them."""

from __future__ import annotations

import secrets
from pathlib import PurePath

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from articles.dates import validate_photo_moment
from articles.models.fields import CalendarDateTimeField
from articles.models.querysets import ImageQuerySet


def original_upload_to(image: Image, filename: str) -> str:
    """A random name for a stored original: its address cannot be guessed from the file.

    Originals are public under MEDIA_URL, including those of photos only drafts use, so
    the editor's file name (kept in ``original_name``) and a counter are never part of it.
    """
    extension = PurePath(filename).suffix.lower()
    return f"images/{timezone.now():%Y/%m}/{secrets.token_hex(16)}{extension}"


class Image(models.Model):
    """An uploaded picture and the editorial metadata every use of it must carry."""

    file = models.ImageField(
        upload_to=original_upload_to, width_field="width", height_field="height"
    )
    original_name = models.CharField(
        _("original file name"),
        max_length=255,
        blank=True,
        editable=False,
        help_text=_("The file's name on the uploader's computer or at the source."),
    )
    title = models.CharField(max_length=255, blank=True)
    caption = models.TextField(blank=True, help_text=_("What the picture shows: who, where, when."))
    credit = models.CharField(
        max_length=255,
        blank=True,
        help_text=_("The photographer and chain of agencies, e.g. Agency/Name/Handout via Wire."),
    )
    agency = models.CharField(
        _("source / agency"), max_length=255, blank=True, help_text=_("Who supplied the picture.")
    )
    copyright_notice = models.CharField(_("copyright"), max_length=255, blank=True)
    usage_terms = models.TextField(blank=True)
    alt_text = models.CharField(
        max_length=500,
        blank=True,
        help_text=_("Describes the picture for readers who cannot see it."),
    )
    width = models.PositiveIntegerField(editable=False, null=True)
    height = models.PositiveIntegerField(editable=False, null=True)
    file_size = models.PositiveBigIntegerField(editable=False, null=True)
    format = models.CharField(max_length=10, editable=False, blank=True)
    content_hash = models.CharField(
        max_length=64, editable=False, blank=True, help_text=_("SHA-256 of the original file.")
    )
    focal_x = models.FloatField(
        default=0.5,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text=_("0 is the left edge, 1 the right."),
    )
    focal_y = models.FloatField(
        default=0.5,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text=_("0 is the top edge, 1 the bottom."),
    )
    taken_at = CalendarDateTimeField(
        _("date created"), null=True, blank=True, validators=[validate_photo_moment]
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    tags = TaggableManager(
        blank=True, help_text=_("Keywords; read from the photo when left empty.")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ImageQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        permissions = [
            ("change_any_image", "Can change any image, including those stories on the desk use")
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["content_hash"],
                condition=~Q(content_hash=""),
                name="image_content_hash_unique",
            ),
            models.CheckConstraint(
                condition=Q(focal_x__gte=0, focal_x__lte=1, focal_y__gte=0, focal_y__lte=1),
                name="image_focal_point_in_frame",
            ),
        ]
        indexes = [models.Index(fields=["-created_at"], name="image_created_idx")]

    def __str__(self) -> str:
        return self.title or self.caption[:80] or self.original_name or self.file.name

    def save(self, *args, **kwargs) -> None:
        saved_focal_point = getattr(self, "_saved_focal_point", None)
        focal_point_moved = saved_focal_point not in (None, (self.focal_x, self.focal_y))
        with transaction.atomic():
            super().save(*args, **kwargs)
            if focal_point_moved:
                # Crops were cut around the old focal point; new ones are made on next use.
                from articles.images.renditions import discard_renditions

                discard_renditions(self, cropped_only=True)
        self._saved_focal_point = (self.focal_x, self.focal_y)

    @classmethod
    def from_db(cls, db, field_names, values):
        image = super().from_db(db, field_names, values)
        if "focal_x" in image.__dict__ and "focal_y" in image.__dict__:
            image._saved_focal_point = (image.focal_x, image.focal_y)
        return image

    @property
    def agency_differs_from_credit(self) -> bool:
        return bool(self.agency) and self.agency.lower() not in self.credit.lower()

    @property
    def credit_line(self) -> str:
        """The credit as printed under the photo: the agency added when the credit omits it."""
        if not self.credit:
            return ""
        return (
            f"{self.credit} via {self.agency}" if self.agency_differs_from_credit else self.credit
        )


def rendition_upload_to(rendition: Rendition, filename: str) -> str:
    return f"renditions/{rendition.image_id}/{filename}"


class Rendition(models.Model):
    """A resized (and perhaps cropped) copy of an image, made once and linked publicly."""

    class Format(models.TextChoices):
        JPEG = "jpeg", _("JPEG")
        WEBP = "webp", _("WebP")
        AVIF = "avif", _("AVIF")

    image = models.ForeignKey(Image, on_delete=models.CASCADE, related_name="renditions")
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    ratio = models.CharField(
        max_length=11, blank=True, help_text=_("Crop as width:height, e.g. 16:9; empty: uncropped.")
    )
    format = models.CharField(max_length=4, choices=Format.choices)
    file = models.FileField(upload_to=rendition_upload_to, max_length=255)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["image", "width", "ratio", "format"], name="rendition_once_per_spec"
            ),
        ]

    def __str__(self) -> str:
        crop = f" {self.ratio}" if self.ratio else ""
        return f"{self.image} at {self.width}x{self.height}{crop} ({self.format})"
