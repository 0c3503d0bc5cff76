"""What people do in the admin, as browser steps shared by the browser tests."""

from __future__ import annotations

import re

from django.contrib.auth.models import Group
from playwright.sync_api import expect

from tests.factories import UserFactory

PASSWORD = "correct-horse-battery"


def staff_account(username: str, role: str):
    """A staff user in the Editor or Reporter group who can log in with ``PASSWORD``."""
    user = UserFactory(username=username)
    user.set_password(PASSWORD)
    user.save()
    user.groups.add(Group.objects.get(name=role))
    return user


def log_in(page, username: str) -> None:
    """Sign in through the admin's login form."""
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


def rich_text(page):
    """The story body's rich-text editor (a ProseMirror contenteditable)."""
    return page.locator(".ProseMirror[contenteditable=true]")


def press_workflow_button(page, action: str, message: str) -> None:
    """Press one of the change form's workflow buttons and wait for its confirmation."""
    page.click(f"button[name=_transition][value={action}]")
    expect(page.locator(".messagelist .success").first).to_be_visible()
    expect(page.locator(".messagelist")).to_contain_text(message)
