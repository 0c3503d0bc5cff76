"""Sections: the desks a publication is organised by (News, Sport, Culture...)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from articles.languages import activation_code, language_choices
from articles.links import page_path


class SectionQuerySet(models.QuerySet):
    def in_edition(self, language: str) -> SectionQuerySet:
        """The sections of ``language``'s edition: its own and those of every edition."""
        return self.filter(Q(edition="") | Q(edition=language))


class Section(models.Model):
    """A part of the publication; every story belongs to exactly one."""

    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(
        default=0, help_text=_("Sections are listed in this order, lowest first.")
    )
    edition = models.CharField(
        max_length=10,
        choices=language_choices,
        blank=True,
        help_text=_("The edition (language) the section belongs to; blank: every edition."),
    )

    objects = SectionQuerySet.as_manager()

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        language = activation_code(self.edition) if self.edition else None
        return page_path("articles:section", self.slug, language=language)
