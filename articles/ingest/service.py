"""Turning a source's items into draft stories: create, update while unedited, else flag.

Every item is handled on its own: one that fails is reported and the run goes on.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import asdict, dataclass, field
from enum import StrEnum

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from articles.editorial import workflow
from articles.ingest.fetch import FetchError, download_picture, read_location
from articles.ingest.parsers import FeedError, IngestItem, parse_document
from articles.ingest.pictures import PlacedBody, place_partner_pictures
from articles.languages import match_language
from articles.models import Image, Section, Source, Story
from articles.sanitize import sanitize_html
from articles.slugs import unique_story_slug

logger = logging.getLogger(__name__)

MAX_TAGS = 20


class Outcome(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    FLAGGED = "flagged"
    FAILED = "failed"


class ItemError(Exception):
    """This item cannot be ingested; the message says why."""


@dataclass
class ItemReport:
    """What happened to one item."""

    guid: str
    outcome: Outcome
    message: str = ""
    story_id: int | None = None

    def __str__(self) -> str:
        text = f"{self.outcome}: {self.guid or '(no guid)'}"
        if self.story_id:
            text += f" (story {self.story_id})"
        return f"{text}: {self.message}" if self.message else text


@dataclass
class IngestReport:
    """What happened to one document: an error for the whole of it, or one report per item."""

    source: Source
    items: list[ItemReport] = field(default_factory=list)
    error: str = ""

    def count(self, outcome: Outcome) -> int:
        return sum(1 for item in self.items if item.outcome == outcome)

    @property
    def failures(self) -> list[ItemReport]:
        return [item for item in self.items if item.outcome == Outcome.FAILED]

    def summary(self) -> str:
        if self.error:
            return f"{self.source.slug}: {self.error}"
        counts = ", ".join(f"{self.count(outcome)} {outcome}" for outcome in Outcome)
        return f"{self.source.slug}: {counts}"


def ingest_location(location: str, source: Source) -> IngestReport:
    """Read a feed or ninjs document from a URL or file into the source's stories."""
    try:
        content = read_location(location)
    except FetchError as error:
        return IngestReport(source=source, error=str(error))
    return ingest_document(content, source)


def ingest_document(content: bytes, source: Source) -> IngestReport:
    try:
        items = parse_document(content)
    except FeedError as error:
        return IngestReport(source=source, error=str(error))
    report = IngestReport(source=source)
    for item in items:
        language = story_language(item, source)
        report.items.append(ingest_item(item, source, section_for(source, language), language))
    return report


def story_language(item: IngestItem, source: Source) -> str:
    """The item's language as the feed says it, else the source's, else the site's."""
    return match_language(item.language) or source.language or settings.DEFAULT_LANGUAGE


def section_for(source: Source, language: str) -> Section | None:
    """Where an item in ``language`` is filed: the source's section when it suits that
    edition, else the edition's first section, else the first section of all."""
    sections = Section.objects.order_by("position", "name")
    chosen = source.ingest_section
    if chosen is not None and chosen.edition in ("", language):
        return chosen
    return sections.filter(edition=language).first() or chosen or sections.first()


def poll_source(source: Source) -> IngestReport:
    """Ingest a source's feed_url and record when and how that went on the source."""
    report = ingest_location(source.feed_url, source)
    problems = [report.error] if report.error else [str(item) for item in report.failures]
    Source.objects.filter(pk=source.pk).update(
        last_polled_at=timezone.now(), last_poll_error="\n".join(problems)
    )
    return report


def ingest_item(
    item: IngestItem, source: Source, section: Section | None, language: str = ""
) -> ItemReport:
    """Create, update, flag or skip the story for one item; never raises."""
    try:
        filed_in = check_item(item, section)
        existing = Story.objects.filter(source=source, ingest_guid=item.guid).first()
        if existing is None:
            return create_story(item, source, filed_in, language or story_language(item, source))
        return update_story(existing, item, source)
    except (ItemError, FetchError) as error:
        return ItemReport(item.guid, Outcome.FAILED, str(error))
    except Exception as error:
        logger.exception("Ingest of %s from %s failed", item.guid, source.slug)
        return ItemReport(item.guid, Outcome.FAILED, f"unexpected error: {error!r}")


def check_item(item: IngestItem, section: Section | None) -> Section:
    """The section to file the item in, or ItemError saying why the item cannot be taken."""
    if item.problem:
        raise ItemError(item.problem)
    if not item.guid:
        raise ItemError("the item has no GUID or URI, so it could not be matched on a later run.")
    if len(item.guid) > 500:
        raise ItemError("the item's GUID is longer than 500 characters.")
    if not item.headline:
        raise ItemError("the item has no headline.")
    if len(item.body_html) > settings.INGEST_MAX_BODY_CHARS:
        raise ItemError(
            f"the body is {len(item.body_html)} characters, "
            f"over the limit of {settings.INGEST_MAX_BODY_CHARS}."
        )
    if section is None:
        raise ItemError("there is no section to file the story in; create one first.")
    return section


def item_revision(item: IngestItem) -> str:
    """A digest of the item as the source sent it, to notice when the source changes it."""
    # What was left out is our note about the item, not part of it; the language is left out
    # so that items read before ingest knew languages do not all look changed at once.
    sent = {
        name: value
        for name, value in asdict(item).items()
        if name not in ("dropped_dates", "language")
    }
    return hashlib.sha256(json.dumps(sent, sort_keys=True, default=str).encode()).hexdigest()


