"""Search per language: Arabic spelling folded on both databases, and on PostgreSQL each
story indexed with its own language's text-search configuration.

PostgreSQL: ``articles_search_text`` (the fold every indexed text and every query goes
through) now folds Arabic as ``articles.public.search_text.normalize_search_text`` does; a
new ``articles_search_config(language)`` names the configuration of a story's language
(``arabic`` for "ar", ``english`` for "en", ``simple`` for a language PostgreSQL does not
stem), and the trigger uses it, also when only the language changes. Every story is
indexed again. SQLite: the fold is the Python function itself, so the FTS5 table is rebuilt.

The two ``translate()`` arguments are written out here, as they were when this migration
was made, so a later change of the Python table does not change what this migration did;
a test compares the two folds.
"""

from django.db import migrations

from articles.public.search_sqlite import REBUILD

FOLD_FROM = "\u0623\u0625\u0622\u0671\u0629\u0649\u0660\u0661\u0662\u0663\u0664\u0665\u0666\u0667\u0668\u0669\u06f0\u06f1\u06f2\u06f3\u06f4\u06f5\u06f6\u06f7\u06f8\u06f9\u0610\u0611\u0612\u0613\u0614\u0615\u0616\u0617\u0618\u0619\u061a\u0640\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0653\u0654\u0655\u0656\u0657\u0658\u0659\u065a\u065b\u065c\u065d\u065e\u065f\u0670\u06d6\u06d7\u06d8\u06d9\u06da\u06db\u06dc\u06df\u06e0\u06e1\u06e2\u06e3\u06e4\u06e5\u06e6\u06e7\u06e8\u06ea\u06eb\u06ec\u06ed"
FOLD_TO = "\u0627\u0627\u0627\u0627\u0647\u064a01234567890123456789"

POSTGRESQL_FORWARD = """
CREATE OR REPLACE FUNCTION articles_search_text(text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT translate(coalesce($1, ''), %(from)s, %(to)s) $$;

CREATE FUNCTION articles_search_config(text) RETURNS regconfig
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT (CASE split_part(lower(coalesce($1, '')), '-', 1)
        WHEN 'ar' THEN 'arabic' WHEN 'en' THEN 'english' WHEN 'fr' THEN 'french'
        WHEN 'de' THEN 'german' WHEN 'es' THEN 'spanish' WHEN 'it' THEN 'italian'
        WHEN 'pt' THEN 'portuguese' WHEN 'nl' THEN 'dutch' WHEN 'ru' THEN 'russian'
        WHEN 'tr' THEN 'turkish' WHEN 'id' THEN 'indonesian' WHEN 'sv' THEN 'swedish'
        WHEN 'da' THEN 'danish' WHEN 'nb' THEN 'norwegian' WHEN 'fi' THEN 'finnish'
        WHEN 'el' THEN 'greek' WHEN 'hu' THEN 'hungarian' WHEN 'ro' THEN 'romanian'
        ELSE 'simple' END)::regconfig $$;

CREATE OR REPLACE FUNCTION articles_story_search_document() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
DECLARE
    config regconfig := articles_search_config(NEW.language);
BEGIN
    NEW.search_document :=
        setweight(to_tsvector(config, articles_search_text(NEW.headline)), 'A')
        || setweight(to_tsvector(config, articles_search_text(NEW.dek)), 'B')
        || setweight(to_tsvector(config, articles_search_text(NEW.body)), 'C');
    RETURN NEW;
END
$$;

DROP TRIGGER articles_story_search_document ON articles_story;
CREATE TRIGGER articles_story_search_document
    BEFORE INSERT OR UPDATE OF headline, dek, body, language ON articles_story
    FOR EACH ROW EXECUTE FUNCTION articles_story_search_document();

UPDATE articles_story SET headline = headline;
"""

POSTGRESQL_BACKWARD = """
CREATE OR REPLACE FUNCTION articles_story_search_document() RETURNS trigger
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
DROP TRIGGER articles_story_search_document ON articles_story;
CREATE TRIGGER articles_story_search_document
    BEFORE INSERT OR UPDATE OF headline, dek, body ON articles_story
    FOR EACH ROW EXECUTE FUNCTION articles_story_search_document();
DROP FUNCTION articles_search_config(text);
CREATE OR REPLACE FUNCTION articles_search_text(text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT coalesce($1, '') $$;
UPDATE articles_story SET headline = headline;
"""


def quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(
            POSTGRESQL_FORWARD.replace("%(from)s", quoted(FOLD_FROM)).replace(
                "%(to)s", quoted(FOLD_TO)
            )
        )
    elif vendor == "sqlite":
        schema_editor.execute(REBUILD)


def backward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_BACKWARD)
    elif vendor == "sqlite":
        schema_editor.execute(REBUILD)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0015_editions_and_translations"),
    ]

    operations = [migrations.RunPython(forward, backward)]
