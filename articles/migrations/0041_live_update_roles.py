"""Let editors post, change and delete live updates; reporters get it one by one."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CODENAMES = ["add_liveupdate", "change_liveupdate", "delete_liveupdate", "view_liveupdate"]


def editor_and_permissions(apps):
    app_config = apps.get_app_config("articles")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editor, _ = Group.objects.get_or_create(name="Editor")
    permissions = Permission.objects.filter(
        content_type__app_label="articles", codename__in=CODENAMES
    )
    return editor, permissions


def grant(apps, schema_editor):
    editor, permissions = editor_and_permissions(apps)
    editor.permissions.add(*permissions)


def revoke(apps, schema_editor):
    editor, permissions = editor_and_permissions(apps)
    editor.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [("articles", "0040_live_coverage")]

    operations = [migrations.RunPython(grant, revoke)]
