"""Recovering a deleted story: only a deleted one, as a draft, with permission and an event."""

import re

import pytest
import reversion
from django.utils import timezone
from reversion.models import Version

from articles.editorial import workflow
from articles.editorial.preview import preview_url
from articles.models import Story, StoryEvent
from tests.admin.test_workflow_buttons import change_form_data
from tests.support.factories import AuthorFactory, SourceFactory, StoryFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("users_by_role")]


def with_revision(story: Story) -> Version:
    with reversion.create_revision():
        story.save()
    return Version.objects.get_for_object(story).first()


def recover_url(version: Version) -> str:
    return f"/admin/articles/story/recover/{version.pk}/"


@pytest.fixture
def withdrawn(editor):
    """A published story with a byline and a related story, deleted by an editor."""
    related = StoryFactory(published=True, headline="Earlier ruling")
    story = StoryFactory(
        published=True,
        headline="Withdrawn on legal advice",
        authors=[AuthorFactory(name="Ann Writer")],
        created_by=editor,
    )
    story.related_stories.add(related)
    with_revision(story)
    pk = story.pk
    story.delete()
    story.pk = pk
    return Version.objects.get_deleted(Story).get(), story


@pytest.mark.parametrize("role", ["reporter", "editor"])
def test_the_recover_address_of_a_story_that_still_exists_is_not_found(
    client, request, role, editor
):
    """Recovery once took any version id, and put a live story back to a draft."""
    user = request.getfixturevalue(role)
    story = StoryFactory(headline="Live and well", created_by=user)
    version = with_revision(story)
    workflow.publish(story, editor)
    story.refresh_from_db()
    published_at = story.published_at
    client.force_login(user)

    assert client.get(recover_url(version)).status_code == 404
    assert client.post(recover_url(version), change_form_data(story)).status_code == 404

    story.refresh_from_db()
    assert (story.status, story.published_at) == ("published", published_at)
    assert list(story.events.values_list("action", flat=True)) == ["publish"]
    with pytest.raises(workflow.TransitionInvalid, match="was not deleted"):
        workflow.recover_as_draft(version=version, user=user)


def test_a_recovered_story_comes_back_a_draft_with_its_bylines_and_an_event(
    client, editor, withdrawn
):
    version, story = withdrawn
    client.force_login(editor)

    response = client.post(recover_url(version), {})

    recovered = Story.objects.get(pk=story.pk)
    assert response.status_code == 302
    assert response["Location"] == f"/admin/articles/story/{story.pk}/change/"
    assert recovered.status == Story.Status.DRAFT and not recovered.is_public
    assert (recovered.headline, recovered.body) == (story.headline, story.body)
    assert recovered.byline == "Ann Writer"
    assert [related.headline for related in recovered.related_stories.all()] == ["Earlier ruling"]
    event = recovered.events.get()
    assert (event.action, event.user, event.from_status, event.to_status) == (
        StoryEvent.Action.RECOVER,
        editor,
        "published",
        "draft",
    )
    assert (
        "Recovered as a draft" in Version.objects.get_for_object(recovered).first().revision.comment
    )


def test_a_story_is_recovered_once(client, editor, withdrawn):
    version, _story = withdrawn
    workflow.recover_as_draft(version=version, user=editor)
    client.force_login(editor)
    assert client.post(recover_url(version), {}).status_code == 404
    with pytest.raises(workflow.TransitionInvalid):
        workflow.recover_as_draft(version=version, user=editor)
    assert StoryEvent.objects.filter(action=StoryEvent.Action.RECOVER).count() == 1


def test_recovery_needs_add_permission_and_a_story_one_may_edit_as_a_draft(
    reporter, other_reporter, withdrawn
):
    version, story = withdrawn
    with pytest.raises(workflow.TransitionForbidden):
        workflow.recover_as_draft(version=version, user=reporter)
    assert not Story.objects.filter(pk=story.pk).exists()

    own = StoryFactory(headline="My own, deleted", created_by=reporter)
    own_version = with_revision(own)
    own.delete()
    with pytest.raises(workflow.TransitionForbidden):
        workflow.recover_as_draft(version=own_version, user=other_reporter)
    event = workflow.recover_as_draft(version=own_version, user=reporter)
    assert event.story.created_by == reporter and event.story.status == Story.Status.DRAFT


def test_a_recovered_story_whose_address_was_taken_gets_its_own(editor, withdrawn):
    version, story = withdrawn
    StoryFactory(slug=story.slug)
    event = workflow.recover_as_draft(version=version, user=editor)
    assert event.story.slug == f"{story.slug}-2"
    assert event.story.slug in event.note


def test_preview_links_to_the_deleted_story_stay_withdrawn(client, editor):
    story = StoryFactory(headline="Embargoed", status="ready")
    version = with_revision(story)
    link = preview_url(story)
    story.delete()
    recovered = workflow.recover_as_draft(version=version, user=editor).story
    assert client.get(link).status_code == 403
    assert "withdrawn" in client.get(link).content.decode()
    assert client.get(preview_url(recovered)).status_code == 200


def test_a_recovered_story_keeps_when_it_was_first_published_and_updated(editor):
    story = StoryFactory(published=True, updated_at=timezone.now(), headline="Updated then deleted")
    version = with_revision(story)
    story.delete()
    recovered = workflow.recover_as_draft(version=version, user=editor).story
    recovered.refresh_from_db()
    # Revisions keep times to the millisecond.
    assert recovered.published_at == version.field_dict["published_at"]
    assert recovered.updated_at == version.field_dict["updated_at"]
    assert recovered.published_at <= recovered.updated_at


def test_the_recover_page_shows_the_deleted_story_without_editing_it(client, editor, withdrawn):
    version, story = withdrawn
    client.force_login(editor)
    html = client.get(recover_url(version)).content.decode()
    headline = re.search(r'<input type="text" name="headline"[^>]*>', html).group(0)
    assert f'value="{story.headline}"' in headline and " disabled " in headline
    assert 'name="_save"' in html and "comes back as a draft" in html


def test_a_wire_story_ingested_again_since_comes_back_as_a_copy_of_its_own(editor):
    source = SourceFactory()
    story = StoryFactory(published=True, source=source, ingest_guid="urn:wire:ferry")
    version = with_revision(story)
    story.delete()
    again = StoryFactory(source=source, ingest_guid="urn:wire:ferry")
    event = workflow.recover_as_draft(version=version, user=editor)
    assert event.story.ingest_guid == "" and "ingested again" in event.note
    again.refresh_from_db()
    assert again.ingest_guid == "urn:wire:ferry"
