"""Live coverage services: who may start, post, publish, edit, pin, delete and end; the log."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser, Permission
from django.db import IntegrityError, transaction

from articles.editorial.workflow import TransitionForbidden, TransitionInvalid
from articles.live import services
from articles.models import BodyImage, LiveUpdate, Story, StoryEvent
from tests.support.factories import (
    AuthorFactory,
    ImageFactory,
    LiveStoryFactory,
    LiveUpdateFactory,
    StoryFactory,
)

pytestmark = pytest.mark.django_db
Action = StoryEvent.Action
ARABIC = "<p>أعلنت السلطات إغلاق الميناء بسبب العاصفة حتى صباح الغد.</p>"


@pytest.fixture
def live_reporter(reporter):
    reporter.user_permissions.add(Permission.objects.get(codename="add_liveupdate"))
    return type(reporter).objects.get(pk=reporter.pk)


def test_the_desk_starts_coverage_and_the_log_says_so(editor):
    story = StoryFactory(published=True)
    services.start_coverage(story=story, user=editor)
    story.refresh_from_db()
    assert story.live and story.is_live_now and story.coverage_started_at
    assert story.events.get().action == Action.LIVE_START
    with pytest.raises(TransitionInvalid):
        services.start_coverage(story=story, user=editor)


@pytest.mark.parametrize("who", ["anonymous", "reporter"])
def test_only_the_desk_starts_and_ends_coverage(who, reporter, live_reporter):
    user = AnonymousUser() if who == "anonymous" else live_reporter
    with pytest.raises(TransitionForbidden):
        services.start_coverage(story=StoryFactory(published=True), user=user)
    with pytest.raises(TransitionForbidden):
        services.end_coverage(story=LiveStoryFactory(), user=user)


def test_an_editors_update_is_public_at_once_with_their_byline(editor):
    author = AuthorFactory(user=editor)
    story = LiveStoryFactory()
    update = services.post_update(story=story, user=editor, body=ARABIC, headline="الميناء")
    assert update.is_public and update.published_at is not None
    assert list(update.authors.all()) == [author]
    event = story.events.get()
    assert event.action == Action.LIVE_POST and f"Update {update.pk}" in event.note


def test_a_reporter_with_permission_posts_held_updates_the_desk_publishes(live_reporter, editor):
    story = LiveStoryFactory()
    update = services.post_update(story=story, user=live_reporter, body="<p>Roads closed.</p>")
    assert update.is_held and not update.is_public
    assert not LiveUpdate.objects.public().exists()
    services.publish_update(update=update, user=editor)
    update.refresh_from_db()
    assert update.is_public
    assert [e.action for e in story.events.all()] == [Action.LIVE_PUBLISH, Action.LIVE_HOLD]
    with pytest.raises(TransitionInvalid):
        services.publish_update(update=update, user=editor)


def test_a_reporter_without_permission_and_anonymous_may_not_post(reporter):
    story = LiveStoryFactory()
    for user in (reporter, AnonymousUser()):
        with pytest.raises(TransitionForbidden):
            services.post_update(story=story, user=user, body="<p>Text</p>")
    assert not LiveUpdate.objects.exists()


def test_a_reporter_may_not_pin_mark_key_events_or_publish(live_reporter):
    story = LiveStoryFactory()
    with pytest.raises(TransitionForbidden):
        services.post_update(story=story, user=live_reporter, body="<p>x</p>", pinned=True)
    update = services.post_update(story=story, user=live_reporter, body="<p>x</p>")
    with pytest.raises(TransitionForbidden):
        services.edit_update(update=update, user=live_reporter, key_event=True)
    with pytest.raises(TransitionForbidden):
        services.publish_update(update=update, user=live_reporter)


def test_a_reporter_changes_and_deletes_only_their_own_held_update(live_reporter, editor):
    story = LiveStoryFactory()
    own = services.post_update(story=story, user=live_reporter, body="<p>Draft</p>")
    services.edit_update(update=own, user=live_reporter, body="<p>Better</p>")
    own.refresh_from_db()
    assert own.body == "<p>Better</p>" and own.edited_at is None
    published = services.post_update(story=story, user=editor, body="<p>Desk's</p>")
    with pytest.raises(TransitionForbidden):
        services.edit_update(update=published, user=live_reporter, body="<p>Mine now</p>")
    with pytest.raises(TransitionForbidden):
        services.delete_update(update=published, user=live_reporter)
    services.delete_update(update=own, user=live_reporter)


def test_posting_needs_live_coverage_and_text(editor):
    with pytest.raises(TransitionInvalid, match="not live"):
        services.post_update(story=StoryFactory(published=True), user=editor, body="<p>x</p>")
    story = LiveStoryFactory()
    for body in ("", "   ", "<script>alert(1)</script>", "<p> </p>"):
        with pytest.raises(TransitionInvalid, match="text"):
            services.post_update(story=story, user=editor, body=body)
    with pytest.raises(TransitionInvalid, match="at most"):
        services.post_update(story=story, user=editor, body="<p>" + "x" * 30_000 + "</p>")
    with pytest.raises(TransitionInvalid, match="headline"):
        services.post_update(story=story, user=editor, body="<p>x</p>", headline="h" * 300)


def test_the_body_is_sanitized_on_save(editor):
    update = services.post_update(
        story=LiveStoryFactory(), user=editor, body='<p onclick="x()">Hi<script>bad()</script></p>'
    )
    assert update.body == "<p>Hi</p>"


def test_editing_a_published_update_marks_it_edited_and_keeps_a_public_correction(editor):
    update = services.post_update(story=LiveStoryFactory(), user=editor, body="<p>7 hurt</p>")
    services.edit_update(update=update, user=editor, pinned=True, key_event=True)
    update.refresh_from_db()
    assert update.pinned and update.key_event and update.edited_at is None
    services.edit_update(
        update=update, user=editor, body="<p>5 hurt</p>", correction="We said 7; it was 5."
    )
    update.refresh_from_db()
    assert update.edited_at is not None and update.correction == "We said 7; it was 5."
    assert "correction: We said 7" in update.story.events.first().note


def test_deleting_takes_an_update_out_of_public_and_out_of_the_image_uses(editor):
    image = ImageFactory()
    body = f'<p>Scene</p><figure data-image="{image.pk}"></figure>'
    update = services.post_update(story=LiveStoryFactory(), user=editor, body=body)
    assert BodyImage.objects.filter(live_update=update, image=image).exists()
    services.delete_update(update=update, user=editor, reason="Wrong place")
    update.refresh_from_db()
    assert update.deleted_at and not update.is_public
    assert not LiveUpdate.objects.public().exists()
    assert not BodyImage.objects.filter(image=image).exists()
    with pytest.raises(TransitionForbidden):
        services.edit_update(update=update, user=editor, body="<p>back</p>")


def test_updates_are_public_only_while_the_story_is(editor):
    update = LiveUpdateFactory()
    assert list(LiveUpdate.objects.public()) == [update] and update.is_public
    for status in (Story.Status.UNPUBLISHED, Story.Status.DRAFT):
        Story.objects.filter(pk=update.story_id).update(status=status)
        update.story.refresh_from_db()
        assert not LiveUpdate.objects.public().exists() and not update.is_public


def test_ending_coverage_stops_new_updates_and_can_be_started_again(editor):
    story = LiveStoryFactory()
    services.end_coverage(story=story, user=editor, note="Storm has passed")
    story.refresh_from_db()
    assert story.live and not story.is_live_now and story.coverage_ended_at
    with pytest.raises(TransitionInvalid, match="not live"):
        services.post_update(story=story, user=editor, body="<p>Late</p>")
    with pytest.raises(TransitionInvalid):
        services.end_coverage(story=story, user=editor)
    services.start_coverage(story=story, user=editor)
    story.refresh_from_db()
    assert story.is_live_now


def test_the_database_refuses_an_end_before_the_start():
    story = LiveStoryFactory()
    story.coverage_ended_at = story.coverage_started_at.replace(year=2000)
    with pytest.raises(IntegrityError), transaction.atomic():
        Story.objects.filter(pk=story.pk).update(coverage_ended_at=story.coverage_ended_at)


def test_permission_is_decided_on_the_story_as_it_is_now(editor):
    story = LiveStoryFactory()
    stale = Story.objects.get(pk=story.pk)
    services.end_coverage(story=story, user=editor)
    assert stale.is_live_now
    with pytest.raises(TransitionInvalid, match="not live"):
        services.post_update(story=stale, user=editor, body="<p>From an old tab</p>")
