"""Dates from outside read back inside the calendar and are checked against the date rules.

Only how Python reads and validates the columns changes, so the database is left alone
(SQLite would otherwise copy each table to alter nothing).
"""

import articles.dates
import articles.models.fields
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0010_image_originals_and_rights'),
    ]

    operations = [migrations.SeparateDatabaseAndState(state_operations=[
        migrations.AlterField(
            model_name='correction',
            name='published_at',
            field=articles.models.fields.CalendarDateTimeField(validators=[articles.dates.validate_publication_moment], verbose_name='dated'),
        ),
        migrations.AlterField(
            model_name='image',
            name='taken_at',
            field=articles.models.fields.CalendarDateTimeField(blank=True, null=True, validators=[articles.dates.validate_photo_moment], verbose_name='date created'),
        ),
        migrations.AlterField(
            model_name='story',
            name='published_at',
            field=articles.models.fields.CalendarDateTimeField(blank=True, help_text='When the story first went, or is scheduled to go, public.', null=True, validators=[articles.dates.validate_publication_moment], verbose_name='publish time'),
        ),
        migrations.AlterField(
            model_name='story',
            name='updated_at',
            field=articles.models.fields.CalendarDateTimeField(blank=True, help_text='Shown to readers as Updated.', null=True, validators=[articles.dates.validate_publication_moment], verbose_name='significantly updated'),
        ),
    ])]
