"""Benchmark harness: a synthetic corpus, gunicorn driven by wrk, and a Markdown report."""
