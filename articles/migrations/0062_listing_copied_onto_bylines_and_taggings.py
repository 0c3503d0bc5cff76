"""Each byline and tagging keeps a copy of its story's listing, kept by triggers
(``articles/models/listing.py``), so a tag's or an author's newest stories are one index
range."""

from django.db import migrations, models

from articles.models.listing import create_listing_triggers, drop_listing_triggers


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0061_story_indexes_cover_public_lists"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [
        migrations.AddField(
            model_name="storyauthor",
            name="story_embargo_until",
            field=models.DateTimeField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="storyauthor",
            name="story_language",
            field=models.CharField(editable=False, max_length=10, null=True),
        ),
        migrations.AddField(
            model_name="storyauthor",
            name="story_listed_at",
            field=models.DateTimeField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="taggedstory",
            name="story_embargo_until",
            field=models.DateTimeField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="taggedstory",
            name="story_language",
            field=models.CharField(editable=False, max_length=10, null=True),
        ),
        migrations.AddField(
            model_name="taggedstory",
            name="story_listed_at",
            field=models.DateTimeField(editable=False, null=True),
        ),
        migrations.AddIndex(
            model_name="storyauthor",
            index=models.Index(
                fields=[
                    "author",
                    "story_language",
                    "-story_listed_at",
                    "-story",
                    "story_embargo_until",
                ],
                name="storyauthor_listed_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="taggedstory",
            index=models.Index(
                fields=[
                    "tag",
                    "story_language",
                    "-story_listed_at",
                    "-content_object",
                    "story_embargo_until",
                ],
                name="taggedstory_listed_idx",
            ),
        ),
        migrations.RunPython(create_listing_triggers, drop_listing_triggers),
    ]
