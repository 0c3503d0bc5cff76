"""A story's own caption for its lead photo, in its language, and the story's fields named in
words the admin can translate."""

import articles.languages
import django.db.models.deletion
import taggit.managers
from django.conf import settings
from django.db import migrations, models

from articles.public.search_sqlite import after_story_remake, before_story_remake


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0041_live_update_roles'),
        ('taggit', '0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(*before_story_remake()),
        migrations.AlterModelOptions(
            name='story',
            options={'get_latest_by': 'published_at', 'ordering': ['-published_at', '-created_at'], 'permissions': [('submit_story', 'Can submit stories for review'), ('review_story', 'Can return stories and mark them ready'), ('publish_story', 'Can publish, schedule and unpublish stories'), ('correct_story', 'Can add corrections and significant updates'), ('edit_any_story', 'Can edit any story in any state')], 'verbose_name': 'story', 'verbose_name_plural': 'stories'},
        ),
        migrations.AddField(
            model_name='story',
            name='lead_image_caption',
            field=models.TextField(blank=True, help_text="The lead photo's caption in this story's language; empty: the library's caption.", verbose_name='lead photo caption'),
        ),
        migrations.AlterField(
            model_name='story',
            name='attention_reason',
            field=models.CharField(blank=True, max_length=500, verbose_name='why it needs attention'),
        ),
        migrations.AlterField(
            model_name='story',
            name='authors',
            field=models.ManyToManyField(blank=True, related_name='stories', through='articles.StoryAuthor', to='articles.author', verbose_name='authors'),
        ),
        migrations.AlterField(
            model_name='story',
            name='body',
            field=models.TextField(blank=True, verbose_name='body'),
        ),
        migrations.AlterField(
            model_name='story',
            name='byline_override',
            field=models.CharField(blank=True, help_text="Printed instead of the authors' names when set.", max_length=255, verbose_name='byline override'),
        ),
        migrations.AlterField(
            model_name='story',
            name='created_at',
            field=models.DateTimeField(auto_now_add=True, verbose_name='created'),
        ),
        migrations.AlterField(
            model_name='story',
            name='created_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='stories_created', to=settings.AUTH_USER_MODEL, verbose_name='created by'),
        ),
        migrations.AlterField(
            model_name='story',
            name='dateline',
            field=models.CharField(blank=True, help_text='Where the story was filed.', max_length=100, verbose_name='dateline'),
        ),
        migrations.AlterField(
            model_name='story',
            name='headline',
            field=models.CharField(max_length=255, verbose_name='headline'),
        ),
        migrations.AlterField(
            model_name='story',
            name='language',
            field=models.CharField(choices=articles.languages.language_choices, default=articles.languages.default_language, help_text='The language the story is written in; it appears in that edition.', max_length=10, verbose_name='language'),
        ),
        migrations.AlterField(
            model_name='story',
            name='lead_image',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='lead_stories', to='articles.image', verbose_name='lead image'),
        ),
        migrations.AlterField(
            model_name='story',
            name='modified_at',
            field=models.DateTimeField(auto_now=True, verbose_name='last saved'),
        ),
        migrations.AlterField(
            model_name='story',
            name='needs_attention',
            field=models.BooleanField(default=False, help_text='Set by ingest when the source changed a story edited here.', verbose_name='needs attention'),
        ),
        migrations.AlterField(
            model_name='story',
            name='related_stories',
            field=models.ManyToManyField(blank=True, to='articles.story', verbose_name='related stories'),
        ),
        migrations.AlterField(
            model_name='story',
            name='section',
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='stories', to='articles.section', verbose_name='section'),
        ),
        migrations.AlterField(
            model_name='story',
            name='slug',
            field=models.SlugField(allow_unicode=True, help_text="The story's address; old ones keep redirecting.", max_length=255, unique=True, verbose_name='slug'),
        ),
        migrations.AlterField(
            model_name='story',
            name='source',
            field=models.ForeignKey(blank=True, help_text='The partner or agency that supplied the text.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='stories', to='articles.source', verbose_name='source'),
        ),
        migrations.AlterField(
            model_name='story',
            name='status',
            field=models.CharField(choices=[('draft', 'Draft'), ('in_review', 'In review'), ('returned', 'Returned to writer'), ('ready', 'Ready'), ('scheduled', 'Scheduled'), ('published', 'Published'), ('unpublished', 'Unpublished')], default='draft', max_length=20, verbose_name='status'),
        ),
        migrations.AlterField(
            model_name='story',
            name='tags',
            field=taggit.managers.TaggableManager(blank=True, help_text='A comma-separated list of tags.', through='articles.TaggedStory', to='taggit.Tag', verbose_name='tags'),
        ),
        migrations.AlterField(
            model_name='story',
            name='usage_terms',
            field=models.TextField(blank=True, help_text="Copyright and usage terms, if not the source's default.", verbose_name='usage terms'),
        ),
        migrations.RunPython(*after_story_remake()),
    ]
