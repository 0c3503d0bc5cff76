"""A small same-site crawler for tests: fetches public outputs with the Django test client.

It follows every same-site address it finds in HTML (href, src, srcset, meta content,
JSON-LD), XML (element text and attributes, and HTML escaped inside them), JSON (every
string, and HTML inside strings), plain text and redirects, within a bound on fetches.
Media and static files are recorded as reached but not fetched: storage serves them.
"""

from __future__ import annotations

import json
import re
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import defusedxml.ElementTree as SafeElementTree
from django.conf import settings
from django.test import Client

URL_IN_TEXT = re.compile(r"https?://[^\s\"'<>]+")
LINK_ATTRIBUTES = {"href", "src", "action", "poster", "formaction"}
# Attributes that hold an address only sometimes (meta content, cite): absolute ones count.
MAYBE_URL_ATTRIBUTES = {"content", "data", "cite"}


@dataclass
class Fetched:
    """One response the crawler got, with the addresses found in it."""

    url: str
    status: int
    content_type: str
    text: str
    found: list[str] = field(default_factory=list)


class _HtmlLinks(HTMLParser):
    """Addresses in an HTML document, including srcset candidates and JSON-LD strings."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self._json_ld: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if not value:
                continue
            if name == "srcset":
                self.urls.extend(part.split()[0] for part in value.split(",") if part.split())
            elif name in LINK_ATTRIBUTES:
                self.urls.append(value.strip())
            elif name in MAYBE_URL_ATTRIBUTES:
                self.urls.extend(_links_in_strings([value.strip()]))
        if tag == "script" and dict(attrs).get("type") == "application/ld+json":
            self._json_ld = []

    def handle_data(self, data):
        if self._json_ld is not None:
            self._json_ld.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._json_ld is not None:
            self.urls.extend(_links_in_strings(json_strings(json.loads("".join(self._json_ld)))))
            self._json_ld = None


def html_links(html: str) -> list[str]:
    parser = _HtmlLinks()
    parser.feed(html)
    parser.close()
    return parser.urls


def json_strings(value) -> list[str]:
    """Every string anywhere in a decoded JSON value."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in json_strings(item)]
    if isinstance(value, list):
        return [text for item in value for text in json_strings(item)]
    return []


def _links_in_strings(strings: list[str]) -> list[str]:
    urls = []
    for text in strings:
        if "<" in text:
            urls.extend(html_links(text))
        urls.extend(URL_IN_TEXT.findall(text))
        if text.startswith("/") and not text.startswith("//"):
            urls.append(text)
    return urls


def xml_links(document: str) -> list[str]:
    root = SafeElementTree.fromstring(document.encode())
    strings = []
    for element in root.iter():
        strings.extend(value for value in element.attrib.values())
        if element.text and element.text.strip():
            strings.append(element.text.strip())
    return _links_in_strings(strings)


class SiteCrawler:
    """Crawls the public site from some addresses; ``fetched`` and ``reached`` say what it saw."""

    unfetched_prefixes = (settings.MEDIA_URL, settings.STATIC_URL, "/admin/")

    def __init__(self, client: Client | None = None, *, max_fetches: int = 2000):
        self.client = client or Client()
        self.max_fetches = max_fetches
        self.site_hosts = {urlsplit(settings.SITE_URL).netloc, "testserver"}
        self.fetched: dict[str, Fetched] = {}
        self.reached: set[str] = set()

    def local_path(self, url: str, base: str = "/") -> str | None:
        """``url`` as a path and query on this site, or None when it points elsewhere."""
        absolute = urljoin(f"http://testserver{base}", url.strip())
        parts = urlsplit(absolute)
        if parts.scheme not in ("http", "https") or parts.netloc not in self.site_hosts:
            return None
        return parts.path + (f"?{parts.query}" if parts.query else "")

    def crawl(self, *start_urls: str) -> SiteCrawler:
        queue = deque(start_urls)
        self.reached.update(start_urls)
        while queue:
            url = queue.popleft()
            if url in self.fetched or url.startswith(self.unfetched_prefixes):
                continue
            if len(self.fetched) >= self.max_fetches:
                raise AssertionError(f"Crawl passed {self.max_fetches} fetches; is it bounded?")
            page = self.fetch(url)
            for found in page.found:
                path = self.local_path(found, base=urlsplit(url).path)
                if path and path not in self.reached:
                    self.reached.add(path)
                    queue.append(path)
        return self

    def fetch(self, url: str) -> Fetched:
        response = self.client.get(url)
        content_type = response.get("Content-Type", "")
        text = b"".join(response).decode() if response.streaming else response.content.decode()
        page = Fetched(url, response.status_code, content_type, text)
        if response.has_header("Location"):
            page.found.append(response["Location"])
        if response.status_code == 200:
            page.found.extend(self.links(content_type, text))
        self.fetched[url] = page
        return page

    def links(self, content_type: str, text: str) -> list[str]:
        if "html" in content_type:
            return html_links(text)
        if "xml" in content_type:
            return xml_links(text)
        if "json" in content_type:
            return _links_in_strings(json_strings(json.loads(text)))
        return URL_IN_TEXT.findall(text)
