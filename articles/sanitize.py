"""One allow-list for HTML from editors and partners, applied whenever a body is saved."""

from __future__ import annotations

from html import unescape

import nh3

BODY_TAGS = {
    "p", "br", "hr",
    "h2", "h3", "h4", "h5", "h6",
    "ul", "ol", "li",
    "a", "strong", "b", "em", "i", "s", "u", "sub", "sup", "small", "abbr", "cite", "q",
    "blockquote", "figure", "figcaption", "img",
}  # fmt: skip

BODY_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "blockquote": {"cite"},
    "img": {"src", "alt", "width", "height"},
    "ol": {"start"},
    "q": {"cite"},
}

URL_SCHEMES = {"http", "https", "mailto"}

_body_cleaner = nh3.Cleaner(
    tags=BODY_TAGS,
    attributes=BODY_ATTRIBUTES,
    url_schemes=URL_SCHEMES,
    link_rel="noopener noreferrer",
    strip_comments=True,
)


def sanitize_html(html: str | None) -> str:
    """Return ``html`` with everything outside the body allow-list removed."""
    if not html:
        return ""
    return _body_cleaner.clean(html).strip()


def strip_all_html(html: str | None) -> str:
    """Return the text of ``html`` with every tag removed, for plain-text fields."""
    if not html:
        return ""
    return unescape(nh3.clean(html, tags=set())).strip()
