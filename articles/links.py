"""Absolute addresses: the one helper pages, feeds, sitemaps and the API make them with."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings


def absolute_url(url: str) -> str:
    """``url`` as an address that works outside the site.

    A path is put on the publication's public address (SITE_URL); ``http://`` and ``https://``
    addresses (storage URLs may already be) are kept; a ``//host/...`` address names its host
    but no scheme, which feeds and search engines need, so it takes SITE_URL's.
    """
    if url.startswith(("http://", "https://")):
        return url
    if url.startswith("//"):
        return f"{urlsplit(settings.SITE_URL).scheme or 'https'}:{url}"
    return f"{settings.SITE_URL}{url}"
