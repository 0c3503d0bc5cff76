"""Editions in the sitemaps and feeds: each story's public translations as hreflang
alternates of its sitemap entry (symmetric, never a hidden one), and a section's feed asked
for in another edition moving to its own, as the section's page does."""

from __future__ import annotations

from urllib.parse import quote
from xml.etree import ElementTree

import feedparser
import pytest

from tests.support.arabic import arabic_section, arabic_story
from tests.support.factories import AuthorFactory, SectionFactory, StoryFactory

pytestmark = pytest.mark.django_db

SITE = "http://127.0.0.1:8000"
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}


def sitemap_alternates(client, path: str) -> dict[str, dict[str, str]]:
    """Each address of a story sitemap with its ``{hreflang: href}`` alternates."""
    root = ElementTree.fromstring(client.get(path).content)
    return {
        url.findtext("s:loc", namespaces=NS): {
            link.get("hreflang"): link.get("href")
            for link in url.findall("xhtml:link", NS)
            if link.get("rel") == "alternate"
        }
        for url in root.findall("s:url", NS)
    }


@pytest.fixture
def pair():
    english = StoryFactory(published=True, headline="Council approves harbour expansion")
    arabic = arabic_story(translation_of=english)
    return english, arabic


def test_story_sitemaps_name_each_translation_both_ways(client, pair):
    english, arabic = pair
    english_url = f"{SITE}/stories/{english.slug}/"
    arabic_url = f"{SITE}/ar/stories/{quote(arabic.slug)}/"
    expected = {"en-GB": english_url, "ar": arabic_url, "x-default": english_url}
    assert sitemap_alternates(client, "/sitemap-stories.xml") == {english_url: expected}
    assert sitemap_alternates(client, "/ar/sitemap-stories.xml") == {arabic_url: expected}


def test_a_story_without_translations_has_no_alternates(client):
    alone = StoryFactory(published=True)
    assert sitemap_alternates(client, "/sitemap-stories.xml") == {
        f"{SITE}/stories/{alone.slug}/": {}
    }


@pytest.mark.parametrize("state", ["draft", "scheduled", "unpublished"])
def test_a_translation_that_is_not_public_is_never_an_alternate(client, state):
    english = StoryFactory(published=True, headline="Council approves harbour expansion")
    hidden = arabic_story(
        translation_of=english,
        published=False,
        **({"scheduled": True} if state == "scheduled" else {}),
        **({"unpublished": True} if state == "unpublished" else {}),
    )
    assert not hidden.is_public
    sitemap = client.get("/sitemap-stories.xml").content.decode()
    assert "xhtml:link" not in sitemap and quote(hidden.slug) not in sitemap
    assert client.get("/ar/sitemap-stories.xml").content.decode().count("<url>") == 0


def test_the_story_sitemap_stays_at_a_constant_number_of_queries(
    client, django_assert_max_num_queries
):
    for n in range(10):
        original = StoryFactory(published=True, headline=f"Story {n}")
        arabic_story(translation_of=original, headline=f"قصة رقم {n}")
    with django_assert_max_num_queries(5):
        assert client.get("/sitemap-stories.xml").status_code == 200


def test_tag_and_author_sitemaps_list_only_those_with_a_story_in_the_edition(client):
    ruth, layla = AuthorFactory(slug="ruth"), AuthorFactory(slug="layla")
    StoryFactory(published=True, authors=[ruth], tags=["harbour"])
    arabic_story(authors=[layla], tags=["الميناء"])
    arabic_story(published=False, authors=[ruth], tags=["مسودة"])  # a draft: no page for it

    def locations(path: str) -> list[str]:
        root = ElementTree.fromstring(client.get(path).content)
        return [url.findtext("s:loc", namespaces=NS) for url in root.findall("s:url", NS)]

    assert locations("/sitemap-authors.xml") == [f"{SITE}/authors/ruth/"]
    assert locations("/ar/sitemap-authors.xml") == [f"{SITE}/ar/authors/layla/"]
    assert locations("/sitemap-tags.xml") == [f"{SITE}/tags/harbour/"]
    [arabic_tag] = locations("/ar/sitemap-tags.xml")
    assert arabic_tag.startswith(f"{SITE}/ar/tags/")


@pytest.mark.parametrize("format", ["rss", "atom", "json"])
def test_a_section_feed_asked_for_in_another_edition_moves_to_its_own(client, format):
    section = arabic_section(slug="akhbar")
    arabic_story(section=section)
    response = client.get(f"/feeds/{format}/sections/akhbar/?utm_source=partner")
    assert response.status_code == 301
    assert response["Location"] == f"/ar/feeds/{format}/sections/akhbar/?utm_source=partner"
    assert client.get(response["Location"]).status_code == 200
    english = SectionFactory(slug="harbour", edition="en")
    moved = client.get(f"/ar/feeds/{format}/sections/harbour/")
    assert moved.status_code == 301 and moved["Location"] == f"/feeds/{format}/sections/harbour/"
    assert english.get_absolute_url() == "/sections/harbour/"


def test_a_section_of_every_edition_has_a_feed_in_each(client):
    world = SectionFactory(slug="world", edition="")
    StoryFactory(published=True, section=world)
    assert client.get("/feeds/rss/sections/world/").status_code == 200
    assert client.get("/ar/feeds/rss/sections/world/").status_code == 200


def test_the_arabic_sections_feed_describes_itself_in_arabic(client, settings):
    settings.SITE_NAME = "صحيفة غرفة الأخبار"
    section = arabic_section(slug="akhbar")
    arabic_story(section=section)
    feed = feedparser.parse(client.get("/ar/feeds/rss/sections/akhbar/").content).feed
    assert feed.subtitle == "أحدث القصص من صحيفة غرفة الأخبار: القسم أخبار."
