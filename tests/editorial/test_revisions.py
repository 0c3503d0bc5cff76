import re

import pytest
import reversion
from reversion.models import Version

from articles.editorial import workflow
from articles.models import Story
from tests.admin.test_workflow_buttons import change_form_data, change_url
from tests.support.factories import AuthorFactory, StoryFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("users_by_role")]


def save_through_admin(client, story, **changes):
    story.refresh_from_db()
    response = client.post(change_url(story), change_form_data(story, **changes))
    assert response.status_code == 302, response.content.decode()[:2000]


def test_every_admin_save_keeps_a_revision_with_who_and_when(client, editor):
    story = StoryFactory(headline="First headline")
    client.force_login(editor)
    save_through_admin(client, story, headline="Second headline")
    save_through_admin(client, story, headline="Third headline")
    versions = Version.objects.get_for_object(story)
    assert versions.count() == 2
    assert {version.revision.user for version in versions} == {editor}
    assert versions.first().field_dict["headline"] == "Third headline"
    html = client.get(f"/admin/articles/story/{story.pk}/history/").content.decode()
    assert "editor-user" in html


def test_an_editor_restores_an_earlier_revision(client, editor):
    author = AuthorFactory(name="Hannah Cole")
    story = StoryFactory(headline="Good headline", body="<p>Good body.</p>", status="ready")
    client.force_login(editor)
    save_through_admin(
        client, story, **{"storyauthor_set-TOTAL_FORMS": 1, "storyauthor_set-0-author": author.pk,
                          "storyauthor_set-0-position": 0}
    )  # fmt: skip
    good = Version.objects.get_for_object(story).first()
    story.refresh_from_db()
    bylines = story.storyauthor_set.all()
    save_through_admin(
        client, story, headline="Bad headline", body="<p>Bad body.</p>",
        **{"storyauthor_set-TOTAL_FORMS": 1, "storyauthor_set-INITIAL_FORMS": 1,
           "storyauthor_set-0-id": bylines[0].pk, "storyauthor_set-0-story": story.pk,
           "storyauthor_set-0-author": author.pk, "storyauthor_set-0-position": 0,
           "storyauthor_set-0-DELETE": "on"},
    )  # fmt: skip
    workflow.publish(story, editor)
    story.refresh_from_db()
    assert story.headline == "Bad headline" and not story.storyauthor_set.exists()
    published_version = story.version

    revision_url = f"/admin/articles/story/{story.pk}/history/{good.pk}/"
    page = client.get(revision_url)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'value="Good headline"' in html
    expected = re.search(r'name="expected_version" value="(\d+)"', html).group(1)
    assert int(expected) == published_version

    byline_version = good.revision.version_set.exclude(pk=good.pk).get()
    form = change_form_data(story, headline="Good headline", body="<p>Good body.</p>")
    form.update(
        {
            "expected_version": expected,
            "storyauthor_set-TOTAL_FORMS": 1,
            "storyauthor_set-INITIAL_FORMS": 1,
            "storyauthor_set-0-id": byline_version.object_id,
            "storyauthor_set-0-story": story.pk,
            "storyauthor_set-0-author": author.pk,
            "storyauthor_set-0-position": 0,
        }
    )
    response = client.post(revision_url, form)
    assert response.status_code == 302, response.content.decode()[:3000]

    story.refresh_from_db()
    assert (story.headline, story.body) == ("Good headline", "<p>Good body.</p>")
    assert [byline.author for byline in story.storyauthor_set.all()] == [author]
    # The text comes back; the workflow state and the version move only forward.
    assert story.status == "published" and story.published_at is not None
    assert story.version == published_version + 1
    assert "Reverted" in Version.objects.get_for_object(story).first().revision.comment


def test_a_restore_from_a_stale_revision_page_is_refused(client, editor, chief):
    story = StoryFactory(headline="One")
    client.force_login(editor)
    save_through_admin(client, story, headline="Two")
    old = Version.objects.get_for_object(story).first()
    revision_url = f"/admin/articles/story/{story.pk}/history/{old.pk}/"
    html = client.get(revision_url).content.decode()
    expected = re.search(r'name="expected_version" value="(\d+)"', html).group(1)
    other = type(client)()
    other.force_login(chief)
    save_through_admin(other, story, headline="Three")
    response = client.post(revision_url, change_form_data(story, expected_version=expected))
    assert response.status_code == 200
    assert "Someone else saved this story" in response.content.decode()
    story.refresh_from_db()
    assert story.headline == "Three"


def test_reporters_cannot_restore_others_stories(client, reporter, editor):
    story = StoryFactory(headline="One")
    client.force_login(editor)
    save_through_admin(client, story, headline="Two")
    version = Version.objects.get_for_object(story).first()
    client.force_login(reporter)
    response = client.post(
        f"/admin/articles/story/{story.pk}/history/{version.pk}/", change_form_data(story)
    )
    assert response.status_code == 403


def test_the_restore_page_gives_the_editor_scripts_the_csp_nonce(client, editor):
    """Restore pages are rendered inside the view, before the CSP middleware sees them."""
    story = StoryFactory(headline="One")
    client.force_login(editor)
    save_through_admin(client, story, headline="Two")
    version = Version.objects.get_for_object(story).first()
    response = client.get(f"/admin/articles/story/{story.pk}/history/{version.pk}/")
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"])
    assert nonce, response["Content-Security-Policy"]
    html = response.content.decode()
    assert f'<script type="importmap" nonce="{nonce[1]}">' in html
    assert f'src="/static/django_prose_editor/editor.js" nonce="{nonce[1]}"' in html


def test_a_recovered_deleted_story_comes_back_as_a_draft_not_public(client, editor):
    """Going public again is a workflow step, never a side effect of undoing a delete."""
    story = StoryFactory(published=True, headline="Withdrawn on legal advice")
    with reversion.create_revision():
        story.save()
    form_data = change_form_data(story)
    story.delete()
    version = Version.objects.get_deleted(Story).get()
    client.force_login(editor)
    response = client.post(f"/admin/articles/story/recover/{version.pk}/", form_data)
    assert response.status_code == 302
    recovered = Story.objects.get(headline="Withdrawn on legal advice")
    assert recovered.status == Story.Status.DRAFT
    assert recovered.body == story.body
    assert not Story.objects.published().filter(pk=recovered.pk).exists()
