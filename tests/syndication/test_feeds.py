from datetime import timedelta
from xml.etree import ElementTree

import feedparser
import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Story
from articles.syndication.common import FEED_LENGTH, story_uri
from tests.support.factories import (
    AuthorFactory,
    ImageFactory,
    SectionFactory,
    SourceFactory,
    StoryFactory,
    UploadedImageFactory,
)

pytestmark = pytest.mark.django_db

MEDIA = "{http://search.yahoo.com/mrss/}"
XML_FORMATS = ["rss", "atom"]


@pytest.fixture
def section():
    return SectionFactory(name="Harbour", slug="harbour")


@pytest.fixture
def syndicated_story(section):
    image = ImageFactory(
        caption="Fishing boats moored in Harbour Valley on Monday.",
        credit="Port Authority/Sam Reyes/Handout",
        copyright_notice="© Port Authority",
    )
    return StoryFactory(
        published=True,
        headline="Harbour dredging plan approved",
        slug="harbour-dredging",
        dek="Work starts in spring.",
        section=section,
        lead_image=image,
        source=SourceFactory(name="Harbour Valley Courier", slug="courier"),
        original_url="https://courier.example.org/harbour-dredging/",
        authors=[AuthorFactory(name="Ruth Abara", slug="ruth-abara")],
        tags=["dredging"],
        body="<p>According to a news agency, <strong>work</strong> starts in spring.</p>",
    )


@pytest.fixture
def hidden_stories(section):
    """Stories the public must never see, in the same section, tag and source."""
    return [
        StoryFactory(headline="A draft", section=section, tags=["dredging"]),
        StoryFactory(headline="Scheduled later", scheduled=True, section=section),
        StoryFactory(headline="Taken down", unpublished=True, section=section),
    ]


def read_feed(client, url):
    response = client.get(url)
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return response, feed


def topic_feed_urls(story):
    kinds = {
        "feed_section": story.section.slug,
        "feed_tag": "dredging",
        "feed_author": story.bylines[0].author.slug,
        "feed_source": story.source.slug,
    }
    for fmt in ["rss", "atom", "json"]:
        for name, slug in kinds.items():
            yield reverse(f"articles:{name}", kwargs={"format": fmt, "slug": slug})


def feed_urls(story):
    for fmt in ["rss", "atom", "json"]:
        yield reverse("articles:feed_latest", kwargs={"format": fmt})
    yield from topic_feed_urls(story)


@pytest.mark.parametrize("fmt", XML_FORMATS)
def test_xml_feed_carries_the_story(client, syndicated_story, fmt, settings):
    url = reverse("articles:feed_latest", kwargs={"format": fmt})
    _, feed = read_feed(client, url)
    entry = feed.entries[0]
    assert feed.version == ("rss20" if fmt == "rss" else "atom10")
    assert entry.title == "Harbour dredging plan approved"
    assert entry.link == f"{settings.SITE_URL}/stories/harbour-dredging/"
    assert entry.id == story_uri(syndicated_story)
    assert entry.id.startswith("tag:")
    assert "<strong>work</strong>" in entry.content[0].value
    assert entry.content[0].type == "text/html"
    assert entry.summary == "Work starts in spring."
    assert entry.author == "Ruth Abara"
    assert {tag.term for tag in entry.tags} == {"Harbour", "dredging"}
    assert entry.published_parsed is not None
    self_links = [link.href for link in feed.feed.links if link.rel == "self"]
    assert self_links == [f"{settings.SITE_URL}{url}"]


