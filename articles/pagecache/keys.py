"""Every key of the page cache, in one place: the surrogate keys pages and CDNs share, and
the keys the store keeps its pages and versions under.

No other module spells a key: a typo in a key would silently leave stale pages, so keys
come from these functions and constants only (``tests/pagecache/test_keys.py`` checks it).
CDN rules and ``docs/caching.md`` rely on the exact strings, so they never change.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable

# What a story prints where it is printed (headline, teaser, page, feed item, API item).


def story(story_id: int) -> str:
    return f"story-{story_id}"


def corrections(story_id: int) -> str:
    """The corrections only the story's own page prints."""
    return f"corrections-{story_id}"


def live(story_id: int) -> str:
    """A live story's updates, and their latest time, wherever they are printed."""
    return f"live-{story_id}"


def image(image_id: int) -> str:
    return f"image-{image_id}"


# What a topic prints (its name wherever it appears), then which stories its lists hold.


def section(section_id: int) -> str:
    return f"section-{section_id}"


def tag(tag_id: int) -> str:
    return f"tag-{tag_id}"


def author(author_id: int) -> str:
    return f"author-{author_id}"


def source(source_id: int) -> str:
    return f"source-{source_id}"


def section_list(section_id: int) -> str:
    return f"list-section-{section_id}"


def tag_list(tag_id: int) -> str:
    return f"list-tag-{tag_id}"


def author_list(author_id: int) -> str:
    return f"list-author-{author_id}"


def source_list(source_id: int) -> str:
    return f"list-source-{source_id}"


# Lists of every public story.
FRONT = "front"
FEEDS_LATEST = "feeds-latest"
ARCHIVE = "archive"
# Lists that depend on any detail of any public story.
SEARCH = "search"
API = "api"
SITEMAP = "sitemap"
# The section list in every page's header.
NAV = "nav"
# robots.txt, which names the sitemaps only.
ROBOTS = "robots"

# Every public story belongs to these lists.
LISTS_OF_EVERY_STORY = (FRONT, FEEDS_LATEST, ARCHIVE)
# Every change to a public story touches these, whatever changed.
LISTS_OF_ANY_DETAIL = (SITEMAP, API, SEARCH)

#: The keys that stand for one object, by the function that names them.
PER_OBJECT: tuple[Callable[[int], str], ...] = (
    story,
    corrections,
    live,
    image,
    section,
    tag,
    author,
    source,
    section_list,
    tag_list,
    author_list,
    source_list,
)
#: The keys that stand for one page or list each.
FIXED = (*LISTS_OF_EVERY_STORY, *LISTS_OF_ANY_DETAIL, NAV, ROBOTS)


def story_keys(printed) -> set[str]:
    """The keys of what a story shows where it is printed, from what was fetched with it."""
    keys = {story(printed.pk), section(printed.section_id)}
    if getattr(printed, "live", False):
        keys.add(live(printed.pk))
    if printed.source_id:
        keys.add(source(printed.source_id))
    if printed.lead_image_id:
        keys.add(image(printed.lead_image_id))
    if "byline_author_ids" in printed.__dict__:  # a teaser row (``teaser_rows``)
        author_ids = printed.byline_author_ids or ()
    else:
        author_ids = [byline.author_id for byline in getattr(printed, "ordered_bylines", ())]
    keys.update(author(author_id) for author_id in author_ids)
    prefetched = getattr(printed, "_prefetched_objects_cache", {})
    keys.update(tag(printed_tag.pk) for printed_tag in prefetched.get("tags", ()))
    return keys


def stories_keys(stories: Iterable) -> set[str]:
    keys: set[str] = set()
    for printed in stories:
        keys |= story_keys(printed)
    return keys


# The store's own keys, which no CDN sees.
STORE_PREFIX = "page-cache:"
PAGE_PREFIX = f"{STORE_PREFIX}page:"
VERSION_PREFIX = f"{STORE_PREFIX}key:"
# Moves on every invalidation, so a page rendered while one happened is not stored.
EPOCH = f"{STORE_PREFIX}epoch"
# Parts of pages kept on their own (a story's teaser), by story and version.
FRAGMENT_PREFIX = f"{STORE_PREFIX}fragment:"
# When the next scheduled story goes public; forgotten on every invalidation.
NEXT_PUBLISH = f"{STORE_PREFIX}next-publish"


def page(address: str) -> str:
    """Where the answer for one absolute address, query string included, is stored."""
    return PAGE_PREFIX + hashlib.sha256(address.encode()).hexdigest()


def version(surrogate_key: str) -> str:
    """Where the current version of a surrogate key is stored."""
    return VERSION_PREFIX + surrogate_key


def fragment(kind: str, story_id: int, story_version: int, variant: str = "") -> str:
    """Where one story's fragments of a kind (``teaser``) are stored, for one version of it;
    ``variant`` names what else the fragment depends on (format, language, site address).

    A story saved anew has a new version, so no page rendered after the save can print a
    fragment of the story as it was, even before the invalidation of its key has run.
    """
    key = f"{FRAGMENT_PREFIX}{kind}:{story_id}:{story_version}"
    if variant:
        key += ":" + hashlib.sha256(variant.encode()).hexdigest()[:32]
    return key


# Not a page: the mark one worker's clock leaves so the others skip that period's tick.
TASK_CLOCK = "tasks:clock"


def task_clock() -> str:
    return TASK_CLOCK


# Not a page: what /readyz stores and reads back to know the cache answers.
HEALTH_PROBE = "health:probe"
