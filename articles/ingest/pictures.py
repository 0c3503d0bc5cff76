"""A partner's pictures become library photos placed in the story's body.

A ``<figure>`` with an ``<img>`` and a ``<figcaption>`` (or an ``<img>`` standing on its
own) is downloaded through the safe fetcher and stored by the library like an upload (a
picture already there, same bytes, is reused), its caption and credit read from the
figcaption, and replaced in place by ``<figure data-image="ID">``. Media RSS pictures
after the lead have no place in the text: they follow it, in the feed's order.

The partner's own markup never names our images: any ``data-`` attribute it carries is
dropped before its pictures are placed, so a feed cannot show a photo only a draft uses.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import nh3

from articles.body import tree
from articles.ingest.fetch import FetchError, download_picture
from articles.ingest.parsers import IngestPicture
from articles.sanitize import BODY_TAGS, URL_SCHEMES, remove_control_characters, sanitize_html

# What is read from a partner's HTML before its pictures are placed: the body's tags and
# plain attributes, pictures, and the few wrappers captions put credits in.
PARTNER_TAGS = (BODY_TAGS | {"img", "span"}) - {"div", "aside"}
PARTNER_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "blockquote": {"cite"},
    "img": {"src", "alt"},
    "ol": {"start"},
    "q": {"cite"},
    "span": {"class"},
    "small": {"class"},
}
CREDIT_CLASS = re.compile(r"credit|byline|copyright|source", re.IGNORECASE)
CREDIT_LEAD = re.compile(r"\s*[(\[]?\s*(?:photo|picture|image|credit|foto|صورة)\s*:\s*", re.I)

_partner_cleaner = nh3.Cleaner(
    tags=PARTNER_TAGS,
    attributes=PARTNER_ATTRIBUTES,
    url_schemes=URL_SCHEMES,
    link_rel=None,
    strip_comments=True,
)


@dataclass
class PlacedBody:
    """A partner's body with its pictures in the library, and the pictures that could not be."""

    html: str
    problems: list[str] = field(default_factory=list)


def place_partner_pictures(
    *, html: str, agency: str, following: Sequence[IngestPicture] = ()
) -> PlacedBody:
    """The partner's ``html`` with every picture stored and referenced, then sanitized."""
    body = tree.parse(_partner_cleaner.clean(remove_control_characters(html or "")))
    problems: list[str] = []
    body.children = _placed(body.children, agency, problems)
    for picture in following:
        image_id = _store(picture, agency, problems)
        if image_id:
            body.children.append(tree.Element("figure", {"data-image": str(image_id)}))
    return PlacedBody(html=sanitize_html(tree.to_html(body.children)), problems=problems)


def _placed(nodes: list, agency: str, problems: list[str]) -> list:
    placed: list = []
    for node in nodes:
        if isinstance(node, str):
            placed.append(node)
            continue
        picture = _picture_in(node)
        if picture is not None:
            image_id = _store(picture, agency, problems)
            if image_id:
                placed.append(tree.Element("figure", {"data-image": str(image_id)}))
            continue
        node.children = _placed(node.children, agency, problems)
        placed.append(node)
    return placed


def _picture_in(element: tree.Element) -> IngestPicture | None:
    """The picture a figure (or a paragraph holding only a picture, or a picture) shows."""
    if element.tag == "img":
        image = element
    elif element.tag in ("figure", "p"):
        images = [e for e in element.iter() if e.tag == "img"]
        others = [e for e in element.elements() if e.tag not in ("img", "figcaption", "a")]
        if len(images) != 1 or (element.tag == "p" and (others or element.text().strip())):
            return None
        image = images[0]
    else:
        return None
    url = image.attrs.get("src", "").strip()
    if not url.startswith(("http://", "https://")):
        return None
    caption_element = element.first("figcaption") if element.tag == "figure" else None
    caption, credit = _caption_and_credit(caption_element)
    return IngestPicture(url=url, caption=caption or image.attrs.get("alt", ""), credit=credit)


def _caption_and_credit(caption: tree.Element | None) -> tuple[str, str]:
    """A figcaption's caption and credit: the credit is a marked part, or follows "Photo:"."""
    if caption is None:
        return "", ""
    credit = ""
    for element in caption.iter():
        if element is caption:
            continue
        if CREDIT_CLASS.search(element.attrs.get("class", "")) or element.tag in ("cite", "small"):
            credit = " ".join(element.text().split())
            element.children = []
            break
    text = " ".join(caption.text().split())
    if not credit:
        found = CREDIT_LEAD.search(text)
        if found:
            text, credit = text[: found.start()], text[found.end() :].rstrip(")] ")
    return text.strip(), CREDIT_LEAD.sub("", credit, count=1).strip()


def _store(picture: IngestPicture, agency: str, problems: list[str]) -> int | None:
    try:
        image = download_picture(
            picture.url,
            agency=agency,
            caption=picture.caption,
            credit=picture.credit,
            copyright=picture.copyright,
        )
    except FetchError as error:
        problems.append(f"a picture in the text was left out: {error}")
        return None
    return image.pk
