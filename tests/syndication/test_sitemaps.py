from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Story
from articles.syndication import sitemaps
from tests.support.factories import (
    AuthorFactory,
    ImageFactory,
    SectionFactory,
    StoryFactory,
    UploadedImageFactory,
)

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
IMAGE = "{http://www.google.com/schemas/sitemap-image/1.1}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"


def read_xml(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/xml")
    return ElementTree.fromstring(response.content)


def locations(root):
    return [loc.text for loc in root.iter(f"{SITEMAP}loc")]


@pytest.fixture
def public_story():
    return StoryFactory(
        published=True,
        slug="harbour-dredging",
        headline="Harbour dredging & the plan",
        section=SectionFactory(slug="harbour"),
        lead_image=ImageFactory(),
        authors=[AuthorFactory(slug="ruth-abara")],
        tags=["dredging"],
    )


@pytest.fixture
def hidden_stories():
    return [
        StoryFactory(slug="a-draft", tags=["draft-only"], authors=[AuthorFactory(slug="nobody")]),
        StoryFactory(slug="scheduled-later", scheduled=True),
        StoryFactory(slug="taken-down", unpublished=True),
    ]


def all_sitemap_locations(client):
    found = []
    for url in locations(read_xml(client, "/sitemap.xml")):
        found += locations(read_xml(client, url.removeprefix("http://127.0.0.1:8000")))
    return found


def test_index_lists_every_sitemap_with_lastmod(client, public_story, settings):
    root = read_xml(client, "/sitemap.xml")
    assert root.tag == f"{SITEMAP}sitemapindex"
    assert locations(root) == [
        f"{settings.SITE_URL}/sitemap-{name}.xml"
        for name in ["stories", "sections", "tags", "authors", "news"]
    ]
    assert root.find(f"{SITEMAP}sitemap/{SITEMAP}lastmod") is not None


def test_story_sitemap_has_lastmod_and_lead_image(client, public_story, settings):
    root = read_xml(client, "/sitemap-stories.xml")
    assert root.tag == f"{SITEMAP}urlset"
    [url] = root.findall(f"{SITEMAP}url")
    assert url.find(f"{SITEMAP}loc").text == f"{settings.SITE_URL}/stories/harbour-dredging/"
    assert url.find(f"{SITEMAP}lastmod").text.startswith(f"{public_story.modified_at:%Y-%m-%d}")
    image_loc = url.find(f"{IMAGE}image/{IMAGE}loc").text
    image = public_story.lead_image
    rendition = image.renditions.get(format="jpeg", ratio="", width=image.width)
    assert image_loc == f"{settings.SITE_URL}{rendition.file.url}"


def test_section_tag_and_author_sitemaps(client, public_story, hidden_stories, settings):
    SectionFactory(slug="empty-section")
    assert set(locations(read_xml(client, "/sitemap-sections.xml"))) >= {
        f"{settings.SITE_URL}/sections/harbour/",
        f"{settings.SITE_URL}/sections/empty-section/",
    }
    assert locations(read_xml(client, "/sitemap-tags.xml")) == [
        f"{settings.SITE_URL}/tags/dredging/"
    ]
    assert locations(read_xml(client, "/sitemap-authors.xml")) == [
        f"{settings.SITE_URL}/authors/ruth-abara/"
    ]
    harbour = next(
        url
        for url in read_xml(client, "/sitemap-sections.xml").findall(f"{SITEMAP}url")
        if url.find(f"{SITEMAP}loc").text.endswith("/harbour/")
    )
    assert harbour.find(f"{SITEMAP}lastmod") is not None


def test_no_sitemap_lists_drafts_scheduled_or_unpublished(client, public_story, hidden_stories):
    found = " ".join(all_sitemap_locations(client))
    assert "/stories/harbour-dredging/" in found
    for slug in ["a-draft", "scheduled-later", "taken-down", "draft-only", "nobody"]:
        assert slug not in found


def test_story_sitemap_is_split_at_its_limit(client, monkeypatch, settings):
    monkeypatch.setattr(sitemaps.StorySitemap, "limit", 2)
    for n in range(5):
        StoryFactory(published=True, slug=f"story-{n}")
    index = locations(read_xml(client, "/sitemap.xml"))
    stories = f"{settings.SITE_URL}/sitemap-stories.xml"
    assert [url for url in index if url.startswith(stories)] == [
        stories,
        f"{stories}?p=2",
        f"{stories}?p=3",
    ]
    pages = [locations(read_xml(client, f"/sitemap-stories.xml?p={p}")) for p in (1, 2, 3)]
    assert [len(page) for page in pages] == [2, 2, 1]
    assert len({url for page in pages for url in page}) == 5
    assert client.get("/sitemap-stories.xml?p=4").status_code == 404


def test_story_sitemap_pages_are_counted_from_the_stories_alone(
    client, monkeypatch, hidden_stories
):
    """Counting every story with its photos and translations took 0.4 s at 100,000; the
    count reads the stories' own columns (an index of them), and drafts are not counted."""
    monkeypatch.setattr(sitemaps.StorySitemap, "limit", 2)
    for n in range(3):
        StoryFactory(published=True, slug=f"story-{n}")
    with CaptureQueriesContext(connection) as queries:
        index = locations(read_xml(client, "/sitemap.xml"))
    counts = [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"]]
    assert counts and not [sql for sql in counts if "EXISTS" in sql or "articles_bodyimage" in sql]
    assert len([url for url in index if "sitemap-stories.xml" in url]) == 2
    assert client.get("/sitemap-stories.xml?p=2").status_code == 200
    assert client.get("/sitemap-stories.xml?p=3").status_code == 404


def test_story_sitemap_limit_stays_within_the_protocol():
    assert sitemaps.StorySitemap.limit <= 50_000
    assert sitemaps.NewsSitemap.limit <= 1_000


def test_news_sitemap_holds_only_the_last_48_hours(client, public_story, hidden_stories, settings):
    StoryFactory(published=True, slug="old-news", published_at=timezone.now() - timedelta(hours=49))
    root = read_xml(client, "/sitemap-news.xml")
    [url] = root.findall(f"{SITEMAP}url")
    assert url.find(f"{SITEMAP}loc").text == f"{settings.SITE_URL}/stories/harbour-dredging/"
    news = url.find(f"{NEWS}news")
    assert news.find(f"{NEWS}publication/{NEWS}name").text == settings.SITE_NAME
    assert news.find(f"{NEWS}publication/{NEWS}language").text == "en"
    assert news.find(f"{NEWS}title").text == "Harbour dredging & the plan"
    published = news.find(f"{NEWS}publication_date").text
    assert published.startswith(f"{timezone.localtime(public_story.published_at):%Y-%m-%dT%H:%M}")


def test_news_sitemap_is_capped(client, monkeypatch):
    monkeypatch.setattr(sitemaps, "NEWS_LIMIT", 2)
    for n in range(3):
        StoryFactory(published=True, published_at=timezone.now() - timedelta(minutes=n + 1))
    assert len(locations(read_xml(client, "/sitemap-news.xml"))) == 2


def test_robots_txt_points_at_the_sitemaps(client, settings):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert f"Sitemap: {settings.SITE_URL}/sitemap.xml" in lines
    assert f"Sitemap: {settings.SITE_URL}/sitemap-news.xml" in lines
    assert "Disallow: /admin/" in lines


@pytest.mark.parametrize("count", [1, 30])
def test_sitemaps_use_a_constant_number_of_queries(client, django_assert_max_num_queries, count):
    section = SectionFactory()
    author = AuthorFactory()
    for n in range(count):
        StoryFactory(
            published=True,
            section=section,
            lead_image=UploadedImageFactory(),
            authors=[author],
            tags=[f"tag-{n}"],
        )
    with django_assert_max_num_queries(10):
        client.get("/sitemap.xml")
    for name in ["stories", "sections", "tags", "authors", "news"]:
        with django_assert_max_num_queries(3):
            client.get(f"/sitemap-{name}.xml")
    assert Story.objects.published().count() == count
