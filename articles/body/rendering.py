"""How each output prints a body: the story page, feeds and the API.

``prepare_bodies(stories)`` fetches what a list of bodies shows in at most two queries
whatever their number: the library images (photos and embed thumbnails) and, when a body
links other stories, which of those are public. Each story then carries a ``StoryBody``
that prints its HTML for an output (``Output``) and lists its photos.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from articles.body import elements, tree
from articles.body.providers import match_embed
from articles.images.renditions import fetch_with_renditions, largest_version
from articles.links import absolute_url
from articles.models import Image, LiveUpdate, Story
from articles.pagecache import keys as cache_keys

#: What has a body in the story body's vocabulary: a story, or an update of a live one.
BodyOwner = Story | LiveUpdate

# As wide as the lead picture in feeds and the API (made right after upload).
OUTPUT_PHOTO_WIDTH = 1280
PHOTO_SIZES = {
    "full": "(min-width: 42rem) 42rem, 100vw",
    "inline": "(min-width: 42rem) 20rem, 50vw",
}
GALLERY_SIZES = "(min-width: 42rem) 21rem, 50vw"


class Output(StrEnum):
    """Who reads the HTML: readers of the page, feed readers, or API partners (ninjs)."""

    PAGE = "page"
    FEED = "feed"
    NINJS = "ninjs"


@dataclass(frozen=True)
class BodyPhoto:
    """A photo of the body with its library image, ready to print."""

    element: elements.PhotoElement
    image: Image
    position: int

    @property
    def caption(self) -> str:
        """The caption written for this use, else the library's."""
        return self.element.caption or self.image.caption

    @property
    def association_name(self) -> str:
        """The name of this photo's ninjs association, which the API's body refers to."""
        return f"body-photo-{self.position}"


class StoryBody:
    """One story's body with what it shows fetched: print it, list its photos and keys."""

    def __init__(
        self, body: str | tree.Element, images: dict[int, Image], story_urls: dict[int, str]
    ):
        self.tree = tree.parse(body) if isinstance(body, str) else body
        self.images = images
        self.story_urls = story_urls

    @property
    def photos(self) -> list[BodyPhoto]:
        """The photos in body order (gallery photos included) whose image is in the library."""
        found = [photo for photo in elements.photos(self.tree) if photo.image_id in self.images]
        return [
            BodyPhoto(photo, self.images[photo.image_id], position)
            for position, photo in enumerate(found, 1)
        ]

    @property
    def embeds(self) -> list[elements.EmbedElement]:
        return elements.embeds(self.tree)

    @property
    def image_ids(self) -> list[int]:
        return elements.image_ids(self.tree)

    @property
    def linked_story_ids(self) -> list[int]:
        return elements.linked_story_ids(self.tree)

    def surrogate_keys(self) -> set[str]:
        """The keys of what the body prints besides the story: images and linked stories.

        A linked story's key is named whether it is public or not, so the link appears
        the moment that story is published and goes when it is taken down.
        """
        return {cache_keys.image(image_id) for image_id in self.image_ids} | {
            cache_keys.story(story_id) for story_id in self.linked_story_ids
        }

    def html(self, output: Output = Output.PAGE) -> str:
        photos = iter(self.photos)
        writer = _Writer(self, output, photos)
        return tree.to_html(self.tree.children, writer.write)


