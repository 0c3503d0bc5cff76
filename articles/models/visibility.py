"""What readers may see: a story's workflow states and the one rule that makes a story public.

``public_q()`` is the condition of ``Story.objects.published()``, reusable through any
relation; ``Story.is_public`` is the same rule in Python. Nothing else compares a status
with "published" or "scheduled" except the workflow, which moves stories between them.

A story is public when it is in a public state, its publish time has come and its embargo
(if it carries one) has passed. The embargo is not a workflow state: a story may be
published on the desk and still show nowhere until the embargo time.
"""

from __future__ import annotations

from datetime import datetime

from django.db import models
from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import pgettext_lazy


class StoryStatus(models.TextChoices):
    """Where a story is in the editorial workflow."""

    DRAFT = "draft", pgettext_lazy("story status", "Draft")
    IN_REVIEW = "in_review", pgettext_lazy("story status", "In review")
    RETURNED = "returned", pgettext_lazy("story status", "Returned to writer")
    READY = "ready", pgettext_lazy("story status", "Ready")
    SCHEDULED = "scheduled", pgettext_lazy("story status", "Scheduled")
    PUBLISHED = "published", pgettext_lazy("story status", "Published")
    UNPUBLISHED = "unpublished", pgettext_lazy("story status", "Unpublished")


#: States that are public once their publish time has come. The order is the order of the
#: SQL ``IN`` list, which the partial indexes repeat so both databases match them.
PUBLIC_STATUSES: tuple[str, ...] = (StoryStatus.PUBLISHED, StoryStatus.SCHEDULED)
#: States that carry a publish time: the public ones and a story taken down.
DATED_STATUSES: tuple[str, ...] = (*PUBLIC_STATUSES, StoryStatus.UNPUBLISHED)


def _lookup(path: str, name: str) -> str:
    return f"{path}__{name}" if path else name


def public_status_q(path: str = "") -> Q:
    """Stories in a public state, whatever their time: the partial indexes' condition."""
    return Q(**{_lookup(path, "status__in"): list(PUBLIC_STATUSES)})


def _in_public_statuses(path: str) -> Q:
    """``public_status_q()`` for queries, with the list written out rather than bound.

    SQLite uses a partial index (the story indexes' ``status IN (...)`` condition) only when
    the query spells the list literally, as the index does.
    """
    listed = RawSQL(", ".join(f"'{status}'" for status in PUBLIC_STATUSES), [])
    return Q(**{_lookup(path, "status__in"): listed})


def embargo_lifted_q(
    path: str = "", *, at: datetime | None = None, field: str = "embargo_until"
) -> Q:
    """Stories with no embargo, or whose embargo time has come; ``field`` names the embargo
    where it is not the story's own (a byline's copy of it)."""
    return Q(**{_lookup(path, f"{field}__isnull"): True}) | Q(
        **{_lookup(path, f"{field}__lte"): at or timezone.now()}
    )


def public_q(path: str = "", *, at: datetime | None = None) -> Q:
    """Stories readers may see at ``at`` (now): public state, publish time come, no embargo.

    ``path`` is the relation from the queried model to a story, e.g. ``"stories"``.
    """
    at = at or timezone.now()
    return (
        _in_public_statuses(path)
        & Q(**{_lookup(path, "published_at__lte"): at})
        & embargo_lifted_q(path, at=at)
    )


def embargoed_q(path: str = "", *, at: datetime | None = None) -> Q:
    """Stories whose embargo time is still ahead, whatever their state."""
    return Q(**{_lookup(path, "embargo_until__gt"): at or timezone.now()})


def upcoming_q(path: str = "", *, at: datetime | None = None) -> Q:
    """Stories that will become public by themselves when their publish or embargo time comes."""
    at = at or timezone.now()
    return _in_public_statuses(path) & (
        Q(**{_lookup(path, "published_at__gt"): at}) | embargoed_q(path, at=at)
    )


def due_q(path: str = "", *, at: datetime | None = None) -> Q:
    """Scheduled stories whose time has come: public already, waiting to be marked published."""
    return Q(
        **{
            _lookup(path, "status"): StoryStatus.SCHEDULED,
            _lookup(path, "published_at__lte"): at or timezone.now(),
        }
    )


def is_public(
    status: str,
    published_at: datetime | None,
    embargo_until: datetime | None = None,
    *,
    at: datetime | None = None,
) -> bool:
    """``public_q()`` for one story in memory."""
    at = at or timezone.now()
    return (
        status in PUBLIC_STATUSES
        and published_at is not None
        and published_at <= at
        and (embargo_until is None or embargo_until <= at)
    )


def is_upcoming(
    status: str,
    published_at: datetime | None,
    embargo_until: datetime | None = None,
    *,
    at: datetime | None = None,
) -> bool:
    """``upcoming_q()`` for one story in memory."""
    at = at or timezone.now()
    return (
        status in PUBLIC_STATUSES
        and published_at is not None
        and (published_at > at or (embargo_until is not None and embargo_until > at))
    )


def goes_public_at(
    published_at: datetime | None, embargo_until: datetime | None
) -> datetime | None:
    """When a story in a public state becomes visible: the later of publish and embargo time."""
    if published_at is None or embargo_until is None:
        return published_at
    return max(published_at, embargo_until)


def live_update_public_q(path: str = "", *, at: datetime | None = None) -> Q:
    """Live updates readers may see at ``at`` (now): posted, not deleted, story public.

    ``path`` is the relation from the queried model to a live update ("" for LiveUpdate).
    """
    moment = at or timezone.now()
    return public_q(_lookup(path, "story"), at=moment) & Q(
        **{
            _lookup(path, "published_at__lte"): moment,
            _lookup(path, "deleted_at__isnull"): True,
        }
    )


def is_live_update_public(update, *, at: datetime | None = None) -> bool:
    """``live_update_public_q()`` for one update (and its story) in memory."""
    moment = at or timezone.now()
    return (
        update.deleted_at is None
        and update.published_at is not None
        and update.published_at <= moment
        and is_public(
            update.story.status,
            update.story.published_at,
            update.story.embargo_until,
            at=moment,
        )
    )