def story_fingerprint(story: Story) -> str:
    """A digest of what ingest writes into a story; it changes when a person edits those."""
    fields = [
        story.headline,
        story.dek,
        sanitize_html(story.body),
        story.byline_override,
        story.original_url,
        story.dateline,
        story.lead_image_id,
    ]
    return hashlib.sha256(json.dumps(fields, default=str).encode()).hexdigest()


def _original_url(link: str) -> str:
    return link if link.startswith(("http://", "https://")) and len(link) <= 500 else ""


def apply_item(story: Story, item: IngestItem, picture: Image | None, body: str) -> None:
    story.headline = item.headline[:255]
    story.dek = item.summary
    story.body = body
    story.byline_override = item.byline[:255]
    story.original_url = _original_url(item.link)
    story.dateline = item.dateline[:100]
    story.lead_image = picture
    story.embargo_until = item.embargo_until
    if story.status == Story.Status.DRAFT:
        story.published_at = item.published_at
    if item.updated_at and story.published_at and item.updated_at > story.published_at:
        story.updated_at = item.updated_at


def fetch_picture(item: IngestItem, source: Source) -> tuple[Image | None, str]:
    """The item's lead picture, or None and the reason it could not be had."""
    if item.picture is None:
        return None, ""
    try:
        picture = download_picture(
            item.picture.url,
            agency=source.name,
            caption=item.picture.caption,
            credit=item.picture.credit,
            copyright=item.picture.copyright,
        )
    except FetchError as error:
        return None, f"the lead picture was not downloaded: {error}"
    return picture, ""


def item_problems(item: IngestItem, picture_problems: list[str]) -> list[str]:
    """What the desk should know about a story ingested without part of its item."""
    return [*item.dropped_dates, *picture_problems]


def place_pictures(item: IngestItem, source: Source) -> PlacedBody:
    """The item's body with its inline pictures, and the feed's further ones, in the library."""
    return place_partner_pictures(
        html=item.body_html, agency=source.name, following=item.more_pictures
    )


def create_story(
    item: IngestItem, source: Source, section: Section, language: str = ""
) -> ItemReport:
    picture, picture_problem = fetch_picture(item, source)
    placed = place_pictures(item, source)
    problems = item_problems(item, [*filter(None, [picture_problem]), *placed.problems])
    story = Story(
        source=source,
        section=section,
        ingest_guid=item.guid,
        status=Story.Status.DRAFT,
        slug=unique_story_slug(item.headline),
        language=language or story_language(item, source),
    )
    apply_item(story, item, picture, placed.html)
    story.needs_attention = bool(problems)
    story.attention_reason = "; ".join(problems)[:500]
    with transaction.atomic():
        story.save()
        story.tags.add(*{tag[:100] for tag in item.tags[:MAX_TAGS]})
        story.ingested_hash = story_fingerprint(story)
        story.source_revision = item_revision(item)
        Story.objects.filter(pk=story.pk).update(
            ingested_hash=story.ingested_hash, source_revision=story.source_revision
        )
        published = publish_if_source_allows(
            story, held_back="the embargo could not be read" if item.embargo_left_out else ""
        )
    message = "published, the source allows it" if published else "kept as a draft"
    message = "; ".join([message, *problems])
    return ItemReport(item.guid, Outcome.CREATED, message, story.pk)


def update_story(story: Story, item: IngestItem, source: Source) -> ItemReport:
    revision = item_revision(item)
    if revision == story.source_revision:
        return ItemReport(item.guid, Outcome.UNCHANGED, story_id=story.pk)
    edited = story_fingerprint(story) != story.ingested_hash
    left_draft = story.status != Story.Status.DRAFT and not source.auto_publish
    if edited or left_draft:
        status = story.get_status_display()
        why = "was edited here" if edited else f"is no longer a draft ({status})"
        reason = (
            f"The source changed this story on {timezone.now():%Y-%m-%d %H:%M} after it {why}; "
            f"compare with {item.link or item.guid}."
        )[:500]
        Story.objects.filter(pk=story.pk).update(
            needs_attention=True, attention_reason=reason, source_revision=revision
        )
        return ItemReport(item.guid, Outcome.FLAGGED, reason, story.pk)
    picture, picture_problem = fetch_picture(item, source)
    if picture_problem:
        picture = story.lead_image
    placed = place_pictures(item, source)
    problems = item_problems(item, [*filter(None, [picture_problem]), *placed.problems])
    with transaction.atomic():
        apply_item(story, item, picture, placed.html)
        story.needs_attention = bool(problems)
        story.attention_reason = "; ".join(problems)[:500]
        story.save()
        story.ingested_hash = story_fingerprint(story)
        story.source_revision = revision
        Story.objects.filter(pk=story.pk).update(
            ingested_hash=story.ingested_hash, source_revision=revision
        )
    return ItemReport(item.guid, Outcome.UPDATED, "; ".join(problems), story.pk)


def publish_if_source_allows(story: Story, *, held_back: str = "") -> bool:
    """Publish a newly ingested story, through the workflow, when its source auto-publishes.

    A story the workflow will not publish (a photo without alt text, say), or one ``held_back``
    for a reason (an embargo that could not be read), stays a draft and is flagged for the
    desk with the reason.
    """
    source = story.source
    if source is None or not source.auto_publish:
        return False
    if held_back:
        reason = f"Not auto-published: {held_back}. {story.attention_reason}"
        Story.objects.filter(pk=story.pk).update(
            needs_attention=True, attention_reason=reason[:500]
        )
        return False
    try:
        workflow.publish(story, by=f"ingest: {source.slug}")
    except workflow.TransitionInvalid as refusal:
        reason = f"Not auto-published: {refusal}"
        Story.objects.filter(pk=story.pk).update(
            needs_attention=True, attention_reason=reason[:500]
        )
        return False
    return True
