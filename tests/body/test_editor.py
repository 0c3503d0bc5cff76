"""The story editor's side: what it may write, where it asks, and what the form refuses."""

import pytest
from django.conf import settings
from django.urls import reverse
from django_prose_editor.config import allowlist_from_extensions

from articles.models import Image
from articles.sanitize import BODY_ATTRIBUTES, BODY_TAGS
from tests.support.factories import ImageFactory, StoryFactory, jpeg_bytes
from tests.support.photos import upload

pytestmark = pytest.mark.django_db


def test_the_editor_writes_nothing_the_sanitizer_would_drop():
    offered = allowlist_from_extensions(settings.PROSE_EDITOR_BODY_EXTENSIONS)
    assert offered["tags"] <= BODY_TAGS
    for tag in ("figure", "div", "aside"):
        assert offered["attributes"][tag] == BODY_ATTRIBUTES[tag]
    assert "data-story" in offered["attributes"]["a"]


def test_the_form_tells_the_editor_where_to_search_and_upload(admin_client):
    html = admin_client.get(reverse("admin:articles_story_add")).content.decode()
    assert "articles/admin/body_elements.js" in html
    assert "field_name=lead_image" in html and "field_name=related_stories" in html
    assert reverse("admin:articles_image_body_upload") in html
    assert 'data-recommended-length="70"' in html
    assert 'data-recommended-length="60"' in html and 'data-recommended-length="160"' in html
    assert "articles/admin/field_counters.js" in html


def test_the_form_refuses_a_photo_that_is_not_in_the_library(admin_client):
    story = StoryFactory()
    response = admin_client.post(
        reverse("admin:articles_story_change", args=[story.pk]),
        {
            "headline": story.headline,
            "slug": story.slug,
            "body": '<p>x</p><figure data-image="987654"></figure>',
            "section": story.section_id,
            "priority": 0,
            "expected_version": story.version,
            "storyauthor_set-TOTAL_FORMS": 0,
            "storyauthor_set-INITIAL_FORMS": 0,
            "corrections-TOTAL_FORMS": 0,
            "corrections-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 200
    assert "These photos are not in the library (any more): 987654" in response.content.decode()


def test_uploading_from_the_editor_goes_through_the_library(admin_client):
    url = reverse("admin:articles_image_body_upload")
    photo = jpeg_bytes(90, 60, colour=(1, 2, 3))
    answer = admin_client.post(
        url,
        {"file": upload(photo), "alt_text": "Boats", "caption": "Boats at dawn.", "credit": "Jo"},
    ).json()
    image = Image.objects.get(pk=answer["id"])
    assert (image.caption, image.credit, image.alt_text, answer["duplicate"]) == (
        "Boats at dawn.",
        "Jo",
        "Boats",
        False,
    )
    again = admin_client.post(url, {"file": upload(photo)}).json()
    assert (again["id"], again["duplicate"]) == (image.pk, True)
    refused = admin_client.post(url, {"file": upload(b"<html>not a photo</html>")})
    assert refused.status_code == 400 and refused.json()["errors"]["file"]
    assert admin_client.get(url).status_code == 405


def test_uploading_needs_the_right_to_add_images(client, reporter):
    reporter.user_permissions.clear()
    from django.contrib.auth.models import Permission

    reporter.groups.first().permissions.remove(Permission.objects.get(codename="add_image"))
    client.force_login(reporter)
    response = client.post(reverse("admin:articles_image_body_upload"), {"file": upload(b"x")})
    assert response.status_code == 403
    assert not Image.objects.exists()


def test_the_picker_details_show_a_body_photos_caption_and_credit(admin_client):
    image = ImageFactory(caption="Boats.", credit="Jo")
    details = admin_client.get(reverse("admin:articles_image_picker_details", args=[image.pk]))
    assert details.json()["credit"] == "Jo"
