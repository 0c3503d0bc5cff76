"""Restoring a revision from History: decided on the story as it is now, logged, invalidated."""

import re

import pytest
import reversion
from django.contrib.messages import get_messages
from reversion.models import Version

from articles.editorial import workflow
from articles.models import StaleStoryError, Story, StoryEvent
from articles.signals import story_published_changed
from tests.admin.test_workflow_buttons import change_form_data, change_url
from tests.support.factories import AuthorFactory, SectionFactory, StoryFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("users_by_role")]


def keep_revision(story: Story, **changes) -> Version:
    """Save `story` with `changes` as the workflow would, and return the revision it left."""
    for name, value in changes.items():
        setattr(story, name, value)
    with reversion.create_revision():
        story.save()
    return Version.objects.get_for_object(story).first()


def revision_url(story: Story, version: Version) -> str:
    return f"/admin/articles/story/{story.pk}/history/{version.pk}/"


def test_a_reporter_cannot_revert_their_story_once_an_editor_published_it(client, reporter, editor):
    """Revision 1 is the reporter's own draft; the story as it is now is published."""
    client.force_login(reporter)
    section = SectionFactory()
    response = client.post(
        "/admin/articles/story/add/",
        {"headline": "Harbour dredging approved", "slug": "harbour-dredging",
         "body": "<p>Work starts in spring.</p>", "section": section.pk, "priority": 0,
         "storyauthor_set-TOTAL_FORMS": 0, "storyauthor_set-INITIAL_FORMS": 0,
         "corrections-TOTAL_FORMS": 0, "corrections-INITIAL_FORMS": 0},
    )  # fmt: skip
    assert response.status_code == 302
    story = Story.objects.get(slug="harbour-dredging")
    first = Version.objects.get_for_object(story).get()
    workflow.submit(story, reporter)
    workflow.publish(story, editor)
    story.refresh_from_db()
    published_at, version = story.published_at, story.version

    page = client.get(revision_url(story, first))
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    response = client.post(
        revision_url(story, first),
        change_form_data(story, headline="Dredging cancelled", expected_version=version),
    )

    assert response.status_code == 403
    story.refresh_from_db()
    assert story.headline == "Harbour dredging approved"
    assert (story.status, story.published_at, story.version) == ("published", published_at, version)
    assert list(story.events.values_list("action", flat=True)) == ["publish", "submit"]


def test_restoring_through_the_admin_is_a_workflow_step_with_its_event(client, editor):
    story = StoryFactory(published=True, headline="Good headline", body="<p>Good.</p>")
    good = keep_revision(story)
    keep_revision(story, headline="Bad headline", body="<p>Bad.</p>")
    story.refresh_from_db()
    client.force_login(editor)

    response = client.post(
        revision_url(story, good),
        change_form_data(story, headline="Typed over the revision", expected_version=story.version),
    )

    assert response.status_code == 302
    assert response["Location"] == change_url(story)
    story.refresh_from_db()
    assert (story.headline, story.body) == ("Good headline", "<p>Good.</p>")
    event = story.events.get()
    assert (event.action, event.user, event.from_status, event.to_status) == (
        StoryEvent.Action.RESTORE,
        editor,
        "published",
        "published",
    )
    assert event.note.startswith("Restored the revision saved on")
    messages = [message.message for message in get_messages(response.wsgi_request)]
    assert messages == ["Restore a revision: “Good headline”."]


def test_the_revision_page_shows_the_revision_without_editing_it(client, editor):
    story = StoryFactory(headline="First")
    first = keep_revision(story)
    keep_revision(story, headline="Second")
    story.refresh_from_db()
    client.force_login(editor)
    html = client.get(revision_url(story, first)).content.decode()
    headline = re.search(r'<input type="text" name="headline"[^>]*>', html).group(0)
    assert 'value="First"' in headline and " disabled " in headline
    assert f'name="expected_version" value="{story.version}"' in html
    assert 'name="_save"' in html


def test_a_restore_brings_back_text_bylines_and_placement_but_not_state_or_times(editor):
    old_section, new_section = SectionFactory(), SectionFactory()
    ann, bob = AuthorFactory(name="Ann Writer"), AuthorFactory(name="Bob Scribe")
    story = StoryFactory(
        published=True, headline="Old", section=old_section, priority=1, authors=[ann]
    )
    old = keep_revision(story)
    story.storyauthor_set.all().delete()
    story.storyauthor_set.create(author=bob)
    keep_revision(story, headline="New", section=new_section, priority=0)
    workflow.significant_update(story, editor)
    story.refresh_from_db()
    before = (story.status, story.published_at, story.updated_at, story.preview_secret)

    event = workflow.restore_revision(
        story=story, version=old, user=editor, expected_version=story.version
    )

    story.refresh_from_db()
    assert (story.headline, story.section, story.priority) == ("Old", old_section, 1)
    assert [byline.author for byline in story.bylines] == [ann]
    assert (story.status, story.published_at, story.updated_at, story.preview_secret) == before
    assert event.story == story and event.action == StoryEvent.Action.RESTORE
    latest = Version.objects.get_for_object(story).first()
    assert latest.revision.comment.startswith("Reverted to the revision saved on")
    assert {version.object_repr for version in latest.revision.version_set.all()} >= {
        "Ann Writer on Old"
    }


