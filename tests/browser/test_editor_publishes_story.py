"""An editor publishes a photo story through the admin; a reader sees it with its credits."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone
from playwright.sync_api import expect

from articles.models import Image, Story
from tests.browser.conftest import DESKTOP, PHONE
from tests.factories import SectionFactory, SourceFactory, UserFactory, jpeg_bytes

PASSWORD = "correct-horse-battery"


@pytest.fixture
def editor_account(transactional_db):
    user = UserFactory(username="desk-editor")
    user.set_password(PASSWORD)
    user.save()
    user.groups.add(Group.objects.get(name="Editor"))
    return user


def log_in(page, username: str) -> None:
    page.goto("/admin/login/?next=/admin/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    expect(page).to_have_url(re.compile(r"^https?://[^/]+/admin/$"))


def choose_autocomplete(page, field: str, search: str, option: str) -> None:
    """Pick ``option`` in the admin's select2 autocomplete for ``field``."""
    page.click(f".field-{field} .select2-selection")
    page.fill(".select2-container--open .select2-search__field", search)
    page.click(f".select2-results__option:has-text('{option}')")
    expect(page.locator(f"#select2-id_{field}-container")).to_contain_text(option)


def test_editor_publishes_a_photo_story_that_readers_see_with_caption_credit_and_source(
    page, new_page, editor_account, screenshot, tmp_path
):
    SectionFactory(name="Harbour", slug="harbour")
    SourceFactory(name="Coastal Courier", slug="coastal-courier")
    photo = tmp_path / "trawlers.jpg"
    photo.write_bytes(jpeg_bytes(1200, 800, colour=(30, 90, 140)))

    log_in(page, "desk-editor")

    page.goto("/admin/articles/image/add/")
    page.set_input_files("#id_file", str(photo))
    page.fill("#id_title", "Trawlers at dawn")
    page.fill("#id_caption", "Trawlers leave the harbour at dawn on Monday.")
    page.fill("#id_credit", "Coastal Photos/Mira Quinn/Handout via Wire")
    page.fill("#id_agency", "Northern Wire")
    page.fill("#id_alt_text", "Three fishing boats on a calm sea")
    page.click("input[name=_save]")
    expect(page.locator(".messagelist .success")).to_contain_text("was added successfully")
    assert Image.objects.get(title="Trawlers at dawn").width == 1200

    page.goto("/admin/articles/story/add/")
    page.locator("#id_headline").press_sequentially("Fleet returns with record catch")
    expect(page.locator("#id_slug")).to_have_value("fleet-returns-with-record-catch")
    page.fill("#id_dek", "The harbour's trawlers landed more fish than in any week this year.")
    editor = page.locator(".ProseMirror[contenteditable=true]")
    editor.click()
    page.keyboard.type("Skippers said calm seas made the difference.")
    page.keyboard.press("Enter")
    page.keyboard.type("The market opens early on Tuesday.")
    choose_autocomplete(page, "lead_image", "Trawlers", "Trawlers at dawn")
    choose_autocomplete(page, "section", "Harb", "Harbour")
    choose_autocomplete(page, "source", "Coastal", "Coastal Courier")
    page.select_option("#id_status", "published")
    publish_at = timezone.localtime(timezone.now() - timedelta(minutes=5))
    page.fill("#id_published_at_0", publish_at.strftime("%Y-%m-%d"))
    page.fill("#id_published_at_1", publish_at.strftime("%H:%M:%S"))
    page.click("input[name=_save]")
    expect(page.locator(".messagelist .success")).to_contain_text("was added successfully")
    admin_violations = page.console_log.csp_violations()

    story = Story.objects.published().get(slug="fleet-returns-with-record-catch")
    assert story.lead_image.title == "Trawlers at dawn"
    assert story.body == (
        "<p>Skippers said calm seas made the difference.</p>"
        "<p>The market opens early on Tuesday.</p>"
    )

    reader_page = new_page(PHONE)
    response = reader_page.goto(story.get_absolute_url())
    assert response.status == 200
    figure = reader_page.locator("figure.lead-image")
    expect(figure.locator(".caption")).to_have_text("Trawlers leave the harbour at dawn on Monday.")
    expect(figure.locator(".credit")).to_have_text(
        "Photo: Coastal Photos/Mira Quinn/Handout via Wire via Northern Wire"
    )
    expect(reader_page.locator(".source")).to_contain_text("Source: Coastal Courier")
    expect(reader_page.locator(".body")).to_contain_text("calm seas made the difference")
    loaded = figure.locator("img").evaluate("img => img.complete && img.naturalWidth > 0")
    assert loaded, "the lead photo did not load"
    phone_shot = screenshot(reader_page, "story-phone-360x800")
    reader_page.set_viewport_size(DESKTOP)
    desktop_shot = screenshot(reader_page, "story-desktop-1280x900")

    assert phone_shot.stat().st_size > 0 and desktop_shot.stat().st_size > 0
    assert admin_violations == []
    assert reader_page.console_log.csp_violations() == []
