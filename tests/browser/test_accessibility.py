"""axe-core finds no violation on every public page type and on the admin's story, desk and
image screens (less the short allow-list in tests/browser/accessibility.py)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from taggit.models import Tag

from articles.models import Story
from tests.browser.accessibility import violations
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.steps import log_in, staff_account
from tests.support.arabic import arabic_story
from tests.support.factories import (
    AuthorFactory,
    CorrectionFactory,
    LiveUpdateFactory,
    SectionFactory,
    SourceFactory,
    StoryFactory,
    UploadedImageFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)

TABLET = {"width": 768, "height": 1024}


@pytest.fixture
def newsroom():
    """A small publication with one of everything a page can show."""
    section = SectionFactory(name="Harbour", slug="harbour")
    author = AuthorFactory(name="Mira Quinn", slug="mira-quinn")
    source = SourceFactory(name="Coastal Courier", slug="coastal-courier")
    tag = Tag.objects.create(name="Fishing", slug="fishing")
    photo = UploadedImageFactory(
        title="Trawlers at dawn",
        caption="Trawlers leave the harbour at dawn on Monday.",
        credit="Coastal Photos/Mira Quinn",
        taken_at=timezone.now() - timedelta(days=2),
    )
    # An image with no agency: the library's agency filter lists it too.
    UploadedImageFactory(title="Quay at night", agency="")
    story = StoryFactory(
        headline="Fleet returns with record catch",
        slug="fleet-returns",
        section=section,
        source=source,
        lead_image=photo,
        authors=[author],
        tags=[tag],
        published=True,
        body="<p>Skippers said calm seas made the difference.</p><p>The market opens early.</p>",
    )
    CorrectionFactory(story=story, text="An earlier version gave the wrong tonnage.")
    live = LiveUpdateFactory(story__section=section, story__headline="Storm live").story
    StoryFactory(headline="Fees under review", section=section, status=Story.Status.IN_REVIEW)
    StoryFactory(headline="Draft about the quay", section=section)
    withdrawn = StoryFactory(headline="Road closure withdrawn", section=section, unpublished=True)
    arabic = arabic_story(authors=[AuthorFactory(name="Rania Haddad")], lead_image=photo)
    staff_account("axe-editor", "Editor")
    return {
        "story": story,
        "live": live,
        "arabic": arabic,
        "photo": photo,
        "withdrawn": withdrawn,
    }


def test_public_pages_have_no_accessibility_violations(newsroom, new_page):
    story, arabic = newsroom["story"], newsroom["arabic"]
    pages = [
        "/",
        story.get_absolute_url(),
        newsroom["live"].get_absolute_url(),
        "/sections/harbour/",
        "/authors/mira-quinn/",
        "/sources/coastal-courier/",
        "/tags/fishing/",
        "/search/?q=catch",
        "/archive/",
        timezone.localtime(story.published_at).strftime("/archive/%Y/%m/"),
        "/ar/",
        arabic.get_absolute_url(),
        newsroom["withdrawn"].get_absolute_url(),
        "/stories/no-such-story/",
    ]
    found = {}
    for viewport in (DESKTOP, PHONE):
        page = new_page(viewport)
        for url in pages:
            response = page.goto(url)
            assert response is not None and response.status in (200, 404, 410), url
            if problems := violations(page):
                found[f"{url} at {viewport['width']} px"] = problems
    assert found == {}


def test_admin_screens_have_no_accessibility_violations(newsroom, new_page):
    story, photo = newsroom["story"], newsroom["photo"]
    screens = [
        (DESKTOP, f"/admin/articles/story/{story.pk}/change/"),
        (TABLET, f"/admin/articles/story/{story.pk}/change/"),
        (DESKTOP, f"/admin/articles/story/{newsroom['arabic'].pk}/change/"),
        (DESKTOP, "/admin/articles/story/add/"),
        (DESKTOP, "/admin/articles/story/"),
        (DESKTOP, "/admin/articles/story/desk/"),
        (PHONE, "/admin/articles/story/desk/"),
        (DESKTOP, "/admin/articles/image/"),
        (DESKTOP, f"/admin/articles/image/{photo.pk}/change/"),
        (DESKTOP, "/admin/articles/image/add/"),
    ]
    found = {}
    pages: dict[int, object] = {}
    for viewport, url in screens:
        if viewport["width"] not in pages:
            pages[viewport["width"]] = page = new_page(viewport)
            log_in(page, "axe-editor")
        page = pages[viewport["width"]]
        page.goto(url)
        # Wait until the scripts have drawn the body editor and comboboxes, and named them.
        if "/story/" in url and url.endswith(("/change/", "/add/")):
            page.locator(".ProseMirror[aria-labelledby=id_body-label]").wait_for()
            page.locator(".select2-selection[aria-labelledby^=id_section-label]").wait_for()
        if problems := violations(page):
            found[f"{url} at {viewport['width']} px"] = problems
        # Nothing scrolls the whole page sideways, on a phone either.
        width, inner = page.evaluate("[document.scrollingElement.scrollWidth, innerWidth]")
        assert width <= inner, f"{url} is {width} px wide at {inner} px"
        assert page.console_log.csp_violations() == []
    assert found == {}


def test_the_image_librarys_agency_filter_names_images_without_an_agency(newsroom, new_page):
    page = new_page()
    log_in(page, "axe-editor")
    page.goto("/admin/articles/image/")
    link = page.locator("#changelist-filter a[href='?agency=']")
    assert link.inner_text().strip() == "(no agency)"


def test_the_story_forms_unnamed_widgets_get_names(newsroom, new_page):
    page = new_page()
    log_in(page, "axe-editor")
    page.goto(f"/admin/articles/story/{newsroom['story'].pk}/change/")
    editor = page.get_by_role("textbox", name="Body:")
    assert editor.get_attribute("contenteditable") == "true"
    assert page.get_by_role("combobox", name="Source:").count() == 1
    assert page.locator("#id_storyauthor_set-0-position").get_attribute("aria-label") == "Position"
    assert page.get_by_role("textbox", name="Preview link for someone without an account").count()
