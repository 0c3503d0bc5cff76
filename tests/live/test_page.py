"""The reader's live page: standfirst, key events, updates newest first, pages, query counts."""

from __future__ import annotations

import re
from datetime import timedelta

import extruct
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.links import absolute_url
from articles.live import selectors
from tests.support.factories import (
    LiveStoryFactory,
    LiveUpdateFactory,
    StoryFactory,
    UploadedImageFactory,
)

pytestmark = pytest.mark.django_db


def updates(story, count: int, **kwargs) -> list:
    start = timezone.now() - timedelta(minutes=count + 1)
    return [
        LiveUpdateFactory(story=story, published_at=start + timedelta(minutes=n), **kwargs)
        for n in range(count)
    ]


def anchors(html: str) -> list[str]:
    return re.findall(r'<article class="live-update[^"]*" id="(update-\d+)"', html)


def test_the_page_shows_the_standfirst_key_events_and_updates_newest_first(client):
    story = LiveStoryFactory(dek="Storm Ciarán reaches the coast.")
    first, second, third = updates(story, 3)
    first.key_event, first.headline = True, "Harbour closed"
    first.save()
    second.pinned = True
    second.save()
    third.edited_at, third.correction = timezone.now(), "An earlier version gave the wrong road."
    third.save()
    html = client.get(story.get_absolute_url()).content.decode()
    assert "Storm Ciarán reaches the coast." in html
    key_events = html[html.index("live-key-events") :]
    assert f'href="#{first.anchor}"' in key_events and "Harbour closed" in key_events
    # The pinned update first, then the others newest first; each once, with its anchor.
    assert anchors(html) == [second.anchor, third.anchor, first.anchor]
    assert "updated <time" in html and "An earlier version gave the wrong road." in html
    assert 'data-live="on"' in html and "articles/live.js" in html
    assert 'aria-live="polite"' in html


def test_held_deleted_and_other_stories_updates_are_not_shown(client):
    story = LiveStoryFactory()
    shown = LiveUpdateFactory(story=story, body="<p>Shown text</p>")
    LiveUpdateFactory(story=story, body="<p>Held text</p>", published_at=None)
    LiveUpdateFactory(story=story, body="<p>Deleted text</p>", deleted_at=timezone.now())
    LiveUpdateFactory(body="<p>Another story's text</p>")
    html = client.get(story.get_absolute_url()).content.decode()
    assert "Shown text" in html
    for hidden in ("Held text", "Deleted text", "Another story"):
        assert hidden not in html
    assert anchors(html) == [shown.anchor]


def test_a_live_story_that_is_not_public_has_no_page(client):
    for story in (
        StoryFactory(live=True, coverage_started_at=timezone.now()),
        StoryFactory(scheduled=True, live=True, coverage_started_at=timezone.now()),
    ):
        LiveUpdateFactory(story=story)
        assert client.get(story.get_absolute_url()).status_code == 404


def test_ended_coverage_says_when_and_stops_polling(client):
    story = LiveStoryFactory(coverage_ended_at=timezone.now())
    LiveUpdateFactory(story=story, body="<p>Last word</p>")
    html = client.get(story.get_absolute_url()).content.decode()
    assert "This coverage has ended" in html and "Last word" in html
    assert 'data-live="off"' in html and "articles/live.js" not in html


def test_beyond_fifty_updates_older_ones_are_on_the_next_page(client):
    story = LiveStoryFactory()
    made = updates(story, selectors.PAGE_SIZE + 5)
    newest_first = [update.anchor for update in reversed(made)]
    first = client.get(story.get_absolute_url()).content.decode()
    assert anchors(first) == newest_first[: selectors.PAGE_SIZE]
    assert 'href="?page=2#updates"' in first and "Older updates" in first
    second = client.get(story.get_absolute_url(), {"page": "2"}).content.decode()
    assert anchors(second) == newest_first[selectors.PAGE_SIZE :]
    assert "Older updates" not in second and "Newer updates" in second
    assert 'data-live="off"' in second  # only the first page receives new updates
    assert client.get(story.get_absolute_url(), {"page": "3"}).status_code == 404


def key_event_links(html: str) -> list[str]:
    start = html.index("live-key-events")
    key_events = html[start : html.index("</nav>", start)]
    return re.findall(r'<a href="([^"]*)"', key_events)


def test_a_key_event_on_an_older_page_links_to_that_page(client):
    story = LiveStoryFactory()
    made = updates(story, selectors.PAGE_SIZE + 2)
    # Unpinned, made[1] is the 50th newest (first page) and made[0] the 51st (second page);
    # a pinned one is on the first page whatever its age; held and deleted ones count nowhere.
    oldest, last_on_first, pinned = made[0], made[1], made[-1]
    for event in (oldest, last_on_first, pinned):
        event.key_event = True
        event.pinned = event is pinned
        event.save()
    LiveUpdateFactory(story=story, published_at=None)
    LiveUpdateFactory(story=story, deleted_at=timezone.now())
    page = story.get_absolute_url()
    html = client.get(page).content.decode()
    assert key_event_links(html) == [
        f"#{pinned.anchor}",
        f"#{last_on_first.anchor}",
        f"?page=2#{oldest.anchor}",
    ]
    assert f'id="{last_on_first.anchor}"' in html and f'id="{oldest.anchor}"' not in html
    # Following the link finds the update, and that page's JSON-LD gives the same address.
    second = client.get(page, {"page": "2"}).content.decode()
    assert anchors(second) == [oldest.anchor]
    (data,) = extruct.extract(second, syntaxes=["json-ld"], uniform=True)["json-ld"]
    assert [entry["url"] for entry in data["liveBlogUpdate"]] == [
        absolute_url(f"{page}?page=2#{oldest.anchor}")
    ]


@pytest.mark.parametrize(
    ("page", "status"),
    [("abc", 400), ("0", 400), ("-1", 400), ("٢", 400), ("²", 400), ("9" * 40, 400),
     ("1.5", 400), ("", 200), ("1", 200), ("100000", 404), ("99999", 404)],
)  # fmt: skip
def test_hostile_page_numbers_are_refused_not_failed(client, page, status):
    story = LiveStoryFactory()
    LiveUpdateFactory(story=story)
    assert client.get(story.get_absolute_url(), {"page": page}).status_code == status


def test_a_normal_story_ignores_the_page_parameter(client):
    story = StoryFactory(published=True)
    assert client.get(story.get_absolute_url(), {"page": "abc"}).status_code == 200


def queries_for(client, story) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(story.get_absolute_url()).status_code == 200
    return len(queries)


def test_the_live_page_costs_the_same_queries_for_one_or_sixty_updates(
    client, django_assert_max_num_queries
):
    photo = UploadedImageFactory()
    body = f'<p>With a photo</p><figure data-image="{photo.pk}"></figure>'
    one, sixty = LiveStoryFactory(), LiveStoryFactory()
    updates(one, 1, body=body, key_event=True)
    updates(sixty, 60, body=body, key_event=True)
    LiveUpdateFactory(story=sixty, pinned=True)
    assert queries_for(client, one) == queries_for(client, sixty)
    with django_assert_max_num_queries(13):
        client.get(sixty.get_absolute_url())


def test_the_last_modified_time_follows_the_latest_update(client):
    story = LiveStoryFactory()
    update = LiveUpdateFactory(story=story)
    first = client.get(story.get_absolute_url())["Last-Modified"]
    update.edited_at = timezone.now() + timedelta(minutes=5)
    update.save()
    assert client.get(story.get_absolute_url())["Last-Modified"] != first
