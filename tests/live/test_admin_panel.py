"""The live panel on a story's admin page: who sees which form and buttons, and what they do."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from articles.models import LiveUpdate, StoryEvent
from tests.support.factories import LiveStoryFactory, LiveUpdateFactory, StoryFactory

pytestmark = pytest.mark.django_db


def change_url(story) -> str:
    return reverse("admin:articles_story_change", args=[story.pk])


def live_url(story, name: str, *args) -> str:
    return reverse(f"admin:articles_story_live_{name}", args=[story.pk, *args])


def test_the_panel_sits_above_the_story_form_newest_update_first(client, editor):
    story = LiveStoryFactory()
    older = LiveUpdateFactory(story=story, headline="First bulletin")
    newer = LiveUpdateFactory(story=story, headline="Second bulletin")
    LiveUpdateFactory(story=story, headline="Removed one", deleted_at=newer.published_at)
    client.force_login(editor)
    html = client.get(change_url(story)).content.decode()
    assert html.index('id="live-coverage"') < html.index('id="story_form"')
    assert html.index("Second bulletin") < html.index("First bulletin")
    assert "Removed one" not in html
    assert 'name="live-body"' in html and "Post update" in html
    assert live_url(story, "act", older.pk, "pin") in html


def test_an_editor_starts_coverage_posts_an_update_and_ends_it(client, editor):
    story = StoryFactory(published=True)
    client.force_login(editor)
    assert "Start live coverage" in client.get(change_url(story)).content.decode()
    response = client.post(live_url(story, "start"))
    assert response.status_code == 302 and response["Location"].endswith("#live-coverage")
    response = client.post(
        live_url(story, "post"),
        {"live-headline": "Bridge closed", "live-body": "<p>الجسر مغلق حتى إشعار آخر.</p>",
         "live-key_event": "on"},
    )  # fmt: skip
    assert response.status_code == 302
    update = LiveUpdate.objects.get()
    assert update.is_public and update.key_event and update.headline == "Bridge closed"
    client.post(live_url(story, "end"))
    story.refresh_from_db()
    assert story.coverage_ended_at is not None
    actions = list(story.events.values_list("action", flat=True))
    assert actions == [StoryEvent.Action.LIVE_END, StoryEvent.Action.LIVE_POST,
                       StoryEvent.Action.LIVE_START]  # fmt: skip


def test_a_refused_update_comes_back_with_the_text_and_the_reason(client, editor):
    story = LiveStoryFactory()
    client.force_login(editor)
    response = client.post(
        live_url(story, "post"), {"live-headline": "Keep me", "live-body": "<p> </p>"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Keep me" in html and "Write the update" in html
    assert not LiveUpdate.objects.exists()


def test_a_reporter_without_permission_sees_no_form_and_is_refused(client, reporter):
    story = LiveStoryFactory(created_by=reporter)
    client.force_login(reporter)
    html = client.get(change_url(story)).content.decode()
    assert 'id="live-coverage"' in html and 'name="live-body"' not in html
    assert client.post(live_url(story, "post"), {"live-body": "<p>x</p>"}).status_code == 403
    update = LiveUpdateFactory(story=story)
    assert client.post(live_url(story, "act", update.pk, "delete")).status_code == 403
    assert client.post(live_url(story, "start")).status_code == 403
    assert not LiveUpdate.objects.filter(deleted_at__isnull=False).exists()


def test_a_reporter_with_permission_sends_updates_to_the_desk(client, reporter, editor):
    reporter.user_permissions.add(Permission.objects.get(codename="add_liveupdate"))
    story = LiveStoryFactory()
    client.force_login(reporter)
    html = client.get(change_url(story)).content.decode()
    assert "Send update to the desk" in html and "live-pinned" not in html
    client.post(live_url(story, "post"), {"live-body": "<p>Seen from the quay.</p>"})
    update = LiveUpdate.objects.get()
    assert update.is_held
    client.force_login(editor)
    client.post(live_url(story, "act", update.pk, "publish"))
    update.refresh_from_db()
    assert update.is_public


def test_edit_pin_and_delete_from_the_panel(client, editor):
    update = LiveUpdateFactory(body="<p>Five hurt</p>")
    story = update.story
    client.force_login(editor)
    edit = live_url(story, "edit", update.pk)
    assert "Five hurt" in client.get(edit).content.decode()
    client.post(edit, {"live-body": "<p>Four hurt</p>", "live-correction": "We said five."})
    client.post(live_url(story, "act", update.pk, "pin"))
    update.refresh_from_db()
    assert update.pinned and update.edited_at and update.correction == "We said five."
    client.post(live_url(story, "act", update.pk, "delete"))
    update.refresh_from_db()
    assert update.deleted_at is not None
    assert client.get(edit).status_code == 404


@pytest.mark.parametrize(
    "path",
    ["live/999999999999/edit/", "live/1/explode/", "live/99999999999999999999/pin/"],
)
def test_hostile_addresses_are_not_found(client, editor, path):
    story = LiveStoryFactory()
    client.force_login(editor)
    response = client.post(f"{change_url(story).removesuffix('change/')}{path}")
    assert response.status_code == 404


def test_steps_answer_only_to_post(client, editor):
    update = LiveUpdateFactory()
    client.force_login(editor)
    assert client.get(live_url(update.story, "start")).status_code == 405
    assert client.get(live_url(update.story, "act", update.pk, "delete")).status_code == 405
