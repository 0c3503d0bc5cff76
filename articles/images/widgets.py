"""The image picker on the story form: autocomplete plus a thumbnail, caption and credit."""

from __future__ import annotations

from django import forms
from django.contrib.admin.widgets import AutocompleteSelect
from django.urls import reverse

from articles.models import Image


class ImagePickerWidget(AutocompleteSelect):
    """Pick a library image by caption, credit or source; see what was picked."""

    template_name = "articles/admin/image_picker.html"

    def get_context(self, name, value, attrs):
        from articles.admin.widgets import thumbnail

        context = super().get_context(name, value, attrs)
        image = Image.objects.filter(pk=value).first() if value not in (None, "") else None
        context["picked"] = {
            "image": image,
            "thumbnail": thumbnail(image, size=240) if image else "",
            "details_url": reverse("admin:articles_image_picker_details", args=[0]),
        }
        return context

    @property
    def media(self):
        return super().media + forms.Media(
            js=["articles/admin/image_picker.js"],
            css={"all": ["articles/admin/images.css"]},
        )
