"""Names for controls the admin's widgets leave unnamed, as served (the browser's share is in
tests/browser/test_accessibility.py)."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from tests.support.factories import ImageFactory, StoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    user = get_user_model().objects.create_superuser("chief", "chief@example.org", "pw-chief-1")
    client.force_login(user)
    return client


def test_images_without_an_agency_are_named_in_the_agency_filter(editor_client):
    ImageFactory(agency="")
    ImageFactory(agency="Northern Wire")
    html = editor_client.get("/admin/articles/image/").content.decode()
    assert '<a href="?agency=">(no agency)</a>' in html
    assert '<a href="?agency=Northern+Wire">Northern Wire</a>' in html
    assert '<a href="?agency="></a>' not in html
    # The filter still lists the images it names.
    listed = editor_client.get("/admin/articles/image/?agency=").context["cl"].result_count
    assert listed == 1


def test_the_split_date_and_time_inputs_are_named_after_their_field(editor_client):
    image = ImageFactory()
    html = editor_client.get(f"/admin/articles/image/{image.pk}/change/").content.decode()
    # taken_at, whose label is "Date created".
    assert 'name="taken_at_0"' in html
    assert 'aria-label="Date created: date"' in html
    assert 'aria-label="Date created: time"' in html


def test_the_preview_link_input_is_named(editor_client):
    story = StoryFactory()
    html = editor_client.get(f"/admin/articles/story/{story.pk}/change/").content.decode()
    assert 'aria-label="Preview link for someone without an account"' in html


def test_the_story_form_loads_the_script_that_names_its_widgets(editor_client):
    html = editor_client.get("/admin/articles/story/add/").content.decode()
    assert "articles/admin/accessible_names.js" in html
