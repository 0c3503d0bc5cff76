"""A GIN index for story search, on PostgreSQL only (other databases search without it)."""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

# The same expression as articles.search.story_search_vector(), so searches can use it.
STORY_SEARCH_INDEX = GinIndex(
    SearchVector("headline", weight="A", config="english")
    + SearchVector("dek", weight="B", config="english")
    + SearchVector("body", weight="C", config="english"),
    name="story_search_idx",
)


def create_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("articles", "Story"), STORY_SEARCH_INDEX)


def drop_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("articles", "Story"), STORY_SEARCH_INDEX)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0002_editorial_roles"),
    ]

    operations = [
        migrations.RunPython(create_search_index, drop_search_index),
    ]
