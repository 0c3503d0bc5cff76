"""Compare revisions: word by word, headline, standfirst, body, bylines and placement."""

import pytest
import reversion
from reversion.models import Version

from articles.editorial.compare import word_diff
from articles.models import Story
from tests.support.factories import AuthorFactory, StoryFactory, UserFactory

pytestmark = pytest.mark.django_db


def revise(story: Story, **fields) -> Version:
    with reversion.create_revision():
        for name, value in fields.items():
            setattr(story, name, value)
        story.save()
    return Version.objects.get_for_object(story).first()


@pytest.fixture
def stories(reporter):
    own = StoryFactory(
        created_by=reporter, headline="Harbour wall vote", body="<p>The council met today.</p>"
    )
    others = StoryFactory(created_by=UserFactory(username="other-reporter"))
    first = revise(own)
    own.storyauthor_set.create(author=AuthorFactory(name="Ruth Abara"))
    second = revise(
        own, headline="Harbour wall approved", body="<p>The council met late today.</p>"
    )
    revise(others)
    return {"own": own, "others": others, "first": first, "second": second}


def compare_url(story: Story, **params) -> str:
    query = "&".join(f"{name}={value}" for name, value in params.items())
    return f"/admin/articles/story/{story.pk}/compare/" + (f"?{query}" if query else "")


def test_word_diff_marks_inserted_and_deleted_words():
    assert str(word_diff("The council met today.", "The council met late.")) == (
        "The council met <del>today.</del> <ins>late.</ins>"
    )
    arabic = word_diff("صوّت المجلس اليوم", "صوّت المجلس مساء اليوم")
    assert "<ins>مساء</ins>" in str(arabic) and "<del>" not in str(arabic)
    assert "&lt;script&gt;" in str(word_diff("", "<script>x()</script>"))


@pytest.mark.parametrize(
    ("role", "case", "expected"),
    [("anonymous", "own", 302), ("reporter", "own", 200), ("reporter", "others", 200),
     ("editor", "others", 200)],
)  # fmt: skip
def test_comparing_answers_each_role(client, request, stories, role, case, expected):
    """Whoever may read a story's history compares its revisions (restoring is apart)."""
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    response = client.get(compare_url(stories[case]))
    assert response.status_code == expected


def test_two_revisions_show_the_words_that_changed(client, editor, stories):
    client.force_login(editor)
    html = client.get(
        compare_url(stories["own"], old=stories["first"].pk, new=stories["second"].pk)
    ).content.decode()
    assert "Harbour wall <del>vote</del> <ins>approved</ins>" in html
    assert "The council met <ins>late</ins> today." in html
    assert "<ins>Ruth Abara</ins>" in html
    assert 'Standfirst <span class="help">(unchanged)</span>' in html


def test_a_revision_against_the_story_now(client, editor, stories):
    story = stories["own"]
    Story.objects.filter(pk=story.pk).update(headline="Harbour wall finished")
    client.force_login(editor)
    html = client.get(compare_url(story, old=stories["second"].pk, new="current")).content.decode()
    assert "Harbour wall <del>approved</del> <ins>finished</ins>" in html


def test_the_history_page_links_the_compare_view(client, editor, stories):
    client.force_login(editor)
    html = client.get(f"/admin/articles/story/{stories['own'].pk}/history/").content.decode()
    assert f'href="/admin/articles/story/{stories["own"].pk}/compare/"' in html


@pytest.mark.parametrize("value", ["abc", "99999999999999999999", "٣", "", "-1", "current%00"])
def test_a_revision_that_is_not_the_storys_is_refused(client, editor, stories, value):
    client.force_login(editor)
    response = client.get(compare_url(stories["own"], old=value, new="current"))
    assert response.status_code == 400
    assert "Choose two revisions" in response.content.decode()
    # Nor a revision of another story.
    other = Version.objects.get_for_object(stories["others"]).first()
    response = client.get(compare_url(stories["own"], old=other.pk, new="current"))
    assert response.status_code == 400