def test_a_reporter_restores_their_own_draft_but_not_the_desk_s_placement(reporter, editor):
    story = StoryFactory(headline="Mine", created_by=reporter)
    first = keep_revision(story, priority=Story.Priority.LEAD)
    keep_revision(story, headline="Mine, rewritten", priority=Story.Priority.NORMAL)
    story.refresh_from_db()
    workflow.restore_revision(story=story, version=first, user=reporter)
    story.refresh_from_db()
    assert (story.headline, story.priority) == ("Mine", Story.Priority.NORMAL)


def test_permission_is_the_story_s_as_it_is_now(reporter, editor):
    story = StoryFactory(headline="Draft", created_by=reporter)
    draft = keep_revision(story)
    workflow.submit(story, reporter)
    with pytest.raises(workflow.TransitionForbidden):
        workflow.restore_revision(story=story, version=draft, user=reporter)
    assert workflow.restore_revision(story=story, version=draft, user=editor)


def test_a_restore_from_an_older_version_of_the_page_is_refused(editor):
    story = StoryFactory(headline="One")
    old = keep_revision(story)
    opened_on = story.version
    keep_revision(story, headline="Two")
    with pytest.raises(StaleStoryError):
        workflow.restore_revision(story=story, version=old, user=editor, expected_version=opened_on)
    story.refresh_from_db()
    assert story.headline == "Two" and not story.events.exists()


def test_a_revision_of_another_story_is_refused(client, editor):
    story, other = StoryFactory(), StoryFactory()
    elsewhere = keep_revision(other)
    with pytest.raises(workflow.TransitionInvalid, match="not one of this story's"):
        workflow.restore_revision(story=story, version=elsewhere, user=editor)
    client.force_login(editor)
    assert client.get(revision_url(story, elsewhere)).status_code == 404
    assert client.post(revision_url(story, elsewhere), change_form_data(story)).status_code == 404


def test_a_revision_whose_section_has_gone_is_refused_with_the_reason(client, editor):
    gone = SectionFactory(name="Closed desk")
    story = StoryFactory(section=gone)
    old = keep_revision(story)
    keep_revision(story, section=SectionFactory())
    gone.delete()
    story.refresh_from_db()
    client.force_login(editor)
    response = client.post(revision_url(story, old), change_form_data(story), follow=True)
    assert "its section no longer exist" in response.content.decode()
    assert not story.events.exists()


def test_an_address_now_used_by_another_story_is_kept_as_it_is(editor):
    story = StoryFactory(slug="ferry-times")
    old = keep_revision(story)
    keep_revision(story, slug="ferry-timetable")
    StoryFactory(slug="ferry-times")
    event = workflow.restore_revision(story=story, version=old, user=editor)
    story.refresh_from_db()
    assert story.slug == "ferry-timetable"
    assert "Kept the address “ferry-timetable”" in event.note


def test_restoring_a_public_story_refreshes_its_cached_page(
    client, editor, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_TIMEOUT = 300
    with django_capture_on_commit_callbacks(execute=True):
        story = StoryFactory(published=True, headline="Ferry returns")
        old = keep_revision(story)
        keep_revision(story, headline="Ferry delayed")
    url = story.get_absolute_url()
    client.get(url)
    assert client.get(url)["X-Cache"] == "HIT"

    with django_capture_on_commit_callbacks(execute=True):
        workflow.restore_revision(story=story, version=old, user=editor)

    response = client.get(url)
    assert response["X-Cache"] == "MISS"
    assert "Ferry returns" in response.content.decode()


@pytest.mark.parametrize(("published", "announced"), [(True, True), (False, False)])
def test_restoring_what_readers_see_is_announced_after_the_commit(
    editor, django_capture_on_commit_callbacks, published, announced
):
    story = StoryFactory(published=published, headline="Before")
    old = keep_revision(story)
    keep_revision(story, headline="After")
    received = []

    def receiver(sender, story, action, **kwargs):
        received.append((story.pk, action))

    story_published_changed.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            workflow.restore_revision(story=story, version=old, user=editor)
            assert received == []
    finally:
        story_published_changed.disconnect(receiver)
    assert received == ([(story.pk, "restore")] if announced else [])
