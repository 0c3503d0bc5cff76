"""The admin site: every model admin registered on it, the newsroom's and other apps' alike,
checks the filter values in its list's address and the dates typed into its forms."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import admin
from django.db import models

from articles.dates import validate_in_calendar

# Longer searches match nothing an editor typed; SQLite refuses LIKE patterns past 50,000
# bytes and expressions deeper than 1,000 terms, which would end in an error page.
MAX_SEARCH_CHARACTERS = 500
MAX_SEARCH_WORDS = 50


if TYPE_CHECKING:
    _ModelAdmin = admin.ModelAdmin
else:
    _ModelAdmin = object


class CheckedInputs(_ModelAdmin):
    """Mixed into each registered model admin by NewsroomAdminSite.register: a checked change
    list, bounded searches (lists and autocompletes) and dates the calendar can hold."""

    def get_changelist(self, request, **kwargs):
        # Imported here: importing articles.admin registers its model admins on this site.
        from articles.admin.filters import CheckedChangeList

        return CheckedChangeList

    def get_search_results(self, request, queryset, search_term):
        if len(search_term) > MAX_SEARCH_CHARACTERS or len(search_term.split()) > MAX_SEARCH_WORDS:
            return queryset.none(), False
        return super().get_search_results(request, queryset, search_term)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None and isinstance(db_field, models.DateTimeField):
            formfield.validators.append(validate_in_calendar)
        return formfield


class NewsroomAdminSite(admin.AdminSite):
    """Django's admin site, with CheckedInputs under every model admin.

    Mixed in here rather than inherited, so the admins that other apps register (users,
    login attempts, tags) get the same checks as ours.
    """

    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, CheckedInputs):
            admin_class = type(
                admin_class.__name__,
                (CheckedInputs, admin_class),
                {"__module__": admin_class.__module__, "__qualname__": admin_class.__qualname__},
            )
        super().register(model_or_iterable, admin_class, **options)
