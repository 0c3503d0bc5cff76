"""Model fields that carry the newsroom's own rules."""

from __future__ import annotations

from datetime import UTC

from django.db import models

from articles.dates import in_calendar


class CalendarDateTimeField(models.DateTimeField):
    """A date and time from outside (a partner, a photo, an editor) that always reads back as
    a moment every time zone can show, so a bad row written before the date rules cannot stop
    a page from being drawn."""

    def from_db_value(self, value, expression, connection):
        return in_calendar(value)

    def get_prep_value(self, value):
        # Sent in UTC: PostgreSQL refuses offsets past ±15:59, which ISO 8601 allows.
        value = super().get_prep_value(value)
        if value is not None and value.tzinfo is not None:
            return value.astimezone(UTC)
        return value
