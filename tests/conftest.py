"""Shared fixtures: media in a temporary folder, staff users in their roles, a local server."""

from __future__ import annotations

import socket
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.test import override_settings

from tests.support.factories import UserFactory


@pytest.fixture(autouse=True, scope="session")
def cache_of_this_run(tmp_path_factory):
    """The file cache in a folder of this test run: runs side by side never share pages."""
    from django.conf import settings

    if settings.CACHES["default"]["BACKEND"].endswith("FileBasedCache"):
        caches = {"default": {**settings.CACHES["default"]}}
        caches["default"]["LOCATION"] = str(tmp_path_factory.mktemp("cache"))
        with override_settings(CACHES=caches):
            yield
    else:
        yield


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def empty_cache(settings):
    """An empty cache for every test, and no page cache unless a test turns it on.

    Tests run inside a transaction that never commits, so the page cache's invalidation
    (on commit) only runs where a test asks for it (the ``committed`` fixture). Cleared
    before the test only: a test may point the cache at a shared Redis, never to be flushed.
    """
    settings.PAGE_CACHE_TIMEOUT = 0
    cache.clear()


@pytest.fixture
def page_cache(settings):
    """The page cache turned on, as in production."""
    settings.PAGE_CACHE_TIMEOUT = 300
    settings.PUBLIC_PAGE_MAX_AGE = 60


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Runs the on-commit callbacks of what happens inside it, as a real commit would.

    Create inside it whatever the test changes later: invalidations gathered before it
    wait for a commit the test never makes, and later ones join them.
    """
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def editor(db):
    user = UserFactory(username="editor-user")
    user.groups.add(Group.objects.get(name="Editor"))
    return user


@pytest.fixture
def reporter(db):
    user = UserFactory(username="reporter-user")
    user.groups.add(Group.objects.get(name="Reporter"))
    return user


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.fixture
def local_server(tmp_path):
    """An HTTP server on 127.0.0.1 serving the files put in ``local_server.root``."""
    root = tmp_path / "served"
    root.mkdir()
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    server.root = root
    server.url = f"http://127.0.0.1:{server.server_address[1]}"
    yield server
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture
def closed_port():
    """A port on 127.0.0.1 that nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def other_reporter(db):
    user = UserFactory(username="other-reporter")
    user.groups.add(Group.objects.get(name="Reporter"))
    return user


@pytest.fixture
def chief(db):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_superuser("chief-editor", "chief@example.org", "pw")


@pytest.fixture
def users_by_role(reporter, other_reporter, editor, chief):
    """The users of a permission matrix by role."""
    from django.contrib.auth.models import AnonymousUser

    return {
        "anonymous": AnonymousUser(),
        "reporter": reporter,
        "other_reporter": other_reporter,
        "editor": editor,
        "superuser": chief,
    }
