"""A story's listing, copied onto the rows that tie it to a tag or an author.

A tag's or an author's page lists their newest public stories. Read through the stories,
that means finding every story of the tag or the author and sorting them: a thousand rows
for a reporter at 100,000 stories, and more as the archive grows. So each tagging and each
byline keeps a copy of what the list needs of its story (``ListingCopy``): the publish time
while the story is in a public state, the embargo, the language. An index on the copy hands
over the newest stories of one tag or author in one range, whatever the archive's size.

The database keeps the copy, by triggers: a byline or a tagging takes its story's listing
when it is written (whatever writes it: the admin, taggit, a bulk insert), and a story's
rows follow it when its state, publish time, embargo or language change (``save()``,
``QuerySet.update()``, a migration). The copy only chooses which stories a list reads: the
list still asks ``Story.objects.published()`` of each, so a copy can never make a story
public. Like the search triggers, those SQLite drops when a migration remakes a table come
back after every migrate (``restore_listing_triggers``).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.db import DEFAULT_DB_ALIAS, connections, models
from django.db.models import Q, QuerySet
from django.utils import timezone

from articles.models.visibility import PUBLIC_STATUSES, embargo_lifted_q

if TYPE_CHECKING:
    from articles.public.pagination import Cursor

#: The tables that keep a copy, and the column naming each row's story.
COPIES = {"articles_storyauthor": "story_id", "articles_taggedstory": "content_object_id"}
_PUBLIC = ", ".join(f"'{status}'" for status in PUBLIC_STATUSES)
#: The copy's columns, and what each is on the story (``s``). With the public state and the
#: publish time in one column, ``visibility.public_q``'s rule reads ``listed_q()``.
COPIED = {
    "story_listed_at": f"CASE WHEN {{s}}.status IN ({_PUBLIC}) THEN {{s}}.published_at END",
    "story_embargo_until": "{s}.embargo_until",
    "story_language": "{s}.language",
}
LISTING_FIELDS = ("status", "published_at", "embargo_until", "language")


class ListingCopy(models.Model):
    """What a list of one topic's stories needs of each story, kept by the database."""

    #: The story's publish time while it is in a public state (published or scheduled).
    story_listed_at = models.DateTimeField(null=True, editable=False)
    story_embargo_until = models.DateTimeField(null=True, editable=False)
    story_language = models.CharField(max_length=10, null=True, editable=False)

    class Meta:
        abstract = True


def listed_q(*, language: str, at: datetime | None = None) -> Q:
    """Rows whose story is public at ``at`` (now) in ``language``'s edition, read from the
    copy: ``visibility.public_q``'s rule, the public state and publish time being one column."""
    at = at or timezone.now()
    return Q(story_language=language, story_listed_at__lte=at) & embargo_lifted_q(
        at=at, field="story_embargo_until"
    )


def newest_listed(
    rows: QuerySet, story_field: str, *, language: str, before: Cursor | None = None
) -> QuerySet:
    """The story ids of ``rows`` (one topic's taggings or bylines) listed in ``language``'s
    edition, newest first, older than ``before`` if given."""
    story_id = f"{story_field}_id"
    listed = rows.filter(listed_q(language=language))
    if before is not None:
        listed = listed.filter(before.older_q("story_listed_at", story_id))
    return listed.order_by("-story_listed_at", f"-{story_id}").values(story_id)


# Triggers --------------------------------------------------------------------------------


def _copied_from(story: str) -> str:
    return ", ".join(expression.format(s=story) for expression in COPIED.values())


def _postgresql_statements() -> list[str]:
    statements = []
    for table, story_id in COPIES.items():
        columns = ", ".join(f"NEW.{column}" for column in COPIED)
        statements += [
            f"""
CREATE OR REPLACE FUNCTION {table}_listing() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    SELECT {_copied_from("s")} INTO {columns} FROM articles_story s WHERE s.id = NEW.{story_id};
    RETURN NEW;
END $$""",
            f"DROP TRIGGER IF EXISTS {table}_listing ON {table}",
            f"""
CREATE TRIGGER {table}_listing BEFORE INSERT OR UPDATE ON {table}
FOR EACH ROW EXECUTE FUNCTION {table}_listing()""",
        ]
    statements += [
        f"""
CREATE OR REPLACE FUNCTION articles_story_listing() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
{_rows_follow_story()}
    RETURN NULL;
END $$""",
        "DROP TRIGGER IF EXISTS articles_story_listing ON articles_story",
        f"""
CREATE TRIGGER articles_story_listing AFTER UPDATE OF {", ".join(LISTING_FIELDS)}
ON articles_story FOR EACH ROW WHEN ({_changed("OLD", "NEW", "IS DISTINCT FROM")})
EXECUTE FUNCTION articles_story_listing()""",
    ]
    return statements


