"""An Arabic story reads right to left on a phone and a desktop, in a real Chromium."""

from __future__ import annotations

import pytest

from tests.browser.conftest import DESKTOP, PHONE
from tests.support.arabic import HEADLINE, arabic_story
from tests.support.factories import AuthorFactory, UploadedImageFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize(("viewport", "name"), [(PHONE, "360"), (DESKTOP, "1280")])
def test_an_arabic_story_runs_right_to_left(new_page, screenshot, viewport, name):
    story = arabic_story(
        authors=[AuthorFactory(name="Rania Haddad")],
        lead_image=UploadedImageFactory(
            caption="باعة التوابل في السوق القديم صباح الجمعة.", credit="ليلى حداد/جريدة الوادي"
        ),
        dateline="الوادي",
    )
    page = new_page(viewport)
    page.goto(story.get_absolute_url())
    headline = page.locator("h1")
    assert headline.inner_text() == HEADLINE
    assert headline.evaluate("element => getComputedStyle(element).direction") == "rtl"
    assert page.evaluate("document.documentElement.lang") == "ar"
    # The kicker starts at the right edge of the article: the layout mirrored.
    article = page.locator("article.story").bounding_box()
    kicker = page.locator(".kicker").first.bounding_box()
    assert abs((article["x"] + article["width"]) - (kicker["x"] + kicker["width"])) < 2
    # No line of the page is wider than the screen.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= viewport["width"]
    path = screenshot(page, f"arabic-story-{name}")
    assert path.stat().st_size > 10_000
    assert page.console_log.csp_violations() == []
