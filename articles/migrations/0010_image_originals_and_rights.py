"""Random names for new originals, and the editor's file name kept.

Existing originals keep their files; ``original_name`` is filled from their stored name,
which was made from the uploaded one.
"""

from pathlib import PurePosixPath

from django.db import migrations, models

import articles.models.image


def name_existing_originals(apps, schema_editor):
    Image = apps.get_model("articles", "Image")
    unnamed = Image.objects.filter(original_name="").exclude(file="")
    for pk, name in unnamed.values_list("pk", "file").iterator():
        Image.objects.filter(pk=pk).update(original_name=PurePosixPath(name).name[:255])


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0008_public_story_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="image",
            name="original_name",
            field=models.CharField(
                blank=True,
                editable=False,
                help_text="The file's name on the uploader's computer or at the source.",
                max_length=255,
                verbose_name="original file name",
            ),
        ),
        migrations.AlterField(
            model_name="image",
            name="file",
            field=models.ImageField(
                height_field="height",
                upload_to=articles.models.image.original_upload_to,
                width_field="width",
            ),
        ),
        migrations.RunPython(name_existing_originals, migrations.RunPython.noop),
    ]
