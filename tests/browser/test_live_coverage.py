"""Live coverage in two browsers: an editor posts an update, a reader's open page shows it."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE
from tests.browser.steps import log_in, staff_account
from tests.support.factories import LiveStoryFactory, LiveUpdateFactory

FIRST = "Ferries to the islands are cancelled for the rest of the day."
SECOND = "Gusts of 82mph have been recorded at Gull Point."
ARABIC = "أغلقت الشرطة الطريق الساحلي بسبب الأمواج."


@pytest.fixture
def coverage(transactional_db, settings):
    settings.LIVE_POLL_SECONDS = 1
    settings.PAGE_CACHE_TIMEOUT = 300  # the reader's polls go through the page cache
    staff_account("live-editor", "Editor")
    story = LiveStoryFactory(headline="Storm live", dek="The storm, hour by hour.")
    for hour in range(5):
        LiveUpdateFactory(story=story, body=f"<p>Hour {hour}: wind rising along the coast.</p>")
    LiveUpdateFactory(story=story, body="<p>Red warning issued for the coast.</p>")
    return story


def post_update(page, story, text: str, headline: str = "") -> None:
    page.goto(f"/admin/articles/story/{story.pk}/change/")
    panel = page.locator("#live-coverage")
    if headline:
        panel.locator("#id_live-headline").fill(headline)
    editor = panel.locator(".ProseMirror[contenteditable=true]")
    editor.click()
    editor.press_sequentially(text)
    panel.get_by_role("button", name="Post update").click()
    expect(page.locator(".messagelist")).to_contain_text("Update posted.")


def test_a_readers_open_page_shows_a_new_update_without_reloading(new_page, coverage, screenshot):
    reader = new_page(PHONE)  # a page long enough to scroll past the updates' top
    reader.goto(coverage.get_absolute_url())
    updates = reader.locator(".live-updates .live-update")
    expect(updates).to_have_count(6)
    reader.evaluate("window.stillTheSamePage = true")

    editor = new_page()
    log_in(editor, "live-editor")
    post_update(editor, coverage, FIRST, headline="Ferries cancelled")

    expect(updates).to_have_count(7)
    expect(updates.first).to_contain_text(FIRST)
    expect(updates.first).to_contain_text("Ferries cancelled")
    expect(reader.locator(".live-status")).to_have_text("1 new update")
    assert reader.evaluate("window.stillTheSamePage") is True
    anchor = updates.first.get_attribute("id")
    assert anchor.startswith("update-")

    # A reader who has scrolled down is offered the update instead of having text move.
    reader.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    post_update(editor, coverage, SECOND)
    button = reader.locator(".live-new-button")
    expect(button).to_be_visible()
    expect(button).to_have_text("Show 1 new update")
    expect(updates).to_have_count(7)
    button.click()
    expect(updates.first).to_contain_text(SECOND)
    expect(button).to_be_hidden()

    post_update(editor, coverage, ARABIC)
    expect(updates.first).to_contain_text(ARABIC)
    assert reader.evaluate("window.stillTheSamePage") is True
    assert reader.console_log.csp_violations() == []
    screenshot(reader, "live-coverage-reader")


def test_a_readers_open_page_drops_a_deleted_update_and_shows_a_correction(new_page, coverage):
    wrong = LiveUpdateFactory(
        story=coverage, headline="Bridge collapsed", key_event=True,
        body="<p>The Gull Point bridge has collapsed.</p>",
    )  # fmt: skip
    corrected = coverage.live_updates.get(body__contains="Red warning")
    reader = new_page()
    reader.goto(coverage.get_absolute_url())
    updates = reader.locator(".live-updates .live-update")
    expect(updates).to_have_count(7)
    expect(reader.locator(".live-key-events")).to_contain_text("Bridge collapsed")
    reader.evaluate("window.stillTheSamePage = true")

    editor = new_page()
    log_in(editor, "live-editor")
    editor.goto(f"/admin/articles/story/{coverage.pk}/change/")
    editor.locator(f"#admin-update-{wrong.pk}").get_by_role("button", name="Delete").click()
    expect(editor.locator(".messagelist")).to_contain_text("Update deleted")

    # Gone from the reader's open page, key events included, without a reload.
    expect(reader.locator(f"#{wrong.anchor}")).to_have_count(0)
    expect(updates).to_have_count(6)
    expect(reader.locator(".live-key-events")).to_have_count(0)

    editor.goto(f"/admin/articles/story/{coverage.pk}/change/")
    editor.locator(f"#admin-update-{corrected.pk}").get_by_role("link", name="Edit").click()
    editor.locator("#id_live-correction").fill("The warning is amber, not red.")
    editor.get_by_role("button", name="Save update").click()
    expect(editor.locator(".messagelist")).to_contain_text("Update saved.")

    shown = reader.locator(f"#{corrected.anchor}")
    expect(shown).to_contain_text("The warning is amber, not red.")
    expect(shown).to_contain_text("updated")
    expect(updates).to_have_count(6)
    assert reader.evaluate("window.stillTheSamePage") is True
    assert reader.console_log.csp_violations() == []


def test_the_page_is_complete_without_javascript(browser, site_server, coverage):
    context = browser.new_context(java_script_enabled=False, base_url=site_server.url)
    try:
        page = context.new_page()
        page.goto(coverage.get_absolute_url())
        expect(page.locator(".live-update").first).to_contain_text("Red warning issued")
        expect(page.locator(".dek")).to_have_text("The storm, hour by hour.")
    finally:
        context.close()
