"""Body photos, embeds and story links in feeds, the ninjs API, JSON-LD and the sitemap."""

import json
from xml.etree import ElementTree

import feedparser
import pytest
from django.urls import reverse

from tests.support.factories import StoryFactory, UploadedImageFactory
from tests.support.html_checks import PageReader
from tests.syndication.test_api import assert_ninjs

pytestmark = pytest.mark.django_db

MEDIA = "{http://search.yahoo.com/mrss/}"
VIDEO = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"


@pytest.fixture
def photo_story():
    """A published story with a lead photo, two body photos, an embed and story links."""
    lead = UploadedImageFactory(caption="The lead.", credit="Lead Credit", agency="")
    first = UploadedImageFactory(
        caption="Trawlers at dawn.", credit="Coastal Photos/Mira Quinn", agency="Northern Wire"
    )
    second = UploadedImageFactory(caption="Library caption.", credit="Jo Bloggs", agency="")
    public = StoryFactory(published=True, slug="earlier-story")
    draft = StoryFactory(slug="leakmarker-draft-slug", headline="Leakmarker draft headline")
    story = StoryFactory(
        published=True,
        headline="Fleet returns",
        lead_image=lead,
        body=f'<p>One.</p><figure data-image="{first.pk}"></figure>'
        f'<p>See <a data-story="{public.pk}">before</a> and '
        f'<a data-story="{draft.pk}">after</a>.</p>'
        f'<figure data-image="{second.pk}" data-caption="Nets on the quay."></figure>'
        f'<figure data-embed="{VIDEO}" data-title="Storm footage"></figure>',
    )
    return {"story": story, "lead": lead, "first": first, "second": second}


@pytest.mark.parametrize("fmt", ["rss", "atom"])
def test_feeds_carry_every_photo_with_caption_and_credit(client, photo_story, fmt, settings):
    response = client.get(reverse("articles:feed_latest", kwargs={"format": fmt}))
    feed = feedparser.parse(response.content)
    assert not feed.bozo
    entry = feed.entries[0]
    # One media:content per photo, the lead's first, then the body's in story order.
    assert [credit["content"] for credit in entry.media_credit] == [
        "Lead Credit",
        "Coastal Photos/Mira Quinn",
        "Jo Bloggs",
    ]
    contents = ElementTree.fromstring(response.content).findall(f".//{MEDIA}content")
    assert [c.find(f"{MEDIA}description").text for c in contents] == [
        "The lead.",
        "Trawlers at dawn.",
        "Nets on the quay.",
    ]
    assert all(c.get("url").startswith(settings.SITE_URL) for c in contents)
    # Inline pictures are absolute, each with its caption and credit; the embed is a link.
    html = entry.content[0].value
    inline = PageReader(html).images
    assert len(inline) == 2
    assert all(image["src"].startswith(f"{settings.SITE_URL}/media/") for image in inline)
    assert "Trawlers at dawn. Photo: Coastal Photos/Mira Quinn via Northern Wire" in html
    assert "Nets on the quay. Photo: Jo Bloggs" in html
    assert f'<a href="{VIDEO}">Storm footage</a> (YouTube)' in html.replace("&amp;", "&")
    assert f'<a href="{settings.SITE_URL}/stories/earlier-story/">before</a>' in html
    assert "after" in html and "leakmarker" not in response.content.decode().lower()
    assert "data-image" not in html


def test_json_feed_carries_body_photos_in_its_extension(client, photo_story, settings):
    item = client.get(reverse("articles:feed_latest", kwargs={"format": "json"})).json()["items"][0]
    body_images = item["_newsroom"]["body_images"]
    assert [(p["caption"], p["credit"]) for p in body_images] == [
        ("Trawlers at dawn.", "Coastal Photos/Mira Quinn"),
        ("Nets on the quay.", "Jo Bloggs"),
    ]
    assert item["_newsroom"]["lead_image"]["credit"] == "Lead Credit"
    assert "Photo: Jo Bloggs" in item["content_html"]


def test_ninjs_associates_every_body_photo_and_the_body_refers_to_them(client, photo_story):
    story = photo_story["story"]
    document = client.get(reverse("articles:api_story_detail", kwargs={"pk": story.pk})).json()
    assert_ninjs(document)
    associations = {association["name"]: association for association in document["associations"]}
    assert list(associations) == ["featureimage", "body-photo-1", "body-photo-2"]
    second = associations["body-photo-2"]
    assert second["by"] == "Jo Bloggs"
    assert {"role": "caption", "contenttype": "text/plain", "value": "Nets on the quay."} in (
        second["descriptions"]
    )
    assert second["renditions"] and second["type"] == "picture"
    body = document["bodies"][0]["value"]
    assert body.index('data-association="body-photo-1"') < body.index(
        'data-association="body-photo-2"'
    )
    assert "leakmarker" not in json.dumps(document).lower()

    listed = client.get("/api/v1/stories/").json()
    assert_ninjs(listed["items"][0])


def test_json_ld_lists_the_lead_then_the_body_photos(client, photo_story):
    html = client.get(photo_story["story"].get_absolute_url()).content.decode()
    [article] = [block for block in PageReader(html).json_ld if block["@type"] == "NewsArticle"]
    captions = [image["caption"] for image in article["image"]]
    assert captions[0] == "The lead."
    assert captions[-2:] == ["Trawlers at dawn.", "Nets on the quay."]
    assert set(captions[:-2]) == {"The lead."}


def test_the_image_sitemap_lists_every_photo_of_the_story(client, photo_story, settings):
    xml = client.get("/sitemap-stories.xml").content.decode()
    story_entry = xml[xml.index("/stories/" + photo_story["story"].slug) :]
    story_entry = story_entry[: story_entry.index("</url>")]
    assert story_entry.count("<image:loc>") == 3


def test_sitemap_queries_stay_constant_with_body_photos(client, django_assert_max_num_queries):
    for _ in range(3):
        images = UploadedImageFactory.create_batch(2)
        StoryFactory(
            published=True,
            body="".join(f'<figure data-image="{image.pk}"></figure>' for image in images),
        )
    with django_assert_max_num_queries(5):
        assert client.get("/sitemap-stories.xml").content.decode().count("<image:loc>") == 6


@pytest.mark.parametrize("fmt", ["rss", "json"])
def test_feeds_fetch_body_photos_in_a_constant_number_of_queries(
    client, django_assert_max_num_queries, fmt
):
    for _ in range(5):
        images = UploadedImageFactory.create_batch(2)
        StoryFactory(
            published=True,
            body="".join(f'<figure data-image="{image.pk}"></figure>' for image in images),
        )
    # The feed's 4 queries, and the body images with their renditions.
    with django_assert_max_num_queries(6):
        client.get(reverse("articles:feed_latest", kwargs={"format": fmt}))
