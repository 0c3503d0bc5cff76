"""manage.py ingest_sources: poll every source that has a feed_url; safe to run from cron."""

from __future__ import annotations

import logging

from django.core.management.base import BaseCommand, CommandError

from articles.ingest.service import poll_source
from articles.management.commands.ingest import write_report
from articles.models import Source

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Poll every source with a feed URL. A source that fails is reported and the others are "
        "still polled; the command exits non-zero at the end if any source failed."
    )

    def handle(self, *args, **options):
        failed = []
        sources = list(Source.objects.exclude(feed_url="").order_by("pk"))
        for source in sources:
            try:
                report = poll_source(source)
            except Exception as error:
                logger.exception("Polling %s failed", source.slug)
                self.stderr.write(f"{source.slug}: unexpected error: {error!r}")
                failed.append(source.slug)
                continue
            write_report(self, report)
            if report.error:
                failed.append(source.slug)
        if failed:
            raise CommandError(
                f"{len(failed)} of {len(sources)} sources could not be read: {', '.join(failed)}."
            )
