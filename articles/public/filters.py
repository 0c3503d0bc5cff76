"""The search form's filters (django-filter): words, section, tag, author, source, dates."""

from __future__ import annotations

import django_filters
from django import forms

from articles import topics
from articles.dates import PublicationDayFilter
from articles.public.search import search_stories


def public_topics(topic_kind: topics.TopicKind):
    """The choices of a topic filter: only topics the public can already see, so a tag or an
    author that only a hidden story has is refused like one that does not exist.

    Read on each request, never once at import: whether a topic is public depends on the time.
    """

    def choices(request=None):
        return topic_kind.public().only("name", "slug")

    return choices


class StorySearchForm(forms.Form):
    """Refuses a date range that ends before it starts."""

    def clean(self):
        cleaned_data = super().clean()
        date_from, date_to = cleaned_data.get("date_from"), cleaned_data.get("date_to")
        if date_from and date_to and date_from > date_to:
            raise forms.ValidationError("The end date must not be before the start date.")
        return cleaned_data


class StorySearchFilter(django_filters.FilterSet):
    """Narrows published stories by the reader's words and choices; slugs name the choices."""

    q = django_filters.CharFilter(
        label="Search for", method="filter_text", max_length=200, strip=True
    )
    section = django_filters.ModelChoiceFilter(
        queryset=public_topics(topics.SECTION),
        to_field_name="slug",
        empty_label="All sections",
    )
    tag = django_filters.ModelChoiceFilter(
        field_name="tags",
        queryset=public_topics(topics.TAG),
        to_field_name="slug",
        widget=forms.TextInput,
        label="Tag",
    )
    author = django_filters.ModelChoiceFilter(
        field_name="authors",
        queryset=public_topics(topics.AUTHOR),
        to_field_name="slug",
        empty_label="All authors",
        label="Author",
    )
    source = django_filters.ModelChoiceFilter(
        queryset=public_topics(topics.SOURCE),
        to_field_name="slug",
        empty_label="All sources",
    )
    date_from = PublicationDayFilter(
        field_name="published_at",
        lookup_expr="gte",
        label="From",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = PublicationDayFilter(
        field_name="published_at",
        lookup_expr="lte",
        label="To",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        form = StorySearchForm
        fields: list[str] = []

    def filter_text(self, stories, name, value):
        return search_stories(stories, value)

    @property
    def has_criteria(self) -> bool:
        """Whether the reader asked for anything, so an empty form lists nothing."""
        return self.is_bound and any(self.form.cleaned_data.get(name) for name in self.filters)
