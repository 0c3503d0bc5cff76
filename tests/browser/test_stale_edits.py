"""Two editors in two browsers change the same story: the second save is refused, nothing lost."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from articles.models import Story
from tests.browser.steps import log_in, replace_text, rich_text, staff_account
from tests.support.factories import StoryFactory


@pytest.fixture
def shared_story(transactional_db):
    staff_account("stale-editor-ada", "Editor")
    staff_account("stale-editor-ben", "Editor")
    return StoryFactory(headline="Council votes on harbour wall", body="<p>The vote is today.</p>")


def test_the_second_of_two_concurrent_saves_is_refused_and_the_first_is_kept(
    new_page, shared_story
):
    change_url = f"/admin/articles/story/{shared_story.pk}/change/"
    ada, ben = new_page(), new_page()
    log_in(ada, "stale-editor-ada")
    log_in(ben, "stale-editor-ben")
    ada.goto(change_url)
    ben.goto(change_url)
    expect(ben.locator(".edit-lock-notice")).to_contain_text("Being edited by stale-editor-ada")

    expect(rich_text(ada)).to_have_text("The vote is today.")
    replace_text(ada, "The council approved the wall by 31 votes to 29.")
    ada.click("input[name=_continue]")
    expect(ada.locator(".messagelist .success")).to_contain_text("was changed successfully")

    expect(rich_text(ben)).to_have_text("The vote is today.")
    replace_text(ben, "The council rejected the wall.")
    ben.click("input[name=_continue]")
    refusal = ben.locator(".errorlist.nonfield")
    expect(refusal).to_contain_text("Someone else saved this story after you opened it")
    compare = refusal.get_by_role("link", name="Compare the revisions")
    expect(compare).to_have_attribute("href", f"/admin/articles/story/{shared_story.pk}/history/")
    # Ben's text is still in his form, for him to copy.
    expect(rich_text(ben)).to_have_text("The council rejected the wall.")

    stored = Story.objects.get(pk=shared_story.pk)
    assert stored.body == "<p>The council approved the wall by 31 votes to 29.</p>"
    assert stored.version == shared_story.version + 1

    ben.goto(change_url)
    expect(rich_text(ben)).to_have_text("The council approved the wall by 31 votes to 29.")
    compare_page = ben.goto(f"/admin/articles/story/{shared_story.pk}/history/")
    assert compare_page.status == 200
    expect(ben.locator("#change-history")).to_contain_text("stale-editor-ada")
    for page in (ada, ben):
        assert page.console_log.csp_violations() == []
