"""Embargoes in the admin: set by the desk on the form, shown on the desk and the story list."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Story
from tests.support.factories import StoryFactory

pytestmark = pytest.mark.django_db


def change_data(story: Story, **fields) -> dict:
    return {
        "headline": story.headline, "slug": story.slug, "body": story.body,
        "section": story.section_id, "priority": story.priority,
        "expected_version": story.version, "storyauthor_set-TOTAL_FORMS": 0,
        "storyauthor_set-INITIAL_FORMS": 0, "corrections-TOTAL_FORMS": 0,
        "corrections-INITIAL_FORMS": 0, **fields,
    }  # fmt: skip


@pytest.mark.parametrize(("role", "sets"), [("reporter", False), ("editor", True)])
def test_only_the_desk_sets_an_embargo(client, request, role, sets):
    user = request.getfixturevalue(role)
    client.force_login(user)
    story = StoryFactory(created_by=user)
    form = client.get(f"/admin/articles/story/{story.pk}/change/").content.decode()
    assert 'name="embargo_until"' in form
    assert ("Embargoes are set by the desk." in form) is not sets
    response = client.post(
        f"/admin/articles/story/{story.pk}/change/",
        change_data(story, embargo_until="2030-01-02T09:30"),
    )
    assert response.status_code == 302
    story.refresh_from_db()
    assert (story.embargo_until is not None) is sets
    if sets:
        local = timezone.localtime(story.embargo_until)
        assert (local.year, local.month, local.day, local.hour, local.minute) == (2030, 1, 2, 9, 30)


@pytest.mark.parametrize(
    "value",
    ["0001-01-01T00:00", "9999-12-31T23:59", "٢٠٣٠-01-02T09:30", "soon", "2030-13-45T00:00"],
)
def test_a_hostile_embargo_time_is_a_form_error(client, editor, value):
    client.force_login(editor)
    story = StoryFactory()
    response = client.post(
        f"/admin/articles/story/{story.pk}/change/", change_data(story, embargo_until=value)
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["embargo_until"]
    story.refresh_from_db()
    assert story.embargo_until is None


def test_the_desk_and_the_list_show_embargoed_stories_with_their_times(client, editor):
    embargo = timezone.now() + timedelta(hours=5)
    story = StoryFactory(headline="Budget figures", published=True, embargo_until=embargo)
    client.force_login(editor)
    desk = client.get("/admin/articles/story/desk/").content.decode()
    assert "Embargoed (1)" in desk and "Budget figures" in desk
    assert f'datetime="{timezone.localtime(embargo).isoformat()}"' in desk
    assert "Scheduled (0)" in desk and "Recently published (0)" in desk
    listing = client.get("/admin/articles/story/").content.decode()
    assert "Embargo until" in listing
    assert f'datetime="{story.embargo_until.isoformat()}" class="embargo embargo-active"' in listing
