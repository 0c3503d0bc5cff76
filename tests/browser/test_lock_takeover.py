"""An editor takes over a story another editor has open: the first form is told, keeps its
text, and its save is refused with a clear message."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from articles.models import Story
from tests.browser.steps import log_in, replace_text, rich_text, staff_account
from tests.support.factories import StoryFactory


@pytest.fixture
def story(transactional_db, settings):
    # No timer during the test: the steps ask for the autosave (SQLite's in-memory test
    # database takes one writer at a time).
    settings.STORY_AUTOSAVE_SECONDS = 600
    staff_account("takeover-ada", "Editor")
    staff_account("takeover-ben", "Editor")
    return StoryFactory(headline="Ferry timetable changes", body="<p>From Monday.</p>")


def test_a_takeover_keeps_the_first_editors_text_and_tells_them(new_page, story):
    change_url = f"/admin/articles/story/{story.pk}/change/"
    ada, ben = new_page(), new_page()
    log_in(ada, "takeover-ada")
    log_in(ben, "takeover-ben")
    ada.goto(change_url)
    replace_text(ada, "The ferry leaves at seven from Monday.")

    ben.goto(change_url)
    expect(ben.locator(".edit-lock-notice")).to_contain_text("Being edited by takeover-ada")
    ben.get_by_role("button", name="Take over").click()
    expect(ben.locator(".messagelist .success")).to_contain_text("You took over this story")
    expect(ben.locator(".edit-lock-notice")).to_have_count(0)

    # Ada's form learns it on its next autosave or heartbeat, and keeps her words.
    ada.locator("#id_headline").press("End")
    ada.keyboard.type(" soon")
    ada.evaluate("document.getElementById('story_form').dispatchEvent(new Event('autosave:now'))")
    expect(ada.locator(".lock-lost")).to_contain_text("takeover-ben took over this story at")
    expect(rich_text(ada)).to_have_text("The ferry leaves at seven from Monday.")
    ada.click("input[name=_continue]")
    expect(ada.locator(".errorlist.nonfield")).to_contain_text(
        "takeover-ben took over this story at"
    )
    expect(rich_text(ada)).to_have_text("The ferry leaves at seven from Monday.")
    expect(ada.locator("#id_headline")).to_have_value("Ferry timetable changes soon")
    stored = Story.objects.get(pk=story.pk)
    assert (stored.body, stored.version) == ("<p>From Monday.</p>", story.version)
    for page in (ada, ben):
        assert page.console_log.csp_violations() == []
