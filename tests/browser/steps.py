"""What people do in the admin, as browser steps shared by the browser tests."""

from __future__ import annotations

import re

from django.contrib.auth.models import Group
from playwright.sync_api import expect

from tests.support.factories import UserFactory

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


def wait_for_editor_selection(page, condition: str) -> None:
    """Wait until the rich-text editor's own selection satisfies a JS ``condition``.

    The browser moves the caret at once but tells the editor later (a selectionchange
    event); keys pressed before that land where the editor still thinks the caret is.
    ``condition`` sees ``selection`` and ``doc`` of the editor's state.
    """
    page.wait_for_function(
        f"""element => {{
            const {{selection, doc}} = element.editor.state;
            return {condition};
        }}""",
        arg=rich_text(page).element_handle(),
    )


def type_at_the_end(page, text: str) -> None:
    """Add a paragraph after the body's last one, as a writer does with the mouse and keys."""
    editor = rich_text(page)
    editor.locator("p").last.click()
    page.keyboard.press("End")
    wait_for_editor_selection(page, "selection.empty && selection.to === doc.content.size - 1")
    page.keyboard.press("Enter")
    page.keyboard.type(text)
    expect(editor.locator("p").last).to_have_text(text)


def replace_text(page, text: str) -> None:
    """Select the whole body in the rich-text editor and type ``text`` over it."""
    editor = rich_text(page)
    editor.locator("p").first.click()
    page.keyboard.press("ControlOrMeta+A")
    wait_for_editor_selection(page, "selection.from <= 1 && selection.to >= doc.content.size - 1")
    page.keyboard.type(text)
    expect(editor).to_have_text(text)


def press_workflow_button(page, action: str, message: str) -> None:
    """Press one of the change form's workflow buttons and wait for its confirmation."""
    page.click(f"button[name=_transition][value={action}]")
    expect(page.locator(".messagelist .success").first).to_be_visible()
    expect(page.locator(".messagelist")).to_contain_text(message)
