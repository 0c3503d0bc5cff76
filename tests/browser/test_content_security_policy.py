"""The admin and the public pages work under the Content-Security-Policy, in a real browser."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect
from reversion.models import Version

from articles.editorial import workflow
from articles.editorial.preview import preview_url
from tests.browser.steps import log_in, staff_account
from tests.support.factories import AuthorFactory, ImageFactory, SourceFactory, StoryFactory


@pytest.fixture
def desk(transactional_db):
    staff_account("csp-editor", "Editor")
    story = StoryFactory(
        published=True,
        lead_image=ImageFactory(),
        source=SourceFactory(),
        authors=[AuthorFactory()],
    )
    return story


@pytest.fixture
def in_review(desk):
    """A story waiting on the desk, submitted through the workflow (so it has a revision)."""
    story = StoryFactory(headline="Harbour wall vote delayed", lead_image=desk.lead_image)
    workflow.submit(story, get_user_model().objects.get(username="csp-editor"))
    return story


def workflow_urls(story) -> list[str]:
    revision = Version.objects.get_for_object(story).first()
    return [
        "/admin/articles/story/desk/",
        f"/admin/articles/story/{story.pk}/change/",
        f"/admin/articles/story/{story.pk}/preview/",
        f"/admin/articles/story/{story.pk}/history/{revision.pk}/",
        "/admin/articles/story/recover/",
    ]


def admin_urls(story) -> list[str]:
    return [
        "/admin/",
        "/admin/articles/",
        "/admin/articles/story/",
        "/admin/articles/story/add/",
        f"/admin/articles/story/{story.pk}/change/",
        f"/admin/articles/story/{story.pk}/history/",
        "/admin/articles/image/",
        "/admin/articles/image/add/",
        f"/admin/articles/image/{story.lead_image.pk}/change/",
        "/admin/articles/author/add/",
        "/admin/articles/section/",
        "/admin/articles/source/add/",
        "/admin/taggit/tag/",
        "/admin/password_change/",
    ]


def test_admin_pages_load_with_no_csp_violation_and_the_editor_starts(page, desk):
    log_in(page, "csp-editor")
    for url in admin_urls(desk):
        response = page.goto(url)
        assert response.status == 200, url
        page.wait_for_load_state("networkidle")
        assert page.console_log.csp_violations() == [], url
    page.goto(f"/admin/articles/story/{desk.pk}/change/")
    # The editor's modules load through the nonce'd import map and render the body.
    editor = page.locator(".ProseMirror[contenteditable=true]")
    assert "Body text of the story." in editor.inner_text()
    assert page.console_log.csp_violations() == []


def test_workflow_pages_load_with_no_csp_violation(page, in_review):
    log_in(page, "csp-editor")
    for url in workflow_urls(in_review):
        response = page.goto(url)
        assert response.status == 200, url
        page.wait_for_load_state("networkidle")
        assert page.console_log.csp_violations() == [], url
    # The pages are what they claim: the desk lists the story, the form has its buttons.
    page.goto("/admin/articles/story/desk/")
    expect(page.locator(".desk-group", has_text="In review")).to_contain_text(in_review.headline)
    page.goto(f"/admin/articles/story/{in_review.pk}/change/")
    for action in ["return", "approve", "publish", "schedule"]:
        expect(page.locator(f"button[name=_transition][value={action}]")).to_be_visible()
    expect(page.locator("#id_transition_publish_at")).to_be_visible()
    # The restore page's rich-text editor starts too (its scripts carry the nonce), read-only:
    # the page shows a revision, and restoring it brings it back as it was.
    page.goto(workflow_urls(in_review)[3])
    expect(page.locator(".ProseMirror[contenteditable=false]")).to_contain_text(
        "Body text of the story."
    )
    page.goto(f"/admin/articles/story/{in_review.pk}/preview/")
    expect(page.locator("h1")).to_have_text(in_review.headline)
    assert page.console_log.csp_violations() == []


def test_public_pages_load_with_no_csp_violation(new_page, desk, in_review):
    page = new_page()
    public_urls = [
        "/",
        desk.get_absolute_url(),
        desk.section.get_absolute_url(),
        "/missing/",
        preview_url(in_review),
    ]
    for url in public_urls:
        page.goto(url)
        page.wait_for_load_state("networkidle")
        assert page.console_log.csp_violations() == [], url
    # JSON-LD is a data block: present on the story page, and not a violation.
    page.goto(desk.get_absolute_url())
    assert page.locator('script[type="application/ld+json"]').count() == 1
    assert page.console_log.csp_violations() == []


def test_an_inline_script_is_refused_and_the_refusal_is_seen(new_page, desk):
    """Proof that the checks above can fail: the page is the site's, the script is not."""
    page = new_page()
    page.goto(desk.get_absolute_url())
    page.evaluate(
        "() => { const s = document.createElement('script');"
        " s.textContent = 'window.injected = true'; document.body.append(s); }"
    )
    assert page.evaluate("() => window.injected === true") is False
    assert page.console_log.csp_violations()
