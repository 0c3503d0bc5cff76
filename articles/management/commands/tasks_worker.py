"""manage.py tasks_worker: run background tasks from the Redis queue (TASKS_BACKEND=rq).

An RQ worker with its scheduler (deferred tasks: retries, scheduled publishing) and the
newsroom's clock (due stories, sources due a poll). Start as many as the work needs; the
clock ticks once per period across all of them.
"""

from __future__ import annotations

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from articles.background.clock import Clock


class Command(BaseCommand):
    help = "Run the background task worker (needs TASKS_BACKEND=rq and Redis)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-clock", action="store_true", help="Only run tasks; enqueue no due work."
        )
        parser.add_argument("--name", default=None, help="The worker's name in the dashboard.")

    def handle(self, *args, **options):
        if settings.TASKS_BACKEND != "rq":
            raise CommandError(
                "Tasks run in the web process with TASKS_BACKEND=immediate; a worker needs "
                "TASKS_BACKEND=rq and TASKS_REDIS_URL (or REDIS_URL)."
            )
        clock = None if options["no_clock"] else Clock()
        if clock is not None:
            clock.start()
        try:
            call_command(
                "rqworker",
                *settings.TASKS["default"]["QUEUES"],
                job_class="django_tasks_rq.Job",
                with_scheduler=True,
                name=options["name"],
                verbosity=options["verbosity"],
            )
        finally:
            if clock is not None:
                clock.stop.set()
