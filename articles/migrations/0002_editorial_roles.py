"""Create the Editor and Reporter groups so a fresh install has its roles."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR_MODELS = ["story", "storyauthor", "storyslug", "correction", "image", "author",
                 "section", "source"]
REPORTER_PERMISSIONS = [
    ("articles", "add_story"), ("articles", "change_story"), ("articles", "view_story"),
    ("articles", "add_storyauthor"), ("articles", "change_storyauthor"),
    ("articles", "delete_storyauthor"), ("articles", "view_storyauthor"),
    ("articles", "add_image"), ("articles", "change_image"), ("articles", "view_image"),
    ("articles", "view_author"), ("articles", "view_section"), ("articles", "view_source"),
    ("articles", "view_correction"),
    ("taggit", "add_tag"), ("taggit", "view_tag"),
]


def create_roles(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    editor, _ = Group.objects.get_or_create(name="Editor")
    editor.permissions.add(
        *Permission.objects.filter(content_type__app_label="articles",
                                   content_type__model__in=EDITOR_MODELS),
        *Permission.objects.filter(content_type__app_label="taggit"),
    )
    reporter, _ = Group.objects.get_or_create(name="Reporter")
    for app_label, codename in REPORTER_PERMISSIONS:
        reporter.permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Editor", "Reporter"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
