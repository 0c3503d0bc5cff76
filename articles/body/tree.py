"""A minimal element tree for sanitized body HTML: parse it, walk it, write it back.

Only HTML that nh3 has already cleaned is parsed here, so every tag is in the allow-list,
properly nested and closed; the standard library's parser is all that needs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID_TAGS = frozenset({"br", "hr", "img", "source", "wbr"})

# Escaped as html5ever (nh3's serializer) escapes them, so a body written here reads the same.
TEXT_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\xa0": "&nbsp;"})
ATTRIBUTE_ESCAPES = str.maketrans(
    {"&": "&amp;", '"': "&quot;", "<": "&lt;", ">": "&gt;", "\xa0": "&nbsp;"}
)


@dataclass
class Element:
    """One element: its tag, its attributes in order, its children (elements and text)."""

    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Element | str] = field(default_factory=list)

    def elements(self) -> list[Element]:
        return [child for child in self.children if isinstance(child, Element)]

    def first(self, tag: str) -> Element | None:
        return next((child for child in self.elements() if child.tag == tag), None)

    def text(self) -> str:
        """The text inside, tags left out."""
        return "".join(child if isinstance(child, str) else child.text() for child in self.children)

    def iter(self) -> Iterator[Element]:
        """This element and every element inside it, in document order."""
        yield self
        for child in self.elements():
            yield from child.iter()


class _TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Element("body")
        self.stack = [self.root]

    def handle_starttag(self, tag, attrs):
        element = Element(tag, {name: value or "" for name, value in attrs})
        self.stack[-1].children.append(element)
        if tag not in VOID_TAGS:
            self.stack.append(element)

    def handle_startendtag(self, tag, attrs):
        self.stack[-1].children.append(Element(tag, {name: value or "" for name, value in attrs}))

    def handle_endtag(self, tag):
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def parse(html: str) -> Element:
    """The body as a tree under a ``body`` element that is not part of it."""
    builder = _TreeBuilder()
    builder.feed(html or "")
    builder.close()
    return builder.root


Writer = Callable[[Element], str | None]


def to_html(nodes: list[Element | str], write: Writer | None = None) -> str:
    """HTML for ``nodes``; ``write`` may return the HTML of an element itself (None: as is)."""
    parts = []
    for node in nodes:
        if isinstance(node, str):
            parts.append(node.translate(TEXT_ESCAPES))
            continue
        written = write(node) if write else None
        if written is not None:
            parts.append(written)
            continue
        parts.append(start_tag(node.tag, node.attrs))
        if node.tag not in VOID_TAGS:
            parts.append(to_html(node.children, write))
            parts.append(f"</{node.tag}>")
    return "".join(parts)


def start_tag(tag: str, attrs: dict[str, str]) -> str:
    written = "".join(
        f' {name}="{value.translate(ATTRIBUTE_ESCAPES)}"' for name, value in attrs.items()
    )
    return f"<{tag}{written}>"
