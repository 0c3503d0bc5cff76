"""A schedule time outside the date rules is refused by the workflow, from every door."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.messages import get_messages
from django.utils import timezone

from articles.editorial import workflow
from articles.models import Story
from tests.admin.test_workflow_buttons import change_form_data, change_url
from tests.support.factories import StoryFactory

pytestmark = pytest.mark.django_db

# Typed in the admin's local time; in New York, 9999-12-31 23:59 is already year 10000 in UTC.
HOSTILE_INPUTS = ["9999-12-31T23:59", "9999-12-31T23:59:59", "2999-01-01T00:00", "0001-01-01T00:00"]


@pytest.fixture(autouse=True, params=["Europe/London", "America/New_York", "Pacific/Kiritimati"])
def site_time_zone(request, settings):
    settings.TIME_ZONE = request.param


@pytest.mark.parametrize(
    "moment",
    [
        datetime(9999, 12, 31, 23, 59, tzinfo=UTC),
        datetime(9999, 12, 31, 23, 59, tzinfo=timezone.get_fixed_timezone(-14 * 60)),
        datetime.now(UTC) + timedelta(days=365 * 11),
    ],
)
def test_the_workflow_refuses_to_schedule_outside_the_rules(editor, moment):
    story = StoryFactory()
    with pytest.raises(workflow.TransitionInvalid, match="Cannot schedule for that time"):
        workflow.schedule(story, editor, moment)
    story.refresh_from_db()
    assert story.status == Story.Status.DRAFT and story.published_at is None


def test_a_year_ahead_is_still_fine(editor):
    story = StoryFactory()
    workflow.schedule(story, editor, timezone.now() + timedelta(days=365))
    assert Story.objects.get(pk=story.pk).status == Story.Status.SCHEDULED


@pytest.mark.parametrize("typed", HOSTILE_INPUTS)
def test_the_direct_transition_refuses_with_a_message(client, editor, typed):
    story = StoryFactory()
    client.force_login(editor)
    response = client.post(
        f"/admin/articles/story/{story.pk}/transition/schedule/", {"publish_at": typed}
    )
    assert response.status_code == 302
    errors = [m.message for m in get_messages(response.wsgi_request) if m.level_tag == "error"]
    assert errors
    assert Story.objects.get(pk=story.pk).status == Story.Status.DRAFT


@pytest.mark.parametrize("typed", HOSTILE_INPUTS)
def test_the_change_form_button_refuses_with_a_form_error(client, editor, typed):
    story = StoryFactory()
    client.force_login(editor)
    response = client.post(
        change_url(story),
        change_form_data(story, _transition="schedule", transition_publish_at=typed),
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors
    assert Story.objects.get(pk=story.pk).status == Story.Status.DRAFT


@pytest.mark.parametrize("typed", HOSTILE_INPUTS)
def test_the_list_action_refuses_with_a_message(client, editor, typed):
    story = StoryFactory()
    client.force_login(editor)
    response = client.post(
        "/admin/articles/story/",
        {
            "action": "workflow_schedule",
            "_selected_action": [story.pk],
            "apply": "1",
            "publish_at": typed,
        },
    )
    assert response.status_code in (200, 302)
    assert Story.objects.get(pk=story.pk).status == Story.Status.DRAFT
