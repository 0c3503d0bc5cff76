"""A stored, indexed search document per story, kept by the database itself.

PostgreSQL: a ``search_document`` tsvector column filled by a trigger (headline A, standfirst B,
body C) with a GIN index; it replaces the expression index of 0003_public_site, which made
every search rebuild each matching story's document. SQLite: an FTS5 table over the same
fields, external content read through a view, kept in step by triggers.

Neither exists on the model: Django never reads or writes them, the triggers do, so stories
written in bulk are indexed too. The SQL of each database runs only on that database.
"""

from django.db import migrations

from articles.public.search_sqlite import REBUILD, TRIGGERS

# The text-search configuration and the normalization of indexed text live in these two
# SQL functions, so a later migration can change them (a configuration per story's
# language, say) with CREATE OR REPLACE and one UPDATE to refill the column.
POSTGRESQL_FORWARD = """
DROP INDEX IF EXISTS story_search_idx;

CREATE FUNCTION articles_search_text(text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT coalesce($1, '') $$;

CREATE FUNCTION articles_story_search_document() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
DECLARE
    config regconfig := 'english';
BEGIN
    NEW.search_document :=
        setweight(to_tsvector(config, articles_search_text(NEW.headline)), 'A')
        || setweight(to_tsvector(config, articles_search_text(NEW.dek)), 'B')
        || setweight(to_tsvector(config, articles_search_text(NEW.body)), 'C');
    RETURN NEW;
END
$$;

ALTER TABLE articles_story ADD COLUMN search_document tsvector;

CREATE TRIGGER articles_story_search_document
    BEFORE INSERT OR UPDATE OF headline, dek, body ON articles_story
    FOR EACH ROW EXECUTE FUNCTION articles_story_search_document();

UPDATE articles_story SET headline = headline;

-- The planner's estimate of how many stories a query matches (planning only, nothing
-- runs), so a search can choose how to find the newest matches: the estimate is good, but
-- the planner does not count the cost of reading each story's stored document.
CREATE FUNCTION articles_search_estimate(query tsquery) RETURNS bigint
    LANGUAGE plpgsql VOLATILE
    AS $$
DECLARE
    plan json;
BEGIN
    EXECUTE 'EXPLAIN (FORMAT JSON) SELECT 1 FROM articles_story WHERE search_document @@ $1'
        INTO plan USING query;
    RETURN (plan -> 0 -> 'Plan' ->> 'Plan Rows')::bigint;
END
$$;
CREATE INDEX story_search_document_idx ON articles_story USING gin (search_document);
"""

POSTGRESQL_BACKWARD = """
DROP FUNCTION articles_search_estimate(tsquery);
DROP INDEX story_search_document_idx;
DROP TRIGGER articles_story_search_document ON articles_story;
ALTER TABLE articles_story DROP COLUMN search_document;
DROP FUNCTION articles_story_search_document();
DROP FUNCTION articles_search_text(text);
CREATE INDEX story_search_idx ON articles_story USING gin ((
    setweight(to_tsvector('english'::regconfig, coalesce(headline, '')), 'A')
    || setweight(to_tsvector('english'::regconfig, coalesce(dek, '')), 'B')
    || setweight(to_tsvector('english'::regconfig, coalesce(body, '')), 'C')
));
"""

# articles_search_text() and articles_search_html() are Python functions that
# articles.public.search_text registers on every SQLite connection Django opens. The view
# is the FTS5 table's content, so 'rebuild' indexes exactly what the triggers index.
# A migration that remakes articles_story on SQLite (Django does for most column changes)
# drops the triggers with the old table: articles.public.search_sqlite puts them back after
# every migrate.
SQLITE_FORWARD = [
    """
    CREATE VIEW articles_story_search_content AS
    SELECT id,
           articles_search_text(headline) AS headline,
           articles_search_text(dek) AS dek,
           articles_search_html(body) AS body
    FROM articles_story
    """,
    """
    CREATE VIRTUAL TABLE articles_story_search USING fts5(
        headline, dek, body,
        content='articles_story_search_content', content_rowid='id',
        tokenize='porter unicode61'
    )
    """,
    *TRIGGERS.values(),
    REBUILD,
]

SQLITE_BACKWARD = [
    "DROP TRIGGER articles_story_search_update",
    "DROP TRIGGER articles_story_search_delete",
    "DROP TRIGGER articles_story_search_insert",
    "DROP TABLE articles_story_search",
    "DROP VIEW articles_story_search_content",
]


def run_for_database(postgresql: str, sqlite: list[str]):
    def run(apps, schema_editor):
        vendor = schema_editor.connection.vendor
        if vendor == "postgresql":
            schema_editor.execute(postgresql)
        elif vendor == "sqlite":
            for statement in sqlite:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0014_body_images"),
    ]

    operations = [
        migrations.RunPython(
            run_for_database(POSTGRESQL_FORWARD, SQLITE_FORWARD),
            run_for_database(POSTGRESQL_BACKWARD, SQLITE_BACKWARD),
        ),
    ]
