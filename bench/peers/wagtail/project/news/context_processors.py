"""What every page of the peer prints around its content: site name, sections."""

from django.conf import settings

from news.models import SectionPage


def site(request):
    return {
        "site_name": settings.WAGTAIL_SITE_NAME,
        "site_url": settings.SITE_URL,
        "nav_sections": SectionPage.objects.live().order_by("path"),
    }