def _rows_follow_story() -> str:
    """The statements giving the updated story's (``new``) rows its new listing."""
    assignments = ", ".join(
        f"{column} = {expression.format(s='new')}" for column, expression in COPIED.items()
    )
    return "\n".join(
        f"    UPDATE {table} SET {assignments} WHERE {story_id} = new.id;"
        for table, story_id in COPIES.items()
    )


def _changed(old: str, new: str, differs: str) -> str:
    return " OR ".join(f"{old}.{field} {differs} {new}.{field}" for field in LISTING_FIELDS)


def _refill(table: str, story_id: str) -> str:
    """An UPDATE giving every row of ``table`` its story's listing."""
    return (
        f"UPDATE {table} SET ({', '.join(COPIED)}) = (SELECT {_copied_from('s')}"
        f" FROM articles_story s WHERE s.id = {table}.{story_id})"
    )


def _sqlite_triggers() -> dict[str, str]:
    """SQLite's triggers by name. SQLite cannot set a row's values before it is written, so
    a row's own triggers fill it in just after."""
    triggers = {}
    for table, story_id in COPIES.items():
        for event in ("INSERT", "UPDATE"):
            name = f"{table}_listing_{event.lower()}"
            triggers[name] = f"""
CREATE TRIGGER {name} AFTER {event} ON {table} BEGIN
    {_refill(table, story_id)} WHERE id = new.id;
END"""
    triggers["articles_story_listing"] = f"""
CREATE TRIGGER articles_story_listing AFTER UPDATE OF {", ".join(LISTING_FIELDS)}
ON articles_story WHEN {_changed("old", "new", "IS NOT")}
BEGIN
{_rows_follow_story()}
END"""
    return triggers


def create_listing_triggers(apps=None, schema_editor=None, *, using: str = DEFAULT_DB_ALIAS):
    """Create the triggers and give every existing row its story's listing (migration 0062)."""
    connection = schema_editor.connection if schema_editor else connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for statement in _postgresql_statements():
                cursor.execute(statement)
        elif connection.vendor == "sqlite":
            for statement in _sqlite_triggers().values():
                cursor.execute(statement)
        for table, story_id in COPIES.items():
            cursor.execute(_refill(table, story_id))


def drop_listing_triggers(apps=None, schema_editor=None, *, using: str = DEFAULT_DB_ALIAS):
    connection = schema_editor.connection if schema_editor else connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for table in (*COPIES, "articles_story"):
                cursor.execute(f"DROP TRIGGER IF EXISTS {table}_listing ON {table}")
                cursor.execute(f"DROP FUNCTION IF EXISTS {table}_listing()")
        elif connection.vendor == "sqlite":
            for name in _sqlite_triggers():
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")


def restore_listing_triggers(sender=None, using: str = DEFAULT_DB_ALIAS, **kwargs) -> list[str]:
    """Create the SQLite triggers a migration's table remake dropped, and refill the copies
    (rows written meanwhile were not kept); the names made."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return []
    with connection.cursor() as cursor:
        columns = {
            column.name
            for column in connection.introspection.get_table_description(
                cursor, "articles_taggedstory"
            )
        }
        if "story_listed_at" not in columns:
            return []  # before migration 0062
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        present = {name for (name,) in cursor.fetchall()}
        triggers = _sqlite_triggers()
        missing = [name for name in triggers if name not in present]
        for name in missing:
            cursor.execute(triggers[name])
        if missing:
            for table, story_id in COPIES.items():
                cursor.execute(_refill(table, story_id))
    return missing
