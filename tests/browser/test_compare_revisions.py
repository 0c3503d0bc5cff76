"""Comparing two revisions from the history page shows an inserted and a deleted word."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.steps import log_in, replace_text, staff_account
from tests.support.factories import StoryFactory


@pytest.fixture
def story(transactional_db):
    staff_account("compare-editor", "Editor")
    return StoryFactory(headline="Bridge repairs", body="<p>The bridge closes on Monday.</p>")


def test_the_compare_view_shows_an_inserted_and_a_deleted_word(new_page, story):
    page = new_page()
    log_in(page, "compare-editor")
    change_url = f"/admin/articles/story/{story.pk}/change/"
    page.goto(change_url)
    replace_text(page, "The bridge closes on Monday.")
    page.click("input[name=_continue]")
    expect(page.locator(".messagelist .success")).to_be_visible()
    replace_text(page, "The old bridge closes on Tuesday.")
    page.click("input[name=_continue]")
    expect(page.locator(".messagelist .success")).to_be_visible()

    page.goto(f"/admin/articles/story/{story.pk}/history/")
    page.get_by_role("link", name="Compare revisions").click()
    body = page.locator("tr", has=page.locator("th", has_text="Body"))
    expect(body.locator("ins").first).to_have_text("old")
    expect(body.locator("del")).to_have_text("Monday.")
    expect(body.locator("ins").last).to_have_text("Tuesday.")
    assert page.console_log.csp_violations() == []
