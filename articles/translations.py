"""Translation sets: a story and its translations, one story per language.

Every translation points to the original (``Story.translation_of``), never to another
translation, so a set is the original and the stories pointing to it, read in one query.
Readers are only ever shown the translations that are public themselves.
"""

from __future__ import annotations

from django.db.models import Q

from articles.languages import language_codes
from articles.models import Story

#: What a link to a translation needs: its address, language and whether it is public.
LINK_FIELDS = ("pk", "slug", "language", "headline", "status", "published_at", "translation_of_id")


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
