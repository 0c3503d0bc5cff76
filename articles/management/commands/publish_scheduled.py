"""Mark scheduled stories whose time has come as published; safe to run from cron every minute.

Readers see a scheduled story on time without this command (``published()`` decides by
time); the command makes the status say so, records the event and fires the signal.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from articles.editorial import workflow
from articles.models import Story

ACTOR = "publish_scheduled command"


class Command(BaseCommand):
    help = "Publish scheduled stories whose publish time has come. Idempotent."

    def handle(self, *args, **options):
        due = Story.objects.due().values_list("pk", flat=True)
        published = [pk for pk in due if workflow.publish_if_due(pk, by=ACTOR)]
        self.stdout.write(f"Published {len(published)} scheduled stories.")
