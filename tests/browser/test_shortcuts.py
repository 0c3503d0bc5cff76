"""Keyboard shortcuts on the story form: Ctrl+S saves and stays on the form."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from articles.models import Story
from tests.browser.steps import log_in, replace_text, staff_account
from tests.support.factories import StoryFactory


@pytest.fixture
def story(transactional_db):
    staff_account("shortcut-editor", "Editor")
    return StoryFactory(headline="Tide tables", body="<p>High water at noon.</p>")


def test_control_s_saves_the_story_and_keeps_the_form_open(new_page, story):
    page = new_page()
    log_in(page, "shortcut-editor")
    change_url = f"/admin/articles/story/{story.pk}/change/"
    page.goto(change_url)
    replace_text(page, "High water at one.")
    page.keyboard.press("Control+s")
    expect(page.locator(".messagelist .success")).to_contain_text("was changed successfully")
    assert page.url.endswith(change_url)
    stored = Story.objects.get(pk=story.pk)
    assert stored.body == "<p>High water at one.</p>"
    assert page.console_log.csp_violations() == []
