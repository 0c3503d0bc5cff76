"""Keyset pagination: "older stories" pages that cost what the first page costs.

A page number makes the database count and skip every newer story, so page 500 of a
section reads ten thousand rows. ``?before=<published_at>,<id>`` names the last story of
the page before instead: the next page starts right after it in the list's index order
(newest first, the id breaking ties), whatever its depth. The cursor is written in UTC with
microseconds, so the address of a page is stable and caches and crawlers can follow it.
The newest page counts nothing either. Page numbers (``?page=2``) still answer, with
"Page 2 of 40"; their "older stories" link is a cursor too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from django import forms
from django.db.models import Q
from django.http import Http404, HttpResponseBadRequest
from django.views.generic import ListView

from articles import dates

CURSOR_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"
CURSOR = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,6}))?Z,([1-9]\d{0,18})",
    re.ASCII,
)
LARGEST_ID = 2**63 - 1


@dataclass(frozen=True)
class Cursor:
    """Where a page of older stories starts: just after this story."""

    published_at: datetime
    pk: int

    @classmethod
    def after(cls, story) -> Cursor:
        return cls(story.published_at, story.pk)

    @classmethod
    def parse(cls, text: str) -> Cursor:
        """Read ``2026-11-25T10:00:00.000000Z,123``; raises ValueError with the reason."""
        match = CURSOR.fullmatch(text)
        if match is None:
            raise ValueError(
                "“before” must be a UTC time and a story number, "
                "such as 2026-11-25T10:00:00.000000Z,123."
            )
        year, month, day, hour, minute, second, fraction, pk = match.groups()
        try:
            moment = datetime(
                int(year),
                int(month),
                int(day),
                int(hour),
                int(minute),
                int(second),
                int((fraction or "0").ljust(6, "0")),
                tzinfo=UTC,
            )
        except ValueError as error:
            raise ValueError(f"“before” is not a real time: {error}.") from None
        moment = dates.PUBLICATION.check_moment(moment)  # DateOutOfRange is a ValueError
        if int(pk) > LARGEST_ID:
            raise ValueError("“before” names a story number larger than any story's.")
        return cls(moment, int(pk))

    def __str__(self) -> str:
        return f"{self.published_at.astimezone(UTC).strftime(CURSOR_FORMAT)},{self.pk}"

    def older_q(self, time_field: str = "published_at", id_field: str = "pk") -> Q:
        """Rows older than the cursor's story, by ``time_field`` and then ``id_field`` (a
        byline's or a tagging's copy of its story's listing names them otherwise)."""
        return Q(**{f"{time_field}__lt": self.published_at}) | Q(
            **{time_field: self.published_at, f"{id_field}__lt": self.pk}
        )


class OlderStoriesForm(forms.Form):
    before = forms.CharField(required=False, max_length=64, strip=False)

    def clean_before(self) -> Cursor | None:
        text = self.cleaned_data["before"]
        if not text:
            return None
        try:
            return Cursor.parse(text)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from None


class OlderPage:
    """The newest page or a page of older stories: what the templates ask of a page,
    without a count."""

    number = None
    paginator = None

    def __init__(self, stories: list, has_older: bool):
        self.object_list = stories
        self.older_cursor = Cursor.after(stories[-1]) if has_older else None

    def has_next(self) -> bool:
        return self.older_cursor is not None

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self) -> int:
        return len(self.object_list)


# The mixin goes before a list view's class; type checkers see it as one.
if TYPE_CHECKING:
    _ListView = ListView
else:
    _ListView = object


class KeysetPaginationMixin(_ListView):
    """For a ListView of stories newest first: ``?before=`` pages, and cursor "older" links.

    A bad cursor answers 400 with the reason; a cursor past the last story, 404.
    """

    cursor: Cursor | None = None
    #: Whether the newest page says how many stories the list holds, as a month of the
    #: archive does (its count reads one range of the publication-time index); topic pages
    #: do not, since an author's or a tag's count reads every story they have.
    counts_stories = False

    def get(self, request, *args, **kwargs):
        form = OlderStoriesForm(request.GET)
        if not form.is_valid():
            return HttpResponseBadRequest(
                "“before”: " + " ".join(map(str, form.errors["before"])),
                content_type="text/plain; charset=utf-8",
            )
        self.cursor = form.cleaned_data["before"]
        return super().get(request, *args, **kwargs)

    def paginate_queryset(self, queryset, page_size):
        if self.cursor is None and (self.counts_stories or self.asks_for_page_number()):
            paginator, page, stories, is_paginated = super().paginate_queryset(queryset, page_size)
            if page.has_next():
                page.older_cursor = Cursor.after(  # type: ignore[attr-defined]  # read by the template
                    page.object_list[len(page.object_list) - 1]
                )
            return paginator, page, stories, is_paginated
        # The newest page, or the one after a cursor: one more story than the page shows
        # says whether there are older ones, so nothing counts the list.
        stories = queryset.order_by("-published_at", "-pk")
        if self.cursor is not None:
            stories = stories.filter(self.cursor.older_q())
        found = list(stories[: page_size + 1])
        if not found and self.cursor is not None:
            raise Http404("No older stories here.")
        keyset_page = OlderPage(found[:page_size], has_older=len(found) > page_size)
        is_paginated = self.cursor is not None or keyset_page.has_next()
        return None, keyset_page, keyset_page.object_list, is_paginated

    def asks_for_page_number(self) -> bool:
        """Whether the address names a page by its number (``?page=3``), as links made
        before cursors did; those pages count the list to show "Page 3 of 40"."""
        return bool(self.kwargs.get(self.page_kwarg) or self.request.GET.get(self.page_kwarg))

    def get_context_data(self, **kwargs):
        return super().get_context_data(cursor=self.cursor, **kwargs)
