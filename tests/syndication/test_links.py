"""One helper makes every absolute address: pages, feeds, sitemaps and the API agree."""

from __future__ import annotations

import pytest

from articles.links import absolute_url
from tests.support.factories import StoryFactory, UploadedImageFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/stories/a/", "https://news.example.org/stories/a/"),
        ("https://cdn.example.net/a.jpg", "https://cdn.example.net/a.jpg"),
        ("http://cdn.example.net/a.jpg", "http://cdn.example.net/a.jpg"),
        ("//cdn.example.net/a.jpg", "https://cdn.example.net/a.jpg"),
    ],
)
def test_absolute_url(settings, url, expected):
    settings.SITE_URL = "https://news.example.org"
    assert absolute_url(url) == expected


@pytest.mark.parametrize(
    "url",
    [
        "/feeds/rss/",
        "/feeds/atom/",
        "/feeds/json/",
        "/sitemap-stories.xml",
        "/api/v1/stories/",
        "story",
    ],
)
def test_media_on_a_protocol_relative_host_is_linked_with_a_scheme_everywhere(
    client, settings, url
):
    settings.MEDIA_URL = "//cdn.example.net/media/"
    story = StoryFactory(published=True, lead_image=UploadedImageFactory())
    body = client.get(story.get_absolute_url() if url == "story" else url).content.decode()
    body = body.replace("\\/", "/")
    assert "http://cdn.example.net/media/" in body
    assert "127.0.0.1:8000//cdn.example.net" not in body
    if url == "story":
        # Browsers follow //host in src; Open Graph and JSON-LD readers need the scheme.
        assert 'og:image" content="http://cdn.example.net/media/' in body
    else:
        assert '"//cdn.example.net' not in body and ">//cdn.example.net" not in body
