import base64
import hashlib
import os
import re
import subprocess
import sys

import pytest
from django.db import OperationalError, connection
from django.test.utils import CaptureQueriesContext

from tests.support.factories import ImageFactory, SectionFactory, StoryFactory

pytestmark = pytest.mark.django_db


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in policy.split(";") if part.strip())
    }


def test_public_pages_allow_only_the_sites_own_assets(client):
    story = StoryFactory(published=True, lead_image=ImageFactory())
    for url in ["/", story.get_absolute_url(), story.section.get_absolute_url(), "/nowhere/"]:
        policy = directives(client.get(url))
        assert policy["default-src"] == ["'self'"]
        assert policy["script-src"] == ["'self'"], url
        assert policy["style-src"] == ["'self'"]
        assert policy["object-src"] == ["'none'"]
        assert policy["base-uri"] == ["'self'"]
        assert policy["frame-ancestors"] == ["'none'"]
        assert "'unsafe-inline'" not in " ".join(policy["img-src"])


def test_admin_allows_inline_styles_but_never_inline_scripts(admin_client):
    policy = directives(admin_client.get("/admin/articles/story/"))
    assert policy["style-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["script-src"] == ["'self'"]


def test_the_rich_text_editors_import_map_carries_the_requests_nonce(admin_client):
    SectionFactory()
    response = admin_client.get("/admin/articles/story/add/")
    nonce = re.search(r"'nonce-([^']+)'", " ".join(directives(response)["script-src"])).group(1)
    html = response.content.decode()
    assert f'<script type="importmap" nonce="{nonce}">' in html
    assert "'unsafe-inline'" not in directives(response)["script-src"]


def test_nonces_differ_per_request(admin_client):
    def nonce():
        response = admin_client.get("/admin/articles/story/add/")
        return re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)

    assert nonce() != nonce()


def test_media_on_object_storage_is_an_allowed_image_origin():
    code = "import newsroom.settings as s; print(s.CONTENT_SECURITY_POLICY['DIRECTIVES'])"
    env = {"AWS_S3_CUSTOM_DOMAIN": "photos.example-cdn.org", "CSP_EXTRA_IMG_SRC": "https://x.org"}
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=os.environ | env,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert "https://photos.example-cdn.org" in result.stdout
    assert "https://x.org" in result.stdout


def database_down(execute, sql, params, many, context):
    raise OperationalError("could not connect to server: Connection refused")


def test_public_page_answers_503_without_touching_the_database_when_it_is_down(client):
    SectionFactory(name="Harbour")
    with CaptureQueriesContext(connection) as queries, connection.execute_wrapper(database_down):
        response = client.get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert response["Cache-Control"] == "no-store"
    html = response.content.decode()
    assert "Back in a moment" in html
    assert "The Newsroom Gazette" in html and "site.css" in html
    assert "Traceback" not in html and "OperationalError" not in html
    # Only the view's failed query was attempted: the 503 page itself read nothing.
    assert len(queries) <= 1


def test_story_page_and_lists_answer_503_too(client):
    story = StoryFactory(published=True)
    with connection.execute_wrapper(database_down):
        assert client.get(story.get_absolute_url()).status_code == 503
        assert client.get(story.section.get_absolute_url()).status_code == 503


def test_admin_shows_a_clear_error_and_says_unsaved_work_is_in_the_form(admin_client):
    section = SectionFactory()
    with connection.execute_wrapper(database_down):
        response = admin_client.post(
            "/admin/articles/story/add/",
            {"headline": "Storm warning", "slug": "storm-warning", "section": section.pk},
        )
    assert response.status_code == 503
    html = response.content.decode()
    assert "The newsroom database is unavailable" in html
    assert "Your last change was not saved" in html
    assert "Traceback" not in html


def test_site_recovers_on_the_next_request_once_the_database_is_back(client):
    story = StoryFactory(published=True, headline="Harbour reopens")
    with connection.execute_wrapper(database_down):
        assert client.get("/").status_code == 503
    response = client.get("/")
    assert response.status_code == 200
    assert story.headline in response.content.decode()


def test_other_errors_are_not_mistaken_for_an_outage(client, monkeypatch):
    from articles.public import views

    def broken(self, **kwargs):
        raise ValueError("a bug, not an outage")

    monkeypatch.setattr(views.FrontPageView, "get_context_data", broken)
    client.raise_request_exception = False
    assert client.get("/").status_code == 500


@pytest.mark.django_db(transaction=True)
def test_unreachable_postgresql_answers_503_and_recovers_without_restart(client):
    if connection.vendor != "postgresql":
        pytest.skip("needs a database server whose address can be changed (PostgreSQL)")
    story = StoryFactory(published=True, headline="Harbour reopens")
    real_settings = dict(connection.settings_dict)
    connection.close()
    # A closed port on loopback: every connection attempt is refused.
    connection.settings_dict.update(HOST="127.0.0.1", PORT="1")
    try:
        response = client.get(story.get_absolute_url())
        assert response.status_code == 503
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(real_settings)
    response = client.get(story.get_absolute_url())
    assert response.status_code == 200
    assert "Harbour reopens" in response.content.decode()


def test_the_500_page_may_use_exactly_its_own_inline_styles(client, monkeypatch):
    from articles.public import views

    def broken(self, **kwargs):
        raise ValueError("a bug")

    monkeypatch.setattr(views.FrontPageView, "get_context_data", broken)
    client.raise_request_exception = False
    response = client.get("/")
    assert response.status_code == 500
    css = re.search(rb"<style>(.*?)</style>", response.content, re.DOTALL).group(1)
    digest = base64.b64encode(hashlib.sha256(css).digest()).decode()
    assert directives(response)["style-src"] == ["'self'", f"'sha256-{digest}'"]
    assert directives(response)["script-src"] == ["'self'"]
