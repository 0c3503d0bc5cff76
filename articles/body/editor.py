"""The story editor's body elements, as django-prose-editor extensions.

Each element's JavaScript (``articles/static/articles/admin/body_elements.js``) writes the
vocabulary of ``articles/sanitize.py``; the processors here tell django-prose-editor which
tags and attributes that is, taken from the sanitizer's own allow-list, so the editor's
idea of the vocabulary and the sanitizer's cannot drift apart.
"""

from __future__ import annotations

from django.urls import reverse
from django_prose_editor.config import add_tags_and_attributes

from articles.sanitize import BODY_ATTRIBUTES

#: Which tags each element writes.
ELEMENT_TAGS = {
    "BodyPhoto": ["figure"],
    "BodyGallery": ["div"],
    "BodyEmbed": ["figure"],
    "PullQuote": ["figure", "blockquote", "p", "figcaption"],
    "FactBox": ["aside", "h3", "ul", "li"],
    "StoryLink": ["a"],
    "WritingCounts": [],
}


def processor(name: str):
    """The allow-list processor of one element: its tags with the sanitizer's attributes."""

    def add(config, nh3_config) -> None:
        tags = ELEMENT_TAGS[name]
        attributes = {tag: sorted(BODY_ATTRIBUTES[tag]) for tag in tags if tag in BODY_ATTRIBUTES}
        add_tags_and_attributes(nh3_config, tags, attributes)

    return add


#: The processors by extension name, for ``DJANGO_PROSE_EDITOR_EXTENSIONS``.
ELEMENT_PROCESSORS = {name: processor(name) for name in ELEMENT_TAGS}


def editor_options() -> dict[str, dict]:
    """What the elements' JavaScript needs to ask the admin: searches, details and uploads."""
    autocomplete = reverse("admin:autocomplete")
    images = f"{autocomplete}?app_label=articles&model_name=story&field_name=lead_image"
    photos = {
        "searchUrl": images,
        "detailsUrl": reverse("admin:articles_image_picker_details", args=[0]),
        "uploadUrl": reverse("admin:articles_image_body_upload"),
    }
    return {
        "BodyPhoto": photos,
        "BodyGallery": photos,
        "StoryLink": {
            "searchUrl": f"{autocomplete}?app_label=articles&model_name=story"
            "&field_name=related_stories"
        },
    }
