from datetime import timedelta

import pytest
from django.core import signing
from django.test import Client
from django.utils import timezone
from freezegun import freeze_time

from articles.editorial import workflow
from articles.editorial.preview import SALT, make_preview_token, preview_url
from articles.models import StoryEvent
from tests.support.factories import CorrectionFactory, ImageFactory, StoryFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("users_by_role")]


def assert_private_and_unindexed(response):
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


@pytest.mark.parametrize("state", ["draft", "in_review", "ready", "scheduled"])
def test_a_signed_link_previews_an_unpublished_story_as_readers_will_see_it(client, state):
    published_at = timezone.now() + timedelta(days=1) if state == "scheduled" else None
    story = StoryFactory(
        status=state,
        published_at=published_at,
        headline="Embargoed results",
        lead_image=ImageFactory(caption="The count at the town hall.", credit="Jo Bloggs/Wire"),
        tags=["elections"],
    )
    assert client.get(story.get_absolute_url()).status_code == 404
    response = client.get(preview_url(story))
    html = response.content.decode()
    assert response.status_code == 200
    assert "articles/story_detail.html" in [t.name for t in response.templates]
    assert "<h1>Embargoed results</h1>" in html
    assert "The count at the town hall." in html and "Photo: Jo Bloggs/Wire" in html
    assert 'href="/tags/elections/"' in html
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert "Preview" in html
    assert_private_and_unindexed(response)


def test_the_preview_shows_corrections_like_the_public_page(client):
    story = StoryFactory(status="draft")
    CorrectionFactory(story=story, text="A date was wrong.")
    assert "A date was wrong." in client.get(preview_url(story)).content.decode()


def test_an_expired_link_is_refused_with_a_clear_page(client, settings):
    story = StoryFactory(status="draft")
    url = preview_url(story)
    with freeze_time(timezone.now() + timedelta(seconds=settings.PREVIEW_LINK_MAX_AGE + 60)):
        response = client.get(url)
    assert response.status_code == 403
    assert "This preview link has expired" in response.content.decode()
    assert_private_and_unindexed(response)


def test_a_link_still_works_just_before_it_expires(client, settings):
    story = StoryFactory(status="draft")
    url = preview_url(story)
    with freeze_time(timezone.now() + timedelta(seconds=settings.PREVIEW_LINK_MAX_AGE - 60)):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),
        lambda token: "garbage",
        lambda token: signing.dumps({"story": 1}, salt="another-purpose"),
        lambda token: signing.dumps({"story": "1"}, salt=SALT),
    ],
)
def test_a_tampered_link_is_refused(client, tamper):
    story = StoryFactory(status="draft")
    response = client.get(f"/preview/{tamper(make_preview_token(story))}/")
    assert response.status_code == 403
    assert "This preview link is not valid" in response.content.decode()


def test_a_link_to_a_story_that_pointed_at_another_story_cannot_be_forged(client):
    draft, other = StoryFactory(status="draft"), StoryFactory(status="draft", headline="Other")
    token = make_preview_token(draft)
    forged = token.replace(str(draft.pk), str(other.pk), 1)
    assert "Other" not in client.get(f"/preview/{forged}/").content.decode()


def test_a_link_to_a_deleted_story_answers_404(client):
    story = StoryFactory(status="draft")
    url = preview_url(story)
    story.delete()
    assert client.get(url).status_code == 404


def test_staff_preview_from_the_change_form(client, editor):
    story = StoryFactory(status="draft", headline="Work in progress")
    client.force_login(editor)
    change = client.get(f"/admin/articles/story/{story.pk}/change/").content.decode()
    assert f'href="/admin/articles/story/{story.pk}/preview/"' in change
    assert "/preview/" in change and "preview-link" in change
    response = client.get(f"/admin/articles/story/{story.pk}/preview/")
    assert response.status_code == 200
    assert "<h1>Work in progress</h1>" in response.content.decode()
    assert_private_and_unindexed(response)


def test_staff_preview_needs_a_login(client):
    story = StoryFactory(status="draft")
    response = client.get(f"/admin/articles/story/{story.pk}/preview/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_only_the_desk_hands_out_links_for_people_without_an_account(client, reporter):
    story = StoryFactory(status="draft", created_by=reporter)
    client.force_login(reporter)
    html = client.get(f"/admin/articles/story/{story.pk}/change/").content.decode()
    assert "preview-link" not in html
    assert f'href="/admin/articles/story/{story.pk}/preview/"' in html
    assert client.get(f"/admin/articles/story/{story.pk}/preview/").status_code == 200


def test_unpublishing_withdraws_the_links_handed_out(client, editor):
    """A taken-down story answered 410 publicly but stayed readable by preview for days."""
    story = StoryFactory(published=True, headline="Taken down on legal advice")
    link = preview_url(story)
    assert client.get(link).status_code == 200

    workflow.unpublish(story, editor, "Legal advice.")

    assert client.get(story.get_absolute_url()).status_code == 410
    response = client.get(link)
    assert response.status_code == 403
    assert "This preview link has been withdrawn" in response.content.decode()
    assert "Taken down on legal advice" not in response.content.decode()
    assert_private_and_unindexed(response)


def test_the_desk_revokes_preview_links_and_new_ones_work(client, editor):
    story = StoryFactory(status="ready", headline="Budget leak")
    old_link = preview_url(story)
    client.force_login(editor)
    change = client.get(f"/admin/articles/story/{story.pk}/change/").content.decode()
    revoke = f"/admin/articles/story/{story.pk}/revoke-previews/"
    assert f'href="{revoke}"' in change
    confirm = client.get(revoke)
    assert confirm.status_code == 200
    assert 'name="csrfmiddlewaretoken"' in confirm.content.decode()

    response = client.post(revoke)

    assert response.status_code == 302
    assert response["Location"] == f"/admin/articles/story/{story.pk}/change/"
    story.refresh_from_db()
    event = story.events.get()
    assert (event.action, event.user) == (StoryEvent.Action.REVOKE_PREVIEWS, editor)
    client.logout()
    assert "has been withdrawn" in client.get(old_link).content.decode()
    assert client.get(preview_url(story)).status_code == 200


def test_revoking_needs_the_desk_s_permission_and_a_csrf_token(client, reporter, editor):
    story = StoryFactory(status="draft", created_by=reporter)
    secret = story.preview_secret
    revoke = f"/admin/articles/story/{story.pk}/revoke-previews/"
    client.force_login(reporter)
    assert client.get(revoke).status_code == 403
    assert client.post(revoke).status_code == 403
    with pytest.raises(workflow.TransitionForbidden):
        workflow.revoke_preview_links(story=story, user=reporter)
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(editor)
    assert strict.post(revoke).status_code == 403
    story.refresh_from_db()
    assert story.preview_secret == secret and not story.events.exists()


def test_a_link_signed_without_the_story_s_preview_secret_is_refused(client):
    story = StoryFactory(status="draft")
    response = client.get(f"/preview/{signing.dumps({'story': story.pk}, salt=SALT)}/")
    assert response.status_code == 403
    assert "This preview link is not valid" in response.content.decode()
