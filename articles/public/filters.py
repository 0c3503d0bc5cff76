"""The search form's filters (django-filter): words, section, tag, author, source, dates."""

from __future__ import annotations

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt
from django.utils.functional import cached_property
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from articles import topics
from articles.dates import PublicationDayFilter
from articles.languages import edition_of
from articles.public.search import search_stories
from articles.public.search_text import validate_search_words


def public_topics(topic_kind: topics.TopicKind):
    """The choices of a topic filter: only topics the public can already see, so a tag or an
    author that only a hidden story has is refused like one that does not exist.

    Read on each request, never once at import: whether a topic is public depends on the time.
    """

    def choices(request=None):
        # Tags, authors and sources of the edition's stories; another edition's are refused.
        return topic_kind.public_in_edition(edition_of()).only("name", "slug")

    return choices


class QuickSelect(forms.Select):
    """A select whose options are written in Python, straight from its choices.

    Django builds a dictionary per option and renders each through its own template: the
    two hundred authors of a large newsroom cost 20 ms on every search page, many times
    what this costs. Options are flat (no groups) and one at most is selected.
    """

    def render(self, name, value, attrs=None, renderer=None):
        chosen = self.format_value(value)[:1]
        options = "".join(
            f'\n  <option value="{conditional_escape(str(option))}"'
            f"{' selected' if [str(option)] == chosen else ''}>"
            f"{conditional_escape(str(label))}</option>"
            for option, label in self.choices
        )
        return format_html(
            '<select name="{}"{}>{}\n</select>',
            name,
            flatatt(self.build_attrs(self.attrs, attrs)),
            mark_safe(options),  # every value and label in it is escaped above
        )


class ListedRowsIterator(django_filters.fields.ModelChoiceIterator):
    """The choices of a ``ListedChoiceField``: its rows, read once."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        if self.field.null_label is not None:
            yield (self.field.null_value, self.field.null_label)
        for row in self.field.rows:
            yield self.choice(row)

    def __len__(self) -> int:
        blanks = [self.field.empty_label, self.field.null_label]
        return len(self.field.rows) + sum(label is not None for label in blanks)

    def __bool__(self) -> bool:
        return True


class ListedChoiceField(django_filters.fields.ModelChoiceField):
    """A choice checked against the rows the select lists, so the form reads them once."""

    iterator = ListedRowsIterator
    widget = QuickSelect

    @cached_property
    def rows(self) -> list:
        return list(self.queryset)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if self.null_label is not None and value == self.null_value:
            return value
        key = self.to_field_name or "pk"
        for row in self.rows:
            if str(getattr(row, key)) == str(value):
                return row
        raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")


class ListedChoiceFilter(django_filters.ModelChoiceFilter):
    """A filter by one of a short list of rows (sections, authors, sources) shown as a select."""

    field_class = ListedChoiceField


class TagChoiceField(django_filters.fields.ModelChoiceField):
    """A tag named by its slug or by its name as readers see it ("الميناء", "Harbour")."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if len(value) > 100 or "\x00" in value:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        tags = self.queryset
        found = tags.filter(slug=value).first() or tags.filter(name__iexact=value).first()
        if found is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return found


class TagFilter(django_filters.ModelChoiceFilter):
    field_class = TagChoiceField


class StorySearchForm(forms.Form):
    """Refuses a date range that ends before it starts."""

    def clean(self):
        cleaned_data = super().clean() or self.cleaned_data
        date_from, date_to = cleaned_data.get("date_from"), cleaned_data.get("date_to")
        if date_from and date_to and date_from > date_to:
            raise forms.ValidationError(_("The end date must not be before the start date."))
        return cleaned_data


class StorySearchFilter(django_filters.FilterSet):
    """Narrows published stories by the reader's words and choices; slugs name the choices."""

    # Applied by filter_queryset(), after every other filter.
    q = django_filters.CharFilter(
        label=_("Search for"), max_length=200, strip=True, validators=[validate_search_words]
    )
    section = ListedChoiceFilter(
        queryset=public_topics(topics.SECTION),
        to_field_name="slug",
        empty_label=_("All sections"),
        label=_("Section"),
    )
    tag = TagFilter(
        field_name="tags",
        queryset=public_topics(topics.TAG),
        to_field_name="slug",
        widget=forms.TextInput,
        label=_("Tag"),
    )
    author = ListedChoiceFilter(
        field_name="authors",
        queryset=public_topics(topics.AUTHOR),
        to_field_name="slug",
        empty_label=_("All authors"),
        label=_("Author"),
    )
    source = ListedChoiceFilter(
        queryset=public_topics(topics.SOURCE),
        to_field_name="slug",
        empty_label=_("All sources"),
    )
    date_from = PublicationDayFilter(
        field_name="published_at",
        lookup_expr="gte",
        label=_("From"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = PublicationDayFilter(
        field_name="published_at",
        lookup_expr="lte",
        label=_("To"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        form = StorySearchForm
        fields: list[str] = []

    def filter_queryset(self, queryset):
        """The other filters first: a search ranks the newest of the stories they leave."""
        for name, value in self.form.cleaned_data.items():
            if name != "q":
                queryset = self.filters[name].filter(queryset, value)
        words = self.form.cleaned_data.get("q")
        return search_stories(queryset, words, language=edition_of()) if words else queryset

    @property
    def has_criteria(self) -> bool:
        """Whether the reader asked for anything, so an empty form lists nothing."""
        return self.is_bound and any(self.form.cleaned_data.get(name) for name in self.filters)
