"""The language a member of staff works in: the admin speaks it to them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from articles.languages import language_choices


class UserLanguage(models.Model):
    """A user's language for the admin; without one, the admin speaks the site's language."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="admin_language"
    )
    language = models.CharField(max_length=10, choices=language_choices)

    class Meta:
        verbose_name = _("admin language")

    def __str__(self) -> str:
        return f"{self.user}: {self.get_language_display()}"
