"""Internal notes on a story: who may leave and remove them, and keeping them in revisions.

A note never changes the story (its text, version or state), so it is not a workflow step;
it is kept in the story's revision history, which follows its notes, with a revision of its
own saying who added or removed it.
"""

from __future__ import annotations

import reversion
from django.core.exceptions import PermissionDenied
from django.db import transaction

from articles.editorial.workflow import is_own
from articles.models import Story, StoryNote


def can_read_notes(user, story: Story) -> bool:
    """Everyone who may open the story in the admin reads its notes."""
    return bool(getattr(user, "is_authenticated", False) and user.has_perm("articles.view_story"))


def can_note(user, story: Story) -> bool:
    """Editors note on any story; reporters on their own, in any state (to answer the desk)."""
    if not can_read_notes(user, story) or not user.is_active:
        return False
    return user.has_perm("articles.edit_any_story") or is_own(user, story)


def can_remove(user, note: StoryNote) -> bool:
    """A note is removed by its author (while they may still note there) or by an editor."""
    if not can_read_notes(user, note.story):
        return False
    if user.has_perm("articles.edit_any_story"):
        return True
    return note.author_id == user.pk and can_note(user, note.story)


def add_note(*, story: Story, user, text: str, paragraph: int | None = None) -> StoryNote:
    """Leave a note; the caller has cleaned ``text`` (a form does)."""
    if not can_note(user, story):
        raise PermissionDenied("You may not leave notes on this story.")
    with transaction.atomic(), reversion.create_revision():
        note = StoryNote.objects.create(
            story=story,
            author=user,
            author_name=user.get_username(),
            text=text,
            paragraph=paragraph,
        )
        reversion.add_to_revision(story)
        reversion.set_user(user)
        reversion.set_comment(f"Note added by {user.get_username()}")
    return note


def remove_note(*, note: StoryNote, user) -> None:
    if not can_remove(user, note):
        raise PermissionDenied("You may not remove this note.")
    story = note.story
    with transaction.atomic(), reversion.create_revision():
        note.delete()
        reversion.add_to_revision(story)
        reversion.set_user(user)
        reversion.set_comment(f"Note removed by {user.get_username()}")
