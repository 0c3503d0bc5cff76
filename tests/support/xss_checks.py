"""Finds what would run in a reader's browser: scripts, handlers, dangerous URLs and elements.

``html_problems`` reads a page (or an HTML fragment from a feed or the API) with the
standard library's HTML parser; ``output_problems`` picks the HTML out of feeds, sitemaps
and JSON documents and applies the same rules.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import defusedxml.ElementTree as SafeElementTree

# Browsers strip C0 controls and spaces around a URL and tabs and newlines inside it; older
# ones skipped other controls too. Other characters (zero-width, full-width) make no scheme.
_IGNORED_IN_SCHEME = re.compile(r"[\x00-\x20]")
DANGEROUS_SCHEMES = ("javascript:", "data:", "vbscript:")
URL_ATTRIBUTES = {
    "href", "src", "action", "formaction", "srcset", "xlink:href", "data", "background",
    "poster", "dynsrc", "lowsrc", "cite", "codebase", "archive", "longdesc", "ping",
}  # fmt: skip
FORBIDDEN_ELEMENTS = {
    "iframe", "frame", "frameset", "object", "embed", "applet", "style", "base", "svg",
    "math", "noscript", "template", "isindex", "bgsound", "plaintext", "xmp", "textarea",
}  # fmt: skip
JSON_LD = "application/ld+json"
URL_META = {"og:url", "og:image", "og:image:url", "og:image:secure_url", "og:video",
            "twitter:image", "twitter:url"}  # fmt: skip


def dangerous_url(value: str) -> bool:
    candidates = [value]
    candidates += [part.strip().split(" ")[0] for part in value.split(",")]
    return any(
        _IGNORED_IN_SCHEME.sub("", candidate).lower().startswith(DANGEROUS_SCHEMES)
        for candidate in candidates
    )


class _Inspector(HTMLParser):
    def __init__(self, allow_json_ld: bool):
        super().__init__(convert_charrefs=True)
        self.allow_json_ld = allow_json_ld
        self.problems: list[str] = []
        self.json_ld_blocks: list[object] = []
        self._script: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        self.check_element(tag, attrs)

    def handle_startendtag(self, tag, attrs):
        self.check_element(tag, attrs)

    def check_element(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script":
            if self.allow_json_ld and attributes.get("type") == JSON_LD and len(attributes) == 1:
                self._script = []
            else:
                self.problems.append(f"script element {attrs}")
        if tag in FORBIDDEN_ELEMENTS:
            self.problems.append(f"<{tag}> element")
        if tag == "meta" and (attributes.get("http-equiv") or "").lower() == "refresh":
            self.problems.append(f"meta refresh {attrs}")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}={value!r}>")
            elif name == "style":
                self.problems.append(f"<{tag} style={value!r}>")
            elif name in URL_ATTRIBUTES and value and dangerous_url(value):
                self.problems.append(f"<{tag} {name}={value!r}>")
            elif name == "content" and self.is_url_meta(attributes) and dangerous_url(value or ""):
                self.problems.append(f"<meta content={value!r}>")

    @staticmethod
    def is_url_meta(attributes: dict) -> bool:
        return (attributes.get("property") or attributes.get("name")) in URL_META

    def handle_data(self, data):
        if self._script is not None:
            self._script.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._script is not None:
            text = "".join(self._script)
            self._script = None
            try:
                self.json_ld_blocks.append(json.loads(text))
            except ValueError:
                self.problems.append(f"JSON-LD is not JSON: {text[:200]!r}")


def html_problems(html: str, *, allow_json_ld: bool = False) -> list[str]:
    """What in ``html`` could run script; our own JSON-LD blocks are allowed where asked."""
    inspector = _Inspector(allow_json_ld)
    inspector.feed(html)
    inspector.close()
    if inspector._script is not None:
        inspector.problems.append("a JSON-LD script element is never closed")
    return inspector.problems


def json_ld_blocks(html: str) -> list[object]:
    inspector = _Inspector(allow_json_ld=True)
    inspector.feed(html)
    inspector.close()
    return inspector.json_ld_blocks


# Elements of RSS and Atom whose text is HTML; everything else in a feed is plain text.
FEED_HTML_ELEMENTS = {
    "description",
    "{http://purl.org/rss/1.0/modules/content/}encoded",
    "{http://www.w3.org/2005/Atom}summary",
    "{http://www.w3.org/2005/Atom}content",
}
JSON_HTML_KEYS = {"content_html"}
JSON_URL_KEYS = {"url", "external_url", "image", "href", "uri", "home_page_url", "feed_url"}


def xml_problems(document: str) -> list[str]:
    root = SafeElementTree.fromstring(document.encode())
    problems = []
    for element in root.iter():
        for name, value in element.attrib.items():
            if name in {"url", "href"} and dangerous_url(value):
                problems.append(f"<{element.tag} {name}={value!r}>")
        text = element.text or ""
        if element.tag in FEED_HTML_ELEMENTS and element.get("type", "html") != "text":
            problems += html_problems(text)
        elif element.tag.endswith(("}loc", "}link", "link")) and dangerous_url(text.strip()):
            problems.append(f"<{element.tag}>{text!r}")
    return problems


def json_problems(value, key: str = "") -> list[str]:
    if isinstance(value, dict):
        html_body = value.get("contenttype") == "text/html"
        return [
            problem
            for name, item in value.items()
            for problem in json_problems(item, "content_html" if html_body and name == "value"
                                         else name)
        ]  # fmt: skip
    if isinstance(value, list):
        return [problem for item in value for problem in json_problems(item, key)]
    if not isinstance(value, str):
        return []
    if key in JSON_HTML_KEYS:
        return html_problems(value)
    if key in JSON_URL_KEYS and dangerous_url(value):
        return [f"{key}: {value!r}"]
    return []


def output_problems(content_type: str, text: str) -> list[str]:
    """What could run script in one response of the public site, by its content type."""
    if "html" in content_type:
        return html_problems(text, allow_json_ld=True)
    if "xml" in content_type:
        return xml_problems(text)
    if "json" in content_type:
        return json_problems(json.loads(text))
    return []
