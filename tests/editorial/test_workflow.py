from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from freezegun import freeze_time

from articles.editorial import workflow
from articles.models import StaleStoryError, Story, StoryEvent
from tests.support.factories import ImageFactory, StoryFactory
from tests.support.workflow_cases import (
    MATRIX,
    TRANSITIONS,
    assert_nothing_changed,
    assert_transition_done,
    publish_time,
    story_for,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("role", "action"), MATRIX)
def test_permission_matrix_through_the_workflow_function(users_by_role, reporter, role, action):
    story = story_for(action, owner=reporter)
    _start, _end, allowed, note, needs_time = TRANSITIONS[action]
    user = users_by_role[role]
    perform = lambda: workflow.perform(  # noqa: E731
        action, story, user, note=note, publish_at=publish_time() if needs_time else None
    )
    if role in allowed:
        event = perform()
        assert event.user == user
        assert event.actor == user.get_username()
        assert_transition_done(action, story)
    else:
        with pytest.raises(workflow.TransitionForbidden):
            perform()
        assert_nothing_changed(story, TRANSITIONS[action][0])


@pytest.mark.parametrize(
    ("action", "state"),
    [("publish", "returned"), ("approve", "draft"), ("submit", "published"), ("unpublish", "draft"),
     ("correct", "ready"), ("return", "published")],
)  # fmt: skip
def test_a_transition_from_the_wrong_state_is_refused_not_ignored(editor, action, state):
    story = StoryFactory(
        status=state, published_at=timezone.now() if state == "published" else None
    )
    with pytest.raises(workflow.TransitionInvalid, match="Cannot"):
        workflow.perform(action, story, editor, note="n")
    story.refresh_from_db()
    assert story.status == state
    assert not story.events.exists()


@pytest.mark.parametrize("action", ["return", "unpublish", "correct"])
def test_notes_are_required_where_the_workflow_asks_for_one(editor, action):
    story = story_for(action, owner=editor)
    with pytest.raises(workflow.TransitionInvalid, match="write a"):
        workflow.perform(action, story, editor, note="   ")


def test_scheduling_needs_a_future_time(editor):
    story = StoryFactory(status="ready")
    with pytest.raises(workflow.TransitionInvalid, match="future"):
        workflow.schedule(story, editor, timezone.now() - timedelta(minutes=1))


@pytest.mark.parametrize(
    ("fields", "missing"),
    [
        ({"headline": " "}, "headline"),
        ({"body": "<p> </p>"}, "body"),
        ({"lead_image__alt_text": ""}, "lead image alt text"),
        ({"lead_image__credit": ""}, "lead image credit"),
    ],
)
def test_publishing_names_what_is_missing(editor, fields, missing):
    image_fields = {k.split("__")[1]: v for k, v in fields.items() if k.startswith("lead_image")}
    story_fields = {k: v for k, v in fields.items() if not k.startswith("lead_image")}
    story = StoryFactory(status="ready", lead_image=ImageFactory(**image_fields), **story_fields)
    for action in ("publish", "schedule"):
        with pytest.raises(workflow.TransitionInvalid) as refusal:
            workflow.perform(action, story, editor, publish_at=publish_time())
        assert missing in str(refusal.value)
    story.refresh_from_db()
    assert story.status == "ready"


def test_a_story_without_a_lead_image_needs_no_credit(editor):
    story = StoryFactory(status="ready", lead_image=None)
    assert workflow.missing_for_publication(story) == []
    workflow.publish(story, editor)
    assert Story.objects.published().filter(pk=story.pk).exists()


def test_publishing_names_the_body_photos_without_alt_text_or_credit(editor):
    complete = ImageFactory(title="Complete")
    no_alt = ImageFactory(title="Boats at dawn", alt_text=" ")
    no_credit = ImageFactory(title="Nets", credit="")
    body = "".join(
        f'<figure data-image="{image.pk}"></figure>' for image in (complete, no_alt, no_credit)
    )
    story = StoryFactory(status="ready", body=f"<p>Text.</p>{body}")
    with pytest.raises(workflow.TransitionInvalid) as refusal:
        workflow.publish(story, editor)
    assert str(refusal.value) == (
        f"Cannot publish “{story.headline}”: missing alt text of body photo “Boats at dawn” "
        f"({no_alt.pk}), credit of body photo “Nets” ({no_credit.pk})."
    )
    no_alt.alt_text, no_credit.credit = "Boats", "Jo Bloggs"
    no_alt.save()
    no_credit.save()
    workflow.publish(story, editor)
    assert Story.objects.published().filter(pk=story.pk).exists()


