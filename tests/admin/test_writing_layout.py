"""The story form's writing layout as served: what is in the main column, what in the side
panel, and the order of its buttons (Enter in a field must save, never move the story on)."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model

from tests.support.factories import ImageFactory, SectionFactory, StoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    user = get_user_model().objects.create_superuser("chief", "chief@example.org", "pw-chief-1")
    client.force_login(user)
    return client


def columns(html: str) -> tuple[str, str]:
    """The main column's markup and the side panel's."""
    main = html.index('<div class="writing-main">')
    side = html.index('<aside class="writing-side"')
    end = html.index("</aside>", side)
    return html[main:side], html[side:end]


def test_the_text_is_in_the_main_column_and_the_rest_beside_it(editor_client):
    story = StoryFactory(
        published=True,
        section=SectionFactory(name="Harbour"),
        lead_image=ImageFactory(caption="Boats at dawn.", credit="Mira Quinn/Coastal Photos"),
    )
    html = editor_client.get(f"/admin/articles/story/{story.pk}/change/").content.decode()
    main, side = columns(html)
    for name in ("headline", "dek", "body", "byline_override", "source", "seo_title"):
        assert f'name="{name}"' in main, name
        assert f'name="{name}"' not in side, name
    for name in ("_save", "_transition", "transition_note", "embargo_until", "section", "tags",
                 "lead_image"):  # fmt: skip
        assert f'name="{name}"' in side, name
    assert "story-status-published" in side
    assert "preview-link" in side
    assert "Boats at dawn." in side and "Mira Quinn/Coastal Photos" in side
    # The lead image's thumbnail, caption and credit are shown once: by the picker.
    assert html.count("Mira Quinn/Coastal Photos") == 1
    # Less-used fieldsets start closed.
    for heading in ("Search engines", "Ingest", "Record"):
        assert re.search(rf"<details><summary>\s*<h2[^>]*>{heading}</h2>", main), heading


def test_save_comes_before_every_other_submit_button(editor_client):
    story = StoryFactory(published=True)
    html = editor_client.get(f"/admin/articles/story/{story.pk}/change/").content.decode()
    start = html.index('id="story_form"')
    form = html[start : html.index("</form>", start)]
    buttons = re.findall(r'<(?:button|input)[^>]*type="submit"[^>]*>', form)
    assert 'name="_save"' in buttons[0]
    assert any("_transition" in button for button in buttons)
    assert any("formaction" in button for button in buttons)  # a translation


def test_a_new_story_has_the_layout_and_the_buttons_a_draft_allows(editor_client):
    html = editor_client.get("/admin/articles/story/add/").content.decode()
    main, side = columns(html)
    assert 'name="headline"' in main
    assert 'value="submit"' in side
    assert "story-status-draft" in side
