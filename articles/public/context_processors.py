"""Template context every public page needs: the site's name and address, the sections, and
the language and direction of the edition the page is in."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from articles import languages
from articles.models import Section


def site(request: HttpRequest) -> dict:
    edition = languages.edition_of()
    return {
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
        # Lazy: evaluated only by templates that show the navigation.
        "nav_sections": Section.objects.in_edition(edition).only("name", "slug", "edition"),
        "edition": edition,
        "page_language": languages.hreflang(edition),
        "page_direction": languages.direction(edition),
    }
