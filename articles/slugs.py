"""Slugs: one function makes every story's address, and tag slugs that always make a working
/tags/<slug>/ address, whatever the tag's name."""

from __future__ import annotations

import hashlib
import unicodedata
from itertools import count
from typing import cast

from django.conf import settings
from django.utils.text import slugify
from taggit.models import Tag

#: The slug of a headline with no letters or digits at all (only punctuation or emoji).
FALLBACK_STORY_SLUG = "story"
# Room kept for "-<number>" when the words are cut to fit.
SUFFIX_ROOM = 12


def slug_words(text: str, *, max_length: int) -> str:
    """``text`` as a slug of at most ``max_length`` characters, never ending in a hyphen.

    Latin headlines keep ASCII slugs ("Zürich" is "zurich", as ever); a headline with
    letters of another script (Arabic) keeps its own words when ``SLUGS_ALLOW_UNICODE`` is
    on, instead of losing them: the slug is then Unicode, and URLs percent-encode it.
    """
    words = slugify(text, allow_unicode=True)
    if not (settings.SLUGS_ALLOW_UNICODE and any(map(_outside_latin, words))):
        words = slugify(text)
    return words[:max_length].strip("-")


def _outside_latin(character: str) -> bool:
    return character.isalpha() and not unicodedata.name(character, "").startswith("LATIN")


def unique_story_slug(headline: str, *, story_id: int | None = None) -> str:
    """A slug made from ``headline`` that no other story has now or had before.

    A slug another story used to have still redirects there (StorySlug), so it is not free.
    A taken slug gets "-2", "-3"...; the words are cut so the whole fits the field.
    """
    from articles.models import Story, StorySlug

    max_length = cast(int, Story._meta.get_field("slug").max_length)
    base = slug_words(headline, max_length=max_length) or FALLBACK_STORY_SLUG
    stem = base[: max_length - SUFFIX_ROOM]
    current = Story.objects.filter(slug__startswith=stem)
    former = StorySlug.objects.filter(slug__startswith=stem)
    if story_id is not None:
        current, former = current.exclude(pk=story_id), former.exclude(story_id=story_id)
    taken = {*current.values_list("slug", flat=True), *former.values_list("slug", flat=True)}
    if base not in taken:
        return base
    for number in count(2):
        suffix = f"-{number}"
        candidate = base[: max_length - len(suffix)].rstrip("-") + suffix
        if candidate not in taken:
            return candidate
    raise AssertionError("count() never ends")


def give_tag_a_slug(sender, instance: Tag, **kwargs) -> None:
    """A name of only punctuation or symbols slugifies to nothing; name it by its digest."""
    if not instance.slug:
        digest = hashlib.sha256(instance.name.lower().encode()).hexdigest()
        instance.slug = f"tag-{digest[:12]}"