@pytest.mark.parametrize("fmt", XML_FORMATS)
def test_media_rss_gives_the_lead_picture_with_caption_and_credit(
    client, syndicated_story, settings, fmt
):
    response, feed = read_feed(client, reverse("articles:feed_latest", kwargs={"format": fmt}))
    entry = feed.entries[0]
    image = syndicated_story.lead_image
    # A small photo: the feed's size and the thumbnail are both the full-width JPEG rendition.
    rendition = image.renditions.get(format="jpeg", ratio="", width=image.width)
    assert entry.media_content[0]["url"] == f"{settings.SITE_URL}{rendition.file.url}"
    assert entry.media_content[0]["medium"] == "image"
    assert entry.media_content[0]["type"] == "image/jpeg"
    assert entry.media_content[0]["width"] == str(image.width)
    assert entry.media_credit[0]["content"] == "Port Authority/Sam Reyes/Handout"
    assert entry.media_thumbnail[0]["url"] == f"{settings.SITE_URL}{rendition.file.url}"
    # feedparser folds media:description into the summary, so the caption is read directly.
    content = ElementTree.fromstring(response.content).find(f".//{MEDIA}content")
    assert content.find(f"{MEDIA}description").text == image.caption
    assert content.find(f"{MEDIA}credit").text == image.credit
    assert content.find(f"{MEDIA}copyright").text == "© Port Authority"


def test_guid_survives_a_new_headline_and_slug_and_updated_changes(client, syndicated_story):
    url = reverse("articles:feed_latest", kwargs={"format": "atom"})
    _, before = read_feed(client, url)
    syndicated_story.headline = "Harbour dredging plan approved after all"
    syndicated_story.slug = "harbour-dredging-approved"
    syndicated_story.updated_at = timezone.now()
    syndicated_story.save()
    _, after = read_feed(client, url)
    assert after.entries[0].id == before.entries[0].id
    assert after.entries[0].title != before.entries[0].title
    assert after.entries[0].updated_parsed > before.entries[0].updated_parsed
    assert after.entries[0].published_parsed == before.entries[0].published_parsed


def test_json_feed(client, syndicated_story, settings):
    url = reverse("articles:feed_latest", kwargs={"format": "json"})
    response = client.get(url)
    assert response["Content-Type"].startswith("application/feed+json")
    document = response.json()
    assert document["version"] == "https://jsonfeed.org/version/1.1"
    assert document["title"] == settings.SITE_NAME
    assert document["feed_url"] == f"{settings.SITE_URL}{url}"
    assert document["home_page_url"] == f"{settings.SITE_URL}/"
    item = document["items"][0]
    assert item["id"] == story_uri(syndicated_story)
    assert item["url"] == f"{settings.SITE_URL}/stories/harbour-dredging/"
    assert item["title"] == "Harbour dredging plan approved"
    assert "<strong>work</strong>" in item["content_html"]
    assert item["summary"] == "Work starts in spring."
    assert item["external_url"] == "https://courier.example.org/harbour-dredging/"
    assert item["authors"] == [
        {"name": "Ruth Abara", "url": f"{settings.SITE_URL}/authors/ruth-abara/"}
    ]
    assert item["tags"] == ["Harbour", "dredging"]
    assert item["date_published"] == syndicated_story.published_at.isoformat()
    image = syndicated_story.lead_image
    rendition = image.renditions.get(format="jpeg", ratio="", width=image.width)
    assert item["image"] == f"{settings.SITE_URL}{rendition.file.url}"
    picture = item["_newsroom"]["lead_image"]
    assert picture["caption"] == "Fishing boats moored in Harbour Valley on Monday."
    assert picture["credit"] == "Port Authority/Sam Reyes/Handout"


def test_byline_override_is_the_author(client, section):
    StoryFactory(published=True, section=section, byline_override="Staff and agencies")
    _, feed = read_feed(client, reverse("articles:feed_latest", kwargs={"format": "rss"}))
    assert feed.entries[0].author == "Staff and agencies"
    document = client.get(reverse("articles:feed_latest", kwargs={"format": "json"})).json()
    assert document["items"][0]["authors"] == [{"name": "Staff and agencies"}]


def test_topic_feeds_hold_only_their_topic(client, syndicated_story):
    StoryFactory(published=True, headline="Elsewhere entirely")
    for url in topic_feed_urls(syndicated_story):
        if "/json/" in url:
            titles = [item["title"] for item in client.get(url).json()["items"]]
        else:
            titles = [entry.title for entry in read_feed(client, url)[1].entries]
        assert titles == ["Harbour dredging plan approved"], url