def test_missing_section_is_named():
    assert workflow.missing_for_publication(Story(headline="H", body="<p>B</p>")) == ["section"]


def test_publish_records_who_when_and_fires_the_signal_on_commit(
    editor, django_capture_on_commit_callbacks
):
    story = StoryFactory(status="ready")
    received = []

    def receiver(sender, story, action, **kwargs):
        received.append((story.pk, action))

    workflow.story_published_changed.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            event = workflow.publish(story, editor)
            assert received == []
        for callback in callbacks:
            callback()
    finally:
        workflow.story_published_changed.disconnect(receiver)
    assert received == [(story.pk, "publish")]
    assert (event.from_status, event.to_status, event.user) == ("ready", "published", editor)
    assert story.status == "published" and story.published_at <= timezone.now()


def test_the_signal_does_not_fire_for_desk_only_steps(editor, django_capture_on_commit_callbacks):
    story = StoryFactory(status="draft", created_by=editor)
    with django_capture_on_commit_callbacks() as callbacks:
        workflow.submit(story, editor)
    assert callbacks == []


def test_a_system_actor_can_publish_and_is_recorded():
    story = StoryFactory(status="draft")
    event = workflow.publish(story, None, by="ingest: Continental Wire")
    assert event.user is None and event.actor == "ingest: Continental Wire"
    story.refresh_from_db()
    assert story.status == "published"


def test_no_user_and_no_system_actor_is_refused():
    with pytest.raises(workflow.TransitionForbidden):
        workflow.publish(StoryFactory(status="ready"), None)


def test_a_forbidden_transition_is_a_permission_denied():
    from django.core.exceptions import PermissionDenied

    assert issubclass(workflow.TransitionForbidden, PermissionDenied)


def test_reporter_may_resubmit_a_returned_story_with_their_byline(reporter):
    from tests.support.factories import AuthorFactory

    author = AuthorFactory(user=reporter)
    story = StoryFactory(status="returned", authors=[author])
    workflow.submit(story, reporter)
    assert story.status == "in_review"


def test_significant_update_sets_the_updated_time_shown_to_readers(client, editor):
    story = StoryFactory(published=True)
    with freeze_time(timezone.now() + timedelta(hours=3)):
        workflow.significant_update(story, editor)
        story.refresh_from_db()
        assert story.updated_at == timezone.now()
    html = client.get(story.get_absolute_url()).content.decode()
    assert "Updated <time" in html


def test_corrections_are_public_with_their_dates(client, editor):
    story = StoryFactory(published=True)
    with freeze_time("2026-03-04 10:00:00"):
        story.published_at = timezone.now() - timedelta(days=1)
        story.save()
        workflow.add_correction(story, editor, "The bridge is on Mill Lane, not Mill Road.")
    html = client.get(story.get_absolute_url()).content.decode()
    assert "The bridge is on Mill Lane, not Mill Road." in html
    assert "4 March 2026" in html
    assert story.corrections.get().created_by == editor


def test_unpublish_makes_the_public_url_answer_410(client, editor):
    story = StoryFactory(published=True)
    assert client.get(story.get_absolute_url()).status_code == 200
    workflow.unpublish(story, editor, "Withdrawn on legal advice.")
    assert client.get(story.get_absolute_url()).status_code == 410
    assert story.events.get().note == "Withdrawn on legal advice."


def test_republishing_keeps_the_first_publish_time(editor):
    story = StoryFactory(unpublished=True)
    first = story.published_at
    workflow.publish(story, editor)
    story.refresh_from_db()
    assert story.published_at == first and story.status == "published"


def test_every_transition_keeps_a_revision(editor):
    from reversion.models import Version

    story = StoryFactory(status="ready")
    workflow.publish(story, editor)
    version = Version.objects.get_for_object(story).get()
    assert version.revision.user == editor
    assert "Publish now" in version.revision.comment


