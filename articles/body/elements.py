"""The newsroom elements a stored body holds, read from its sanitized HTML.

Reading needs no database: ids come back as numbers, and the callers fetch what they name
(``articles.body.rendering`` for outputs, ``articles.body.uses`` for the use table).
"""

from __future__ import annotations

from dataclasses import dataclass

from articles.body import tree
from articles.body.providers import EmbedAddress, match_embed


@dataclass(frozen=True)
class PhotoElement:
    """A library photo placed in the body, alone or in a gallery."""

    image_id: int
    align: str = "full"
    caption: str = ""
    in_gallery: bool = False


@dataclass(frozen=True)
class EmbedElement:
    """An item from an allow-listed provider, with what its oEmbed said when it was saved."""

    url: str
    title: str = ""
    author: str = ""
    thumbnail_id: int | None = None

    @property
    def address(self) -> EmbedAddress | None:
        return match_embed(self.url)

    @property
    def fetched(self) -> bool:
        """Whether the provider's details were fetched (a title is what every answer has)."""
        return bool(self.title)


def is_photo(element: tree.Element) -> bool:
    return element.tag == "figure" and "data-image" in element.attrs


def is_embed(element: tree.Element) -> bool:
    return element.tag == "figure" and "data-embed" in element.attrs


def is_gallery(element: tree.Element) -> bool:
    return element.tag == "div" and "data-gallery" in element.attrs


def is_pull_quote(element: tree.Element) -> bool:
    return element.tag == "figure" and "data-pull-quote" in element.attrs


def is_fact_box(element: tree.Element) -> bool:
    return element.tag == "aside" and "data-fact-box" in element.attrs


def is_story_link(element: tree.Element) -> bool:
    return element.tag == "a" and "data-story" in element.attrs


def photo_of(element: tree.Element, in_gallery: bool = False) -> PhotoElement:
    return PhotoElement(
        image_id=int(element.attrs["data-image"]),
        align=element.attrs.get("data-align") or "full",
        caption=element.attrs.get("data-caption", ""),
        in_gallery=in_gallery,
    )


def embed_of(element: tree.Element) -> EmbedElement:
    thumbnail = element.attrs.get("data-thumbnail")
    return EmbedElement(
        url=element.attrs["data-embed"],
        title=element.attrs.get("data-title", ""),
        author=element.attrs.get("data-author", ""),
        thumbnail_id=int(thumbnail) if thumbnail else None,
    )


def photos(body: tree.Element) -> list[PhotoElement]:
    """Every photo in body order, gallery photos included."""
    found: list[PhotoElement] = []

    def walk(element: tree.Element) -> None:
        for child in element.elements():
            if is_gallery(child):
                found.extend(photo_of(p, in_gallery=True) for p in child.elements() if is_photo(p))
            elif is_photo(child):
                found.append(photo_of(child))
            else:
                walk(child)

    walk(body)
    return found


def embeds(body: tree.Element) -> list[EmbedElement]:
    return [embed_of(element) for element in body.iter() if is_embed(element)]


def linked_story_ids(body: tree.Element) -> list[int]:
    return list(dict.fromkeys(int(e.attrs["data-story"]) for e in body.iter() if is_story_link(e)))


def image_ids(body: tree.Element) -> list[int]:
    """Every library image the body shows (photos, then embed thumbnails), once each."""
    ids = [photo.image_id for photo in photos(body)]
    ids += [embed.thumbnail_id for embed in embeds(body) if embed.thumbnail_id]
    return list(dict.fromkeys(ids))
