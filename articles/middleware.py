"""Middleware that keeps the site safe and answering (its CSP, a calm 503 without a database)
and speaking each edition's language."""

from __future__ import annotations

import base64
import hashlib
import logging
import re

from csp.constants import UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation

from articles import languages

logger = logging.getLogger(__name__)

# Seconds a client is asked to wait before trying again while the database is away.
DATABASE_RETRY_AFTER = 30

ADMIN_POLICY_ADDITIONS = {"style-src": [UNSAFE_INLINE]}


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the two exceptions the admin needs and nothing more.

    The rich-text editor loads its modules through an inline ``<script type="importmap">``:
    form media get the request's nonce, so no page needs ``'unsafe-inline'`` scripts.
    The editor (tiptap) also injects a ``<style>`` element it cannot give a nonce, and admin
    thumbnails use style attributes, so the admin alone allows inline styles.
    """

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and request.path.startswith(reverse("admin:index")):
            parts.update = (parts.update or {}) | ADMIN_POLICY_ADDITIONS
        return parts

    def process_template_response(
        self, request: HttpRequest, response: TemplateResponse
    ) -> TemplateResponse:
        context = response.context_data
        if isinstance(context, dict) and "media" in context:
            context["media"] = media_with_nonce(request, context["media"])
        return response


def media_with_nonce(request: HttpRequest, media):
    """Form media whose scripts carry the request's CSP nonce (if the media can carry one).

    Views that render their response themselves, such as the revision pages, call this
    before rendering; the middleware is too late for them.
    """
    if media is not None and hasattr(media, "with_nonce"):
        return media.with_nonce(request.csp_nonce)  # type: ignore[attr-defined]
    return media


INLINE_STYLE = re.compile(rb"<style>(.*?)</style>", re.DOTALL)


def allow_own_inline_styles(response: HttpResponse) -> HttpResponse:
    """Allow exactly the ``<style>`` blocks this response carries, by their hashes.

    For pages that must not depend on static files (the 500 page); any other inline style,
    such as one injected into the page, stays blocked.
    """
    hashes = [
        f"'sha256-{base64.b64encode(hashlib.sha256(css).digest()).decode()}'"
        for css in INLINE_STYLE.findall(response.content)
    ]
    if hashes:
        update = getattr(response, "_csp_update", None) or {}
        response._csp_update = update | {"style-src": hashes}  # type: ignore[attr-defined]
    return response


class DatabaseUnavailableMiddleware:
    """Answers 503 with a friendly page when the database cannot be reached.

    The page is rendered without a request, so no context processor runs and nothing
    touches the database. Django opens a new connection on the next request, so the site
    recovers by itself once the database is back.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.error(
            "Database unavailable while serving %s: %s",
            request.path,
            exception,
            exc_info=exception,
        )
        return database_unavailable_response(request)


def database_unavailable_response(request: HttpRequest) -> HttpResponse:
    for_editors = request.path.startswith(reverse("admin:index"))
    page = render_to_string(
        "503.html",
        {
            "site_name": settings.SITE_NAME,
            "for_editors": for_editors,
            "unsaved_changes": for_editors and request.method == "POST",
        },
    )
    response = HttpResponse(page, status=503)
    response["Retry-After"] = str(DATABASE_RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    return response


class EditionMiddleware:
    """Speaks the language of the edition a public address is in, and the admin user's own.

    ``/ar/...`` is the Arabic edition, an address without a prefix the default one
    (LANGUAGE_CODE). Unlike Django's LocaleMiddleware, nothing depends on the browser's
    Accept-Language or a cookie, so one address is one page and the page cache can keep it.
    The language is active while the view runs and its response renders, and no longer.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        code = self.language_for(request)
        with translation.override(code):
            request.LANGUAGE_CODE = code
            response = self.get_response(request)
        response.headers.setdefault(
            "Content-Language", languages.hreflang(languages.edition_of(code))
        )
        return response

    def language_for(self, request: HttpRequest) -> str:
        if request.path_info.startswith("/admin/"):
            preferred = admin_language_of(request)
            if preferred:
                return languages.activation_code(preferred)
        prefix = translation.get_language_from_path(request.path_info)
        if prefix and prefix in languages.language_codes() and prefix != settings.DEFAULT_LANGUAGE:
            return prefix
        return settings.LANGUAGE_CODE


#: Where a signed-in user's admin language is kept, read once at login (no query per page).
ADMIN_LANGUAGE_SESSION_KEY = "articles_admin_language"


def admin_language_of(request: HttpRequest) -> str:
    """The language a signed-in user chose for the admin (``UserLanguage``), if any."""
    session = getattr(request, "session", None)
    user = getattr(request, "user", None)
    try:
        if session is None or user is None or not user.is_authenticated:
            return ""
        return session.get(ADMIN_LANGUAGE_SESSION_KEY, "")
    except (OperationalError, InterfaceError):
        # The database is down: the view's own query meets it and answers 503.
        return ""


def remember_admin_language(sender, request, user, **kwargs) -> None:
    """At login, keep the user's admin language in their session."""
    from articles.models import UserLanguage

    language = UserLanguage.objects.filter(user=user).values_list("language", flat=True).first()
    if request is not None and hasattr(request, "session"):
        request.session[ADMIN_LANGUAGE_SESSION_KEY] = language or ""
