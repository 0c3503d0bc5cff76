"""Autosave: a private copy per user per story, kept by a small endpoint, offered back later."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Story, StoryAutosave
from tests.support.factories import StoryFactory, UserFactory

pytestmark = pytest.mark.django_db

ARABIC_BODY = "<p>صوّت المجلس على الجدار البحري مساء الثلاثاء.</p>"


def autosave_url(story: Story | None) -> str:
    return "/admin/articles/story/autosave/" if story is None else (
        f"/admin/articles/story/{story.pk}/autosave/"
    )  # fmt: skip


@pytest.fixture
def stories(reporter):
    other = UserFactory(username="other-reporter")
    return {
        "own": StoryFactory(created_by=reporter, body="<p>Old.</p>"),
        "others": StoryFactory(created_by=other, body="<p>Old.</p>"),
        "new": None,
    }


@pytest.mark.parametrize(
    ("role", "case", "expected"),
    [
        ("anonymous", "own", 302),
        ("anonymous", "new", 302),
        ("reporter", "own", 200),
        ("reporter", "others", 403),
        ("reporter", "new", 200),
        ("editor", "others", 200),
        ("editor", "new", 200),
    ],
)
def test_autosaving_answers_each_role(client, request, stories, role, case, expected):
    story = stories[case]
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    response = client.post(autosave_url(story), {"headline": "Sea wall", "body": ARABIC_BODY})
    assert response.status_code == expected
    kept = StoryAutosave.objects.filter(story=story)
    if expected == 200:
        assert kept.get().fields == {"headline": "Sea wall", "body": ARABIC_BODY}
        assert "saved_at" in response.json()
    else:
        assert not kept.exists()
    if story is not None:
        story.refresh_from_db()
        assert (story.body, story.version) == ("<p>Old.</p>", 1)  # never the story itself


def test_autosave_needs_the_csrf_token(editor, stories):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    response = client.post(autosave_url(stories["own"]), {"headline": "Sea wall"})
    assert response.status_code == 403
    assert not StoryAutosave.objects.exists()


@pytest.mark.parametrize(
    "fields",
    [{}, {"unknown": "x"}, {"headline": "x" * 256}, {"body": "x" * 2_000_001}],
)
def test_a_bad_autosave_is_refused_with_the_reason(client, editor, stories, fields):
    client.force_login(editor)
    response = client.post(autosave_url(stories["own"]), {**fields, "expected_version": "٣"})
    assert response.status_code == 400
    assert response.json()["error"]
    assert not StoryAutosave.objects.exists()


def test_the_body_is_kept_sanitized_and_one_copy_per_user(client, editor, stories):
    client.force_login(editor)
    story = stories["own"]
    client.post(autosave_url(story), {"body": "<p onclick='x()'>One<script>x()</script></p>"})
    client.post(autosave_url(story), {"body": "<p>Two</p>", "expected_version": "1"})
    kept = StoryAutosave.objects.get()
    assert kept.fields == {"body": "<p>Two</p>"} and kept.base_version == 1


def test_opening_the_story_offers_the_copy_and_restores_it(client, editor, stories):
    story = stories["own"]
    client.force_login(editor)
    client.post(autosave_url(story), {"headline": "Sea wall approved", "body": ARABIC_BODY})
    form = client.get(f"/admin/articles/story/{story.pk}/change/").content.decode()
    assert "Restore unsaved changes from" in form and 'href="?autosave=restore"' in form
    restored = client.get(f"/admin/articles/story/{story.pk}/change/?autosave=restore")
    html = restored.content.decode()
    assert 'value="Sea wall approved"' in html and "صوّت المجلس" in html
    assert "are in the form. Save to keep them." in html
    story.refresh_from_db()
    assert story.headline != "Sea wall approved"  # restoring only fills the form


def test_a_copy_older_than_the_last_save_is_not_offered(client, editor, stories):
    story = stories["own"]
    client.force_login(editor)
    client.post(autosave_url(story), {"headline": "Sea wall"})
    StoryAutosave.objects.update(saved_at=timezone.now() - timedelta(days=1))
    form = client.get(f"/admin/articles/story/{story.pk}/change/").content.decode()
    assert "Restore unsaved changes" not in form


def test_a_new_storys_copy_is_offered_on_the_add_form(client, reporter):
    client.force_login(reporter)
    client.post(autosave_url(None), {"headline": "Harbour reopens"})
    assert "Restore unsaved changes" in client.get("/admin/articles/story/add/").content.decode()
    html = client.get("/admin/articles/story/add/?autosave=restore").content.decode()
    assert 'value="Harbour reopens"' in html


@pytest.mark.parametrize(("role", "case", "expected"), [
    ("reporter", "own", 302), ("reporter", "others", 403), ("editor", "new", 302),
    ("anonymous", "own", 302),
])  # fmt: skip
def test_discarding_answers_each_role(client, request, stories, role, case, expected):
    story = stories[case]
    owner = request.getfixturevalue("editor" if role in ("editor", "anonymous") else role)
    StoryAutosave.objects.create(
        user=owner, story=story, fields={"headline": "x"}, saved_at=timezone.now()
    )
    if role != "anonymous":
        client.force_login(owner)
    url = autosave_url(story) + "discard/"
    response = client.post(url)
    assert response.status_code == expected
    discarded = role != "anonymous" and expected == 302
    assert StoryAutosave.objects.exists() is not discarded


def test_saving_the_form_discards_the_copy(client, editor, stories):
    story = stories["own"]
    client.force_login(editor)
    client.post(autosave_url(story), {"headline": "Sea wall"})
    response = client.post(
        f"/admin/articles/story/{story.pk}/change/",
        {"headline": "Sea wall", "slug": story.slug, "body": story.body,
         "section": story.section_id, "priority": 0, "expected_version": story.version,
         "storyauthor_set-TOTAL_FORMS": 0, "storyauthor_set-INITIAL_FORMS": 0,
         "corrections-TOTAL_FORMS": 0, "corrections-INITIAL_FORMS": 0},
    )  # fmt: skip
    assert response.status_code == 302
    assert not StoryAutosave.objects.exists()
