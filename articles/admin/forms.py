"""Admin forms: tag autocomplete, the workflow buttons' inputs, the stale-edit check, and
text without control characters."""

from __future__ import annotations

import copy
import json

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from taggit.models import Tag
from taggit.utils import parse_tags

from articles.admin.widgets import ImagePickerWidget
from articles.body.editor import editor_options
from articles.body.elements import photos
from articles.body.tree import parse
from articles.dates import require_ascii_digits, validate_publication_moment
from articles.editorial import locks as edit_locks
from articles.editorial import workflow
from articles.languages import default_language, direction, language_codes
from articles.models import Image, Story, StorySlug
from articles.sanitize import remove_control_characters

DATETIME_LOCAL_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]


class WithoutControlCharacters(forms.BaseForm):
    """Drops invisible control characters pasted into text: feeds (XML 1.0) cannot hold them."""

    def clean(self):
        cleaned_data = super().clean() or self.cleaned_data
        for name, value in cleaned_data.items():
            if isinstance(value, str):
                cleaned_data[name] = remove_control_characters(value)
        return cleaned_data


def stale_edit_message(story: Story) -> str:
    """What an editor whose save came too late reads, with the ways to recover their edit."""
    return format_html(
        "Someone else saved this story after you opened it, so your changes were "
        'not saved. <a href="{}">Compare the revisions</a> or '
        '<a href="{}" target="_blank" rel="noopener">open the current version</a> '
        "in a new tab, copy your changes into it, and save there.",
        reverse("admin:articles_story_history", args=[story.pk]),
        reverse("admin:articles_story_change", args=[story.pk]),
    )


class LocalPublicationMomentField(forms.DateTimeField):
    """A date and time typed in the site's time zone, in the digits 0-9 and the publication
    range."""

    default_validators = [validate_publication_moment]

    def to_python(self, value):
        if isinstance(value, str):
            require_ascii_digits(value)
        return super().to_python(value)


def configure_body_editor(field: forms.Field) -> None:
    """Tell a body's elements where the admin answers their searches and uploads."""
    widget = field.widget
    extensions = dict(widget.config.get("extensions", {}))
    for name, options in editor_options().items():
        if name in extensions:
            extensions[name] = options
    widget.config = {**widget.config, "extensions": extensions}


def refuse_missing_photos(body: str) -> str:
    """Refuse photos that name no library image: the reader would see nothing there."""
    ids = [photo.image_id for photo in photos(parse(body))]
    missing = sorted(set(ids) - set(Image.objects.filter(pk__in=ids).values_list("pk", flat=True)))
    if missing:
        raise forms.ValidationError(
            _(
                "These photos are not in the library (any more): %(ids)s. Remove them or "
                "choose others."
            ),
            code="missing_photo",
            params={"ids": ", ".join(map(str, missing))},
        )
    return body