def test_no_feed_shows_drafts_scheduled_or_unpublished(client, syndicated_story, hidden_stories):
    for url in feed_urls(syndicated_story):
        body = client.get(url).content.decode()
        assert "Harbour dredging plan approved" in body, url
        for story in hidden_stories:
            assert story.headline not in body, url
            assert story_uri(story) not in body, url


def test_unknown_topic_or_format_is_404(client, section):
    assert client.get("/feeds/rss/sections/no-such-section/").status_code == 404
    assert client.get("/feeds/json/tags/no-such-tag/").status_code == 404
    assert client.get("/feeds/xml/").status_code == 404


def test_feeds_are_capped(client, section):
    published_at = timezone.now() - timedelta(hours=1)
    Story.objects.bulk_create(
        Story(
            headline=f"Story {n}",
            slug=f"story-{n}",
            section=section,
            status=Story.Status.PUBLISHED,
            published_at=published_at - timedelta(minutes=n),
        )
        for n in range(FEED_LENGTH + 5)
    )
    _, feed = read_feed(client, reverse("articles:feed_latest", kwargs={"format": "rss"}))
    assert len(feed.entries) == FEED_LENGTH
    assert feed.entries[0].title == "Story 0"
    document = client.get(reverse("articles:feed_latest", kwargs={"format": "json"})).json()
    assert len(document["items"]) == FEED_LENGTH


@pytest.mark.parametrize("count", [1, 30])
@pytest.mark.parametrize("fmt", ["rss", "atom", "json"])
def test_feeds_use_a_constant_number_of_queries(
    client, django_assert_max_num_queries, section, count, fmt
):
    author = AuthorFactory()
    source = SourceFactory()
    for n in range(count):
        StoryFactory(
            published=True,
            section=section,
            lead_image=UploadedImageFactory(),
            source=source,
            authors=[author],
            tags=[f"tag-{n}", "shared"],
        )
    with django_assert_max_num_queries(4):
        client.get(reverse("articles:feed_latest", kwargs={"format": fmt}))
    with django_assert_max_num_queries(5):
        client.get(reverse("articles:feed_section", kwargs={"format": fmt, "slug": section.slug}))


def test_pages_link_to_their_feeds(client, syndicated_story):
    front = client.get("/").content.decode()
    assert 'type="application/rss+xml"' in front
    assert 'href="/feeds/atom/"' in front
    assert 'href="/feeds/json/"' in front
    section_page = client.get("/sections/harbour/").content.decode()
    assert 'rel="alternate" type="application/rss+xml"' in section_page
    assert 'href="/feeds/rss/sections/harbour/"' in section_page
    assert 'href="/feeds/atom/tags/dredging/"' in client.get("/tags/dredging/").content.decode()
    assert (
        'href="/feeds/json/authors/ruth-abara/"'
        in client.get("/authors/ruth-abara/").content.decode()
    )
    assert 'href="/feeds/rss/sources/courier/"' in client.get("/sources/courier/").content.decode()


def test_a_topic_name_is_escaped_in_the_rss_channel_description(client, section):
    StoryFactory(published=True, section=section, tags=["<img src=x onerror=alert(1)>"])
    response = client.get(
        reverse("articles:feed_tag", kwargs={"format": "rss", "slug": "img-srcx-onerroralert1"})
    )

    description = ElementTree.fromstring(response.content).find("channel/description").text
    assert "<img" not in description
    assert "&lt;img src=x onerror=alert(1)&gt;" in description


def test_a_control_character_in_a_story_does_not_break_the_feeds(client, section):
    image = ImageFactory(caption="Boats\x01 at dawn", credit="Agency\x0b")
    StoryFactory(published=True, section=section, lead_image=image, body="<p>Tide\x01 out</p>")

    for fmt in ("rss", "atom", "json"):
        assert (
            client.get(reverse("articles:feed_latest", kwargs={"format": fmt})).status_code == 200
        )
