"""The editorial state machine: every change of a story's state goes through here.

Each transition checks the actor's permission and the story's state, runs inside
`transaction.atomic()` on the locked row, keeps a revision, records a `StoryEvent`
and announces public changes with `story_published_changed` once the commit is done.
Admin buttons, list actions, the desk and management commands all call `perform()`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import reversion
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags

from articles.body.elements import photos
from articles.body.tree import parse
from articles.dates import PUBLICATION, DateOutOfRange
from articles.models import Correction, Image, Story, StoryEvent
from articles.signals import story_published_changed

Status = Story.Status
Action = StoryEvent.Action

#: States in which a writer may still change their own story.
WRITER_EDITABLE = frozenset({Status.DRAFT, Status.RETURNED})


class WorkflowError(Exception):
    """A transition that cannot happen; the message says why, in the desk's words."""


class TransitionForbidden(WorkflowError, PermissionDenied):
    """The actor may not make this transition (answers 403)."""


class TransitionInvalid(WorkflowError):
    """The story is not in a state, or not complete enough, for this transition."""


@dataclass(frozen=True)
class Rule:
    """What one transition needs and what it does to the status."""

    action: str
    verb: str
    sources: frozenset[str]
    target: str | None
    permission: str
    needs_note: bool = False
    needs_time: bool = False
    checks_publishable: bool = False
    changes_public: bool = False

    @property
    def label(self) -> str:
        return Action(self.action).label


RULES: dict[str, Rule] = {
    rule.action: rule
    for rule in [
        Rule(Action.SUBMIT, "submit", frozenset({Status.DRAFT, Status.RETURNED}),
             Status.IN_REVIEW, "submit_story"),
        Rule(Action.RETURN, "return", frozenset({Status.IN_REVIEW, Status.READY}),
             Status.RETURNED, "review_story", needs_note=True),
        Rule(Action.APPROVE, "mark ready", frozenset({Status.IN_REVIEW}),
             Status.READY, "review_story"),
        Rule(Action.PUBLISH, "publish",
             frozenset({Status.DRAFT, Status.IN_REVIEW, Status.READY, Status.SCHEDULED,
                        Status.UNPUBLISHED}),
             Status.PUBLISHED, "publish_story", checks_publishable=True, changes_public=True),
        Rule(Action.SCHEDULE, "schedule",
             frozenset({Status.DRAFT, Status.IN_REVIEW, Status.READY, Status.SCHEDULED}),
             Status.SCHEDULED, "publish_story", needs_time=True, checks_publishable=True,
             changes_public=True),
        Rule(Action.UNPUBLISH, "unpublish", frozenset({Status.PUBLISHED, Status.SCHEDULED}),
             Status.UNPUBLISHED, "publish_story", needs_note=True, changes_public=True),
        Rule(Action.UPDATE, "mark as significantly updated", frozenset({Status.PUBLISHED}),
             None, "correct_story", changes_public=True),
        Rule(Action.CORRECT, "correct", frozenset({Status.PUBLISHED}),
             None, "correct_story", needs_note=True, changes_public=True),
    ]
}  # fmt: skip


def is_own(user, story: Story) -> bool:
    """A story is a writer's own if they created it or it carries their byline."""
    if story.pk is None:
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    if story.created_by_id == user.pk:
        return True
    return story.authors.filter(user=user).exists()


def can_edit(user, story: Story) -> bool:
    """Editors change any story; writers change their own while it is theirs to work on."""
    if not getattr(user, "is_authenticated", False) or not user.has_perm("articles.change_story"):
        return False
    if user.has_perm("articles.edit_any_story"):
        return True
    return story.status in WRITER_EDITABLE and is_own(user, story)


def missing_for_publication(story: Story) -> list[str]:
    """What a story still lacks before readers may see it, in the desk's words."""
    missing = []
    if not story.headline.strip():
        missing.append("headline")
    if not strip_tags(story.body or "").strip():
        missing.append("body")
    if story.section_id is None:
        missing.append("section")
    image = story.lead_image if story.lead_image_id else None
    if image is not None:
        if not image.alt_text.strip():
            missing.append("lead image alt text")
        if not image.credit.strip():
            missing.append("lead image credit")
    # Every photo in the body carries what the lead must: readers see each the same way.
    photo_ids = list(dict.fromkeys(photo.image_id for photo in photos(parse(story.body or ""))))
    found = Image.objects.in_bulk(photo_ids) if photo_ids else {}
    for image_id in photo_ids:
        photo = found.get(image_id)
        if photo is None:
            missing.append(f"body photo {image_id} (no longer in the library)")
            continue
        lacking = [
            what
            for what, value in (("alt text", photo.alt_text), ("credit", photo.credit))
            if not value.strip()
        ]
        if lacking:
            missing.append(f"{' and '.join(lacking)} of body photo “{photo}” ({image_id})")
    return missing


def check(
    action: str,
    story: Story,
    user=None,
    *,
    note: str = "",
    publish_at: datetime | None = None,
    by: str = "",
) -> Rule:
    """Raise a `WorkflowError` unless `user` (or the system actor `by`) may do this now."""
    rule = RULES.get(action)
    if rule is None:
        raise TransitionInvalid(f"There is no workflow action called {action!r}.")
    _check_actor(rule, story, user, by)
    if story.status not in rule.sources:
        raise TransitionInvalid(
            f"Cannot {rule.verb} “{story.headline}”: it is {story.get_status_display().lower()}."
        )
    if rule.needs_note and not note.strip():
        what = "reason" if rule.action == Action.UNPUBLISH else "note"
        if rule.action == Action.CORRECT:
            what = "correction text"
        raise TransitionInvalid(f"To {rule.verb} a story, write a {what}.")
    if rule.needs_time and (publish_at is None or publish_at <= timezone.now()):
        raise TransitionInvalid(
            "To schedule a story, choose a publish time in the future (or publish it now)."
        )
    if rule.needs_time:
        try:
            PUBLICATION.check_moment(publish_at)
        except DateOutOfRange as error:
            raise TransitionInvalid(f"Cannot schedule for that time: {error}") from None
    if rule.checks_publishable:
        missing = missing_for_publication(story)
        if missing:
            raise TransitionInvalid(
                f"Cannot {rule.verb} “{story.headline or 'untitled'}”: missing "
                f"{', '.join(missing)}."
            )
    return rule


