"""Time one page in-process, as bench/timing.py times ours: status, size, queries, latency."""

import json
import math
import time

from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext


class Command(BaseCommand):
    help = "Time one URL in-process; print status, bytes, queries and latency as JSON."

    def add_arguments(self, parser):
        parser.add_argument("url")
        parser.add_argument("--requests", type=int, default=20)

    def handle(self, *args, url, requests, **options):
        client = Client(raise_request_exception=False)
        counts = []
        for _ in range(2):
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            # Counted now: the next request empties the connection's log of queries.
            counts.append(len(queries))
        milliseconds = []
        for _ in range(requests):
            started = time.perf_counter()
            client.get(url)
            milliseconds.append((time.perf_counter() - started) * 1000)
        milliseconds.sort()

        def percentile(share: float) -> float:
            if not milliseconds:
                return 0.0
            return milliseconds[max(0, math.ceil(share * len(milliseconds)) - 1)]

        self.stdout.write(
            json.dumps(
                {
                    "url": url,
                    "status": response.status_code,
                    "bytes": len(response.content),
                    "queries_first": counts[0],
                    "queries_repeat": counts[1],
                    "requests": requests,
                    "p50_ms": percentile(0.5),
                    "p95_ms": percentile(0.95),
                    "max_ms": milliseconds[-1] if milliseconds else 0.0,
                }
            )
        )
