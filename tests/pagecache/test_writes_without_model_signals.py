"""Writes that send no model signal still invalidate: ``QuerySet.update()`` and raw saves."""

from __future__ import annotations

import json

import pytest
from django.core import serializers
from django.core.management import call_command

from articles.models import Section, Story
from articles.signals import stories_updated
from tests.support.factories import SectionFactory, StoryFactory


@pytest.fixture
def page_cache(settings):
    settings.PAGE_CACHE_TIMEOUT = 300
    settings.PUBLIC_PAGE_MAX_AGE = 60


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Runs the on-commit callbacks of what happens inside it, as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def harbour(db, committed):
    with committed():
        story = StoryFactory(
            published=True,
            headline="Dredging plan approved",
            section=SectionFactory(name="Harbour desk", slug="harbour"),
        )
        SectionFactory(name="Council desk", slug="council")
    return story


def cached(client, *urls: str) -> None:
    for url in urls:
        assert client.get(url)["X-Cache"] == "MISS", url
        assert client.get(url)["X-Cache"] == "HIT", url


def test_taking_a_story_down_with_update_takes_it_off_the_cached_pages(
    client, page_cache, harbour, committed
):
    cached(client, harbour.get_absolute_url(), "/", "/sections/harbour/")

    with committed():
        Story.objects.filter(pk=harbour.pk).update(status=Story.Status.UNPUBLISHED)

    assert client.get(harbour.get_absolute_url()).status_code == 410
    for url in ("/", "/sections/harbour/"):
        response = client.get(url)
        assert response["X-Cache"] == "MISS", url
        assert b"Dredging plan approved" not in response.content, url


def test_moving_a_story_with_update_refreshes_the_list_it_left(
    client, page_cache, harbour, committed
):
    cached(client, "/sections/harbour/", "/sections/council/")

    with committed():
        Story.objects.filter(pk=harbour.pk).update(section=Section.objects.get(slug="council"))

    assert b"Dredging plan approved" not in client.get("/sections/harbour/").content
    assert b"Dredging plan approved" in client.get("/sections/council/").content


def test_an_update_of_drafts_or_of_other_fields_invalidates_nothing(
    client, page_cache, harbour, committed
):
    draft = StoryFactory(headline="Quiet draft")
    cached(client, harbour.get_absolute_url(), "/")
    announced = []

    def listen(sender, before, **kwargs):
        announced.append([row["pk"] for row in before])

    stories_updated.connect(listen, sender=Story)
    try:
        with committed():
            Story.objects.filter(pk=draft.pk).update(status=Story.Status.READY)
            Story.objects.filter(pk=harbour.pk).update(needs_attention=True)
    finally:
        stories_updated.disconnect(listen, sender=Story)

    assert announced == [[draft.pk]]
    for url in (harbour.get_absolute_url(), "/"):
        assert client.get(url)["X-Cache"] == "HIT", url


def test_a_fixture_loaded_over_a_public_story_invalidates_its_pages(
    client, page_cache, harbour, committed, tmp_path
):
    """A raw save (loaddata) sends its signals before bylines and tags may be in: the
    lists are named when the load commits."""
    cached(client, harbour.get_absolute_url(), "/")
    rows = json.loads(serializers.serialize("json", [harbour]))
    rows[0]["fields"]["status"] = Story.Status.UNPUBLISHED
    fixture = tmp_path / "taken_down.json"
    fixture.write_text(json.dumps(rows))

    with committed():
        call_command("loaddata", str(fixture), verbosity=0)

    assert client.get(harbour.get_absolute_url()).status_code == 410
    response = client.get("/")
    assert response["X-Cache"] == "MISS"
    assert b"Dredging plan approved" not in response.content
