"""Addresses: the paths of the public pages of stories, sections, authors and sources, and
the one helper pages, feeds, sitemaps and the API make absolute addresses with."""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import translation

# Enough for every story, section, author and source of a large site in two editions.
PAGE_PATHS_KEPT = 50_000


def page_path(name: str, slug: str, *, language: str | None = None) -> str:
    """The path of the public page ``name`` ("articles:story") for ``slug``, in the edition
    of ``language`` (an activation code; default: the active language).

    Worked out by ``reverse()`` once per process: a story page prints dozens of addresses,
    and ``reverse()`` costs more than the rest of printing one.
    """
    active = language or translation.get_language()
    return _page_path(name, slug, active, get_script_prefix(), get_urlconf())


@lru_cache(maxsize=PAGE_PATHS_KEPT)
def _page_path(name: str, slug: str, language: str | None, prefix: str, urlconf) -> str:
    with translation.override(language):
        return reverse(name, urlconf=urlconf, kwargs={"slug": slug})


def forget_page_paths(**kwargs) -> None:
    """Work the paths out anew once a setting changed (tests change the URLs and languages)."""
    _page_path.cache_clear()


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
