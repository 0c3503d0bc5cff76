"""Autosave: a private copy of what a user is typing into a story form, kept every few seconds.

The copy never touches the story, its version or its revisions; saving the form does that.
Opening the form again while a copy newer than the story's last save exists offers to fill
the form from it or to discard it. A successful save of the form discards the copy.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from articles.editorial.workflow import can_edit
from articles.models import Story, StoryAutosave
from articles.sanitize import remove_control_characters, sanitize_html

#: The form's text fields an autosave keeps, and how long each may be.
AUTOSAVED_FIELDS: dict[str, int] = {
    "headline": 255, "slug": 255, "dek": 10_000, "body": 2_000_000, "byline_override": 255,
    "dateline": 100, "original_url": 500, "usage_terms": 10_000, "seo_title": 255,
    "seo_description": 300,
}  # fmt: skip


def can_autosave(user, story: Story | None) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if story is None:
        return user.has_perm("articles.add_story")
    return can_edit(user, story)


def clean_fields(data) -> dict[str, str]:
    """The autosaved fields of a posted form; ValidationError with the reason if unusable."""
    fields = {}
    for name, longest in AUTOSAVED_FIELDS.items():
        value = data.get(name)
        if value is None:
            continue
        if len(value) > longest:
            raise ValidationError(f"The {name.replace('_', ' ')} is longer than {longest}.")
        fields[name] = remove_control_characters(value)
    if "body" in fields:
        fields["body"] = sanitize_html(fields["body"])
    if not fields:
        raise ValidationError("Nothing to keep: no story field was sent.")
    return fields


def keep(*, user, story: Story | None, data, base_version: int | None = None) -> StoryAutosave:
    """Keep (replace) this user's copy of the form for ``story`` (None: a new story)."""
    if not can_autosave(user, story):
        raise PermissionDenied("You may not edit this story.")
    fields = clean_fields(data)
    with transaction.atomic():
        autosave, _ = StoryAutosave.objects.select_for_update().update_or_create(
            user=user,
            story=story,
            defaults={"fields": fields, "base_version": base_version, "saved_at": timezone.now()},
        )
    return autosave


def pending(user, story: Story | None) -> StoryAutosave | None:
    """The user's copy if it is newer than the story's last save (any, for a new story)."""
    if not getattr(user, "is_authenticated", False):
        return None
    found = StoryAutosave.objects.filter(user=user, story=story).first()
    if found is None or (story is not None and found.saved_at <= story.modified_at):
        return None
    return found


def discard(*, user, story: Story | None) -> None:
    StoryAutosave.objects.filter(user=user, story=story).delete()
