"""Lock takeover: editors take over a story someone is editing; that form learns it and its
saves are refused with the text kept; locks refresh while a form is open and go when closed."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.editorial import locks
from articles.models import Story, StoryEditLock
from tests.support.factories import StoryFactory, UserFactory

pytestmark = pytest.mark.django_db


def change_data(story: Story, **fields) -> dict:
    return {
        "headline": story.headline, "slug": story.slug, "body": story.body,
        "section": story.section_id, "priority": story.priority,
        "expected_version": story.version, "storyauthor_set-TOTAL_FORMS": 0,
        "storyauthor_set-INITIAL_FORMS": 0, "corrections-TOTAL_FORMS": 0,
        "corrections-INITIAL_FORMS": 0, **fields,
    }  # fmt: skip


@pytest.fixture
def stories(reporter):
    other = UserFactory(username="other-reporter")
    return {
        "own": StoryFactory(created_by=reporter),
        "others": StoryFactory(created_by=other),
    }


@pytest.mark.parametrize(
    ("role", "case", "expected"),
    [
        ("anonymous", "own", 302),
        ("reporter", "own", 403),
        ("reporter", "others", 403),
        ("editor", "own", 302),
        ("editor", "others", 302),
    ],
)
def test_taking_over_answers_each_role(client, request, stories, role, case, expected):
    story = stories[case]
    holder = UserFactory(username="holder")
    locks.open_for_editing(story, holder)
    user = None if role == "anonymous" else request.getfixturevalue(role)
    if user:
        client.force_login(user)
    response = client.post(f"/admin/articles/story/{story.pk}/take-over/")
    assert response.status_code == expected
    lock = StoryEditLock.objects.get(story=story)
    taken = user is not None and expected == 302
    assert (lock.user == user) is taken
    assert (lock.taken_over_from == holder) is taken
    assert client.get(f"/admin/articles/story/{story.pk}/take-over/").status_code in (302, 405)


@pytest.mark.parametrize(
    ("role", "case", "expected"),
    [("anonymous", "own", 302), ("reporter", "own", 200), ("reporter", "others", 403),
     ("editor", "others", 200)],
)  # fmt: skip
def test_the_lock_heartbeat_answers_each_role(client, request, stories, role, case, expected):
    story = stories[case]
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    response = client.post(f"/admin/articles/story/{story.pk}/lock/")
    assert response.status_code == expected
    assert StoryEditLock.objects.filter(story=story).exists() is (expected == 200)


def test_the_notice_offers_take_over_to_editors_only(client, editor, reporter, stories):
    story = stories["own"]
    locks.open_for_editing(story, UserFactory(username="holder"))
    client.force_login(reporter)
    html = client.get(f"/admin/articles/story/{story.pk}/change/").content.decode()
    assert "Being edited by holder" in html and "Take over" not in html
    client.force_login(editor)
    html = client.get(f"/admin/articles/story/{story.pk}/change/").content.decode()
    assert 'form="take-over-form">Take over</button>' in html
    assert f'action="/admin/articles/story/{story.pk}/take-over/"' in html


def test_the_form_taken_from_learns_it_and_its_save_is_refused_with_its_text(
    client, editor, reporter, stories
):
    story = stories["own"]
    client.force_login(reporter)
    client.get(f"/admin/articles/story/{story.pk}/change/")
    locks.take_over(story, editor)

    answer = client.post(
        f"/admin/articles/story/{story.pk}/autosave/", {"body": "<p>Mine.</p>"}
    ).json()
    assert (answer["lock"], answer["holder"]) == ("lost", "editor-user")
    assert client.post(f"/admin/articles/story/{story.pk}/lock/").json()["lock"] == "lost"

    response = client.post(
        f"/admin/articles/story/{story.pk}/change/",
        change_data(story, body="<p>الجدار البحري: نص المراسل.</p>"),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "editor-user took over this story at" in html
    assert "الجدار البحري: نص المراسل." in html
    story.refresh_from_db()
    assert story.version == 1 and "المراسل" not in story.body
    # The editor still holds the story; their own save goes through.
    client.force_login(editor)
    response = client.post(f"/admin/articles/story/{story.pk}/change/", change_data(story))
    assert response.status_code == 302


def test_locks_refresh_while_open_and_go_when_closed(client, editor, stories):
    story = stories["own"]
    client.force_login(editor)
    client.get(f"/admin/articles/story/{story.pk}/change/")
    StoryEditLock.objects.update(seen_at=timezone.now() - timedelta(minutes=5))
    assert client.post(f"/admin/articles/story/{story.pk}/lock/").json() == {"lock": "held"}
    lock = StoryEditLock.objects.get()
    assert lock.seen_at > timezone.now() - timedelta(minutes=1)
    assert client.post(f"/admin/articles/story/{story.pk}/lock/", {"release": "1"}).json() == {
        "lock": "released"
    }
    assert not StoryEditLock.objects.exists()
    # An autosave arriving after the release does not take the lock back.
    answer = client.post(f"/admin/articles/story/{story.pk}/autosave/", {"headline": "x"}).json()
    assert answer["lock"] == "free" and not StoryEditLock.objects.exists()


def test_a_lapsed_takeover_no_longer_refuses(client, editor, reporter, stories, settings):
    story = stories["own"]
    locks.open_for_editing(story, reporter)
    locks.take_over(story, editor)
    StoryEditLock.objects.update(
        seen_at=timezone.now() - timedelta(seconds=settings.STORY_EDIT_LOCK_SECONDS + 1)
    )
    client.force_login(reporter)
    response = client.post(f"/admin/articles/story/{story.pk}/change/", change_data(story))
    assert response.status_code == 302
