"""Admin forms: tag autocomplete that can still coin new tags; text without control characters."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from taggit.models import Tag
from taggit.utils import parse_tags

from articles.models import Image, Story
from articles.sanitize import remove_control_characters


class WithoutControlCharacters(forms.BaseForm):
    """Drops invisible control characters pasted into text: feeds (XML 1.0) cannot hold them."""

    def clean(self):
        cleaned_data = super().clean()
        for name, value in cleaned_data.items():
            if isinstance(value, str):
                cleaned_data[name] = remove_control_characters(value)
        return cleaned_data


class ImageAdminForm(WithoutControlCharacters, forms.ModelForm):
    """The image library's form: caption, credit and alt text travel into every feed."""

    class Meta:
        model = Image
        fields = ["file", "alt_text", "title", "caption", "credit", "agency", "copyright_notice",
                  "usage_terms", "taken_at", "focal_x", "focal_y"]  # fmt: skip


class StoryAdminForm(WithoutControlCharacters, forms.ModelForm):
    """The story form; tags are picked by autocomplete, new ones typed beside them."""

    tags = forms.ModelMultipleChoiceField(
        queryset=Tag.objects.all(),
        required=False,
        widget=AutocompleteSelectMultiple(Story._meta.get_field("tags"), admin.site),
        help_text="Start typing to find existing tags.",
    )
    new_tags = forms.CharField(
        required=False,
        label="New tags",
        help_text="Tags that do not exist yet, separated by commas.",
    )

    class Meta:
        model = Story
        fields = [
            "headline", "slug", "dek", "body", "lead_image", "section", "tags", "priority",
            "related_stories", "byline_override", "dateline", "source", "original_url",
            "usage_terms", "status", "published_at", "updated_at", "seo_title", "seo_description",
        ]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and "tags" not in self.initial:
            self.initial["tags"] = [tag.pk for tag in self.instance.tags.all()]

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
            self.add_error("new_tags", f"A tag can be at most {longest} characters long.")
        cleaned_data["tags"] = existing + new_names
        return cleaned_data

    def _save_m2m(self):
        super()._save_m2m()
        self.instance.tags.set(self.cleaned_data["tags"])
