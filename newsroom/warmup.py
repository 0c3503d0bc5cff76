"""What an app server's process does once, before its first request.

Every request would otherwise pay, the first time, for importing the URLconf and compiling
the public templates; and every full pass of Python's cyclic garbage collector would walk
the hundred thousand objects that loading Django leaves behind, pausing a request for tens
of milliseconds each time (a page's p95 in ``bench/REPORT.md``). ``prepare_to_serve()``
loads them, then freezes them: the collector leaves frozen objects alone, as it should,
since they live as long as the process.
"""

from __future__ import annotations

import gc
from pathlib import Path

from django.apps import apps
from django.template.loader import get_template
from django.urls import get_resolver

# The admin's templates are left to load when an editor first asks for them.
NOT_PUBLIC_TEMPLATES = ("admin/", "articles/admin/")


def prepare_to_serve() -> None:
    """Load the URLconf and compile the public templates, then freeze what is loaded."""
    get_resolver().url_patterns  # noqa: B018  # imports the URLconf and the views
    for name in public_template_names():
        get_template(name)
    gc.collect()
    gc.freeze()


def public_template_names() -> list[str]:
    """The articles app's own templates for the public site (pages, teasers, errors)."""
    folder = Path(apps.get_app_config("articles").path) / "templates"
    names = (path.relative_to(folder).as_posix() for path in sorted(folder.rglob("*.html")))
    return [name for name in names if not name.startswith(NOT_PUBLIC_TEMPLATES)]
