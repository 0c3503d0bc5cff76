"""A photo story's way from a reporter's draft through the desk to the reader, in a browser."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from articles.models import Image, Story
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.steps import (
    choose_autocomplete,
    log_in,
    press_workflow_button,
    rich_text,
    staff_account,
    type_at_the_end,
)
from tests.support.factories import SectionFactory, SourceFactory
from tests.support.photos import UTF8, iim_records, photo_bytes

HEADLINE = "Fleet returns with record catch"
CAPTION = "Trawlers leave the harbour at dawn on Monday."
RETURN_NOTE = "Say who counted the catch."


@pytest.fixture
def newsroom(transactional_db):
    SectionFactory(name="Harbour", slug="harbour")
    SourceFactory(name="Coastal Courier", slug="coastal-courier")
    staff_account("flow-reporter", "Reporter")
    staff_account("flow-editor", "Editor")


def change_url(story: Story) -> str:
    return f"/admin/articles/story/{story.pk}/change/"


def test_a_reported_photo_story_goes_through_the_desk_to_readers(
    newsroom, new_page, screenshot, tmp_path
):
    photo = tmp_path / "trawlers.jpg"
    photo.write_bytes(
        photo_bytes(
            1200,
            800,
            iim=iim_records(
                {
                    (1, 90): UTF8,
                    (2, 120): CAPTION,
                    (2, 110): "Coastal Photos",
                    (2, 80): "Mira Quinn",
                    (2, 115): "Northern Wire",
                }
            ),
        )
    )
    reporter = new_page()
    log_in(reporter, "flow-reporter")

    # The photo: caption, credit and agency are read from its IPTC block.
    reporter.goto("/admin/articles/image/add/")
    reporter.set_input_files("#id_file", str(photo))
    reporter.fill("#id_title", "Trawlers at dawn")
    reporter.fill("#id_alt_text", "Three fishing boats on a calm sea")
    reporter.click("input[name=_save]")
    expect(reporter.locator(".messagelist .info")).to_contain_text("Read from the photo")
    image = Image.objects.get(title="Trawlers at dawn")
    assert (image.caption, image.credit, image.agency, image.width) == (
        CAPTION,
        "Coastal Photos/Mira Quinn",
        "Northern Wire",
        1200,
    )

    # The story, written in the rich-text editor, with the photo picked in the picker.
    reporter.goto("/admin/articles/story/add/")
    reporter.locator("#id_headline").press_sequentially(HEADLINE)
    # The slug is left to the save, which makes it from the headline in its own script.
    expect(reporter.locator("#id_slug")).to_have_value("")
    reporter.fill("#id_dek", "The harbour's trawlers landed more fish than in any week this year.")
    rich_text(reporter).click()
    reporter.keyboard.type("Skippers said calm seas made the difference.")
    reporter.keyboard.press("Enter")
    reporter.keyboard.type("The market opens early on Tuesday.")
    choose_autocomplete(reporter, "lead_image", "Trawlers", "Trawlers at dawn")
    picked = reporter.locator("[data-image-picker-for=id_lead_image]")
    expect(picked.locator(".image-picker-credit")).to_have_text("Coastal Photos/Mira Quinn")
    expect(picked.locator(".image-picker-thumbnail img")).to_be_visible()
    choose_autocomplete(reporter, "section", "Harb", "Harbour")
    choose_autocomplete(reporter, "source", "Coastal", "Coastal Courier")
    reporter.click("input[name=_continue]")
    expect(reporter.locator(".messagelist .success")).to_contain_text("was added successfully")
    story = Story.objects.get(slug="fleet-returns-with-record-catch")
    assert story.status == Story.Status.DRAFT
    assert story.created_by.username == "flow-reporter"
    assert story.lead_image == image
    assert story.body == (
        "<p>Skippers said calm seas made the difference.</p>"
        "<p>The market opens early on Tuesday.</p>"
    )
    press_workflow_button(reporter, "submit", "Submit for review")
    assert Story.objects.get(pk=story.pk).status == Story.Status.IN_REVIEW

    # The desk returns it with a note.
    editor = new_page()
    log_in(editor, "flow-editor")
    editor.goto("/admin/articles/story/desk/")
    editor.locator(".desk-group", has_text="In review").get_by_role("link", name=HEADLINE).click()
    editor.fill("#id_transition_note", RETURN_NOTE)
    press_workflow_button(editor, "return", "Return to writer")
    assert Story.objects.get(pk=story.pk).status == Story.Status.RETURNED

    # The reporter reads the note, adds what was asked for and resubmits.
    reporter.goto(change_url(story))
    expect(reporter.locator(".workflow-log")).to_contain_text(RETURN_NOTE)
    expect(reporter.locator(".field-status_badge")).to_contain_text("Returned to writer")
    type_at_the_end(reporter, "The harbour master counted 40 tonnes.")
    press_workflow_button(reporter, "submit", "Submit for review")
    story.refresh_from_db()
    assert story.status == Story.Status.IN_REVIEW
    assert "<p>The harbour master counted 40 tonnes.</p>" in story.body

    # The editor marks it ready and schedules it: readers cannot see it yet.
    editor.goto(change_url(story))
    expect(rich_text(editor)).to_contain_text("counted 40 tonnes")
    press_workflow_button(editor, "approve", "Mark ready")
    editor.goto(change_url(story))
    publish_at = timezone.localtime(timezone.now() + timedelta(days=2))
    editor.fill("#id_transition_publish_at", publish_at.strftime("%Y-%m-%dT%H:%M"))
    press_workflow_button(editor, "schedule", "Schedule")
    story.refresh_from_db()
    assert story.status == Story.Status.SCHEDULED and story.published_at > timezone.now()
    reader = new_page(PHONE)
    assert reader.goto(story.get_absolute_url()).status == 404

    # Then publishes it now.
    editor.goto(change_url(story))
    press_workflow_button(editor, "publish", "Publish now")
    story.refresh_from_db()
    assert Story.objects.published().filter(pk=story.pk).exists()
    assert list(story.events.order_by("pk").values_list("action", "user__username")) == [
        ("submit", "flow-reporter"),
        ("return", "flow-editor"),
        ("submit", "flow-reporter"),
        ("approve", "flow-editor"),
        ("schedule", "flow-editor"),
        ("publish", "flow-editor"),
    ]

    response = reader.goto(story.get_absolute_url())
    assert response.status == 200
    expect(reader.locator("h1")).to_have_text(HEADLINE)
    expect(reader.locator(".body")).to_contain_text("calm seas made the difference")
    expect(reader.locator(".body")).to_contain_text("The harbour master counted 40 tonnes.")
    figure = reader.locator("figure.lead-image")
    expect(figure.locator(".caption")).to_have_text(CAPTION)
    expect(figure.locator(".credit")).to_have_text(
        "Photo: Coastal Photos/Mira Quinn via Northern Wire"
    )
    expect(reader.locator(".source")).to_contain_text("Source: Coastal Courier")
    assert figure.locator("img").evaluate("img => img.complete && img.naturalWidth > 0"), (
        "the lead photo did not load"
    )
    phone_shot = screenshot(reader, "story-phone-360x800")
    reader.set_viewport_size(DESKTOP)
    desktop_shot = screenshot(reader, "story-desktop-1280x900")
    assert phone_shot.stat().st_size > 0 and desktop_shot.stat().st_size > 0

    for page in (reporter, editor, reader):
        assert page.console_log.csp_violations() == []
