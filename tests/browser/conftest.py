"""Fixtures for browser tests: Debian's Chromium driven by Playwright against the live server.

Without /usr/bin/chromium these tests are skipped, unless REQUIRE_BROWSER=1 (set by CI),
in which case they fail. Screenshots go to artifacts/browser/ in the project.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.servers.basehttp import WSGIServer
from django.db import connection, connections
from django.test.testcases import LiveServerThread

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# Flags that let Debian's Chromium run headless in a container with no network but loopback.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts" / "browser"
PHONE = {"width": 360, "height": 800}
DESKTOP = {"width": 1280, "height": 900}


def pytest_collection_modifyitems(config, items):
    browser_dir = Path(__file__).parent
    for item in items:
        if browser_dir in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture
def browser(monkeypatch) -> Iterator:
    """Chromium, started for one test so nothing of Playwright outlives it."""
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        message = f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread, so Django would refuse the
    # ORM calls the test makes between browser steps; they are synchronous and safe.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
        # Connections the test opened while Playwright ran are kept in a context of their
        # own, which the test database's teardown does not see: left open, they would keep
        # PostgreSQL from dropping it.
        connections.close_all()


class OneRequestAtATimeServer(WSGIServer):
    """A live server that answers one request at a time, each on a connection of its own.

    On SQLite the test database is in memory, so the server's request threads share the
    test's one connection, and two requests at once were seen to hang for good on it (one
    thread in a SELECT, the other in an UPDATE). Django closes each connection of a server
    without threads after its answer, so the browser's other requests wait their turn.
    """

    def __init__(self, *args, connections_override=None, **kwargs):
        super().__init__(*args, **kwargs)


@pytest.fixture(scope="session")
def one_request_at_a_time_on_sqlite():
    """Before the live server starts: on SQLite, the server of ``OneRequestAtATimeServer``."""
    if connection.vendor != "sqlite":
        yield
        return
    original = LiveServerThread.server_class
    LiveServerThread.server_class = OneRequestAtATimeServer
    yield
    LiveServerThread.server_class = original


@pytest.fixture
def site_server(one_request_at_a_time_on_sqlite, live_server, settings):
    """The live server, also serving uploaded media from this test's MEDIA_ROOT."""
    settings.ROOT_URLCONF = "tests.browser.urls"
    return live_server


class ConsoleLog(list):
    """Console messages of a page, to find Content-Security-Policy violations."""

    def csp_violations(self) -> list[str]:
        return [text for text in self if "Content Security Policy" in text]


@pytest.fixture
def new_page(browser, site_server):
    """Open a page in a fresh browser context (its own cookies), logging its console."""
    contexts = []

    def open_page(viewport: dict = DESKTOP):
        context = browser.new_context(viewport=viewport, base_url=site_server.url)
        context.set_default_timeout(45_000)
        contexts.append(context)
        page = context.new_page()
        page.console_log = ConsoleLog()
        page.on("console", lambda message: page.console_log.append(message.text))
        page.on("pageerror", lambda error: page.console_log.append(f"pageerror: {error}"))
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture
def screenshot():
    """Save a full-page screenshot as a test artifact and return its path."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def take(page, name: str) -> Path:
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
