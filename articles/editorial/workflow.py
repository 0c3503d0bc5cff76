"""The editorial state machine: every change of a story's state goes through here.

Each transition checks the actor's permission and the story's state, runs inside
`transaction.atomic()` on the locked row, keeps a revision, records a `StoryEvent`
and announces public changes with `story_published_changed` once the commit is done.
Admin buttons, list actions, the desk and management commands all call `perform()`;
restoring a revision, recovering a deleted story and withdrawing preview links are steps
of their own here (`restore_revision`, `recover_as_draft`, `revoke_preview_links`), and so
is writing the embed details a background task fetched into a body (`fill_in_embeds`).
"""

from __future__ import annotations

import copy
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

import reversion
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.html import strip_tags
from reversion.models import Version

from articles.body import embeds
from articles.body.elements import photos
from articles.body.tree import parse
from articles.dates import PUBLICATION, DateOutOfRange
from articles.languages import language_codes
from articles.models import (
    Author,
    Correction,
    Image,
    Section,
    Source,
    StaleStoryError,
    Story,
    StoryAuthor,
    StoryEvent,
)
from articles.models.story import new_preview_secret
from articles.signals import story_published_changed
from articles.slugs import unique_story_slug

Status = Story.Status
Action = StoryEvent.Action

#: States in which a writer may still change their own story.
WRITER_EDITABLE = frozenset({Status.DRAFT, Status.RETURNED})
#: Front-page placement is the desk's decision, like publishing.
PLACEMENT_PERMISSION = "articles.publish_story"
#: An embargo decides when readers see a story, like publishing does.
EMBARGO_PERMISSION = "articles.publish_story"
#: Preview links are handed out, and withdrawn, by the desk.
PREVIEW_LINKS_PERMISSION = "articles.review_story"
#: What restoring a revision brings back: the text, the placement and the byline override
#: (the bylines themselves follow the story in its revisions). Never the workflow state,
#: publish times, version or preview secret, which only move forward.
RESTORED_FIELDS = (
    "headline", "slug", "dek", "body", "lead_image_id", "section_id", "priority",
    "related_stories", "byline_override", "dateline", "source_id", "original_url",
    "usage_terms", "seo_title", "seo_description",
)  # fmt: skip
# What a revision points at, and the thing that may have been deleted since.
REFERENCES = {"section_id": Section, "lead_image_id": Image, "source_id": Source}


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


def can_recover(user, story: Story) -> bool:
    """Bringing back a deleted story adds a draft: whoever may add it and edit it as one."""
    as_draft = copy.copy(story)
    as_draft.status = Status.DRAFT
    return user.has_perm("articles.add_story") and can_edit(user, as_draft)


def can_place(user) -> bool:
    """Whether `user` chooses a story's front-page priority."""
    return user.has_perm(PLACEMENT_PERMISSION)


def can_set_embargo(user) -> bool:
    """Whether `user` sets or lifts a story's embargo: it decides when readers see it."""
    return user.has_perm(EMBARGO_PERMISSION)


def can_hand_out_previews(user) -> bool:
    return user.has_perm(PREVIEW_LINKS_PERMISSION)


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
    if rule.needs_time and publish_at is not None:
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
        locked = _lock(story.pk)
        rule = check(action, locked, user, note=note, publish_at=publish_at, by=by)
        event = _apply(rule, locked, user, note=note.strip(), publish_at=publish_at, by=by)
    for field in ("status", "published_at", "updated_at", "version", "preview_secret"):
        setattr(story, field, getattr(locked, field))
    return event


def _lock(story_pk: int) -> Story:
    return (
        Story.objects.select_for_update(of=("self",)).select_related("lead_image").get(pk=story_pk)
    )


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
    elif rule.action == Action.UNPUBLISH:
        # Whoever holds a preview link must not keep reading what readers no longer may.
        story.preview_secret = new_preview_secret()
    if rule.target is not None:
        story.status = rule.target
    _keep_times_in_order(story)
    actor = _actor(user, by)
    with _revision(user, f"{rule.label} by {actor}" + (f": {note}" if note else "")):
        _save(story, rule.verb)
    event = _record(story, rule.action, from_status, user, actor, note=note, at=now)
    if rule.changes_public:
        transaction.on_commit(
            lambda: story_published_changed.send(sender=Story, story=story, action=rule.action)
        )
    return event