def _check_actor(rule: Rule, story: Story, user, by: str) -> None:
    if user is None:
        if not by:
            raise TransitionForbidden("A workflow action needs a user or a named system actor.")
        return
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        raise TransitionForbidden(f"Log in to {rule.verb} stories.")
    if not user.has_perm(f"articles.{rule.permission}"):
        raise TransitionForbidden(f"You may not {rule.verb} stories.")
    if rule.action == Action.SUBMIT and not can_edit(user, story):
        raise TransitionForbidden("You may only submit your own stories.")


def allowed_actions(user, story: Story) -> list[Rule]:
    """The transitions this user may press for this story now (inputs aside)."""
    allowed = []
    for rule in RULES.values():
        if story.status not in rule.sources:
            continue
        try:
            _check_actor(rule, story, user, "")
        except TransitionForbidden:
            continue
        allowed.append(rule)
    return allowed


def perform(
    action: str,
    story: Story,
    user=None,
    *,
    note: str = "",
    publish_at: datetime | None = None,
    by: str = "",
) -> StoryEvent:
    """Make one transition on the locked row, record it, and update `story` in place."""
    with transaction.atomic():
        locked = (
            Story.objects.select_for_update(of=("self",))
            .select_related("lead_image")
            .get(pk=story.pk)
        )
        rule = check(action, locked, user, note=note, publish_at=publish_at, by=by)
        event = _apply(rule, locked, user, note=note.strip(), publish_at=publish_at, by=by)
    for field in ("status", "published_at", "updated_at", "version"):
        setattr(story, field, getattr(locked, field))
    return event


def _apply(
    rule: Rule, story: Story, user, *, note: str, publish_at: datetime | None, by: str
) -> StoryEvent:
    now = timezone.now()
    from_status = story.status
    if rule.action == Action.PUBLISH and (
        story.published_at is None or story.published_at > now or from_status == Status.SCHEDULED
    ):
        story.published_at = now
    elif rule.action == Action.SCHEDULE:
        story.published_at = publish_at
    elif rule.action == Action.UPDATE:
        story.updated_at = now
    elif rule.action == Action.CORRECT:
        Correction.objects.create(story=story, text=note, published_at=now, created_by=user)
    if rule.target is not None:
        story.status = rule.target
    actor = user.get_username() if user is not None else by
    with reversion.create_revision():
        story.save()
        reversion.set_user(user)
        reversion.set_comment(f"{rule.label} by {actor}" + (f": {note}" if note else ""))
    event = StoryEvent.objects.create(
        story=story,
        action=rule.action,
        from_status=from_status,
        to_status=story.status,
        user=user,
        actor=actor,
        note=note,
        created_at=now,
    )
    if rule.changes_public:
        transaction.on_commit(
            lambda: story_published_changed.send(sender=Story, story=story, action=rule.action)
        )
    return event


def submit(story: Story, user) -> StoryEvent:
    return perform(Action.SUBMIT, story, user)


def return_to_writer(story: Story, user, note: str) -> StoryEvent:
    return perform(Action.RETURN, story, user, note=note)


def approve(story: Story, user) -> StoryEvent:
    return perform(Action.APPROVE, story, user)


def publish(story: Story, user=None, *, by: str = "") -> StoryEvent:
    """Publish now; `user=None` with `by` names a system actor such as an ingest job."""
    return perform(Action.PUBLISH, story, user, by=by)


def schedule(story: Story, user, publish_at: datetime) -> StoryEvent:
    return perform(Action.SCHEDULE, story, user, publish_at=publish_at)


def unpublish(story: Story, user, reason: str) -> StoryEvent:
    return perform(Action.UNPUBLISH, story, user, note=reason)


def significant_update(story: Story, user, note: str = "") -> StoryEvent:
    return perform(Action.UPDATE, story, user, note=note)


def add_correction(story: Story, user, text: str) -> StoryEvent:
    return perform(Action.CORRECT, story, user, note=text)


def publish_if_due(story_pk: int, *, by: str) -> StoryEvent | None:
    """Flip one scheduled story whose time has come to published; None if nothing to do.

    The row lock and the status re-check make concurrent runs publish each story once.
    """
    with transaction.atomic():
        story = (
            Story.objects.select_for_update()
            .filter(pk=story_pk, status=Status.SCHEDULED, published_at__lte=timezone.now())
            .first()
        )
        if story is None:
            return None
        now = timezone.now()
        story.status = Status.PUBLISHED
        with reversion.create_revision():
            story.save()
            reversion.set_comment(f"Published on schedule by {by}")
        event = StoryEvent.objects.create(
            story=story,
            action=Action.PUBLISH,
            from_status=Status.SCHEDULED,
            to_status=Status.PUBLISHED,
            actor=by,
            note="Scheduled time reached.",
            created_at=now,
        )
        transaction.on_commit(
            lambda: story_published_changed.send(sender=Story, story=story, action=Action.PUBLISH)
        )
    return event
