"""“Being edited by X since T”: a soft lock that informs other editors and lapses by itself.

An open form refreshes its lock while it is open and releases it when it is closed. An
editor may take the lock over; from then on the form of the person it was taken from learns
so on its next autosave, and its saves are refused (its text stays in the form) until the
lock is released or lapses.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from articles.models import Story, StoryEditLock


def lock_lifetime() -> timedelta:
    return timedelta(seconds=settings.STORY_EDIT_LOCK_SECONDS)


def open_for_editing(story: Story, user) -> StoryEditLock | None:
    """Note that `user` opened `story`; return someone else's live lock if there is one.

    A live lock held by another person is left alone (they were first); otherwise the
    lock passes to, or is refreshed for, `user`.
    """
    now = timezone.now()
    lock = StoryEditLock.objects.filter(story=story).select_related("user").first()
    if lock and lock.user_id != user.pk and lock.seen_at > now - lock_lifetime():
        return lock
    if lock and lock.user_id == user.pk:
        StoryEditLock.objects.filter(pk=lock.pk).update(seen_at=now)
    else:
        StoryEditLock.objects.update_or_create(
            story=story,
            defaults={"user": user, "since": now, "seen_at": now, "taken_over_from": None},
        )
    return None


def release(story: Story, user) -> None:
    """Drop the lock once its holder has saved or closed the form."""
    StoryEditLock.objects.filter(story=story, user=user).delete()


def _live(lock: StoryEditLock | None) -> StoryEditLock | None:
    return lock if lock and lock.seen_at > timezone.now() - lock_lifetime() else None


def can_take_over(user, story: Story) -> bool:
    """Editors who may edit the story take over someone else's lock."""
    from articles.editorial.workflow import can_edit

    return user.has_perm("articles.edit_any_story") and can_edit(user, story)


def take_over(story: Story, user) -> StoryEditLock:
    """Give the lock to `user`, remembering whom it was taken from."""
    if not can_take_over(user, story):
        raise PermissionDenied("Only editors may take over a story someone is editing.")
    now = timezone.now()
    with transaction.atomic():
        lock = _live(StoryEditLock.objects.select_for_update().filter(story=story).first())
        taken_from = lock.user_id if lock and lock.user_id != user.pk else None
        lock, _ = StoryEditLock.objects.update_or_create(
            story=story,
            defaults={"user": user, "since": now, "seen_at": now, "taken_over_from_id": taken_from},
        )
    return lock


def lost_to(story: Story, user) -> StoryEditLock | None:
    """The live lock someone took over from `user`, if they did."""
    lock = _live(StoryEditLock.objects.filter(story=story).select_related("user").first())
    if lock and lock.user_id != user.pk and lock.taken_over_from_id == user.pk:
        return lock
    return None


def keep_alive(story: Story, user, *, acquire: bool = True) -> dict:
    """Refresh `user`'s lock while their form is open; say who holds it if not them.

    ``acquire=False`` (an autosave, which may arrive after the closing form released its
    lock) only refreshes a lock `user` holds and never takes a free one.
    """
    now = timezone.now()
    lock = _live(StoryEditLock.objects.filter(story=story).select_related("user").first())
    if lock is None and not acquire:
        return {"lock": "free"}
    if lock is None or lock.user_id == user.pk:
        StoryEditLock.objects.update_or_create(
            story=story,
            defaults={
                "user": user,
                "seen_at": now,
                **({} if lock else {"since": now, "taken_over_from": None}),
            },
        )
        return {"lock": "held"}
    holder = lock.user.get_full_name() or lock.user.get_username()
    state = "lost" if lock.taken_over_from_id == user.pk else "elsewhere"
    return {"lock": state, "holder": holder, "since": lock.since.isoformat()}
