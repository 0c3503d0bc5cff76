"""One allow-list for HTML from editors and partners, applied whenever a body is saved."""

from __future__ import annotations

import re
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

# C0 controls other than tab and line breaks: invisible, and XML 1.0 (feeds) cannot hold them.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

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
    return _body_cleaner.clean(remove_control_characters(html)).strip()


def strip_all_html(html: str | None) -> str:
    """Return the text of ``html`` with every tag removed, for plain-text fields."""
    if not html:
        return ""
    return remove_control_characters(unescape(nh3.clean(html, tags=set()))).strip()


def remove_control_characters(text: str) -> str:
    """``text`` without the control characters no reader can see and no feed can carry."""
    return CONTROL_CHARACTERS.sub("", text)
