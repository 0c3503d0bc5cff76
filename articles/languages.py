"""Languages: which ones stories may be written in, the site's own, and their direction.

A story's ``language`` is a code from ``settings.LANGUAGES`` ("en", "ar"); each language is an
edition of the site. The default edition (``settings.DEFAULT_LANGUAGE``, from LANGUAGE_CODE) is
served without a URL prefix, every other one under ``/<code>/`` (``i18n_patterns``).
"""

from __future__ import annotations

from contextlib import contextmanager

from django.conf import settings
from django.http import HttpRequest, HttpResponsePermanentRedirect
from django.utils import translation


def language_choices() -> list[tuple[str, str]]:
    """The languages a story or an edition may have (a callable, so migrations stay put)."""
    return list(settings.LANGUAGES)


def default_language() -> str:
    return settings.DEFAULT_LANGUAGE


def language_codes() -> list[str]:
    return [code for code, _ in settings.LANGUAGES]


def is_rtl(code: str) -> bool:
    """Whether text in ``code`` runs right to left (Arabic, Hebrew, Persian, Urdu...)."""
    try:
        return bool(translation.get_language_info(code)["bidi"])
    except KeyError:
        return False


def direction(code: str) -> str:
    return "rtl" if is_rtl(code) else "ltr"


def activation_code(code: str) -> str:
    """The code to activate for a language: the default edition is LANGUAGE_CODE itself.

    ``i18n_patterns`` leaves out the prefix only when the active language is exactly
    LANGUAGE_CODE ("en-gb"), while stories store the edition's code ("en").
    """
    return settings.LANGUAGE_CODE if code == settings.DEFAULT_LANGUAGE else code


def edition_of(active: str | None = None) -> str:
    """The edition (a code of ``settings.LANGUAGES``) of the active language."""
    active = active or translation.get_language() or settings.LANGUAGE_CODE
    codes = language_codes()
    if active in codes:
        return active
    if active == settings.LANGUAGE_CODE or active.split("-")[0] == settings.DEFAULT_LANGUAGE:
        return settings.DEFAULT_LANGUAGE
    base = active.split("-")[0]
    return base if base in codes else settings.DEFAULT_LANGUAGE


@contextmanager
def edition(code: str):
    """Everything inside speaks ``code``: its words, its dates and its URLs' prefix."""
    with translation.override(activation_code(code)):
        yield


def hreflang(code: str) -> str:
    """A language as HTML, feeds and sitemaps write it: "en-GB" (the site's own), "ar"."""
    language, _, region = activation_code(code).partition("-")
    return "-".join((language, region.upper())) if region else language


def match_language(value: object) -> str | None:
    """One of ``LANGUAGES`` for a code a partner sent ("ar-SA", "AR", "en_GB"), if any."""
    if not isinstance(value, str) or not value.strip() or len(value) > 35:
        return None
    code = value.strip().lower().replace("_", "-")
    codes = language_codes()
    if code in codes:
        return code
    base = code.split("-")[0]
    return base if base in codes else None


class WrongEdition(Exception):
    """A page or feed asked for in another edition than its own: it moves to its own address."""

    def __init__(self, address: str) -> None:
        super().__init__(address)
        self.address = address

    def redirect(self, request: HttpRequest) -> HttpResponsePermanentRedirect:
        query = request.META.get("QUERY_STRING", "")
        return HttpResponsePermanentRedirect(f"{self.address}?{query}" if query else self.address)
