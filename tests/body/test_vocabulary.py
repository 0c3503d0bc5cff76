"""The stored body vocabulary: sanitizing keeps exactly it, and drops everything else."""

import pytest

from articles.sanitize import sanitize_html

YOUTUBE = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"

EVERY_ELEMENT = (
    "<p>Text with <strong>bold</strong>, <em>stress</em> and "
    '<a href="https://example.org/" rel="noopener noreferrer">a link</a>.</p>'
    '<figure data-image="42" data-align="inline" data-caption="The quay on Monday."></figure>'
    '<div data-gallery=""><figure data-image="1"></figure>'
    '<figure data-image="2" data-align="full"></figure></div>'
    f'<figure data-embed="{YOUTUBE}" data-title="Harbour &amp; &quot;boats&quot;" '
    'data-author="Port TV" data-thumbnail="7"></figure>'
    '<figure data-pull-quote=""><blockquote><p>We will rebuild the wall.</p></blockquote>'
    "<figcaption>The harbour master</figcaption></figure>"
    '<aside data-fact-box=""><h3>The wall</h3><ul><li>Built 1872</li><li>400 m long</li></ul>'
    "</aside>"
    '<p>Read <a data-story="57">the earlier story</a>.</p>'
    '<p dir="auto">قال مدير الميناء إن <a data-story="58">الجدار</a> سيُبنى من جديد.</p>'
)


def test_every_element_of_the_vocabulary_is_kept_exactly():
    expected = EVERY_ELEMENT.replace(' dir="auto"', "")
    assert sanitize_html(EVERY_ELEMENT) == expected


def test_sanitizing_twice_changes_nothing():
    once = sanitize_html(EVERY_ELEMENT)
    assert sanitize_html(once) == once


@pytest.mark.parametrize(
    ("dirty", "clean"),
    [
        # Ids are whole numbers in the digits 0-9, within BIGINT.
        ('<figure data-image="x"></figure>', ""),
        ('<figure data-image="042"></figure>', ""),
        ('<figure data-image="٤٢"></figure>', ""),
        ('<figure data-image="99999999999999999999"></figure>', ""),
        ('<figure data-image="4" data-align="left"></figure>', '<figure data-image="4"></figure>'),
        # A photo carries nothing but its reference: no picture, no handler, no caption child.
        (
            '<figure data-image="4" onclick="x()" class="big"><img src="a.jpg">'
            "<figcaption>Cap</figcaption></figure>",
            '<figure data-image="4"></figure>',
        ),
        # A bare picture, or a figure of one, is not a library photo.
        ('<figure><img src="https://example.org/a.jpg"><figcaption>C</figcaption></figure>', ""),
        ('<p>a<img src="https://example.org/a.jpg">b</p>', "<p>ab</p>"),
        # An address that is no allow-listed provider's becomes a plain link.
        (
            '<figure data-embed="https://video.example/watch/1"></figure>',
            '<p><a href="https://video.example/watch/1" rel="noopener noreferrer">'
            "https://video.example/watch/1</a></p>",
        ),
        ('<figure data-embed="javascript:alert(1)"></figure>', ""),
        ('<figure data-embed="data:text/html,x"></figure>', ""),
        # Text attributes are one line, trimmed and bounded.
        (
            '<figure data-image="4" data-caption="  two\n lines  "></figure>',
            '<figure data-image="4" data-caption="two lines"></figure>',
        ),
        # A gallery holds photos only.
        ('<div data-gallery=""><p>x</p><figure data-image="1"></figure></div>',
         '<div data-gallery=""><figure data-image="1"></figure></div>'),
        ('<div data-gallery=""><p>x</p></div>', ""),
        # Other wrappers are unwrapped, their text kept.
        ("<div><p>kept</p></div><aside><p>also</p></aside>", "<p>kept</p><p>also</p>"),
        # A pull quote needs its quote; a fact box its facts.
        ('<figure data-pull-quote=""><figcaption>Nobody</figcaption></figure>', ""),
        ('<aside data-fact-box=""><h3>Title only</h3></aside>', ""),
        # A story link is the id and the words: no address of its own.
        ('<a data-story="5" href="https://evil.example/">w</a>', '<a data-story="5">w</a>'),
        ('<a data-story="5x">w</a>', '<a rel="noopener noreferrer">w</a>'),
        ('<iframe src="https://www.youtube.com/embed/x"></iframe><p>ok</p>', "<p>ok</p>"),
    ],
)  # fmt: skip
def test_anything_outside_the_vocabulary_is_dropped(dirty, clean):
    assert sanitize_html(dirty) == clean
