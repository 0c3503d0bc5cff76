"""Translation sets: a story and its translations, one story per language.

Every translation points to the original (``Story.translation_of``), never to another
translation, so a set is the original and the stories pointing to it, read in one query.
Readers are only ever shown the translations that are public themselves.
"""

from __future__ import annotations

from django.db.models import Q

from articles.languages import hreflang, language_codes
from articles.links import absolute_url
from articles.models import Story

#: What a link to a translation needs: its address and URI, language and whether it is public.
LINK_FIELDS = (
    "pk",
    "slug",
    "language",
    "headline",
    "status",
    "published_at",
    "created_at",
    "translation_of_id",
)


def original_id(story: Story) -> int:
    return story.translation_of_id or story.pk


def translation_set(story: Story):
    """Every story of ``story``'s set, itself included, whatever their state."""
    root = original_id(story)
    return Story.objects.filter(Q(pk=root) | Q(translation_of_id=root))


def translation_set_members(story: Story) -> list[Story]:
    """The other stories of the set, whatever their state, in the order of LANGUAGES.

    A story annotated by ``with_translation_flag()`` that is in no set costs no query.
    """
    if story.translation_of_id is None and getattr(story, "has_translations", True) is False:
        return []
    others = translation_set(story).exclude(pk=story.pk).only(*LINK_FIELDS)
    order = {code: position for position, code in enumerate(language_codes())}
    return sorted(others, key=lambda other: order.get(other.language, len(order)))


def public_only(members: list[Story]) -> list[Story]:
    """The members readers may see, each a translation only while it is public itself."""
    return [member for member in members if member.is_public]


def public_translations(story: Story) -> list[Story]:
    return public_only(translation_set_members(story))


def attach_public_links(stories: list[Story]) -> None:
    """Give each story its ``public_original`` and ``public_translations`` (the other public
    members of its set: an original's translations, a translation's siblings), for feeds and
    the API: one query for a whole page, none when no story on it is in a set (the stories come
    annotated by ``with_translation_flag()``)."""
    originals = {story.translation_of_id for story in stories if story.translation_of_id}
    with_translations = [story.pk for story in stories if getattr(story, "has_translations", True)]
    for story in stories:
        story.public_original, story.public_translations = None, []
    if not originals and not with_translations:
        return
    found = list(
        Story.objects.published()
        .filter(
            Q(pk__in=originals)
            | Q(translation_of_id__in=originals)
            | Q(translation_of_id__in=with_translations)
        )
        .only(*LINK_FIELDS)
    )
    by_pk = {other.pk: other for other in found}
    for story in stories:
        story.public_original = by_pk.get(story.translation_of_id)
        root = original_id(story)
        story.public_translations = [
            other for other in found if other.translation_of_id == root and other.pk != story.pk
        ]


def public_links(story: Story) -> list[Story]:
    """The story's public original and its set's other public members, as
    ``attach_public_links`` found them."""
    original = getattr(story, "public_original", None)
    return [*([original] if original else []), *getattr(story, "public_translations", [])]


def language_alternates(story: Story, translations: list[Story]) -> list[tuple[str, str]]:
    """``(hreflang, absolute URL)`` of the story and its public translations, and x-default.

    Empty for a story with no public translation. ``x-default`` is the original when it is
    public (every page of the set then names the same one), else the story itself.
    """
    if not translations:
        return []
    pages = [story, *translations]
    alternates = [
        (hreflang(page.language), absolute_url(page.get_absolute_url())) for page in pages
    ]
    original = next((page for page in pages if page.translation_of_id is None), story)
    return [*alternates, ("x-default", absolute_url(original.get_absolute_url()))]
