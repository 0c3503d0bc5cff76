"""Database functions the ORM lacks on both our databases."""

from __future__ import annotations

from django.db.models import Aggregate, JSONField


class JSONArrayAgg(Aggregate):
    """The grouped values as one JSON array: ``json_group_array`` on SQLite, ``jsonb_agg``
    on PostgreSQL (Django's own ``JSONBAgg`` is PostgreSQL's only)."""

    function = "JSON_GROUP_ARRAY"
    output_field = JSONField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, function="JSONB_AGG", **extra_context)