def _keep_times_in_order(story: Story) -> None:
    """Drop an "updated" time from before the story's (new) publish time.

    Readers see "Updated" for a significant edit after publication; a time carried from
    before it, such as an ingested item's revision time, means nothing once the story is
    published or scheduled later than that.
    """
    if story.updated_at is not None and (
        story.published_at is None or story.updated_at < story.published_at
    ):
        story.updated_at = None


def _save(story: Story, verb: str, **save_options) -> None:
    """Save a story the workflow changed; a rule it would break is refused, not a 500."""
    try:
        # The workflow never moves an ingest GUID, so its uniqueness needs no query here.
        story.validate_constraints(exclude={"ingest_guid"})
    except ValidationError as error:
        raise TransitionInvalid(
            f"Cannot {verb} “{story.headline}”: {' '.join(error.messages)}"
        ) from None
    story.save(**save_options)


def _actor(user, by: str) -> str:
    return user.get_username() if user is not None else by


@contextmanager
def _revision(user, comment: str) -> Iterator[None]:
    with reversion.create_revision():
        yield
        reversion.set_user(user)
        reversion.set_comment(comment)


def _record(
    story: Story, action: str, from_status: str, user, actor: str, *, note: str = "", at=None
) -> StoryEvent:
    return StoryEvent.objects.create(
        story=story,
        action=action,
        from_status=from_status,
        to_status=story.status,
        user=user,
        actor=actor,
        note=note,
        created_at=at or timezone.now(),
    )


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
        story = Story.objects.select_for_update().due().filter(pk=story_pk).first()
        if story is None:
            return None
        story.status = Status.PUBLISHED
        with _revision(None, f"Published on schedule by {by}"):
            _save(story, "publish")
        event = _record(
            story, Action.PUBLISH, Status.SCHEDULED, None, by, note="Scheduled time reached."
        )
        transaction.on_commit(
            lambda: story_published_changed.send(sender=Story, story=story, action=Action.PUBLISH)
        )
    return event


#: How many times ``fill_in_embeds`` starts again when an editor saved meanwhile.
FILL_IN_ATTEMPTS = 5


def fill_in_embeds(*, story_pk: int, details: Mapping[str, embeds.EmbedDetails]) -> bool:
    """Write what providers said about a story's embeds into its body; False if nothing to.

    The providers' answers are not an editor's change: the version stays, so a form open on
    the story saves as before, and no revision or event is kept. The write only happens on
    the body it was computed from (compare and swap): an editor's save in between is kept,
    and the answers are filled into that body instead.
    """
    for _attempt in range(FILL_IN_ATTEMPTS):
        body = Story.objects.filter(pk=story_pk).values_list("body", flat=True).first()
        if body is None:
            return False
        filled = embeds.fill_in(body, details)
        if filled == body:
            return False
        with transaction.atomic():
            # StoryQuerySet.update keeps the body's image uses and the page cache in step.
            if Story.objects.filter(pk=story_pk, body=body).update(body=filled):
                return True
    raise WorkflowError(f"The story {story_pk} kept changing while its embeds were filled in.")


def revoke_preview_links(*, story: Story, user) -> StoryEvent:
    """Withdraw every preview link handed out for `story`; new links work as before."""
    if not can_hand_out_previews(user):
        raise TransitionForbidden("You may not withdraw preview links.")
    with transaction.atomic():
        locked = _lock(story.pk)
        locked.preview_secret = new_preview_secret()
        with _revision(user, f"Preview links revoked by {user.get_username()}"):
            _save(locked, "revoke the preview links of")
        event = _record(locked, Action.REVOKE_PREVIEWS, locked.status, user, user.get_username())
    story.preview_secret, story.version = locked.preview_secret, locked.version
    return event


def can_translate(user, story: Story) -> bool:
    """Whoever may write stories and see this one may start its translation."""
    return user.has_perm("articles.add_story") and (
        user.has_perm("articles.view_story") or user.has_perm("articles.change_story")
    )


