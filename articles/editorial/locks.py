"""“Being edited by X since T”: a soft lock that informs other editors and lapses by itself."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
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
            story=story, defaults={"user": user, "since": now, "seen_at": now}
        )
    return None


def release(story: Story, user) -> None:
    """Drop the lock once its holder has saved."""
    StoryEditLock.objects.filter(story=story, user=user).delete()
