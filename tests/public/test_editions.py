"""Editions: every public page speaks its edition's language and direction, shows only that
edition's stories, and an address in the wrong edition moves to the right one."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from django.urls import reverse

from articles.models import Story, StorySlug
from tests.support.arabic import HEADLINE, arabic_section, arabic_story
from tests.support.factories import AuthorFactory, SourceFactory, StoryFactory

pytestmark = pytest.mark.django_db

HTML_TAG = re.compile(r"<html lang=\"([^\"]+)\" dir=\"([^\"]+)\">")


def lang_and_dir(response) -> tuple[str, str]:
    match = HTML_TAG.search(response.content.decode())
    assert match, "no <html lang dir>"
    return match.groups()


@pytest.fixture
def bilingual(db):
    author, source = AuthorFactory(slug="rania"), SourceFactory(slug="partner")
    arabic = arabic_story(authors=[author], source=source, tags=["الميناء"])
    english = StoryFactory(
        published=True,
        headline="Council approves harbour expansion",
        slug="harbour-expansion",
        authors=[author],
        source=source,
        tags=["الميناء"],
    )
    return arabic, english


def arabic_pages(arabic: Story) -> list[str]:
    tag = arabic.tags.get()
    return [
        "/ar/",
        arabic.get_absolute_url(),
        arabic.section.get_absolute_url(),
        f"/ar/tags/{tag.slug}/",
        "/ar/authors/rania/",
        "/ar/sources/partner/",
        "/ar/search/?q=" + quote("الميناء"),
        "/ar/archive/",
        f"/ar/archive/{arabic.published_at:%Y/%m}/",
    ]


def test_every_arabic_edition_page_is_arabic_and_right_to_left(client, bilingual):
    arabic, _ = bilingual
    for url in arabic_pages(arabic):
        response = client.get(url)
        assert response.status_code == 200, url
        assert lang_and_dir(response) == ("ar", "rtl"), url
        assert response["Content-Language"] == "ar"


def test_every_default_edition_page_stays_english_and_left_to_right(client, bilingual):
    _, english = bilingual
    tag = english.tags.get()
    for url in [
        "/",
        english.get_absolute_url(),
        english.section.get_absolute_url(),
        f"/tags/{tag.slug}/",
        "/authors/rania/",
        "/sources/partner/",
        "/search/?q=harbour",
        "/archive/",
        "/no-such-page/",
    ]:
        response = client.get(url)
        assert lang_and_dir(response) == ("en-GB", "ltr"), url


def test_error_pages_of_the_arabic_edition_are_right_to_left(client, bilingual):
    arabic, _ = bilingual
    assert lang_and_dir(client.get("/ar/no-such-page/")) == ("ar", "rtl")
    taken_down = arabic_story(headline="قصة سحبت من الموقع", status=Story.Status.UNPUBLISHED)
    response = client.get(taken_down.get_absolute_url())
    assert response.status_code == 410
    assert lang_and_dir(response) == ("ar", "rtl")


def test_each_edition_lists_only_its_own_stories(client, bilingual):
    arabic, english = bilingual
    tag = arabic.tags.get()
    for arabic_url, english_url in [
        ("/ar/", "/"),
        (f"/ar/tags/{tag.slug}/", f"/tags/{tag.slug}/"),
        ("/ar/authors/rania/", "/authors/rania/"),
        (
            "/ar/archive/" + f"{arabic.published_at:%Y/%m}/",
            f"/archive/{arabic.published_at:%Y/%m}/",
        ),
    ]:
        in_arabic = client.get(arabic_url).content.decode()
        in_english = client.get(english_url).content.decode()
        assert HEADLINE in in_arabic and english.headline not in in_arabic, arabic_url
        assert english.headline in in_english and HEADLINE not in in_english, english_url


def test_a_story_or_section_asked_for_in_the_wrong_edition_moves_to_its_own(client, bilingual):
    arabic, english = bilingual
    wrong = reverse("articles:story", kwargs={"slug": arabic.slug})
    assert not wrong.startswith("/ar/")
    response = client.get(wrong)
    assert response.status_code == 301
    assert response["Location"] == arabic.get_absolute_url()
    assert client.get(f"/ar/stories/{english.slug}/")["Location"] == english.get_absolute_url()
    section_response = client.get(f"/sections/{arabic.section.slug}/?page=1")
    assert section_response.status_code == 301
    assert section_response["Location"] == f"/ar/sections/{arabic.section.slug}/?page=1"


def test_the_default_edition_has_no_prefix_of_its_own(client, bilingual):
    _, english = bilingual
    assert client.get(f"/en/stories/{english.slug}/").status_code == 404
    assert client.get(f"/en-gb/stories/{english.slug}/").status_code == 404


def test_navigation_shows_the_editions_sections(client, bilingual):
    arabic, english = bilingual
    arabic_page = client.get("/ar/").content.decode()
    english_page = client.get("/").content.decode()
    assert arabic.section.name in arabic_page and english.section.name in arabic_page
    assert arabic.section.name not in english_page
    assert f'href="/ar/sections/{english.section.slug}/"' in arabic_page


def test_an_arabic_slug_round_trips_percent_encoded(client):
    story = arabic_story()
    assert story.slug == "المجلس-البلدي-يوافق-على-توسعة-الميناء"
    url = story.get_absolute_url()
    assert url == "/ar/stories/" + quote(story.slug) + "/"
    assert url.isascii()
    response = client.get(url)
    assert response.status_code == 200
    assert f'<link rel="canonical" href="http://127.0.0.1:8000{url}">' in response.content.decode()


def test_a_changed_arabic_slug_redirects_and_a_latin_override_is_kept(client):
    story = arabic_story()
    old_url = story.get_absolute_url()
    story.slug = "harbour-expansion-vote"
    story.save()
    assert StorySlug.objects.filter(story=story).count() == 1
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == "/ar/stories/harbour-expansion-vote/"
    assert client.get(response["Location"]).status_code == 200


def test_a_draft_arabic_story_is_not_public_in_any_edition(client):
    draft = arabic_story(published=False)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(f"/stories/{quote(draft.slug)}/").status_code == 404
    assert HEADLINE not in client.get("/ar/").content.decode()


def test_an_arabic_section_may_be_empty_in_english(client):
    section = arabic_section(slug="akhbar")
    assert section.get_absolute_url() == "/ar/sections/akhbar/"
    assert client.get("/ar/sections/akhbar/").status_code == 200


@pytest.mark.parametrize("count", [1, 25])
def test_arabic_pages_queries_do_not_grow(client, django_assert_max_num_queries, count):
    section = arabic_section(slug="akhbar")
    stories = [
        arabic_story(section=section, headline=f"خبر رقم {n} عن الميناء", tags=["الميناء"])
        for n in range(count)
    ]
    for url, budget in [
        ("/ar/", 6),
        ("/ar/sections/akhbar/", 6),
        (stories[0].get_absolute_url(), 8),
    ]:
        with django_assert_max_num_queries(budget):
            assert client.get(url).status_code == 200