def start_translation(*, story: Story, language: str, user) -> Story:
    """A new draft in ``language`` that translates ``story``, linked to the set's original.

    It takes the story's placement (a section of the new language's edition, the tags and the
    lead photo) but none of its text: the headline is a working title naming the original.
    Refused when the set already has a story in that language.
    """
    if not can_translate(user, story):
        raise TransitionForbidden("You may not start translations.")
    if language not in language_codes():
        raise TransitionInvalid(f"“{language}” is not one of the site's languages.")
    with transaction.atomic():
        locked = _lock(story.pk)
        original = locked.translation_of or locked
        taken = Story.objects.filter(
            Q(pk=original.pk) | Q(translation_of=original), language=language
        ).first()
        if taken is not None:
            raise TransitionInvalid(
                f"“{original.headline}” already has a translation in that language: "
                f"“{taken.headline}”."
            )
        translation = Story(
            headline=f"Translation of “{original.headline}”"[:255],
            slug=unique_story_slug(" ".join((original.slug, language))),
            language=language,
            translation_of=original,
            section=section_for_edition(locked.section, language),
            lead_image=locked.lead_image,
            status=Story.Status.DRAFT,
            created_by=user,
        )
        with _revision(user, f"Translation of #{original.pk} started by {user.get_username()}"):
            _save(translation, "start a translation of")
            translation.tags.set(locked.tags.all())
        _record(
            translation,
            Action.TRANSLATE,
            "",
            user,
            user.get_username(),
            note=f"Translation of #{original.pk} “{original.headline}”",
        )
    return translation


def section_for_edition(section: Section, language: str) -> Section:
    """The section of ``language``'s edition in the place of ``section`` in its own.

    The section at the same position in that edition, else its first one; a section of
    every edition (no edition) stays as it is.
    """
    if not section.edition:
        return section
    in_edition = Section.objects.filter(edition=language).order_by("position", "name")
    return (
        in_edition.filter(position=section.position).first()
        or in_edition.first()
        or Section.objects.filter(edition="").order_by("position", "name").first()
        or section
    )


def story_versions(story_pk: int | str):
    """The versions reversion keeps of the story numbered `story_pk`, current or deleted."""
    return Version.objects.get_for_object_reference(Story, str(story_pk))


def restore_revision(
    *, story: Story, version: Version, user, expected_version: int | None = None
) -> StoryEvent:
    """Bring back a revision's text, bylines and placement; the story keeps its state.

    Who may restore is decided on the story as it is now (`can_edit`), never as it was in
    the revision. `expected_version` is the version the restoring page showed: if someone
    has saved since, the restore is refused with `StaleStoryError`.
    """
    if not story_versions(story.pk).filter(pk=version.pk).exists():
        raise TransitionInvalid("That revision is not one of this story's.")
    saved_on = _when(version)
    with transaction.atomic():
        locked = _lock(story.pk)
        if not can_edit(user, locked):
            raise TransitionForbidden(f"You may not change “{locked.headline}” now.")
        if expected_version is not None and expected_version != locked.version:
            raise StaleStoryError(
                f"“{locked.headline}” was saved by someone else after you opened this revision."
            )
        values = _revision_values(version, refuse=f"Cannot restore the revision of {saved_on}")
        note = f"Restored the revision saved on {saved_on}."
        if not can_place(user):
            values.pop("priority", None)
        if _address_taken(values["slug"], but=locked.pk):
            values.pop("slug")
            note += f" Kept the address “{locked.slug}”: the old one is now another story's."
        related = values.pop("related_stories")
        for name, value in values.items():
            setattr(locked, name, value)
        actor = user.get_username()
        with _revision(user, f"Reverted to the revision saved on {saved_on} by {actor}"):
            _save(locked, "restore")
            _restore_bylines(locked, version)
            locked.related_stories.set(Story.objects.filter(pk__in=related).exclude(pk=locked.pk))
        event = _record(locked, Action.RESTORE, locked.status, user, actor, note=note)
        if locked.is_public:
            transaction.on_commit(
                lambda: story_published_changed.send(
                    sender=Story, story=locked, action=Action.RESTORE
                )
            )
    for name in (*values, "version"):
        setattr(story, name, getattr(locked, name))
    return event


