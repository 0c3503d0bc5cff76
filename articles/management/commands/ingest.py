"""manage.py ingest <url-or-file> --source <slug>: read one feed or ninjs document."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from articles.ingest.service import IngestReport, Outcome, ingest_location
from articles.models import Source


def write_report(command: BaseCommand, report: IngestReport) -> None:
    """One line per item (failures and flags on stderr), then the totals."""
    for item in report.items:
        if item.outcome in (Outcome.FAILED, Outcome.FLAGGED):
            command.stderr.write(str(item))
        else:
            command.stdout.write(str(item))
    if report.error:
        command.stderr.write(report.summary())
    else:
        command.stdout.write(report.summary())


class Command(BaseCommand):
    help = (
        "Read an RSS 2.0/Atom feed (with Media RSS) or a ninjs document or list from a URL or "
        "file into the source's stories: drafts unless the source auto-publishes."
    )

    def add_arguments(self, parser):
        parser.add_argument("location", help="An http(s) address or a path to a file.")
        parser.add_argument("--source", required=True, help="The slug of the supplying source.")

    def handle(self, *args, location, source, **options):
        try:
            supplier = Source.objects.get(slug=source)
        except Source.DoesNotExist:
            raise CommandError(f"No source with the slug {source!r}.") from None
        report = ingest_location(location, supplier)
        write_report(self, report)
        if report.error:
            raise CommandError(f"Nothing was ingested from {location}.")
