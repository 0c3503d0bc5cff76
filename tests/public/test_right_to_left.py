"""One stylesheet serves both directions, and text a reader or editor typed is isolated
where it meets text in the other direction."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.support.arabic import arabic_story
from tests.support.factories import AuthorFactory, SourceFactory

STYLESHEET = Path(__file__).parents[2] / "articles" / "static" / "articles" / "site.css"
PHYSICAL = re.compile(
    r"(?<![-\w])(?:(?:margin|padding|border)-(?:left|right|top|bottom)|left|right|top|bottom)"
    r"\s*:|float\s*:\s*(?:left|right)|text-align\s*:\s*(?:left|right)"
)


def test_the_stylesheet_uses_only_logical_properties():
    css = re.sub(r"/\*.*?\*/", "", STYLESHEET.read_text(), flags=re.DOTALL)
    assert PHYSICAL.findall(css) == []
    assert "inset-inline-start" in css and "border-inline-start" in css


def test_arabic_text_gets_a_font_with_arabic_glyphs_and_no_letter_spacing():
    css = STYLESHEET.read_text()
    rule = re.search(r":lang\(ar\) \{([^}]*)\}", css).group(1)
    assert "Noto Naskh Arabic" in rule and "Tahoma" in rule
    assert re.search(r":lang\(ar\) \.kicker[^{]*\{[^}]*letter-spacing: normal", css)


@pytest.mark.django_db
def test_latin_names_inside_an_arabic_story_are_isolated(client):
    story = arabic_story(
        authors=[AuthorFactory(name="Rania Haddad")],
        source=SourceFactory(name="Harbour Valley Courier"),
        tags=["Harbour 2026"],
    )
    html = client.get(story.get_absolute_url()).content.decode()
    assert "<bdi>Rania Haddad</bdi>" in html
    assert "<bdi>Harbour Valley Courier</bdi>" in html
    assert "<bdi>Harbour 2026</bdi>" in html
    assert f"<bdi>{story.section.name}</bdi>" in html
    assert 'name="q" placeholder=' in html and 'dir="auto"' in html
