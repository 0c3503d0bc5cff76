"""The newsroom's date rules: which moments a story or photo may carry, checked wherever a date
comes in (ingest, forms, URL parameters), and moments read back so every time zone can show them.

A publication moment lies between 1900-01-01 and about ten years from now, has a time zone, and
converts to UTC and to the site's time zone. Text from outside uses the digits 0-9 only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import django_filters
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django_filters.fields import IsoDateTimeField

# One day in from each end of Python's calendar: no UTC offset reaches a day, so a moment in
# this span converts to every time zone without overflowing.
CALENDAR_EARLIEST = datetime.min.replace(tzinfo=UTC) + timedelta(days=1)
CALENDAR_LATEST = datetime.max.replace(tzinfo=UTC) - timedelta(days=1)


class DateOutOfRange(ValueError):
    """A date no story or photo may carry; the message says why, in the desk's words."""


@dataclass(frozen=True)
class DateRange:
    """From a fixed earliest moment to a span after now."""

    earliest: datetime
    ahead: timedelta

    def latest(self, now: datetime | None = None) -> datetime:
        return (now or timezone.now()) + self.ahead

    def describe(self) -> str:
        return f"between {self.earliest:%Y-%m-%d} and {self.latest():%Y-%m-%d}"

    def check_moment(self, moment: datetime) -> datetime:
        """``moment`` in UTC if it is in range and every configured zone can show it."""
        try:
            in_utc = check_in_calendar(moment)
        except DateOutOfRange as error:
            raise DateOutOfRange(f"{error} Dates must be {self.describe()}.") from None
        if not self.earliest <= in_utc <= self.latest():
            raise DateOutOfRange(f"{moment.isoformat()} is not {self.describe()}.")
        return in_utc

    def check_day(self, day: date) -> date:
        if not self.earliest.date() <= day <= self.latest().date():
            raise DateOutOfRange(f"{day.isoformat()} is not {self.describe()}.")
        return day


#: Publish, update and schedule times, and the dates people search or filter stories by.
PUBLICATION = DateRange(earliest=datetime(1900, 1, 1, tzinfo=UTC), ahead=timedelta(days=3653))
#: When a photo was taken: archive pictures reach back to the first photographs.
PHOTO_TAKEN = DateRange(earliest=datetime(1826, 1, 1, tzinfo=UTC), ahead=timedelta(days=1))


def configured_zones() -> list[ZoneInfo]:
    return [ZoneInfo(settings.TIME_ZONE)]


def check_in_calendar(moment: datetime) -> datetime:
    """``moment`` in UTC if UTC and every configured zone can show it, with a day to spare."""
    if timezone.is_naive(moment):
        raise DateOutOfRange("A date and time needs a time zone or UTC offset.")
    try:
        in_utc = moment.astimezone(UTC)
        for zone in configured_zones():
            in_utc.astimezone(zone)
    except (OverflowError, ValueError):
        in_utc = None
    if in_utc is None or not CALENDAR_EARLIEST <= in_utc <= CALENDAR_LATEST:
        raise DateOutOfRange(f"{moment.isoformat()} is outside the calendar.")
    return in_utc


def in_calendar(moment: datetime | None) -> datetime | None:
    """A stored moment moved, if it must be, into the span every time zone can show.

    Only dates written before these rules existed can be outside it; showing them a day off
    beats a page that cannot be drawn.
    """
    if moment is None or timezone.is_naive(moment):
        return moment
    return min(max(moment, CALENDAR_EARLIEST), CALENDAR_LATEST)


def calendar_q(field_name: str) -> Q:
    """Rows whose ``field_name`` the database can convert to any time zone (month lists)."""
    return Q(**{f"{field_name}__range": (CALENDAR_EARLIEST, CALENDAR_LATEST)})


def start_of_day(day: date) -> datetime:
    """Midnight at the start of ``day`` in the site's time zone."""
    return timezone.make_aware(datetime.combine(day, time.min))


def require_ascii_digits(text: str) -> str:
    if not text.isascii():
        raise ValidationError("Write dates and numbers with the digits 0-9.", code="digits")
    return text


# Forms and filter sets ---------------------------------------------------------------------


def validate_publication_moment(moment: datetime | None) -> None:
    """A form validator: a clear error instead of a date no page could show."""
    if moment is not None:
        try:
            PUBLICATION.check_moment(moment)
        except DateOutOfRange as error:
            raise ValidationError(str(error), code="date_range") from None


def validate_in_calendar(moment: datetime | None) -> None:
    """A form validator for any date and time: one the database and every page can hold."""
    if moment is not None:
        try:
            check_in_calendar(moment)
        except DateOutOfRange as error:
            raise ValidationError(str(error), code="date_range") from None


def validate_photo_moment(moment: datetime | None) -> None:
    if moment is not None:
        try:
            PHOTO_TAKEN.check_moment(moment)
        except DateOutOfRange as error:
            raise ValidationError(str(error), code="date_range") from None


def validate_publication_day(day: date | None) -> None:
    if day is not None:
        try:
            PUBLICATION.check_day(day)
        except DateOutOfRange as error:
            raise ValidationError(str(error), code="date_range") from None


class PublicationDayField(forms.DateField):
    """A date (YYYY-MM-DD) in the publication range, written with the digits 0-9."""

    default_validators = [validate_publication_day]

    def to_python(self, value):
        if isinstance(value, str):
            require_ascii_digits(value)
        return super().to_python(value)


class PublicationMomentField(IsoDateTimeField):
    """An ISO 8601 date and time in the publication range, written with the digits 0-9, read
    in UTC (PostgreSQL refuses offsets past ±15:59, which ISO 8601 allows)."""

    default_validators = [validate_publication_moment]

    def to_python(self, value):
        if isinstance(value, str):
            require_ascii_digits(value)
        moment = super().to_python(value)
        if moment is None:
            return None
        try:
            return check_in_calendar(moment)
        except DateOutOfRange as error:
            raise ValidationError(str(error), code="date_range") from None


class PublicationDayFilter(django_filters.DateFilter):
    """Stories from (``gte``) or up to (``lte``) a day in the site's time zone, both inclusive.

    Compared with the day's bounds rather than the date of each row, so the database converts
    no stored moment and the published_at indexes still serve the query.
    """

    field_class = PublicationDayField

    def filter(self, qs, value):
        if value in (None, ""):
            return qs
        name = self.field_name
        if self.lookup_expr == "gte":
            return qs.filter(**{f"{name}__gte": start_of_day(value)})
        return qs.filter(**{f"{name}__lt": start_of_day(value + timedelta(days=1))})


class PublicationMomentFilter(django_filters.IsoDateTimeFilter):
    field_class = PublicationMomentField
