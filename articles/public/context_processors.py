"""Template context every public page needs: the site's name and address, the sections."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from articles.models import Section


def site(request: HttpRequest) -> dict:
    return {
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
        # Lazy: evaluated only by templates that show the navigation.
        "nav_sections": Section.objects.only("name", "slug"),
    }
