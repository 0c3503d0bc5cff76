"""The Wagtail peer: a Wagtail site whose article page has our story's fields.

``project/`` is a minimal Wagtail project (run only from the peer's own virtualenv, which
holds Wagtail from the package index; Wagtail is no dependency of ours). ``peer.py`` builds
that virtualenv, fills a database of the peer's own with the benchmark's corpus, times its
article page in-process and serves it with gunicorn as ``bench/server.py`` serves ours.
"""
