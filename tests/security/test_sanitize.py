import pytest

from articles.models import Story
from articles.sanitize import sanitize_html, strip_all_html
from tests.support.factories import SectionFactory, StoryFactory


@pytest.mark.parametrize(
    ("dirty", "clean"),
    [
        ("<p>Hi<script>alert(1)</script></p>", "<p>Hi</p>"),
        ('<p onclick="steal()">Hi</p>', "<p>Hi</p>"),
        ('<a href="javascript:alert(1)">x</a>', '<a rel="noopener noreferrer">x</a>'),
        # A bare picture is outside the body's vocabulary: photos are library references.
        ('<img src="x" onerror="alert(1)">', ""),
        ('<iframe src="https://evil.example"></iframe><p>ok</p>', "<p>ok</p>"),
        ('<p style="background:url(javascript:x)">a</p>', "<p>a</p>"),
        ("<svg><script>alert(1)</script></svg>", ""),
    ],
)
def test_dangerous_markup_is_removed(dirty, clean):
    assert sanitize_html(dirty) == clean


def test_newsroom_markup_is_kept():
    html = (
        "<h2>Sub</h2><p><strong>Bold</strong> <em>it</em></p><ul><li>one</li></ul>"
        "<ol><li>two</li></ol><blockquote><p>quote</p></blockquote>"
        '<figure data-image="4" data-align="full" data-caption="Cap"></figure>'
        '<p><a href="https://example.org/" rel="noopener noreferrer">link</a></p>'
    )
    assert sanitize_html(html) == html


def test_plain_text_helper_removes_all_tags():
    assert strip_all_html("<b>Fish</b> &amp; chips") == "Fish & chips"


@pytest.mark.django_db
def test_body_is_sanitized_on_every_save_path():
    story = StoryFactory(body="<p>a<script>x()</script></p>")
    assert story.body == "<p>a</p>"
    assert Story.objects.get(pk=story.pk).body == "<p>a</p>"

    Story.objects.filter(pk=story.pk).update(body='<p onmouseover="x()">b</p>')
    assert Story.objects.get(pk=story.pk).body == "<p>b</p>"

    section = SectionFactory()
    [bulk] = Story.objects.bulk_create(
        [Story(headline="Bulk", slug="bulk", section=section, body="<script>x</script><p>c</p>")]
    )
    assert Story.objects.get(slug="bulk").body == "<p>c</p>"

    bulk = Story.objects.get(slug="bulk")
    bulk.body = '<p><a href="javascript:x">d</a></p>'
    Story.objects.bulk_update([bulk], ["body"])
    assert "javascript" not in Story.objects.get(slug="bulk").body