class TestScheduledPublishing:
    def test_a_scheduled_story_goes_public_on_time_and_the_command_flips_it_once(self, editor):
        with freeze_time("2026-05-01 08:00:00"):
            story = StoryFactory(status="ready")
            workflow.schedule(story, editor, timezone.now() + timedelta(hours=1))
            assert not Story.objects.published().filter(pk=story.pk).exists()
            call_command("publish_scheduled")
            story.refresh_from_db()
            assert story.status == "scheduled"

        with freeze_time("2026-05-01 09:00:01"):
            # Public before any command runs: the QuerySet decides by time.
            assert Story.objects.published().filter(pk=story.pk).exists()
            call_command("publish_scheduled")
            call_command("publish_scheduled")
            story.refresh_from_db()
            assert story.status == "published"
            assert story.published_at.isoformat() == "2026-05-01T09:00:00+00:00"
            event = story.events.get(action="publish")
            assert event.actor == "publish_scheduled command" and event.user is None

    def test_a_second_concurrent_run_finds_nothing_to_do(self):
        story = StoryFactory(scheduled=True)
        with freeze_time(story.published_at + timedelta(seconds=1)):
            assert workflow.publish_if_due(story.pk, by="run 1") is not None
            assert workflow.publish_if_due(story.pk, by="run 2") is None
        assert StoryEvent.objects.filter(story=story).count() == 1

    def test_the_command_leaves_other_states_alone(self):
        draft = StoryFactory(status="draft")
        unpublished = StoryFactory(unpublished=True)
        call_command("publish_scheduled")
        draft.refresh_from_db()
        unpublished.refresh_from_db()
        assert (draft.status, unpublished.status) == ("draft", "unpublished")


class TestOptimisticConcurrency:
    def test_saving_a_stale_copy_is_refused_and_the_first_edit_stays(self):
        story = StoryFactory(headline="Original")
        first, second = Story.objects.get(pk=story.pk), Story.objects.get(pk=story.pk)
        first.headline = "First edit"
        first.save()
        second.headline = "Second edit"
        with pytest.raises(StaleStoryError):
            second.save()
        story.refresh_from_db()
        assert story.headline == "First edit"
        assert story.version == 2

    def test_repeated_saves_of_one_copy_keep_working(self):
        story = StoryFactory()
        for number in range(3):
            story.dek = f"Dek {number}"
            story.save()
        story.refresh_from_db()
        assert story.version == 4

    def test_update_fields_also_raise_the_version(self):
        story = StoryFactory()
        story.dek = "New"
        story.save(update_fields=["dek"])
        story.refresh_from_db()
        assert story.version == 2

    def test_a_transition_on_a_stale_copy_works_from_the_locked_row(self, editor):
        story = StoryFactory(status="ready")
        stale = Story.objects.get(pk=story.pk)
        story.dek = "Changed meanwhile"
        story.save()
        workflow.publish(stale, editor)
        story.refresh_from_db()
        assert story.dek == "Changed meanwhile" and story.status == "published"


def test_seed_demo_stories_pass_the_publication_checks():
    call_command("seed_demo")
    public = Story.objects.filter(status__in=["published", "scheduled", "unpublished"])
    assert public.exists()
    for story in public.select_related("lead_image"):
        assert workflow.missing_for_publication(story) == [], story.slug


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_cron_runs_publish_a_story_once():
    import threading

    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("Row locks are what is tested; SQLite serializes all writes anyway.")
    story = StoryFactory(status="scheduled", published_at=timezone.now() - timedelta(minutes=1))
    start_together = threading.Barrier(2)
    results = []

    def cron_run(name):
        try:
            start_together.wait()
            results.append(workflow.publish_if_due(story.pk, by=name))
        finally:
            connection.close()

    runs = [threading.Thread(target=cron_run, args=(f"run {n}",)) for n in (1, 2)]
    for run in runs:
        run.start()
    for run in runs:
        run.join()
    assert sum(event is not None for event in results) == 1
    assert StoryEvent.objects.filter(story=story).count() == 1
