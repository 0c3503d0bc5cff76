"""No held or deleted update, and no update of a hidden story, reaches any public output.

Hidden text carries words starting with ``leakmarker``; the crawler starts from the front
page, the live story's page, its poll endpoint, its feeds and the API and follows every
same-site address it finds.
"""

from __future__ import annotations

import re

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from articles.models import Story
from tests.support.crawler import SiteCrawler
from tests.support.factories import (
    ImageFactory,
    LiveStoryFactory,
    LiveUpdateFactory,
    StoryFactory,
    jpeg_bytes,
)

pytestmark = pytest.mark.django_db

MARKER = re.compile(r"leakmarker\w*", re.IGNORECASE)
FORMATS = ("rss", "atom", "json")


def marked_photo(name: str):
    return ImageFactory(
        file=ContentFile(jpeg_bytes(), name=f"leakmarker{name}file.jpg"),
        caption=f"leakmarker{name}caption",
        credit=f"leakmarker{name}credit",
        alt_text=f"leakmarker{name}alt",
    )


def marked_update(story, name: str, **fields):
    photo = marked_photo(name)
    return LiveUpdateFactory(
        story=story,
        headline=f"leakmarker{name}headline",
        body=f'<p>leakmarker{name}body</p><figure data-image="{photo.pk}"></figure>',
        correction=f"leakmarker{name}correction",
        **fields,
    )


def live_urls(story) -> list[str]:
    return [
        story.get_absolute_url(),
        reverse("articles:live_poll", kwargs={"slug": story.slug}),
        *(reverse("articles:feed_live", kwargs={"format": f, "slug": story.slug}) for f in FORMATS),
    ]


@pytest.fixture
def coverage():
    public = LiveStoryFactory(slug="storm-live")
    LiveUpdateFactory(story=public, body="<p>A public update.</p>", key_event=True)
    marked_update(public, "held", published_at=None)
    marked_update(public, "deleted", deleted_at=timezone.now(), key_event=True, pinned=True)
    hidden = []
    for status in (Story.Status.DRAFT, Story.Status.SCHEDULED, Story.Status.UNPUBLISHED):
        scheduled = status == Story.Status.SCHEDULED
        story = StoryFactory(
            headline=f"leakmarker{status}story",
            slug=f"leakmarker{status}",
            status=status,
            published_at=timezone.now() + timezone.timedelta(days=1 if scheduled else -1),
            live=True,
            coverage_started_at=timezone.now(),
        )
        marked_update(story, status)
        hidden.append(story)
    return {"public": public, "hidden": hidden}


def test_crawling_every_output_finds_no_held_deleted_or_hidden_update(coverage):
    public = coverage["public"]
    api = reverse("articles:api_story_list")
    starts = ["/", *live_urls(public), api, reverse("articles:api_story_detail", args=[public.pk])]
    starts += [reverse("articles:sitemap_index"), reverse("articles:sitemap_news")]
    starts += [reverse("articles:sitemap_section", kwargs={"section": "stories"})]
    crawler = SiteCrawler().crawl(*starts)
    leaks = {
        url: sorted(set(MARKER.findall(page.text)))
        for url, page in crawler.fetched.items()
        if MARKER.search(page.text)
    }
    assert leaks == {}
    assert [url for url in crawler.reached if MARKER.search(url)] == []
    assert set(live_urls(public)) <= set(crawler.fetched)
    assert "A public update." in crawler.fetched[public.get_absolute_url()].text
    assert {url: page.status for url, page in crawler.fetched.items() if page.status >= 400} == {}


def test_a_hidden_live_storys_addresses_are_not_found(client, coverage):
    for story in coverage["hidden"]:
        for url in live_urls(story):
            response = client.get(url)
            assert response.status_code in (404, 410), url
            assert not MARKER.search(response.content.decode().replace(story.slug, "")), url
