"""Reads a rendered page the way a browser or crawler would, for assertions in tests."""

from __future__ import annotations

import json
from html.parser import HTMLParser


class PageReader(HTMLParser):
    """Collects headings, images, meta and link tags, and JSON-LD blocks from a page."""

    def __init__(self, html: str):
        super().__init__()
        self.h1_count = 0
        self.images: list[dict[str, str | None]] = []
        self.meta: dict[str, list[str]] = {}
        self.links: dict[str, list[str]] = {}
        self.json_ld: list[dict] = []
        self.landmarks: list[str] = []
        self._in_json_ld = False
        self._script_text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "h1":
            self.h1_count += 1
        elif tag == "img":
            self.images.append(attributes)
        elif tag == "meta" and ("property" in attributes or "name" in attributes):
            key = attributes.get("property") or attributes.get("name")
            self.meta.setdefault(key, []).append(attributes.get("content", ""))
        elif tag == "link" and "rel" in attributes:
            self.links.setdefault(attributes["rel"], []).append(attributes.get("href", ""))
        elif tag == "script" and attributes.get("type") == "application/ld+json":
            self._in_json_ld, self._script_text = True, []
        if tag in {"header", "nav", "main", "footer"}:
            self.landmarks.append(tag)

    def handle_data(self, data):
        if self._in_json_ld:
            self._script_text.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._in_json_ld:
            self._in_json_ld = False
            self.json_ld.append(json.loads("".join(self._script_text)))
