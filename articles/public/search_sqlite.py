"""SQLite's search index triggers, and their return after a migration remakes the story table.

The FTS5 table ``articles_story_search`` (migration 0012_search_index) is kept in step with
``articles_story`` by three triggers. Django remakes a table on SQLite for most column
changes, and the triggers go with the old table; ``restore_search_triggers`` runs after every
migrate and puts back any that are missing, then re-indexes, so no later migration has to.
"""

from __future__ import annotations

from django.db import DEFAULT_DB_ALIAS, connections

#: The triggers by name; migration 0012 creates them from here.
TRIGGERS = {
    "articles_story_search_insert": """
CREATE TRIGGER articles_story_search_insert AFTER INSERT ON articles_story BEGIN
    INSERT INTO articles_story_search (rowid, headline, dek, body)
    VALUES (new.id, articles_search_text(new.headline), articles_search_text(new.dek),
            articles_search_html(new.body));
END
""",
    "articles_story_search_delete": """
CREATE TRIGGER articles_story_search_delete AFTER DELETE ON articles_story BEGIN
    INSERT INTO articles_story_search (articles_story_search, rowid, headline, dek, body)
    VALUES ('delete', old.id, articles_search_text(old.headline),
            articles_search_text(old.dek), articles_search_html(old.body));
END
""",
    "articles_story_search_update": """
CREATE TRIGGER articles_story_search_update AFTER UPDATE OF headline, dek, body
ON articles_story
WHEN old.headline IS NOT new.headline OR old.dek IS NOT new.dek OR old.body IS NOT new.body
BEGIN
    INSERT INTO articles_story_search (articles_story_search, rowid, headline, dek, body)
    VALUES ('delete', old.id, articles_search_text(old.headline),
            articles_search_text(old.dek), articles_search_html(old.body));
    INSERT INTO articles_story_search (rowid, headline, dek, body)
    VALUES (new.id, articles_search_text(new.headline), articles_search_text(new.dek),
            articles_search_html(new.body));
END
""",
}
#: The FTS5 table's content, as migration 0012 creates it: what the triggers index, so
#: 'rebuild' indexes the same. SQLite refuses to remake
#: ``articles_story`` while a view reads it, so a migration that remakes the table drops the
#: view first and creates it again after (``migrations.RunPython(*around_story_remake())``).
CONTENT_VIEW = """
CREATE VIEW articles_story_search_content AS
SELECT id,
       articles_search_text(headline) AS headline,
       articles_search_text(dek) AS dek,
       articles_search_html(body) AS body
FROM articles_story
"""
DROP_CONTENT_VIEW = "DROP VIEW IF EXISTS articles_story_search_content"


def _on_sqlite(*statements: str):
    def run(apps, schema_editor) -> None:
        if schema_editor.connection.vendor == "sqlite":
            for statement in statements:
                schema_editor.execute(statement)

    return run


def before_story_remake():
    """The RunPython arguments that drop the content view (and bring it back on reversal)."""
    return _on_sqlite(DROP_CONTENT_VIEW), _on_sqlite(CONTENT_VIEW)


def after_story_remake():
    """The RunPython arguments that create the content view again (and drop it on reversal)."""
    return _on_sqlite(CONTENT_VIEW), _on_sqlite(DROP_CONTENT_VIEW)


REBUILD = "INSERT INTO articles_story_search (articles_story_search) VALUES ('rebuild')"


def restore_search_triggers(sender=None, using: str = DEFAULT_DB_ALIAS, **kwargs) -> list[str]:
    """Create the triggers a migration dropped and index every story again; the names made."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return []
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE name = 'articles_story_search'")
        if cursor.fetchone() is None:
            return []  # before migration 0012
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'articles_story'"
        )
        present = {name for (name,) in cursor.fetchall()}
        missing = [name for name in TRIGGERS if name not in present]
        for name in missing:
            cursor.execute(TRIGGERS[name])
        if missing:
            # Stories written while a trigger was missing are not in the index.
            cursor.execute(REBUILD)
    return missing
