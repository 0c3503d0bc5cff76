"""The admin's list filters, and the check that every value in a list's address is one the
list can use: a bad one is the admin's own "?e=1" page (IncorrectLookupParameters), not a 500.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.constants import LOOKUP_SEP
from django.utils import timezone

from articles.dates import DateOutOfRange, check_in_calendar
from articles.models import Author, Story, StoryAuthor

# Lookups whose value is a date and time (the others, such as __year or __isnull, are not).
MOMENT_LOOKUPS = {"exact", "gt", "gte", "lt", "lte", "in", "range"}


class MineFilter(admin.SimpleListFilter):
    title = "mine"
    parameter_name = "mine"

    def lookups(self, request, model_admin):
        return [("mine", "Mine (created or bylined)"), ("waiting", "Waiting for me")]

    def queryset(self, request, queryset):
        user = request.user
        mine = Q(created_by=user) | Q(authors__user=user)
        if self.value() == "mine":
            return queryset.filter(pk__in=Story.objects.filter(mine).values("pk"))
        if self.value() == "waiting":
            if user.has_perm("articles.review_story"):
                return queryset.filter(status__in=[Story.Status.IN_REVIEW, Story.Status.READY])
            return queryset.filter(
                pk__in=Story.objects.filter(mine, status=Story.Status.RETURNED).values("pk")
            )
        return queryset


class AgencyFilter(admin.AllValuesFieldListFilter):
    """Images by agency, where images with none are listed as such, not as an empty link."""

    NONE_LABEL = "(no agency)"

    def choices(self, changelist):
        for choice in super().choices(changelist):
            if not choice["display"]:
                choice = {**choice, "display": self.NONE_LABEL}
            yield choice


class AuthorFilter(admin.SimpleListFilter):
    title = "author"
    parameter_name = "author"

    def lookups(self, request, model_admin):
        return [(str(author.pk), author.name) for author in Author.objects.only("name")]

    def queryset(self, request, queryset):
        if author_id := self.value():
            return queryset.filter(
                pk__in=StoryAuthor.objects.filter(author_id=author_id).values("story_id")
            )
        return queryset


class CheckedChangeList(ChangeList):
    """A change list that refuses filter values it cannot use before any query runs.

    Every custom list filter's value must be one of its choices, and every date and time
    (from a date filter, the date drill-down or a field lookup in the address) must be one
    the database and the site's time zone can hold.
    """

    def get_filters(self, request):
        try:
            filters = super().get_filters(request)
        except (OverflowError, ValueError) as error:
            # The date drill-down works out the end of year 9999 or of December 9999.
            raise IncorrectLookupParameters(error) from error
        filter_specs, _has_filters, remaining_lookup_params, *_rest = filters
        for spec in filter_specs:
            if isinstance(spec, admin.SimpleListFilter):
                check_choice(spec)
            else:
                check_moment_lookups(self.model, spec.used_parameters)
        check_moment_lookups(self.model, remaining_lookup_params)
        return filters


def check_choice(spec: admin.SimpleListFilter) -> None:
    value = spec.value()
    if value is not None and value not in {str(choice) for choice, _label in spec.lookup_choices}:
        raise IncorrectLookupParameters(f"{spec.title}: {value!r} is not one of the choices.")


def check_moment_lookups(model: type[models.Model], lookups: dict[str, Any]) -> None:
    """Read and check each date-and-time value in ``lookups`` and put it, in place, in UTC
    (PostgreSQL refuses offsets past ±15:59, which ISO 8601 allows)."""
    for key in list(lookups):
        field = moment_field(model, key)
        if field is not None:
            lookups[key] = moments_in_utc(field, key, lookups[key])


def moments_in_utc(field: models.DateTimeField, key: str, value: Any) -> Any:
    """``value`` as checked moments in UTC; ``__in`` values arrive as lists in a list."""
    if isinstance(value, list | tuple):
        return [moments_in_utc(field, key, single) for single in value]
    try:
        moment = field.to_python(value) if isinstance(value, str) else value
        if not isinstance(moment, datetime):
            return value
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        return check_in_calendar(moment)
    except (ValidationError, DateOutOfRange, OverflowError, ValueError) as error:
        raise IncorrectLookupParameters(f"{key}: {error}") from error


def moment_field(model: type[models.Model], key: str) -> models.DateTimeField | None:
    """The date-and-time field ``key`` compares with a date and time, if it does."""
    opts, field, parts = model._meta, None, key.split(LOOKUP_SEP)
    while parts:
        try:
            field = opts.get_field(parts[0])
        except FieldDoesNotExist:
            break
        parts.pop(0)
        related = field.related_model
        if not field.is_relation or related is None or isinstance(related, str):
            break
        opts = related._meta
    compares_moments = not parts or (len(parts) == 1 and parts[0] in MOMENT_LOOKUPS)
    return field if isinstance(field, models.DateTimeField) and compares_moments else None
