"""The admin and the public pages work under the Content-Security-Policy, in a real browser."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from tests.browser.steps import PASSWORD, log_in
from tests.factories import AuthorFactory, ImageFactory, SourceFactory, StoryFactory, UserFactory


@pytest.fixture
def desk(transactional_db):
    user = UserFactory(username="csp-editor")
    user.set_password(PASSWORD)
    user.save()
    user.groups.add(Group.objects.get(name="Editor"))
    story = StoryFactory(
        published=True,
        lead_image=ImageFactory(),
        source=SourceFactory(),
        authors=[AuthorFactory()],
    )
    return story


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


def test_public_pages_load_with_no_csp_violation(new_page, desk):
    page = new_page()
    for url in ["/", desk.get_absolute_url(), desk.section.get_absolute_url(), "/missing/"]:
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
