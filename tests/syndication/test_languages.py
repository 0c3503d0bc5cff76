"""Every output says each story's own language, each edition has its feeds and sitemaps, and
translations link to each other only while both are public."""

from __future__ import annotations

import json
from urllib.parse import quote
from xml.etree import ElementTree

import feedparser
import pytest

from articles.models import Story
from tests.support.arabic import HEADLINE, arabic_story
from tests.support.factories import StoryFactory
from tests.support.html_checks import PageReader

pytestmark = pytest.mark.django_db

SITE = "http://127.0.0.1:8000"


@pytest.fixture
def pair():
    english = StoryFactory(
        published=True, headline="Council approves harbour expansion", slug="harbour-expansion"
    )
    arabic = arabic_story(translation_of=english)
    return english, arabic


def alternates(client, story: Story) -> dict[str, str]:
    html = client.get(story.get_absolute_url()).content.decode()
    reader = PageReader(html)
    found = {}
    for line in html.splitlines():
        if 'rel="alternate" hreflang=' in line:
            language = line.split('hreflang="')[1].split('"')[0]
            found[language] = line.split('href="')[1].split('"')[0]
    found["og:locale"] = reader.meta["og:locale"][0]
    found["og:alternates"] = reader.meta.get("og:locale:alternate", [])
    found["json_ld"] = reader.json_ld[0]
    return found


def test_translations_name_each_other_symmetrically(client, pair):
    english, arabic = pair
    english_url = SITE + english.get_absolute_url()
    arabic_url = SITE + "/ar/stories/" + quote(arabic.slug) + "/"
    from_english, from_arabic = alternates(client, english), alternates(client, arabic)
    for found in (from_english, from_arabic):
        assert found["en-GB"] == english_url
        assert found["ar"] == arabic_url
        assert found["x-default"] == english_url
    assert from_english["og:locale"] == "en_GB" and from_english["og:alternates"] == ["ar"]
    assert from_arabic["og:locale"] == "ar" and from_arabic["og:alternates"] == ["en_GB"]
    assert from_english["json_ld"]["inLanguage"] == "en-gb"
    assert from_english["json_ld"]["workTranslation"][0]["url"] == arabic_url
    assert from_arabic["json_ld"]["inLanguage"] == "ar"
    assert from_arabic["json_ld"]["translationOfWork"]["url"] == english_url
    assert "workTranslation" not in from_arabic["json_ld"]


@pytest.mark.parametrize("state", ["draft", "scheduled", "unpublished"])
def test_a_translation_that_is_not_public_is_never_linked(client, state):
    english = StoryFactory(published=True, headline="Council approves harbour expansion")
    hidden = arabic_story(
        translation_of=english,
        published=False,
        **({"scheduled": True} if state == "scheduled" else {}),
        **({"unpublished": True} if state == "unpublished" else {}),
    )
    assert not hidden.is_public
    html = client.get(english.get_absolute_url()).content.decode()
    assert "hreflang" not in html and "og:locale:alternate" not in html
    assert quote(hidden.slug) not in html and HEADLINE not in html
    assert "workTranslation" not in html
    item = client.get(f"/api/v1/stories/{english.pk}/").json()
    assert [a for a in item.get("associations", []) if a["type"] == "text"] == []


def test_feeds_are_per_edition_and_say_their_language(client, pair):
    english, arabic = pair
    arabic_rss = feedparser.parse(client.get("/ar/feeds/rss/").content)
    english_rss = feedparser.parse(client.get("/feeds/rss/").content)
    assert arabic_rss.feed.language == "ar" and english_rss.feed.language == "en-gb"
    assert [entry.title for entry in arabic_rss.entries] == [HEADLINE]
    assert [entry.title for entry in english_rss.entries] == [english.headline]
    assert arabic_rss.entries[0].link == SITE + "/ar/stories/" + quote(arabic.slug) + "/"
    atom = ElementTree.fromstring(client.get("/ar/feeds/atom/").content)
    assert atom.get("{http://www.w3.org/XML/1998/namespace}lang") == "ar"
    feed = json.loads(client.get("/ar/feeds/json/").content)
    assert feed["language"] == "ar" and feed["items"][0]["language"] == "ar"
    assert feed["home_page_url"] == SITE + "/ar/"


def test_sitemaps_are_per_edition_with_percent_encoded_addresses(client, pair):
    english, arabic = pair
    arabic_map = client.get("/ar/sitemap-stories.xml").content.decode()
    english_map = client.get("/sitemap-stories.xml").content.decode()
    assert SITE + "/ar/stories/" + quote(arabic.slug) + "/" in arabic_map
    # Each lists the other edition's story only as its translation (xhtml:link), never as a page.
    assert f"<loc>{SITE}/stories/{english.slug}/</loc>" not in arabic_map
    assert f"<loc>{SITE}/stories/{english.slug}/</loc>" in english_map
    assert f"<loc>{SITE}/ar/stories/{quote(arabic.slug)}/</loc>" not in english_map
    index = client.get("/ar/sitemap.xml").content.decode()
    assert SITE + "/ar/sitemap-stories.xml" in index
    robots = client.get("/robots.txt").content.decode()
    assert f"Sitemap: {SITE}/ar/sitemap.xml" in robots and f"Sitemap: {SITE}/sitemap.xml" in robots


def test_the_news_sitemap_says_each_storys_language(client, pair):
    english, arabic = pair
    news = client.get("/ar/sitemap-news.xml").content.decode()
    assert "<news:language>ar</news:language>" in news and english.headline not in news
    assert "<news:language>en</news:language>" in client.get("/sitemap-news.xml").content.decode()


def test_an_arabic_site_still_calls_english_stories_english(client, settings):
    settings.LANGUAGE_CODE = settings.DEFAULT_LANGUAGE = "ar"
    english = StoryFactory(
        published=True, headline="Council approves harbour expansion", language="en"
    )
    assert english.get_absolute_url().startswith("/en/stories/")
    news = client.get("/en/sitemap-news.xml").content.decode()
    assert "<news:language>en</news:language>" in news
    assert client.get(f"/api/v1/stories/{english.pk}/").json()["language"] == "en"
    assert feedparser.parse(client.get("/en/feeds/rss/").content).feed.language == "en"
    page = client.get(english.get_absolute_url()).content.decode()
    assert '<html lang="en" dir="ltr">' in page


def test_ninjs_says_each_storys_language_and_links_translations(client, pair):
    english, arabic = pair
    items = {item["uri"]: item for item in client.get("/api/v1/stories/").json()["items"]}
    by_language = {item["language"]: item for item in items.values()}
    assert set(by_language) == {"ar", "en-gb"}
    [to_arabic] = [a for a in by_language["en-gb"]["associations"] if a["type"] == "text"]
    assert to_arabic["name"] == "translation" and to_arabic["language"] == "ar"
    assert to_arabic["uri"] == by_language["ar"]["uri"]
    [to_english] = [a for a in by_language["ar"]["associations"] if a["type"] == "text"]
    assert to_english["name"] == "original" and to_english["uri"] == by_language["en-gb"]["uri"]


@pytest.mark.parametrize("count", [1, 20])
def test_story_page_and_api_queries_do_not_grow_with_translations(
    client, django_assert_max_num_queries, count
):
    originals = [StoryFactory(published=True, headline=f"Story {n}") for n in range(count)]
    for original in originals:
        arabic_story(translation_of=original, headline=f"قصة رقم {original.pk}")
    with django_assert_max_num_queries(8):
        assert client.get(originals[0].get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(6):
        assert client.get("/api/v1/stories/").status_code == 200
