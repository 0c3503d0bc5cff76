"""The page cache's middleware: anonymous GETs of public pages answered from the store."""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Iterable

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.dummy import DummyCache
from django.http import HttpRequest, HttpResponse
from django.utils.cache import (
    add_never_cache_headers,
    get_conditional_response,
    patch_cache_control,
    set_response_etag,
)
from django.utils.http import parse_http_date_safe

from articles.pagecache import keys as cache_keys
from articles.pagecache.fragments import RENDER_EPOCH
from articles.pagecache.store import (
    CACHE_STATUS_HEADER,
    CACHE_TAG_HEADER,
    PRIVATE_URL_NAMES,
    SURROGATE_KEY_HEADER,
    new_version,
    page_timeout,
)

logger = logging.getLogger(__name__)


class PublicPageCacheMiddleware:
    """Answers anonymous GET and HEAD requests for public pages from the shared cache.

    It is the outermost middleware: a hit is answered before security, sessions,
    authentication, CSP and axes do any work, with the headers they gave the stored answer.
    A view opts in by calling ``mark_public(request, keys)``; only its 200 answers without
    cookies or Vary are stored. Requests carrying a session cookie (staff) are never
    answered from, nor stored in, the shared cache, and their answers are marked private.
    """

    #: How many pages' surrogate keys each process remembers (see ``lookup``).
    REMEMBERED_PAGES = 10_000

    def __init__(self, get_response):
        self.get_response = get_response
        self.keys_of_page: dict[str, list[str]] = {}
        # Static files and uploads are WhiteNoise's and the storage's: no page to look up.
        self.not_pages = tuple(
            prefix for prefix in (settings.STATIC_URL, settings.MEDIA_URL) if prefix.startswith("/")
        )

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self.not_pages and request.path_info.startswith(self.not_pages):
            return self.get_response(request)
        if self.carries_credentials(request):
            return self.private_answer(request, self.get_response(request))
        page_key = self.page_key(request) if self.may_share(request) else None
        epoch, cached = None, None
        if page_key:
            try:
                epoch, cached = self.lookup(page_key)
            except Exception:
                logger.exception("The page cache could not be read; answering without it")
                page_key = None
        if cached is not None:
            return self.conditional(request, cached)
        # Fragments rendered for this page are stored only if no invalidation came since.
        token = RENDER_EPOCH.set(epoch) if page_key else None
        try:
            response = self.get_response(request)
        finally:
            if token is not None:
                RENDER_EPOCH.reset(token)
        keys = getattr(request, "surrogate_keys", None)
        if keys is None or response.status_code != 200 or not self.may_store(response):
            return self.never_shared(request, response)
        self.label(response, keys, "MISS", settings.PUBLIC_PAGE_MAX_AGE)
        if page_key and request.method == "GET":
            try:
                self.store(page_key, response, keys, epoch)
            except Exception:
                logger.exception("The page cache could not be written")
        return self.conditional(request, response)

    def lookup(self, page_key: str) -> tuple[object, HttpResponse | None]:
        """The current epoch and the stored answer, if it is still fresh.

        A stored page is fresh while its keys keep the versions they had when it was stored,
        so the versions must be read too. The process remembers which keys each page it saw
        had, and reads the page and those versions in one round trip; a second is needed only
        for a page it has not seen, or whose keys changed.
        """
        remembered = self.keys_of_page.get(page_key, [])
        version_keys = [cache_keys.version(key) for key in remembered]
        found = cache.get_many([page_key, cache_keys.EPOCH, *version_keys])
        entry = found.get(page_key)
        if entry is not None and entry["keys"] != remembered:
            self.remember(page_key, entry["keys"])
            version_keys = [cache_keys.version(key) for key in entry["keys"]]
            found |= cache.get_many(version_keys)
        return found.get(cache_keys.EPOCH), self.fresh_response(entry, found)

    def remember(self, page_key: str, keys: list[str]) -> None:
        if len(self.keys_of_page) >= self.REMEMBERED_PAGES:
            self.keys_of_page.clear()
        self.keys_of_page[page_key] = keys

    def carries_credentials(self, request: HttpRequest) -> bool:
        return (
            settings.SESSION_COOKIE_NAME in request.COOKIES or "HTTP_AUTHORIZATION" in request.META
        )

    def may_share(self, request: HttpRequest) -> bool:
        # A dummy cache keeps nothing: looking things up in it would only cost queries.
        return (
            settings.PAGE_CACHE_TIMEOUT > 0
            and request.method in ("GET", "HEAD")
            and not isinstance(caches["default"], DummyCache)
        )

    def private_answer(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        """What is rendered for someone signed in is theirs: no shared cache may keep it."""
        if hasattr(request, "surrogate_keys") and response.status_code == 200:
            patch_cache_control(response, private=True)
            response[CACHE_STATUS_HEADER] = "BYPASS"
        return self.never_shared(request, response)

    def never_shared(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        match = request.resolver_match
        if match is not None and match.url_name in PRIVATE_URL_NAMES:
            add_never_cache_headers(response)
            patch_cache_control(response, private=True)
        return response

    def page_key(self, request: HttpRequest) -> str | None:
        try:
            address = request.build_absolute_uri()
        except Exception:
            return None
        return cache_keys.page(address)

    def may_store(self, response: HttpResponse) -> bool:
        return not (
            response.streaming
            or response.cookies
            or response.has_header("Vary")
            or "private" in response.get("Cache-Control", "")
            or "no-store" in response.get("Cache-Control", "")
        )

    def store(self, page_key: str, response: HttpResponse, keys: set[str], epoch) -> None:
        timeout = page_timeout(epoch)
        if timeout <= 0:
            return
        ordered = sorted(keys)
        version_keys = [cache_keys.version(key) for key in ordered]
        current = cache.get_many([*version_keys, cache_keys.EPOCH])
        if current.get(cache_keys.EPOCH) != epoch:
            return
        missing = {key: new_version() for key in version_keys if key not in current}
        if missing:
            for key, version in missing.items():
                cache.add(key, version, None)
            current = cache.get_many(version_keys)
        if not response.has_header("ETag"):
            set_response_etag(response)
        entry = {
            "status": response.status_code,
            "headers": [
                (name, value)
                for name, value in response.items()
                if name not in (CACHE_STATUS_HEADER, "Cache-Control")
            ],
            "content": response.content,
            # An answer the view wants revalidated on every use (the live poll) stays so when
            # it is served from here.
            "revalidate": "no-cache" in response.get("Cache-Control", ""),
            "keys": ordered,
            "versions": [current.get(key) for key in version_keys],
            "expires_at": time.time() + timeout,
        }
        cache.set(page_key, entry, timeout)
        self.remember(page_key, ordered)
        patch_cache_control(response, max_age=timeout)

    def fresh_response(self, entry: dict | None, versions: dict) -> HttpResponse | None:
        if entry is None:
            return None
        remaining = math.floor(entry["expires_at"] - time.time())
        if remaining <= 0:
            return None
        current = [versions.get(cache_keys.version(key)) for key in entry["keys"]]
        if current != entry["versions"]:
            return None
        response = HttpResponse(entry["content"], status=entry["status"])
        for name, value in entry["headers"]:
            response[name] = value
        self.label(response, entry["keys"], "HIT", min(settings.PUBLIC_PAGE_MAX_AGE, remaining))
        if entry.get("revalidate"):
            patch_cache_control(response, no_cache=True)
        return response

    def label(self, response: HttpResponse, keys: Iterable[str], status: str, max_age: int):
        keys = sorted(keys)
        response[SURROGATE_KEY_HEADER] = " ".join(keys)
        response[CACHE_TAG_HEADER] = ",".join(keys)
        response[CACHE_STATUS_HEADER] = status
        patch_cache_control(response, public=True, max_age=max_age)

    def conditional(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        if response.status_code != 200:
            return response
        last_modified = parse_http_date_safe(response.get("Last-Modified", ""))
        not_modified = get_conditional_response(
            request, etag=response.get("ETag"), last_modified=last_modified, response=response
        )
        return not_modified or response
