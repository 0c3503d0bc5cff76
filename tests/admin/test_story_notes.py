"""Internal notes on a story: who may add and remove them, where they show, and bad input."""

import pytest
from reversion.models import Version

from articles.models import Story, StoryNote
from tests.support.factories import StoryFactory, UserFactory

pytestmark = pytest.mark.django_db

ARABIC = "يرجى التحقق من الرقم في الفقرة الثانية قبل النشر."


def add_url(story: Story) -> str:
    return f"/admin/articles/story/{story.pk}/notes/"


def remove_url(note: StoryNote) -> str:
    return f"/admin/articles/story/{note.story_id}/notes/{note.pk}/remove/"


@pytest.fixture
def stories(reporter):
    other = UserFactory(username="other-reporter")
    return {
        "own": StoryFactory(created_by=reporter, status=Story.Status.IN_REVIEW),
        "others": StoryFactory(created_by=other),
    }


@pytest.mark.parametrize(
    ("role", "case", "expected"),
    [
        ("anonymous", "own", 302),
        ("reporter", "own", 302),
        ("reporter", "others", 403),
        ("editor", "own", 302),
        ("editor", "others", 302),
    ],
)
def test_adding_a_note_answers_each_role(client, request, stories, role, case, expected):
    story = stories[case]
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    response = client.post(add_url(story), {"text": ARABIC, "paragraph": "2"})
    assert response.status_code == expected
    added = StoryNote.objects.filter(story=story)
    if role == "anonymous":
        assert "/login/" in response["Location"]
    if expected == 302 and role != "anonymous":
        note = added.get()
        assert (note.text, note.paragraph) == (ARABIC, 2)
        assert note.author_name == f"{role}-user"
    else:
        assert not added.exists()


def test_notes_only_take_posts(client, editor, stories):
    client.force_login(editor)
    assert client.get(add_url(stories["own"])).status_code == 405


@pytest.mark.parametrize(
    ("remover", "author", "expected"),
    [
        ("reporter", "reporter", 302),
        ("reporter", "editor", 403),
        ("editor", "reporter", 302),
        ("anonymous", "reporter", 302),
    ],
)
def test_removing_a_note_answers_each_role(client, request, stories, remover, author, expected):
    writer = request.getfixturevalue(author)
    note = StoryNote.objects.create(
        story=stories["own"], author=writer, author_name=writer.username, text="Check the quote."
    )
    if remover != "anonymous":
        client.force_login(request.getfixturevalue(remover))
    response = client.post(remove_url(note))
    assert response.status_code == expected
    removed = remover != "anonymous" and expected == 302
    assert StoryNote.objects.filter(pk=note.pk).exists() is not removed


@pytest.mark.parametrize(
    "fields",
    [
        {"text": ""},
        {"text": "   "},
        {"text": "x" * (StoryNote.MAX_LENGTH + 1)},
        {"text": "ok", "paragraph": "0"},
        {"text": "ok", "paragraph": "-3"},
        {"text": "ok", "paragraph": "99999999999999999999999"},
        {"text": "ok", "paragraph": "٣"},
        {"text": "ok", "paragraph": "three"},
    ],
)
def test_a_bad_note_is_refused_with_the_reason(client, editor, stories, fields):
    client.force_login(editor)
    response = client.post(add_url(stories["own"]), fields)
    assert response.status_code == 400
    assert "The note was not added." in response.content.decode()
    assert not StoryNote.objects.exists()


def test_control_characters_are_dropped_from_a_note(client, editor, stories):
    client.force_login(editor)
    client.post(add_url(stories["own"]), {"text": "Check\x07 the\x1b figure"})
    assert StoryNote.objects.get().text == "Check the figure"


def test_notes_show_on_the_form_and_the_desk(client, editor, reporter, stories):
    story = stories["own"]
    client.force_login(editor)
    client.post(add_url(story), {"text": ARABIC, "paragraph": "2"})
    form = client.get(f"/admin/articles/story/{story.pk}/change/").content.decode()
    assert ARABIC in form and "about paragraph 2" in form and 'dir="auto"' in form
    assert 'class="button story-note-remove"' in form
    desk = client.get("/admin/articles/story/desk/").content.decode()
    assert f'/admin/articles/story/{story.pk}/change/#story-notes">1</a>' in desk
    # Another reporter reads the notes of a story that is not theirs but cannot add any.
    client.force_login(reporter)
    others = client.get(f"/admin/articles/story/{stories['others'].pk}/change/").content.decode()
    assert 'id="story-notes"' in others and "story-note-form" not in others


def test_notes_are_kept_in_the_story_revisions(client, editor, stories):
    story = stories["own"]
    client.force_login(editor)
    client.post(add_url(story), {"text": "First thought."})
    client.post(add_url(story), {"text": "Second thought."})
    note = StoryNote.objects.get(text="First thought.")
    client.post(remove_url(note))
    versions = Version.objects.get_for_object(story)
    assert [v.revision.comment for v in versions[:3]] == [
        "Note removed by editor-user", "Note added by editor-user", "Note added by editor-user"
    ]  # fmt: skip
    kept = [
        sorted(v.field_dict["text"] for v in version.revision.version_set.all()
               if v.content_type.model == "storynote")
        for version in versions[:3]
    ]  # fmt: skip
    assert kept == [["Second thought."], ["First thought.", "Second thought."], ["First thought."]]
    story.refresh_from_db()
    assert story.version == 1  # a note never touches the story
    # The history page of the older revision shows the note that was removed since.
    page = client.get(
        f"/admin/articles/story/{story.pk}/history/{versions[1].pk}/"
    ).content.decode()
    assert "First thought." in page and "story-note-form" not in page
