"""Random names for new originals, the editor's file name kept, and who may change images.

Existing originals keep their files; ``original_name`` is filled from their stored name,
which was made from the uploaded one. Editors get ``change_any_image``.
"""

from pathlib import PurePosixPath

from django.contrib.auth.management import create_permissions
from django.db import migrations, models

import articles.models.image


def editor_and_permission(apps):
    app_config = apps.get_app_config("articles")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editor, _ = Group.objects.get_or_create(name="Editor")
    permission = Permission.objects.get(
        content_type__app_label="articles", codename="change_any_image"
    )
    return editor, permission


def grant_change_any_image(apps, schema_editor):
    editor, permission = editor_and_permission(apps)
    editor.permissions.add(permission)


def revoke_change_any_image(apps, schema_editor):
    editor, permission = editor_and_permission(apps)
    editor.permissions.remove(permission)


def name_existing_originals(apps, schema_editor):
    Image = apps.get_model("articles", "Image")
    unnamed = Image.objects.filter(original_name="").exclude(file="")
    for pk, name in unnamed.values_list("pk", "file").iterator():
        Image.objects.filter(pk=pk).update(original_name=PurePosixPath(name).name[:255])


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0009_workflow_restore_and_preview_secret"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="image",
            options={
                "ordering": ["-created_at"],
                "permissions": [
                    (
                        "change_any_image",
                        "Can change any image, including those stories on the desk use",
                    )
                ],
            },
        ),
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
        migrations.RunPython(grant_change_any_image, revoke_change_any_image),
        migrations.RunPython(name_existing_originals, migrations.RunPython.noop),
    ]
