"""What readers see of live coverage: the page of updates, the key events, the poll's latest.

Every read starts from ``LiveUpdate.objects.public()`` and costs the same number of queries
however many updates a story has: bodies are prepared together (``prepare_bodies``), bylines
prefetched, and a page of updates is read with one row more than it shows to know whether
older ones exist.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django import forms
from django.conf import settings
from django.db.models import (
    Case,
    Count,
    DateTimeField,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
    When,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce

from articles.body.rendering import Output, prepare_bodies, story_body
from articles.dates import require_ascii_digits
from articles.models import Image, LiveUpdate, Story

#: A page of updates; older ones are on the next page ("older updates").
PAGE_SIZE = 50
#: Key events listed in the summary at the top of the page.
KEY_EVENTS = 20
#: Deleted updates a poll answer names, latest first: an open page removes those it shows.
POLL_DELETIONS = 50
#: Far past any real page, so a hostile number never reaches the database as an offset.
MAX_PAGE = 100_000


class PageNumberField(forms.IntegerField):
    """A page number written with the digits 0-9 (Django would read other scripts' digits)."""

    def to_python(self, value):
        if isinstance(value, str):
            require_ascii_digits(value)
        return super().to_python(value)


class LivePageForm(forms.Form):
    """The ``page`` of a live story's updates: 1 to MAX_PAGE."""

    page = PageNumberField(min_value=1, max_value=MAX_PAGE, required=False)

    def clean_page(self) -> int:
        return self.cleaned_data.get("page") or 1


@dataclass
class LivePage:
    """One page of a live story as readers get it."""

    story: Story
    number: int
    updates: list[LiveUpdate]
    pinned: list[LiveUpdate] = field(default_factory=list)
    key_events: list[LiveUpdate] = field(default_factory=list)
    has_older: bool = False
    images: list[Image] = field(default_factory=list)

    @property
    def shown(self) -> list[LiveUpdate]:
        return [*self.pinned, *self.updates]

    @property
    def latest_at(self) -> datetime | None:
        """When the newest update shown went out or was last edited."""
        return latest_moment(self.shown)


def public_updates(story: Story):
    return LiveUpdate.objects.public().filter(story=story)


def update_location(story: Story, update: LiveUpdate, page: int = 1) -> str:
    """Where readers find an update: its anchor on the page of updates that prints it."""
    query = f"?page={page}" if page > 1 else ""
    return f"{story.get_absolute_url()}{query}#{update.anchor}"


def latest_public_update_at() -> Case:
    """For a query of stories: when each live story's latest public update went out or was
    last edited (NULL without one); other stories' updates are not even looked up."""
    latest = (
        LiveUpdate.objects.public()
        .filter(story=OuterRef("pk"))
        .order_by()
        .values("story")
        # An update is edited after it went out, so its edit time is its latest.
        .annotate(at=Max(Coalesce("edited_at", "published_at", output_field=DateTimeField())))
        .values("at")
    )
    return Case(When(live=True, then=Subquery(latest)), default=None, output_field=DateTimeField())


def with_page_number(updates):
    """``updates`` with the page that prints each (``page_number``): pinned ones are on the
    first page, the others ``PAGE_SIZE`` a page after the newer unpinned ones, counted in the
    same query."""
    newer = (
        LiveUpdate.objects.public()
        .filter(story=OuterRef("story"), pinned=False)
        .filter(
            Q(published_at__gt=OuterRef("published_at"))
            | Q(published_at=OuterRef("published_at"), pk__gt=OuterRef("pk"))
        )
        .order_by()
        .values("story")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return updates.annotate(
        newer_count=Coalesce(Subquery(newer, output_field=IntegerField()), Value(0))
    )


def page_number(update: LiveUpdate) -> int:
    if update.pinned:
        return 1
    return update.newer_count // PAGE_SIZE + 1  # type: ignore[attr-defined]


def latest_moment(updates: list[LiveUpdate]) -> datetime | None:
    moments = [m for u in updates for m in (u.published_at, u.edited_at) if m is not None]
    return max(moments, default=None)


def live_page(story: Story, number: int = 1) -> LivePage | None:
    """Page ``number`` of the story's updates (pinned ones and key events on page 1 only);
    None when that page has none."""
    updates = public_updates(story).newest_first()
    start = (number - 1) * PAGE_SIZE
    rows = list(updates.filter(pinned=False)[start : start + PAGE_SIZE + 1])
    if number > 1 and not rows:
        return None
    page = LivePage(story=story, number=number, updates=rows[:PAGE_SIZE])
    page.has_older = len(rows) > PAGE_SIZE
    if number == 1:
        page.pinned = list(updates.filter(pinned=True))
        # A key event may be older than the first page: its link names the page printing it.
        page.key_events = list(
            with_page_number(public_updates(story).filter(key_event=True)).newest_first()
            .only("pk", "story", "headline", "body", "pinned", "published_at")[:KEY_EVENTS]
        )  # fmt: skip
        for event in page.key_events:
            event.page_number = page_number(event)  # type: ignore[attr-defined]
    # One query for the bylines of every update shown, pinned or not.
    prefetch_related_objects(page.shown, "authors")
    page.images = prepare_bodies(page.shown, renditions=False)
    return page


@dataclass
class PollAnswer:
    """What a live page's poll receives: the newest updates to add or refresh, older ones
    edited since, to refresh where shown, and the ids of updates deleted since readers saw them."""

    newest: list[LiveUpdate]
    edited: list[LiveUpdate]
    deleted: list[int]


def poll_answer(story: Story, limit: int | None = None) -> PollAnswer:
    """The newest ``limit`` public updates (pinned or not), the ``limit`` most recently edited
    beyond them and the ``POLL_DELETIONS`` latest deletions, in four queries whatever the
    number of updates; every body prepared together."""
    limit = limit or settings.LIVE_POLL_LENGTH
    newest = list(public_updates(story).for_page().newest_first()[:limit])
    edited = list(
        public_updates(story)
        .for_page()
        .filter(edited_at__isnull=False)
        .exclude(pk__in=[update.pk for update in newest])
        .order_by("-edited_at", "-pk")[:limit]
    )
    prepare_bodies([*newest, *edited])
    # Only updates readers may have seen: one held and deleted never went out, so its id stays
    # unknown outside the newsroom.
    deleted = list(
        LiveUpdate.objects.filter(story=story, published_at__isnull=False, deleted_at__isnull=False)
        .order_by("-deleted_at", "-pk")
        .values_list("pk", flat=True)[:POLL_DELETIONS]
    )
    return PollAnswer(newest=newest, edited=edited, deleted=deleted)


def update_html(update: LiveUpdate) -> str:
    return story_body(update).html(Output.PAGE)


def last_changed_at(story: Story) -> datetime | None:
    """When any update readers saw went out, was edited or was deleted."""
    moments = LiveUpdate.objects.filter(story=story, published_at__isnull=False).aggregate(
        published=Max("published_at"),
        edited=Max("edited_at"),
        deleted=Max("deleted_at", filter=Q(deleted_at__isnull=False)),
    )
    return max(filter(None, moments.values()), default=None)


def attach_public_updates(stories, limit: int = PAGE_SIZE) -> None:
    """Give each live story of ``stories`` its newest public updates (``story.public_updates``),
    bylines and bodies prepared: three queries whatever the number of stories, none when no
    story is live."""
    live = [story for story in stories if story.live]
    if not live:
        return
    newest = LiveUpdate.objects.public().newest_first()[:limit]
    prefetch_related_objects(live, Prefetch("live_updates", newest, to_attr="public_updates"))
    shown = [update for story in live for update in story.public_updates]
    prefetch_related_objects(shown, "authors")
    prepare_bodies(shown)
