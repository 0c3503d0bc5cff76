"""Every change to live coverage goes through here: start, post, publish, edit, mark, delete, end.

Like ``articles.editorial.workflow``, each service checks the actor's permission on the story
as it is now (its row locked inside ``transaction.atomic()``), records a ``StoryEvent`` and
leaves the page cache to the receivers, which invalidate on commit. A live update does not
go through review: an editor's update is public at once (while the story is public); a
reporter allowed to post (``articles.add_liveupdate``) has theirs held until the desk
publishes it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags

from articles.body import elements, embeds, tree
from articles.editorial.workflow import TransitionForbidden, TransitionInvalid
from articles.models import Author, LiveUpdate, Story, StoryEvent
from articles.sanitize import sanitize_html

Action = StoryEvent.Action

#: Starting and ending coverage, publishing, pinning and deleting others' updates are the
#: desk's decisions, like publishing a story.
DESK_PERMISSION = "articles.publish_story"
POST_PERMISSION = "articles.add_liveupdate"
MAX_BODY_CHARS = 20_000
MAX_NOTE_CHARS = 2_000


def _active(user) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def is_desk(user) -> bool:
    return _active(user) and user.has_perm(DESK_PERMISSION)


def can_post(user, story: Story) -> bool:
    """Whether ``user`` may add an update to ``story`` now (published or held)."""
    return _active(user) and user.has_perm(POST_PERMISSION) and story.is_live_now


def can_change(user, update: LiveUpdate) -> bool:
    """The desk changes any update; a writer changes their own while it is held."""
    if not _active(user) or update.deleted_at is not None:
        return False
    if is_desk(user) and user.has_perm("articles.change_liveupdate"):
        return True
    return update.is_held and update.created_by_id == user.pk and user.has_perm(POST_PERMISSION)


def can_delete(user, update: LiveUpdate) -> bool:
    if not _active(user) or update.deleted_at is not None:
        return False
    if is_desk(user) and user.has_perm("articles.delete_liveupdate"):
        return True
    return update.is_held and update.created_by_id == user.pk and user.has_perm(POST_PERMISSION)


def _lock(story_pk: int) -> Story:
    return Story.objects.select_for_update(of=("self",)).get(pk=story_pk)


def _lock_update(update: LiveUpdate) -> tuple[Story, LiveUpdate]:
    story = _lock(update.story_id)
    locked = LiveUpdate.objects.select_for_update(of=("self",)).get(pk=update.pk)
    locked.story = story
    return story, locked


def _record(story: Story, action: str, user, note: str) -> StoryEvent:
    return StoryEvent.objects.create(
        story=story,
        action=action,
        from_status=story.status,
        to_status=story.status,
        user=user,
        actor=user.get_username(),
        note=note,
    )


def _clean_body(body: str) -> str:
    body = (body or "").strip()
    if len(body) <= MAX_BODY_CHARS:
        body = sanitize_html(body)
    if len(body) > MAX_BODY_CHARS:
        raise TransitionInvalid(
            f"An update is at most {MAX_BODY_CHARS:,} characters of text and markup; "
            f"this one has {len(body):,}."
        )
    parsed = tree.parse(body)
    if not strip_tags(body).strip() and not elements.image_ids(parsed):
        raise TransitionInvalid("Write the update's text (or place a photo) before posting it.")
    return body


def _clean_headline(headline: str) -> str:
    headline = " ".join((headline or "").split())
    limit = LiveUpdate._meta.get_field("headline").max_length or 0
    if len(headline) > limit:
        raise TransitionInvalid(f"An update's headline is at most {limit} characters.")
    return headline


def _clean_note(note: str, what: str) -> str:
    note = (note or "").strip()
    if len(note) > MAX_NOTE_CHARS:
        raise TransitionInvalid(f"A {what} is at most {MAX_NOTE_CHARS:,} characters.")
    return note


def _describe(update: LiveUpdate) -> str:
    return f"Update {update.pk}" + (f" “{update.headline}”" if update.headline else "")


def start_coverage(*, story: Story, user) -> StoryEvent:
    """Make ``story`` live from now on (again, if its coverage had ended)."""
    if not is_desk(user):
        raise TransitionForbidden("Only the desk starts live coverage.")
    with transaction.atomic():
        locked = _lock(story.pk)
        if locked.is_live_now:
            raise TransitionInvalid(f"“{locked.headline}” is already live.")
        if not locked.live:
            locked.coverage_started_at = timezone.now()
        locked.live, locked.coverage_ended_at = True, None
        locked.save(update_fields=["live", "coverage_started_at", "coverage_ended_at"])
        event = _record(locked, Action.LIVE_START, user, "")
    story.live, story.coverage_started_at = locked.live, locked.coverage_started_at
    story.coverage_ended_at, story.version = None, locked.version
    return event


def end_coverage(*, story: Story, user, note: str = "") -> StoryEvent:
    """End the live coverage: readers see when it ended; the page stops updating itself."""
    if not is_desk(user):
        raise TransitionForbidden("Only the desk ends live coverage.")
    note = _clean_note(note, "note")
    with transaction.atomic():
        locked = _lock(story.pk)
        if not locked.is_live_now:
            raise TransitionInvalid(f"“{locked.headline}” is not live.")
        locked.coverage_ended_at = max(timezone.now(), locked.coverage_started_at)
        locked.save(update_fields=["coverage_ended_at"])
        event = _record(locked, Action.LIVE_END, user, note)
    story.coverage_ended_at, story.version = locked.coverage_ended_at, locked.version
    return event


def post_update(
    *,
    story: Story,
    user,
    body: str,
    headline: str = "",
    authors: Iterable[Author] = (),
    pinned: bool = False,
    key_event: bool = False,
) -> LiveUpdate:
    """Add an update: public at once from the desk, held for the desk from anyone else."""
    body, headline = _clean_body(body), _clean_headline(headline)
    authors = list(authors)
    with transaction.atomic():
        locked = _lock(story.pk)
        if not can_post(user, locked):
            if not locked.is_live_now:
                raise TransitionInvalid(f"“{locked.headline}” is not live: start coverage first.")
            raise TransitionForbidden("You may not post live updates.")
        desk = is_desk(user)
        if (pinned or key_event) and not desk:
            raise TransitionForbidden("Only the desk pins updates or marks key events.")
        now = timezone.now()
        update = LiveUpdate.objects.create(
            story=locked,
            headline=headline,
            body=body,
            pinned=pinned,
            key_event=key_event,
            published_at=now if desk else None,
            created_at=now,
            created_by=user,
        )
        if authors:
            update.authors.set(authors)
        elif author := Author.objects.filter(user=user).first():
            update.authors.set([author])
        _record(locked, Action.LIVE_POST if desk else Action.LIVE_HOLD, user, _describe(update))
    return update


def fill_in_update_embeds(*, update_pk: int, details: Mapping[str, embeds.EmbedDetails]) -> bool:
    """Write what providers said about an update's embeds into its body; False if nothing to.

    The providers' answers are not an editor's change, so no event is recorded. The row is
    locked and its body read again under the lock, so an edit made meanwhile is kept and
    the answers are filled into it.
    """
    with transaction.atomic():
        update = LiveUpdate.objects.select_for_update().filter(pk=update_pk).first()
        if update is None:
            return False
        filled = embeds.fill_in(update.body, details)
        if filled == update.body:
            return False
        update.body = filled
        update.save(update_fields=["body"])
    return True


def publish_update(*, update: LiveUpdate, user) -> LiveUpdate:
    """The desk publishes an update a writer posted (held until now)."""
    if not is_desk(user):
        raise TransitionForbidden("Only the desk publishes held updates.")
    with transaction.atomic():
        story, locked = _lock_update(update)
        if not locked.is_held:
            raise TransitionInvalid(f"{_describe(locked)} is not waiting for the desk.")
        if not story.is_live_now:
            raise TransitionInvalid(f"“{story.headline}” is not live any more.")
        locked.published_at = timezone.now()
        locked.save(update_fields=["published_at"])
        _record(story, Action.LIVE_PUBLISH, user, _describe(locked))
    return locked


def edit_update(
    *,
    update: LiveUpdate,
    user,
    body: str | None = None,
    headline: str | None = None,
    authors: Iterable[Author] | None = None,
    correction: str | None = None,
    pinned: bool | None = None,
    key_event: bool | None = None,
) -> LiveUpdate:
    """Change an update. A published one shows “updated HH:MM”; a correction note is public."""
    with transaction.atomic():
        story, locked = _lock_update(update)
        if not can_change(user, locked):
            raise TransitionForbidden(f"You may not change {_describe(locked).lower()}.")
        if (pinned is not None or key_event is not None) and not is_desk(user):
            raise TransitionForbidden("Only the desk pins updates or marks key events.")
        changed_text = False
        if body is not None and (body := _clean_body(body)) != locked.body:
            locked.body, changed_text = body, True
        if headline is not None and (headline := _clean_headline(headline)) != locked.headline:
            locked.headline, changed_text = headline, True
        if correction is not None:
            correction = _clean_note(correction, "correction note")
            if correction != locked.correction:
                locked.correction, changed_text = correction, True
        if pinned is not None:
            locked.pinned = pinned
        if key_event is not None:
            locked.key_event = key_event
        if changed_text and locked.published_at is not None:
            locked.edited_at = timezone.now()
        locked.save()
        if authors is not None:
            locked.authors.set(list(authors))
        note = _describe(locked)
        if correction:
            note += f"; correction: {correction}"
        _record(story, Action.LIVE_EDIT, user, note)
    return locked


def delete_update(*, update: LiveUpdate, user, reason: str = "") -> LiveUpdate:
    """Take an update out of every output; the row stays for the log, its photo uses go."""
    reason = _clean_note(reason, "reason")
    with transaction.atomic():
        story, locked = _lock_update(update)
        if not can_delete(user, locked):
            raise TransitionForbidden(f"You may not delete {_describe(locked).lower()}.")
        locked.deleted_at, locked.deleted_by = timezone.now(), user
        locked.save(update_fields=["deleted_at", "deleted_by"])
        _record(
            story, Action.LIVE_DELETE, user, _describe(locked) + (f": {reason}" if reason else "")
        )
    return locked
