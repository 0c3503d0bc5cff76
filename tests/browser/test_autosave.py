"""Autosave in a real browser: an edit survives a closed tab and is restored on reopening."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from articles.models import Story, StoryAutosave
from tests.browser.steps import log_in, replace_text, rich_text, staff_account
from tests.support.factories import StoryFactory


@pytest.fixture
def story(transactional_db, settings):
    # Longer than the test: only leaving the page keeps the copy here.
    settings.STORY_AUTOSAVE_SECONDS = 600
    staff_account("autosave-editor", "Editor")
    return StoryFactory(headline="Harbour wall vote", body="<p>The vote is today.</p>")


def test_an_edit_survives_a_closed_tab_and_is_restored(new_page, story):
    change_url = f"/admin/articles/story/{story.pk}/change/"
    page = new_page()
    log_in(page, "autosave-editor")
    page.goto(change_url)
    page.fill("#id_headline", "Harbour wall approved")
    replace_text(page, "The council approved the wall by 31 votes to 29.")
    assert not StoryAutosave.objects.exists()
    assert page.console_log.csp_violations() == []
    page.close(run_before_unload=True)

    def kept() -> bool:
        return StoryAutosave.objects.filter(story=story).exists()

    reopened = page.context.new_page()
    violations = []
    reopened.on("console", lambda message: violations.append(message.text))
    # The closing tab's beacon travels on its own: wait for it to arrive, then reopen.
    for _ in range(100):
        if kept():
            break
        reopened.wait_for_timeout(50)
    reopened.goto(change_url)
    offer = reopened.locator(".autosave-offer")
    expect(offer).to_contain_text("You have unsaved changes to this story")
    stored = Story.objects.get(pk=story.pk)
    assert (stored.headline, stored.version) == ("Harbour wall vote", story.version)

    offer.get_by_role("link", name="Restore unsaved changes").click()
    expect(reopened.locator(".autosave-restored")).to_contain_text("are in the form")
    expect(reopened.locator("#id_headline")).to_have_value("Harbour wall approved")
    expect(rich_text(reopened)).to_have_text("The council approved the wall by 31 votes to 29.")
    reopened.click("input[name=_continue]")
    expect(reopened.locator(".messagelist .success")).to_contain_text("was changed successfully")
    stored.refresh_from_db()
    assert stored.headline == "Harbour wall approved"
    assert stored.body == "<p>The council approved the wall by 31 votes to 29.</p>"
    assert not kept()
    assert [text for text in violations if "Content Security Policy" in text] == []
