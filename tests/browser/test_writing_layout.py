"""The story form's writing layout: text beside a sticky side panel at 1280 px, one column
with nothing wider than the screen at 768 px."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP
from tests.browser.steps import log_in, staff_account
from tests.support.factories import SectionFactory, StoryFactory

pytestmark = pytest.mark.django_db(transaction=True)

TABLET = {"width": 768, "height": 1024}


@pytest.fixture
def story():
    staff_account("layout-editor", "Editor")
    return StoryFactory(
        headline="Harbour fees under review",
        section=SectionFactory(name="Harbour"),
        published=True,
        body="".join(f"<p>Paragraph {n} of a long story about the harbour.</p>" for n in range(40)),
    )


def box(page, selector: str) -> dict:
    found = page.locator(selector).bounding_box()
    assert found is not None, selector
    return found


def test_the_side_panel_stays_beside_the_text_at_1280_px(story, new_page, screenshot):
    page = new_page(DESKTOP)
    log_in(page, "layout-editor")
    page.goto(f"/admin/articles/story/{story.pk}/change/")
    main, side = box(page, ".writing-main"), box(page, ".writing-side")
    assert side["x"] >= main["x"] + main["width"]
    assert main["width"] > side["width"]
    # The headline, standfirst and body are in the main column, the body editor tall.
    for field in ("#id_headline", "#id_dek", ".ProseMirror[contenteditable=true]"):
        assert page.locator(f".writing-main {field}").count() == 1
    assert box(page, ".ProseMirror[contenteditable=true]")["height"] >= 400
    # Status, Save, the workflow buttons and the publishing fields are in the side panel.
    for part in (".field-status_badge", "input[name=_save]", "#id_transition_note",
                 "button[value=unpublish]", ".field-embargo_until", ".preview-link",
                 ".field-section", ".field-tags", ".field-lead_image"):  # fmt: skip
        assert page.locator(f".writing-side {part}").count() == 1, part
    # Less-used fieldsets start closed.
    for heading in ("Search engines", "Ingest", "Record"):
        details = page.locator("details", has=page.locator("summary", has_text=heading))
        assert details.get_attribute("open") is None
    # The empty "lock lost" notice stays hidden, and the notes come below the form.
    expect(page.locator(".lock-lost")).to_be_hidden()
    form = box(page, "#story_form")
    assert box(page, "#story-notes-heading")["y"] >= form["y"] + form["height"]
    screenshot(page, "writing-layout-1280")

    # Down at the end of the long body the panel and its buttons are still in view.
    page.locator(".ProseMirror[contenteditable=true] p").last.scroll_into_view_if_needed()
    page.wait_for_function("scrollY > 1000")
    assert 0 <= box(page, ".writing-side")["y"] <= 20
    expect(page.locator(".writing-side input[name=_save]")).to_be_in_viewport()
    expect(page.locator(".writing-side button[value=unpublish]")).to_be_in_viewport()
    assert page.locator(".writing-side").evaluate("e => getComputedStyle(e).position") == "sticky"
    assert page.console_log.csp_violations() == []


@pytest.mark.parametrize("sidebar", ["open", "closed"])
def test_nothing_overflows_at_768_px(story, new_page, screenshot, sidebar):
    page = new_page(TABLET)
    log_in(page, "layout-editor")
    if sidebar == "closed":
        page.evaluate("localStorage.setItem('django.admin.navSidebarIsOpen', 'false')")
    page.goto(f"/admin/articles/story/{story.pk}/change/")
    # Measured once the body editor has replaced its text area, which changes the height.
    page.locator(".writing-main .ProseMirror[contenteditable=true]").wait_for()
    width, inner = page.evaluate("[document.scrollingElement.scrollWidth, innerWidth]")
    assert width <= inner
    # One column: the side panel comes after the text, its buttons within the screen. Both
    # boxes are read at one moment.
    main_bottom, side_top = page.evaluate(
        """() => [document.querySelector('.writing-main').getBoundingClientRect().bottom,
                  document.querySelector('.writing-side').getBoundingClientRect().top]"""
    )
    assert side_top >= main_bottom
    buttons = box(page, ".workflow-buttons")
    assert buttons["x"] >= 0 and buttons["x"] + buttons["width"] <= inner
    screenshot(page, f"writing-layout-768-sidebar-{sidebar}")
    assert page.console_log.csp_violations() == []
