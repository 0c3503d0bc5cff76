"""Sources: partner publications and wire agencies that supply stories."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from articles.languages import language_choices
from articles.links import page_path


class Source(models.Model):
    """Who supplied a story's text, and on what terms it may be republished."""

    class Kind(models.TextChoices):
        PARTNER = "partner", _("Partner publication")
        WIRE = "wire", _("Wire agency")

    name = models.CharField(max_length=150)
    slug = models.SlugField(max_length=150, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.PARTNER)
    homepage = models.URLField(blank=True)
    usage_terms = models.TextField(
        _("default licence / usage terms"),
        blank=True,
        help_text=_("Shown with every story from this source unless the story says otherwise."),
    )
    canonical_to_original = models.BooleanField(
        _("canonical link to the original"),
        default=False,
        help_text=_("The licence asks that our copy point search engines at the original URL."),
    )
    feed_url = models.URLField(
        blank=True,
        help_text=_("An RSS, Atom or ninjs feed, polled by the task worker (or ingest_sources)."),
    )
    poll_interval = models.PositiveIntegerField(
        _("poll every (minutes)"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(7 * 24 * 60)],
        help_text=_("How often the task worker reads the feed."),
    )
    auto_publish = models.BooleanField(
        default=False, help_text=_("Publish ingested stories at once instead of keeping drafts.")
    )
    ingest_section = models.ForeignKey(
        "articles.Section",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Where ingested stories are filed; the first section when empty."),
    )
    language = models.CharField(
        max_length=10,
        choices=language_choices,
        blank=True,
        help_text=_("The language of its stories when its feed does not say; empty: the site's."),
    )
    last_polled_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_poll_error = models.TextField(blank=True, editable=False)
    # When the worker's clock next hands this source to a worker; claimed by a conditional
    # update, so two clocks never poll one source twice for one interval.
    next_poll_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return page_path("articles:source", self.slug)