def recover_as_draft(*, version: Version, user) -> StoryEvent:
    """Bring a deleted story back from its last revision, as a draft.

    Only a story that no longer exists can be recovered (a story that does is restored
    from its history instead); going public again is a workflow step of its own.
    """
    if version.content_type_id != ContentType.objects.get_for_model(Story).pk:
        raise TransitionInvalid("That version is not a story's.")
    story_pk = int(version.object_id)
    if Story.objects.filter(pk=story_pk).exists():
        raise TransitionInvalid(
            f"“{version.object_repr}” was not deleted: restore one of its revisions from its "
            "history instead."
        )
    refusal = f"Cannot recover “{version.object_repr}”"
    try:
        with transaction.atomic():
            story, related, note = _story_from(version, user, refusal)
            actor = user.get_username()
            with _revision(user, f"Recovered as a draft by {actor}"):
                # Bylines are part of whose story it is, so permission is checked with them.
                _save(story, "recover", force_insert=True)
                _restore_bylines(story, version)
                if not can_recover(user, story):
                    raise TransitionForbidden(f"You may not recover “{story.headline}”.")
                story.related_stories.set(Story.objects.filter(pk__in=related))
            event = _record(story, Action.RECOVER, version.field_dict["status"], user, actor,
                            note=note)  # fmt: skip
    except IntegrityError:
        # Someone else recovered it (or took its address) at the same moment.
        raise TransitionInvalid(
            f"{refusal}: someone else has just recovered it or taken its address; try again."
        ) from None
    return event


def _story_from(version: Version, user, refusal: str) -> tuple[Story, list[int], str]:
    """A new draft from a deleted story's revision, its related stories and a note for the log."""
    fields = version.field_dict
    values = _revision_values(version, refuse=refusal)
    related = values.pop("related_stories")
    if not can_place(user):
        values.pop("priority", None)
    story = Story(
        pk=int(version.object_id),
        **values,
        status=Status.DRAFT,
        published_at=fields.get("published_at"),
        updated_at=fields.get("updated_at"),
        created_by_id=fields.get("created_by_id"),
        needs_attention=fields.get("needs_attention", False),
        attention_reason=fields.get("attention_reason", ""),
        ingest_guid=fields.get("ingest_guid", ""),
        ingested_hash=fields.get("ingested_hash", ""),
        source_revision=fields.get("source_revision", ""),
    )
    if story.created_by_id and not _user_exists(story.created_by_id):
        story.created_by_id = None
    note = f"Recovered from the revision saved on {_when(version)}."
    free = unique_story_slug(story.slug, story_id=story.pk)
    if free != story.slug:
        note += f" Its old address is now another story's, so it is at “{free}”."
        story.slug = free
    if story.ingest_guid and _ingested_again(story):
        story.ingest_guid = ""
        note += " Its source's item has been ingested again since, as another story."
    _keep_times_in_order(story)
    return story, related, note


def _revision_values(version: Version, *, refuse: str) -> dict:
    """The restorable fields of a revision, refused if what they point at has gone."""
    fields = version.field_dict
    values = {name: fields[name] for name in RESTORED_FIELDS if name in fields}
    values.setdefault("related_stories", [])
    gone = [
        name.removesuffix("_id").replace("_", " ")
        for name, model in REFERENCES.items()
        if values.get(name) is not None
        and not model._default_manager.filter(pk=values[name]).exists()
    ]
    if gone:
        raise TransitionInvalid(f"{refuse}: its {' and '.join(gone)} no longer exist.")
    return values


def _restore_bylines(story: Story, version: Version) -> None:
    """Make the story's bylines those of the revision (authors deleted since are left out)."""
    bylines = [
        other.field_dict
        for other in version.revision.version_set.filter(
            content_type=ContentType.objects.get_for_model(StoryAuthor)
        )
    ]
    authors = set(
        Author.objects.filter(pk__in=[byline["author_id"] for byline in bylines]).values_list(
            "pk", flat=True
        )
    )
    # One by one, so the page cache hears of each byline that goes and comes.
    for byline in story.storyauthor_set.all():
        byline.delete()
    for byline in sorted(bylines, key=lambda byline: byline["position"]):
        if byline["story_id"] == story.pk and byline["author_id"] in authors:
            StoryAuthor.objects.create(
                story=story, author_id=byline["author_id"], position=byline["position"]
            )


def _ingested_again(story: Story) -> bool:
    return Story.objects.filter(source=story.source_id, ingest_guid=story.ingest_guid).exists()


def _address_taken(slug: str, *, but: int) -> bool:
    return Story.objects.filter(slug=slug).exclude(pk=but).exists()


def _user_exists(user_pk: int) -> bool:
    return get_user_model().objects.filter(pk=user_pk).exists()


def _when(version: Version) -> str:
    return formats.date_format(timezone.localtime(version.revision.date_created), "DATETIME_FORMAT")
