"""What feeds, sitemaps and the API share: absolute addresses, permanent ids, pictures, keys."""

from __future__ import annotations

from datetime import UTC
from urllib.parse import urlsplit

from django.conf import settings

from articles.body.rendering import prepare_bodies, story_body
from articles.images.renditions import ImageVersion, image_versions, largest_version
from articles.models import Image, Story
from articles.pagecache import keys as cache_keys

# Both are among the widths made right after upload (renditions.DEFAULT_WIDTHS).
FEED_IMAGE_WIDTH = 1280
THUMBNAIL_WIDTH = 320
FEED_LENGTH = 50


def tag_uri(created_at, specific: str) -> str:
    authority = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"tag:{authority},{created_at.astimezone(UTC):%Y-%m-%d}:{specific}"


def story_uri(story: Story) -> str:
    """A permanent id for a story (RFC 4151 tag URI) that no headline or slug change alters."""
    return tag_uri(story.created_at, f"story:{story.pk}")


def image_uri(image: Image) -> str:
    return tag_uri(image.created_at, f"image:{image.pk}")


def lead_picture(image: Image | None) -> ImageVersion | None:
    """The version of a lead image that feeds and the API link to: large, never huge."""
    if image is None:
        return None
    return largest_version(image, FEED_IMAGE_WIDTH)


def lead_thumbnail(image: Image | None) -> ImageVersion | None:
    if image is None:
        return None
    versions = image_versions(image, (THUMBNAIL_WIDTH,))
    return versions[0] if versions else None


def story_categories(story: Story) -> list[str]:
    """The section, then the tags: categories in feeds, subjects in the API."""
    return [story.section.name, *(tag.name for tag in story.tags.all())]


def printed_keys(stories: list[Story]) -> set[str]:
    """The keys of what an output prints of ``stories``, their bodies' pictures and links too.

    Fetches what the bodies show for all the stories at once, with the lead photos'
    renditions (``prepare_bodies``), before the output prints them.
    """
    prepare_bodies(stories, with_images=[story.lead_image for story in stories if story.lead_image])
    keys = cache_keys.stories_keys(stories)
    for story in stories:
        keys |= story_body(story).surrogate_keys()
    return keys
