"""Live coverage in every output: JSON-LD LiveBlogPosting, the per-story feeds, ninjs, labels."""

from __future__ import annotations

from datetime import timedelta

import extruct
import feedparser
import pytest
from django.urls import reverse
from django.utils import timezone

from tests.support.factories import (
    AuthorFactory,
    LiveStoryFactory,
    LiveUpdateFactory,
    StoryFactory,
    UploadedImageFactory,
)
from tests.syndication.test_api import assert_ninjs

pytestmark = pytest.mark.django_db
ARABIC = "<p>قال الدفاع المدني إن المياه غمرت ثلاثة أحياء قرب الميناء.</p>"


@pytest.fixture
def coverage():
    story = LiveStoryFactory(headline="Storm reaches the coast", dek="Live: the storm hour by hour")
    photo = UploadedImageFactory(caption="Waves over the sea wall", credit="Agency/Sam Lee")
    start = timezone.now() - timedelta(minutes=30)
    first = LiveUpdateFactory(story=story, headline="Sea wall breached", published_at=start,
                              body=f'<p>Waves.</p><figure data-image="{photo.pk}"></figure>',
                              key_event=True)  # fmt: skip
    second = LiveUpdateFactory(
        story=story, body=ARABIC, published_at=start + timedelta(minutes=10),
        edited_at=start + timedelta(minutes=20), correction="The district was misnamed.",
    )  # fmt: skip
    second.authors.set([AuthorFactory(name="Lina Haddad")])
    held = LiveUpdateFactory(story=story, published_at=None, body="<p>HELD-TEXT</p>")
    deleted = LiveUpdateFactory(story=story, body="<p>DELETED-TEXT</p>", deleted_at=timezone.now())
    return {"story": story, "first": first, "second": second, "held": held, "deleted": deleted}


def feed_url(story, format: str = "rss") -> str:
    return reverse("articles:feed_live", kwargs={"format": format, "slug": story.slug})


def test_the_page_json_ld_is_a_live_blog_posting_read_back_by_extruct(client, coverage):
    story, first, second = coverage["story"], coverage["first"], coverage["second"]
    html = client.get(story.get_absolute_url()).content.decode()
    (data,) = extruct.extract(html, syntaxes=["json-ld"], uniform=True)["json-ld"]
    assert data["@type"] == "LiveBlogPosting"
    assert data["coverageStartTime"] == story.coverage_started_at.isoformat()
    assert "coverageEndTime" not in data
    updates = data["liveBlogUpdate"]
    assert [u["url"].rsplit("#", 1)[1] for u in updates] == [second.anchor, first.anchor]
    assert updates[0]["dateModified"] == second.edited_at.isoformat()
    assert "الدفاع المدني" in updates[0]["articleBody"]
    assert updates[0]["author"] == [{"@type": "Person", "name": "Lina Haddad"}]
    # The story's dateModified follows its latest update.
    assert data["dateModified"] == second.edited_at.isoformat()
    assert "HELD-TEXT" not in html and "DELETED-TEXT" not in html


def test_ended_coverage_has_an_end_time(client, coverage):
    story = coverage["story"]
    story.coverage_ended_at = timezone.now()
    story.save()
    html = client.get(story.get_absolute_url()).content.decode()
    (data,) = extruct.extract(html, syntaxes=["json-ld"], uniform=True)["json-ld"]
    assert data["coverageEndTime"] == story.coverage_ended_at.isoformat()


@pytest.mark.parametrize("format", ["rss", "atom"])
def test_feedparser_reads_the_updates_feed_with_stable_guids(client, coverage, format):
    story, first, second = coverage["story"], coverage["first"], coverage["second"]
    response = client.get(feed_url(story, format))
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.bozo_exception
    entries = parsed.entries
    assert [entry.link.rsplit("#", 1)[1] for entry in entries] == [second.anchor, first.anchor]
    guids = [entry.id for entry in entries]
    assert all(f"live-update:{u.pk}" in g for u, g in zip([second, first], guids, strict=True))
    assert entries[1].title == "Sea wall breached"
    assert "الدفاع المدني" in entries[0].content[0].value
    assert "The district was misnamed." in entries[0].content[0].value
    text = response.content.decode()
    assert "HELD-TEXT" not in text and "DELETED-TEXT" not in text
    # Editing an update keeps its GUID.
    first.headline = "Sea wall breached at noon"
    first.edited_at = timezone.now()
    first.save()
    again = feedparser.parse(client.get(feed_url(story, format)).content)
    assert [entry.id for entry in again.entries] == guids


def test_rss_carries_each_updates_photo_as_media_rss(client, coverage):
    parsed = feedparser.parse(client.get(feed_url(coverage["story"])).content)
    photo_entry = parsed.entries[1]
    assert photo_entry.media_content and photo_entry.media_credit[0]["content"] == "Agency/Sam Lee"


def test_the_json_feed_lists_the_updates(client, coverage):
    document = client.get(feed_url(coverage["story"], "json")).json()
    assert document["version"] == "https://jsonfeed.org/version/1.1"
    assert [item["id"].rsplit(":", 1)[1] for item in document["items"]] == [
        str(coverage["second"].pk),
        str(coverage["first"].pk),
    ]


def test_no_feed_for_an_unpublished_unknown_or_normal_story(client, coverage):
    draft = StoryFactory(live=True, coverage_started_at=timezone.now())
    LiveUpdateFactory(story=draft, body="<p>DRAFT-LIVE</p>")
    for story in (draft, StoryFactory(published=True)):
        for format in ("rss", "atom", "json"):
            assert client.get(feed_url(story, format)).status_code == 404
    assert client.get("/feeds/rss/live/nothing-here/").status_code == 404


def test_ninjs_carries_the_public_updates_and_dates_the_story_by_the_latest(client, coverage):
    story, second = coverage["story"], coverage["second"]
    document = client.get(f"/api/v1/stories/{story.pk}/").json()
    assert_ninjs(document)
    updates = [a for a in document["associations"] if a["name"].startswith("live-update-")]
    assert [a["name"] for a in updates] == [
        f"live-update-{second.pk}",
        f"live-update-{coverage['first'].pk}",
    ]
    assert updates[0]["descriptions"][0]["value"] == "The district was misnamed."
    assert "الدفاع المدني" in updates[0]["bodies"][0]["value"]
    assert document["versioncreated"] >= second.edited_at.isoformat()[:19]
    listed = client.get("/api/v1/stories/").json()["items"]
    assert any(a["name"] == updates[0]["name"] for a in listed[0]["associations"])
    text = client.get("/api/v1/stories/").content.decode()
    assert "HELD-TEXT" not in text and "DELETED-TEXT" not in text


def test_no_update_of_an_unpublished_story_reaches_the_api_or_feeds(client, coverage):
    story = coverage["story"]
    story.status = "unpublished"
    story.save()
    assert client.get(f"/api/v1/stories/{story.pk}/").status_code == 404
    assert "Sea wall" not in client.get("/api/v1/stories/").content.decode()
    assert client.get(feed_url(story)).status_code == 404


def test_the_front_page_labels_a_live_story_until_coverage_ends(client, coverage):
    story = coverage["story"]
    html = client.get("/").content.decode()
    assert '<span class="live-label">Live</span> <a href="' + story.get_absolute_url() in html
    story.coverage_ended_at = timezone.now()
    story.save()
    assert '<span class="live-label">' not in client.get("/").content.decode()
