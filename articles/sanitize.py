"""One allow-list for HTML from editors and partners, applied whenever a body is saved.

Besides text markup, a body holds a small vocabulary of newsroom elements, each a tag
with ``data-`` attributes whose values are checked here (``docs/story-body.md``):

- ``<figure data-image="42" data-align="full|inline" data-caption="...">``: a library photo
- ``<div data-gallery="">`` holding photo figures only: a gallery
- ``<figure data-embed="https://..." data-title data-author data-thumbnail="43">``: an embed
- ``<figure data-pull-quote=""><blockquote>...</blockquote><figcaption>...</figcaption>``
- ``<aside data-fact-box=""><h3>title</h3><ul><li>...</li></ul></aside>``
- ``<a data-story="57">words</a>``: a link to another story, by its id

Anything else is dropped, whatever path it came by: nh3 keeps the tags and attributes,
``attribute_filter`` checks each value, and ``_keep_vocabulary`` the elements' shapes.
"""

from __future__ import annotations

import re
from html import unescape

import nh3

from articles.body import tree
from articles.body.providers import match_embed

BODY_TAGS = {
    "p", "br", "hr",
    "h2", "h3", "h4", "h5", "h6",
    "ul", "ol", "li",
    "a", "strong", "b", "em", "i", "s", "u", "sub", "sup", "small", "abbr", "cite", "q",
    "blockquote", "figure", "figcaption", "aside", "div",
}  # fmt: skip

BODY_ATTRIBUTES = {
    "a": {"href", "title", "data-story"},
    "abbr": {"title"},
    "aside": {"data-fact-box"},
    "blockquote": {"cite"},
    "div": {"data-gallery"},
    "figure": {
        "data-image", "data-align", "data-caption",
        "data-embed", "data-title", "data-author", "data-thumbnail",
        "data-pull-quote",
    },
    "ol": {"start"},
    "q": {"cite"},
}  # fmt: skip

URL_SCHEMES = {"http", "https", "mailto"}

#: How a photo sits in the body: across the column, or beside the text.
PHOTO_ALIGNMENTS = ("full", "inline")
MAX_ID = 2**63 - 1
MAX_CAPTION_LENGTH = 1000
MAX_EMBED_TEXT_LENGTH = 300
#: Attributes that only mark what an element is; their value is always empty.
MARKER_ATTRIBUTES = {"data-gallery", "data-pull-quote", "data-fact-box"}
ID_ATTRIBUTES = {"data-image", "data-thumbnail", "data-story"}
TEXT_ATTRIBUTES = {
    "data-caption": MAX_CAPTION_LENGTH,
    "data-title": MAX_EMBED_TEXT_LENGTH,
    "data-author": MAX_EMBED_TEXT_LENGTH,
}
PHOTO_ATTRIBUTES = ("data-image", "data-align", "data-caption")
EMBED_ATTRIBUTES = ("data-embed", "data-title", "data-author", "data-thumbnail")

# C0 controls other than tab and line breaks: invisible, and XML 1.0 (feeds) cannot hold them.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
ASCII_DIGITS = re.compile(r"[1-9][0-9]*")


def is_id(value: str) -> bool:
    """A database id as the body stores it: digits 0-9, no leading zero, within BIGINT."""
    return bool(ASCII_DIGITS.fullmatch(value)) and int(value) <= MAX_ID


def check_attribute(tag: str, attribute: str, value: str) -> str | None:
    """The value nh3 keeps for a body attribute, or None to drop the attribute."""
    if attribute in ID_ATTRIBUTES:
        return value if is_id(value) else None
    if attribute in MARKER_ATTRIBUTES:
        return ""
    if attribute == "data-align":
        return value if value in PHOTO_ALIGNMENTS else None
    if attribute == "data-embed":
        return value if value.startswith(("https://", "http://")) and len(value) <= 2000 else None
    if attribute in TEXT_ATTRIBUTES:
        text = " ".join(value.split())[: TEXT_ATTRIBUTES[attribute]]
        return text or None
    return value


_body_cleaner = nh3.Cleaner(
    tags=BODY_TAGS,
    attributes=BODY_ATTRIBUTES,
    url_schemes=URL_SCHEMES,
    link_rel="noopener noreferrer",
    strip_comments=True,
    attribute_filter=check_attribute,
)