class StoryAdminForm(WithoutControlCharacters, forms.ModelForm):
    """The story form; tags are picked by autocomplete, new ones typed beside them."""

    tags = forms.ModelMultipleChoiceField(
        queryset=Tag.objects.all(),
        required=False,
        widget=AutocompleteSelectMultiple(Story._meta.get_field("tags"), admin.site),
        label=gettext_lazy("tags"),
        help_text=gettext_lazy("Start typing to find existing tags."),
    )
    new_tags = forms.CharField(
        required=False,
        label=gettext_lazy("New tags"),
        help_text=gettext_lazy("Tags that do not exist yet, separated by commas."),
    )

    class Meta:
        model = Story
        fields = [
            "headline", "slug", "language", "dek", "body", "lead_image", "lead_image_caption",
            "section", "tags",
            "priority",
            "related_stories", "byline_override", "dateline", "source", "original_url",
            "usage_terms", "seo_title", "seo_description", "needs_attention", "embargo_until",
        ]  # fmt: skip
        widgets = {"lead_image": ImagePickerWidget(Story._meta.get_field("lead_image"), admin.site)}

    embargo_until = LocalPublicationMomentField(
        required=False,
        label=gettext_lazy("Embargo until"),
        input_formats=DATETIME_LOCAL_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=gettext_lazy(
            "Nothing about the story is public before this time, even once published. "
            "Leave empty for no embargo."
        ),
    )

    # The version the editor opened; a save from an older one is refused.
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    transition_note = forms.CharField(
        required=False,
        label=gettext_lazy("Note"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy(
            "Required to return a story, unpublish it (the reason) or add a correction "
            "(the public correction text)."
        ),
    )
    transition_publish_at = forms.DateTimeField(
        required=False,
        label=gettext_lazy("Publish at"),
        input_formats=DATETIME_LOCAL_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=gettext_lazy("Needed to schedule."),
    )

    # Set by StoryAdmin.get_form for the request being answered.
    user = None
    # A page showing an old revision (or a deleted story): nothing in it is edited, and the
    # version it carries is the current story's, which a restore from it must still find.
    shows_a_revision = False
    current_version: int | None = None
    # The save lost a race with another one after this form had validated.
    lost_a_race = False

    #: Lengths search engines show; longer is allowed, with a warning beside the field.
    RECOMMENDED_LENGTHS = {"headline": 70, "seo_title": 60, "seo_description": 160}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._configure_body_editor()
        if "language" in self.fields:
            self.fields["language"].required = False
        self._set_text_direction()
        if "slug" in self.fields:
            # Made from the headline on save (articles.slugs), in the headline's own script;
            # an editor may still type one, a Latin one say.
            self.fields["slug"].required = False
            self.fields["slug"].help_text = _(
                "The story's address; left empty, it is made from the headline. Old ones keep "
                "redirecting."
            )
        for name, length in self.RECOMMENDED_LENGTHS.items():
            if name in self.fields:
                self.fields[name].widget.attrs["data-recommended-length"] = str(length)
        if self.instance.pk and "tags" not in self.initial:
            self.initial["tags"] = [tag.pk for tag in self.instance.tags.all()]
        self.fields["expected_version"].initial = self.current_version or self.instance.version
        if self.shows_a_revision:
            for name, field in self.fields.items():
                field.disabled = name != "expected_version"
        elif "priority" in self.fields and not (self.user and workflow.can_place(self.user)):
            self.fields["priority"].disabled = True
            self.fields["priority"].help_text = _("Front-page placement is chosen by the desk.")
        if (
            "embargo_until" in self.fields
            and not self.shows_a_revision
            and not (self.user and workflow.can_set_embargo(self.user))
        ):
            self.fields["embargo_until"].disabled = True
            self.fields["embargo_until"].help_text = _("Embargoes are set by the desk.")

    #: The fields written in the story's language: they take its direction and ``lang``.
    TEXT_FIELDS = ("headline", "dek", "body", "lead_image_caption", "dateline", "byline_override",
                   "seo_title", "seo_description", "transition_note")  # fmt: skip

    def _set_text_direction(self) -> None:
        """Write right to left in an Arabic story, whatever language the admin speaks.

        The language select's ``data-text-fields`` lets the admin's script switch the fields
        (and the body editor) at once when the editor changes the language.
        """
        language = self.data.get("language") or self.instance.language or default_language()
        if language not in language_codes():
            language = default_language()
        for name in self.TEXT_FIELDS:
            if name in self.fields:
                self.fields[name].widget.attrs.update(lang=language, dir=direction(language))
        if "language" in self.fields:
            self.fields["language"].widget.attrs["data-text-direction"] = json.dumps(
                {code: direction(code) for code in language_codes()}
            )

    def _configure_body_editor(self) -> None:
        if "body" in self.fields:
            configure_body_editor(self.fields["body"])

    @property
    def media(self):
        return super().media + forms.Media(
            js=["articles/admin/field_counters.js", "articles/admin/text_direction.js"]
        )

    def clean_body(self) -> str:
        return refuse_missing_photos(self.cleaned_data.get("body") or "")

    def clean_language(self) -> str:
        """A form that leaves the language out keeps the story's, or the site's default."""
        return self.cleaned_data.get("language") or self.instance.language or default_language()

    def clean_slug(self) -> str:
        slug = self.cleaned_data["slug"]
        former = StorySlug.objects.filter(slug=slug).exclude(story_id=self.instance.pk).first()
        if former is not None:
            raise forms.ValidationError(
                _(
                    "This address used to belong to “%(headline)s” and still leads there; "
                    "choose another."
                ),
                code="former_slug",
                params={"headline": former.story.headline},
            )
        return slug

    @property
    def requested_transition(self) -> str:
        return self.data.get("_transition", "")

    def clean(self):
        cleaned_data = super().clean()
        existing = list(cleaned_data.get("tags") or [])
        known = {tag.name.lower() for tag in existing}
        new_names = [
            name
            for name in parse_tags(cleaned_data.get("new_tags", ""))
            if name.lower() not in known
        ]
        longest = Tag._meta.get_field("name").max_length
        too_long = [name for name in new_names if len(name) > longest]
        if too_long:
            self.add_error(
                "new_tags",
                _("A tag can be at most %(longest)s characters long.") % {"longest": longest},
            )
        cleaned_data["tags"] = existing + new_names
        if self.instance.pk and not self.shows_a_revision:
            self._refuse_after_takeover()
        if self.instance.pk:
            self._refuse_stale_version(cleaned_data.get("expected_version"))
        if self.requested_transition:
            self._check_transition(cleaned_data)
        return cleaned_data

    def _refuse_after_takeover(self) -> None:
        lock = edit_locks.lost_to(self.instance, self.user) if self.user else None
        if lock is None:
            return
        holder = lock.user.get_full_name() or lock.user.get_username()
        raise forms.ValidationError(
            _(
                "%(holder)s took over this story at %(time)s, so your changes were not saved. "
                "Your text is still in this form: copy what you need and agree with them."
            ),
            code="taken_over",
            params={"holder": holder, "time": timezone.localtime(lock.since).strftime("%H:%M")},
        )

    def _refuse_stale_version(self, expected: int | None) -> None:
        current = Story.objects.filter(pk=self.instance.pk).values_list("version", flat=True)
        if expected == current.first() and not self.lost_a_race:
            return
        raise forms.ValidationError(stale_edit_message(self.instance), code="stale")

    def _check_transition(self, cleaned_data) -> None:
        candidate = copy.copy(self.instance)
        for name in ("headline", "body", "section", "lead_image"):
            if name in cleaned_data:
                setattr(candidate, name, cleaned_data[name])
        try:
            workflow.check(
                self.requested_transition,
                candidate,
                self.user,
                note=cleaned_data.get("transition_note") or "",
                publish_at=cleaned_data.get("transition_publish_at"),
            )
        except workflow.TransitionInvalid as error:
            raise forms.ValidationError(str(error), code="transition") from None

    def _save_m2m(self):
        super()._save_m2m()  # type: ignore[misc]
        self.instance.tags.set(self.cleaned_data["tags"])
