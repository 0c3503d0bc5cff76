"""Story languages (editions), sections per edition, translation sets, Unicode slugs and the
admin language of each user.

On SQLite the story table is remade for the new columns; the search index's content view
names that table, so it is set aside for the while (articles.public.search_sqlite) and the
triggers come back after the migrate.
"""

import articles.languages
from articles.public.search_sqlite import after_story_remake, before_story_remake
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0012_search_index'),
        ('taggit', '0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(*before_story_remake()),
        migrations.CreateModel(
            name='UserLanguage',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('language', models.CharField(choices=articles.languages.language_choices, max_length=10)),
            ],
            options={
                'verbose_name': 'admin language',
            },
        ),
        migrations.AddField(
            model_name='section',
            name='edition',
            field=models.CharField(blank=True, choices=articles.languages.language_choices, help_text='The edition (language) the section belongs to; blank: every edition.', max_length=10),
        ),
        migrations.AddField(
            model_name='story',
            name='language',
            field=models.CharField(choices=articles.languages.language_choices, default=articles.languages.default_language, help_text='The language the story is written in; it appears in that edition.', max_length=10),
        ),
        migrations.AddField(
            model_name='story',
            name='translation_of',
            field=models.ForeignKey(blank=True, editable=False, help_text='The story this one translates; every translation points to the original.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='translations', to='articles.story'),
        ),
        migrations.AlterField(
            model_name='story',
            name='slug',
            field=models.SlugField(allow_unicode=True, help_text="The story's address; old ones keep redirecting.", max_length=255, unique=True),
        ),
        migrations.AlterField(
            model_name='storyslug',
            name='slug',
            field=models.SlugField(allow_unicode=True, max_length=255, unique=True),
        ),
        migrations.AddConstraint(
            model_name='story',
            constraint=models.UniqueConstraint(condition=models.Q(('translation_of__isnull', False)), fields=('translation_of', 'language'), name='story_one_translation_per_language'),
        ),
        migrations.AddConstraint(
            model_name='story',
            constraint=models.CheckConstraint(condition=models.Q(('translation_of', models.F('pk')), _negated=True), name='story_not_its_own_translation'),
        ),
        migrations.AddField(
            model_name='userlanguage',
            name='user',
            field=models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='admin_language', to=settings.AUTH_USER_MODEL),
        ),
        migrations.RunPython(*after_story_remake()),
    ]
