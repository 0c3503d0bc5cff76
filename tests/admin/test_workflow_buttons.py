import re
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.utils import timezone
from freezegun import freeze_time

from articles.models import Story
from tests.support.factories import ImageFactory, StoryFactory
from tests.support.workflow_cases import (
    MATRIX,
    TRANSITIONS,
    assert_nothing_changed,
    assert_transition_done,
    publish_time,
    story_for,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("users_by_role")]

CHANGELIST = "/admin/articles/story/"


def change_url(story):
    return f"/admin/articles/story/{story.pk}/change/"


def local_input(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def change_form_data(story, **extra):
    """What the change form posts for `story` as it is now, plus `extra`."""
    corrections = story.corrections.count()
    data = {
        "headline": story.headline,
        "slug": story.slug,
        "dek": story.dek,
        "body": story.body,
        "section": story.section_id,
        "priority": story.priority,
        "lead_image": story.lead_image_id or "",
        "expected_version": story.version,
        "storyauthor_set-TOTAL_FORMS": 0,
        "storyauthor_set-INITIAL_FORMS": 0,
        "corrections-TOTAL_FORMS": corrections,
        "corrections-INITIAL_FORMS": corrections,
    }
    data.update(extra)
    return data


def log_in(client, user):
    if user.is_authenticated:
        client.force_login(user)


def inputs_for(action):
    _start, _end, _allowed, note, needs_time = TRANSITIONS[action]
    return {"note": note, "publish_at": local_input(publish_time()) if needs_time else ""}


def assert_refused(response, story, action, role):
    if role == "anonymous":
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
    elif response.status_code != 403:
        errors = [m.message for m in get_messages(response.wsgi_request) if m.level_tag == "error"]
        assert errors, f"{role} {action}: answered {response.status_code} with no error"
    assert_nothing_changed(story, TRANSITIONS[action][0])


@pytest.mark.parametrize(("role", "action"), MATRIX)
def test_matrix_change_form_button(client, users_by_role, reporter, role, action):
    story = story_for(action, owner=reporter)
    user = users_by_role[role]
    log_in(client, user)
    inputs = inputs_for(action)
    response = client.post(
        change_url(story),
        change_form_data(
            story,
            _transition=action,
            transition_note=inputs["note"],
            transition_publish_at=inputs["publish_at"],
        ),
    )
    if role in TRANSITIONS[action][2]:
        assert response.status_code == 302, response.content.decode()[:2000]
        assert_transition_done(action, story)
        assert story.events.get().user == user
    else:
        assert_refused(response, story, action, role)


@pytest.mark.parametrize(("role", "action"), MATRIX)
def test_matrix_list_action(client, users_by_role, reporter, role, action):
    story = story_for(action, owner=reporter)
    log_in(client, users_by_role[role])
    response = client.post(
        CHANGELIST,
        {"action": f"workflow_{action}", "_selected_action": [story.pk], "apply": "1",
         **inputs_for(action)},
    )  # fmt: skip
    if role in TRANSITIONS[action][2]:
        assert response.status_code == 302
        assert_transition_done(action, story)
    else:
        assert_refused(response, story, action, role)


@pytest.mark.parametrize(("role", "action"), MATRIX)
def test_matrix_direct_post(client, users_by_role, reporter, role, action):
    story = story_for(action, owner=reporter)
    log_in(client, users_by_role[role])
    response = client.post(
        f"/admin/articles/story/{story.pk}/transition/{action}/", inputs_for(action)
    )
    if role in TRANSITIONS[action][2]:
        assert response.status_code == 302
        assert_transition_done(action, story)
    else:
        assert response.status_code in (302, 403)
        assert_refused(response, story, action, role)


def test_direct_transition_refuses_get(client, editor):
    story = StoryFactory(status="ready")
    client.force_login(editor)
    response = client.get(f"/admin/articles/story/{story.pk}/transition/publish/")
    assert response.status_code == 405


def test_a_note_action_asks_for_the_note_first(client, editor):
    story = StoryFactory(status="in_review")
    client.force_login(editor)
    response = client.post(
        CHANGELIST, {"action": "workflow_return", "_selected_action": [story.pk]}
    )
    assert response.status_code == 200
    assert 'name="note"' in response.content.decode()
    story.refresh_from_db()
    assert story.status == "in_review"


def test_a_wrong_state_in_a_list_action_is_reported(client, editor):
    story = StoryFactory(status="draft")
    client.force_login(editor)
    response = client.post(
        CHANGELIST, {"action": "workflow_approve", "_selected_action": [story.pk]}, follow=True
    )
    assert "Cannot mark ready" in response.content.decode()


def buttons(html):
    return set(re.findall(r'name="_transition" value="(\w+)"', html))


@pytest.mark.parametrize(
    ("role", "state", "expected"),
    [
        ("reporter", "draft", {"submit"}),
        ("reporter", "returned", {"submit"}),
        ("reporter", "in_review", set()),
        ("editor", "draft", {"submit", "publish", "schedule"}),
        ("editor", "in_review", {"return", "approve", "publish", "schedule"}),
        ("editor", "ready", {"return", "publish", "schedule"}),
        ("editor", "published", {"unpublish", "update", "correct"}),
        ("superuser", "scheduled", {"publish", "schedule", "unpublish"}),
    ],
)
def test_change_form_offers_only_the_buttons_the_user_may_press(
    client, users_by_role, reporter, role, state, expected
):
    published_at = timezone.now() + timedelta(days=1) if state in ("scheduled",) else None
    if state == "published":
        published_at = timezone.now()
    story = StoryFactory(status=state, created_by=reporter, published_at=published_at)
    client.force_login(users_by_role[role])
    response = client.get(change_url(story))
    assert response.status_code == 200
    assert buttons(response.content.decode()) == expected


def test_reporter_sees_others_stories_read_only_and_cannot_save_them(client, reporter):
    story = StoryFactory(status="draft")
    client.force_login(reporter)
    html = client.get(change_url(story)).content.decode()
    assert 'name="_save"' not in html and not buttons(html)
    response = client.post(change_url(story), change_form_data(story, headline="Hijacked"))
    assert response.status_code == 403
    story.refresh_from_db()
    assert story.headline != "Hijacked"


def test_reporter_cannot_edit_their_story_once_submitted(client, reporter):
    story = StoryFactory(status="in_review", created_by=reporter)
    client.force_login(reporter)
    response = client.post(change_url(story), change_form_data(story, headline="Late change"))
    assert response.status_code == 403


def test_reporter_list_actions_are_only_submit(client, reporter):
    StoryFactory()
    client.force_login(reporter)
    html = client.get(CHANGELIST).content.decode()
    assert set(re.findall(r'value="(workflow_\w+)"', html)) == {"workflow_submit"}


def test_reporter_creates_a_story_and_submits_it_in_one_go(client, reporter):
    section = StoryFactory().section
    client.force_login(reporter)
    response = client.post(
        "/admin/articles/story/add/",
        {"headline": "New pool opens", "slug": "new-pool-opens", "body": "<p>Splash.</p>",
         "section": section.pk, "priority": 0, "_transition": "submit",
         "storyauthor_set-TOTAL_FORMS": 0, "storyauthor_set-INITIAL_FORMS": 0,
         "corrections-TOTAL_FORMS": 0, "corrections-INITIAL_FORMS": 0},
    )  # fmt: skip
    assert response.status_code == 302
    story = Story.objects.get(slug="new-pool-opens")
    assert (story.status, story.created_by) == ("in_review", reporter)


def test_publish_button_with_missing_alt_text_shows_what_is_missing_and_saves_nothing(
    client, editor
):
    story = StoryFactory(status="ready", lead_image=ImageFactory(alt_text=""))
    client.force_login(editor)
    response = client.post(
        change_url(story), change_form_data(story, headline="Edited", _transition="publish")
    )
    assert response.status_code == 200
    assert "missing lead image alt text" in response.content.decode()
    story.refresh_from_db()
    assert (story.status, story.headline) == ("ready", story.headline)
    assert story.headline != "Edited"


def test_correction_button_saves_the_edit_and_adds_a_dated_public_correction(client, editor):
    story = StoryFactory(published=True)
    client.force_login(editor)
    response = client.post(
        change_url(story),
        change_form_data(
            story, body="<p>Fixed.</p>", _transition="correct", transition_note="Name fixed."
        ),
    )
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.body == "<p>Fixed.</p>"
    assert story.corrections.get().text == "Name fixed."
    assert "Name fixed." in client.get(story.get_absolute_url()).content.decode()


class TestTwoEditorsAtOnce:
    def test_second_save_is_refused_with_a_link_to_compare_and_the_first_stays(
        self, client, editor, chief
    ):
        story = StoryFactory(headline="Original headline")
        first, second = client, type(client)()
        first.force_login(editor)
        second.force_login(chief)
        for browser in (first, second):
            html = browser.get(change_url(story)).content.decode()
            assert 'name="expected_version" value="1"' in html

        response = first.post(change_url(story), change_form_data(story, headline="First"))
        assert response.status_code == 302
        response = second.post(change_url(story), change_form_data(story, headline="Second"))

        assert response.status_code == 200
        html = response.content.decode()
        assert "Someone else saved this story after you opened it" in html
        assert f'href="/admin/articles/story/{story.pk}/history/"' in html
        assert 'value="Second"' in html  # the refused edit is still in the form
        story.refresh_from_db()
        assert (story.headline, story.version) == ("First", 2)

    def test_saving_again_from_the_fresh_version_works(self, client, editor):
        story = StoryFactory()
        client.force_login(editor)
        for number in range(2):
            story.refresh_from_db()
            response = client.post(
                change_url(story), change_form_data(story, headline=f"Take {number}")
            )
            assert response.status_code == 302
        story.refresh_from_db()
        assert (story.headline, story.version) == ("Take 1", 3)


class TestEditLockNotice:
    def test_the_second_person_is_told_who_is_editing_since_when(self, client, editor, chief):
        story = StoryFactory()
        with freeze_time("2026-06-01 09:30:00"):
            client.force_login(editor)
            assert "Being edited by" not in client.get(change_url(story)).content.decode()
        with freeze_time("2026-06-01 09:35:00"):
            client.force_login(chief)
            html = client.get(change_url(story)).content.decode()
            assert "Being edited by editor-user since 10:30" in html  # Europe/London, BST
            client.force_login(editor)
            assert "Being edited by" not in client.get(change_url(story)).content.decode()

    def test_the_notice_lapses_and_saving_releases_it(self, client, editor, chief, settings):
        story = StoryFactory()
        client.force_login(editor)
        client.get(change_url(story))
        with freeze_time(timezone.now() + timedelta(seconds=settings.STORY_EDIT_LOCK_SECONDS + 1)):
            client.force_login(chief)
            assert "Being edited by" not in client.get(change_url(story)).content.decode()
        client.force_login(chief)
        story.refresh_from_db()
        client.post(change_url(story), change_form_data(story))
        client.force_login(editor)
        assert "Being edited by" not in client.get(change_url(story)).content.decode()


class TestListAndDesk:
    def test_status_column_is_coloured_and_filters_exist(self, client, editor):
        from tests.support.factories import AuthorFactory

        StoryFactory(status="in_review", authors=[AuthorFactory()])
        StoryFactory()
        client.force_login(editor)
        html = client.get(CHANGELIST).content.decode()
        assert 'class="story-status story-status-in_review"' in html
        assert "articles/admin/workflow.css" in html
        for parameter in ("mine=mine", "status__exact=", "section__id__exact=", "author="):
            assert parameter in html

    def test_mine_filter_shows_stories_created_or_bylined(self, client, reporter):
        from tests.support.factories import AuthorFactory

        own = StoryFactory(headline="Created by me", created_by=reporter)
        bylined = StoryFactory(headline="My byline", authors=[AuthorFactory(user=reporter)])
        StoryFactory(headline="Somebody else's")
        client.force_login(reporter)
        html = client.get(CHANGELIST, {"mine": "mine"}).content.decode()
        assert own.headline in html and bylined.headline in html
        assert "Somebody else" not in html

    def test_waiting_filter_shows_returned_stories_to_their_writer(self, client, reporter):
        StoryFactory(headline="Back to me", status="returned", created_by=reporter)
        StoryFactory(headline="Still mine", status="draft", created_by=reporter)
        client.force_login(reporter)
        html = client.get(CHANGELIST, {"mine": "waiting"}).content.decode()
        assert "Back to me" in html and "Still mine" not in html

    @pytest.mark.parametrize("per_group", [1, 30])
    def test_desk_groups_stories_with_a_constant_number_of_queries(
        self, client, editor, per_group, django_assert_max_num_queries
    ):
        for _ in range(per_group):
            StoryFactory(status="in_review", created_by=editor)
            StoryFactory(status="ready")
            StoryFactory(scheduled=True)
            StoryFactory(published=True)
            StoryFactory(published=True, embargo_until=timezone.now() + timedelta(hours=2))
        client.force_login(editor)
        with django_assert_max_num_queries(9):
            response = client.get("/admin/articles/story/desk/")
        html = response.content.decode()
        for heading in ("In review", "Ready", "Embargoed", "Scheduled", "Recently published"):
            assert f"{heading} ({per_group})" in html
        story = Story.objects.filter(status="scheduled").first()
        assert f'href="/admin/articles/story/{story.pk}/change/"' in html
        assert timezone.localtime(story.published_at).strftime("%H:%M") in html

    def test_desk_leaves_out_drafts_and_unpublished(self, client, editor):
        StoryFactory(headline="A quiet draft")
        StoryFactory(headline="Taken down", unpublished=True)
        client.force_login(editor)
        html = client.get("/admin/articles/story/desk/").content.decode()
        assert "A quiet draft" not in html and "Taken down" not in html


def test_workflow_templates_carry_no_inline_script():
    from pathlib import Path

    import articles

    root = Path(articles.__file__).parent / "templates" / "admin" / "articles"
    for template in root.rglob("*.html"):
        assert "<script" not in template.read_text(), template


def test_enter_in_a_field_saves_rather_than_moving_the_story_on(client, editor):
    story = StoryFactory(status="ready")
    client.force_login(editor)
    html = client.get(change_url(story)).content.decode()
    html = html[html.index('id="story_form"') :]
    first_submit = re.search(r'<(?:input|button)[^>]*type="submit"[^>]*>', html).group(0)
    assert 'name="_save"' in first_submit


def test_the_workflow_log_shows_who_did_what_with_the_note(client, editor):
    from articles.editorial import workflow

    story = StoryFactory(status="in_review")
    workflow.return_to_writer(story, editor, "Needs a second source.")
    client.force_login(editor)
    html = client.get(change_url(story)).content.decode()
    assert "Return to writer by editor-user — Needs a second source." in html
