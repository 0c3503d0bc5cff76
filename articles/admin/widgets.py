"""Admin widgets and markup: thumbnails of library images and the story form's image picker."""

from __future__ import annotations

from django import forms
from django.contrib.admin.widgets import AutocompleteSelect
from django.urls import reverse
from django.utils.html import format_html

from articles.images.renditions import largest_version
from articles.models import Image

# Thumbnails reuse the narrowest public rendition; larger previews a mid-sized one.
THUMBNAIL_WIDTH = 320
PREVIEW_WIDTH = 960


def thumbnail(image: Image | None, size: int = 80) -> str:
    """An ``img`` of a rendition (never the original), fitted into ``size`` pixels."""
    if not (image and image.file):
        return "—"
    version = largest_version(image, THUMBNAIL_WIDTH if size <= 160 else PREVIEW_WIDTH)
    if version is None:
        return "—"
    return format_html(
        '<img src="{}" alt="{}" width="{}" height="{}" '
        'style="max-width:{}px;max-height:{}px;width:auto;height:auto;object-fit:cover">',
        version.url,
        image.alt_text,
        version.width,
        version.height,
        size,
        size,
    )


def label_split_moment(field: forms.Field) -> None:
    """Name the date and the time input of a split date-and-time field after the field.

    The admin's split widget has one label and no ``for`` (it belongs to two inputs), so
    neither input has a name for a screen reader.
    """
    widget = field.widget
    if isinstance(widget, forms.MultiWidget) and len(widget.widgets) == 2:
        date, time = widget.widgets
        date.attrs["aria-label"] = f"{field.label}: date"
        time.attrs["aria-label"] = f"{field.label}: time"


class ImagePickerWidget(AutocompleteSelect):
    """Pick a library image by caption, credit or source; see what was picked."""

    template_name = "articles/admin/image_picker.html"

    def get_context(self, name, value, attrs):
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