class _Writer:
    """Writes the newsroom elements of one body for one output; other tags are kept as they are."""

    def __init__(self, body: StoryBody, output: Output, photos):
        self.body = body
        self.output = output
        self.photos = photos

    def write(self, element: tree.Element) -> str | None:
        if elements.is_gallery(element):
            return self.gallery(element)
        if elements.is_photo(element):
            return self.photo(elements.photo_of(element))
        if elements.is_embed(element):
            return self.embed(elements.embed_of(element))
        if elements.is_pull_quote(element):
            return self.wrapped("figure", "pull-quote", element)
        if elements.is_fact_box(element):
            return self.wrapped("aside", "fact-box", element)
        if elements.is_story_link(element):
            return self.story_link(element)
        return None

    def next_photo(self, photo: elements.PhotoElement) -> BodyPhoto | None:
        if photo.image_id not in self.body.images:
            return None
        return next(self.photos)

    def photo(self, element: elements.PhotoElement, sizes: str = "") -> str:
        photo = self.next_photo(element)
        if photo is None:
            return ""
        if self.output == Output.PAGE:
            return render_to_string(
                "articles/includes/body_photo.html",
                {
                    "image": photo.image,
                    "caption": photo.caption,
                    "align": "gallery" if element.in_gallery else element.align,
                    "sizes": sizes or PHOTO_SIZES[element.align],
                },
            )
        version = largest_version(photo.image, OUTPUT_PHOTO_WIDTH)
        if version is None:
            return ""
        credit = photo.image.credit_line
        caption = " ".join(
            part for part in (photo.caption, f"Photo: {credit}" if credit else "") if part
        )
        association = (
            format_html(' data-association="{}"', photo.association_name)
            if self.output == Output.NINJS
            else ""
        )
        return format_html(
            '<figure{}><img src="{}" width="{}" height="{}" alt="{}">{}</figure>',
            association,
            absolute_url(version.url),
            version.width,
            version.height,
            photo.image.alt_text,
            format_html("<figcaption>{}</figcaption>", caption) if caption else "",
        )

    def gallery(self, element: tree.Element) -> str:
        figures = "".join(
            self.photo(elements.photo_of(child, in_gallery=True), sizes=GALLERY_SIZES)
            for child in element.elements()
            if elements.is_photo(child)
        )
        if not figures:
            return ""
        return f'<div class="gallery">{figures}</div>'

    def embed(self, embed: elements.EmbedElement) -> str:
        address = match_embed(embed.url)
        if address is None:
            return format_html('<p><a href="{}">{}</a></p>', embed.url, embed.title or embed.url)
        provider = address.provider
        title = embed.title or f"{provider.name}: {embed.url}"
        if self.output != Output.PAGE:
            return format_html(
                '<p class="embed"><a href="{}">{}</a> ({})</p>', embed.url, title, provider.name
            )
        return render_to_string(
            "articles/includes/embed_placeholder.html",
            {
                "provider": provider,
                "player_url": address.player_url,
                "url": embed.url,
                "title": title,
                # Until the provider's details arrive (a background task), the title is
                # the address itself, as a link: the reader can follow it in any case.
                "pending": not embed.fetched,
                "author": embed.author,
                "thumbnail": self.body.images.get(embed.thumbnail_id or 0),
            },
        )

    def wrapped(self, tag: str, css_class: str, element: tree.Element) -> str:
        inside = tree.to_html(element.children, self.write)
        return f'<{tag} class="{css_class}">{inside}</{tag}>'

    def story_link(self, element: tree.Element) -> str:
        words = tree.to_html(element.children, self.write)
        url = self.body.story_urls.get(int(element.attrs["data-story"]))
        if url is None:
            # Not public (or gone): the reader gets the words, never the address or headline.
            return words
        if self.output != Output.PAGE:
            url = absolute_url(url)
        return format_html('<a href="{}">{}</a>', url, mark_safe(words))


def prepare_bodies(
    stories: Iterable[BodyOwner],
    *,
    renditions: bool = True,
    with_images: Iterable[Image] = (),
) -> list[Image]:
    """Fetch what the stories' bodies show and attach a ``StoryBody`` to each story.

    One query for the images of all the bodies with their renditions (and the renditions
    of ``with_images``, other images of the page already loaded; ``renditions=False``
    leaves renditions out), one for which linked stories are public, each only when
    needed. Returns the bodies' images.
    """
    stories = list(stories)
    trees = {id(story): tree.parse(story.body) for story in stories}
    image_ids = {i for body in trees.values() for i in elements.image_ids(body)}
    story_ids = {i for body in trees.values() for i in elements.linked_story_ids(body)}
    images: dict[int, Image] = {}
    if renditions:
        images = fetch_with_renditions(with_images, image_ids)
        images = {pk: image for pk, image in images.items() if pk in image_ids}
    elif image_ids:
        images = {image.pk: image for image in Image.objects.filter(pk__in=image_ids)}
    story_urls: dict[int, str] = {}
    if story_ids:
        story_urls = {
            linked.pk: linked.get_absolute_url()
            for linked in Story.objects.published()
            .filter(pk__in=story_ids)
            .only("pk", "slug", "language")
        }
    for story in stories:
        story.__dict__["prepared_body"] = StoryBody(trees[id(story)], images, story_urls)
    return list(images.values())


def story_body(story: BodyOwner) -> StoryBody:
    """The story's body, fetched now unless ``prepare_bodies`` already did."""
    prepared = story.__dict__.get("prepared_body")
    if prepared is None:
        prepare_bodies([story])
        prepared = story.__dict__["prepared_body"]
    return prepared