def sanitize_html(html: str | None) -> str:
    """Return ``html`` with everything outside the body's vocabulary removed."""
    if not html:
        return ""
    cleaned = _body_cleaner.clean(remove_control_characters(html))
    body = tree.parse(cleaned)
    body.children = _keep_vocabulary(body.children, inside=None)
    return tree.to_html(body.children).strip()


def _keep_vocabulary(nodes: list, inside: str | None) -> list:
    """``nodes`` with each newsroom element in its documented shape and the rest dropped."""
    kept: list = []
    for node in nodes:
        if isinstance(node, str):
            kept.append(node)
            continue
        if node.tag == "figure":
            kept.extend(_figure(node, inside))
        elif node.tag == "div":
            kept.extend(_gallery(node) if "data-gallery" in node.attrs else _unwrap(node, inside))
        elif node.tag == "aside":
            kept.extend(_fact_box(node) if "data-fact-box" in node.attrs else _unwrap(node, inside))
        elif node.tag == "figcaption":
            kept.extend(_unwrap(node, inside))
        else:
            if node.tag == "a" and "data-story" in node.attrs:
                node.attrs = {"data-story": node.attrs["data-story"]}
            node.children = _keep_vocabulary(node.children, inside=inside)
            kept.append(node)
    return kept


def _unwrap(element, inside: str | None) -> list:
    return _keep_vocabulary(element.children, inside)


def _only(element, names: tuple[str, ...]) -> tree.Element:
    return tree.Element(
        element.tag, {name: element.attrs[name] for name in names if name in element.attrs}
    )


def _figure(figure, inside: str | None) -> list:
    attrs = figure.attrs
    if "data-image" in attrs:
        return [_only(figure, PHOTO_ATTRIBUTES)]
    if inside == "gallery":
        return []
    if "data-embed" in attrs:
        url = attrs["data-embed"]
        if match_embed(url) is None:
            # Not an allow-listed provider: the address stays, as a plain link.
            link = tree.Element("a", {"href": url, "rel": "noopener noreferrer"}, [url])
            return [tree.Element("p", {}, [link])]
        return [_only(figure, EMBED_ATTRIBUTES)]
    if "data-pull-quote" in attrs:
        quote, attribution = figure.first("blockquote"), figure.first("figcaption")
        if quote is None or not quote.text().strip():
            return []
        shaped = tree.Element("figure", {"data-pull-quote": ""})
        shaped.children.append(
            tree.Element("blockquote", {}, _keep_vocabulary(quote.children, "pull-quote"))
        )
        if attribution is not None and attribution.text().strip():
            shaped.children.append(
                tree.Element("figcaption", {}, _keep_vocabulary(attribution.children, "caption"))
            )
        return [shaped]
    return []


def _gallery(gallery) -> list:
    photos: list[tree.Element | str] = [
        _only(child, PHOTO_ATTRIBUTES)
        for child in gallery.elements()
        if child.tag == "figure" and "data-image" in child.attrs
    ]
    return [tree.Element("div", {"data-gallery": ""}, photos)] if photos else []


def _fact_box(aside) -> list:
    title, facts = aside.first("h3"), aside.first("ul")
    items = [item for item in (facts.elements() if facts else []) if item.tag == "li"]
    if not items:
        return []
    shaped = tree.Element("aside", {"data-fact-box": ""})
    if title is not None and title.text().strip():
        shaped.children.append(tree.Element("h3", {}, _keep_vocabulary(title.children, "fact")))
    shaped.children.append(
        tree.Element(
            "ul", {}, [tree.Element("li", {}, _keep_vocabulary(i.children, "fact")) for i in items]
        )
    )
    return [shaped]


def strip_all_html(html: str | None) -> str:
    """Return the text of ``html`` with every tag removed, for plain-text fields."""
    if not html:
        return ""
    return remove_control_characters(unescape(nh3.clean(html, tags=set()))).strip()


def remove_control_characters(text: str) -> str:
    """``text`` without the control characters no reader can see and no feed can carry."""
    return CONTROL_CHARACTERS.sub("", text)
