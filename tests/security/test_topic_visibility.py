"""A tag or an author that only unpublished stories have is not public: no page, no feed,
no search choice, no API match, whatever the page cache held before."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from articles.editorial import workflow
from tests.support.factories import AuthorFactory, StoryFactory

FEED_FORMATS = ("rss", "atom", "json")
HIDDEN = {"draft": {}, "scheduled": {"scheduled": True}, "unpublished": {"unpublished": True}}


def topic_stories(trait: str, **fields):
    """A story about the tag "Merger talks" and the author "Nadia Haddad", in ``trait``."""
    author = AuthorFactory(name="Nadia Haddad", slug="nadia-haddad")
    return StoryFactory(
        headline="Port operators in merger talks",
        tags=["Merger talks"],
        authors=[author],
        **HIDDEN.get(trait, {"published": True}),
        **fields,
    )


SLUGS = {"tag": "merger-talks", "author": "nadia-haddad"}
NAMES = {"tag": "Merger talks", "author": "Nadia Haddad"}


def addresses(kind: str) -> dict[str, str]:
    slug = SLUGS[kind]
    return {
        "page": reverse(f"articles:{kind}", kwargs={"slug": slug}),
        **{
            fmt: reverse(f"articles:feed_{kind}", kwargs={"format": fmt, "slug": slug})
            for fmt in FEED_FORMATS
        },
    }


@pytest.mark.parametrize("trait", HIDDEN)
@pytest.mark.parametrize("kind", ["tag", "author"])
def test_a_topic_only_hidden_stories_have_has_no_page_nor_feed(client, db, kind, trait):
    topic_stories(trait)
    for name, url in addresses(kind).items():
        response = client.get(url)
        assert response.status_code == 404, name
        assert NAMES[kind] not in response.content.decode(), name


@pytest.mark.parametrize("trait", HIDDEN)
@pytest.mark.parametrize("kind", ["tag", "author"])
def test_search_refuses_a_hidden_topic_like_one_that_does_not_exist(client, db, kind, trait):
    topic_stories(trait)
    search = reverse("articles:search")
    hidden = client.get(search, {kind: SLUGS[kind]})
    unknown = client.get(search, {kind: "no-such-topic"})
    assert hidden.status_code == unknown.status_code == 400
    assert NAMES[kind] not in hidden.content.decode()
    assert hidden.context["filterset"].errors == unknown.context["filterset"].errors


@pytest.mark.parametrize("kind", ["tag", "author"])
def test_the_api_matches_nothing_for_a_hidden_topic(client, db, kind):
    topic_stories("draft")
    answer = client.get(reverse("articles:api_story_list"), {kind: SLUGS[kind]})
    assert answer.status_code == 200
    assert answer.json()["items"] == []


@pytest.mark.parametrize("kind", ["tag", "author"])
def test_a_public_topic_still_has_its_page_feeds_search_and_api(client, db, kind):
    story = topic_stories("published")
    topic_stories_hidden = StoryFactory(
        headline="Not yet", tags=["Merger talks"], authors=[story.authors.get()]
    )
    for name, url in addresses(kind).items():
        response = client.get(url)
        assert response.status_code == 200, name
        assert story.headline in response.content.decode(), name
        assert topic_stories_hidden.headline not in response.content.decode(), name
    search = client.get(reverse("articles:search"), {kind: SLUGS[kind]})
    assert list(search.context["stories"]) == [story]
    api = client.get(reverse("articles:api_story_list"), {kind: SLUGS[kind]})
    assert [item["headlines"][0]["value"] for item in api.json()["items"]] == [story.headline]


@pytest.mark.parametrize("kind", ["tag", "author"])
def test_the_page_cache_follows_a_topic_in_and_out_of_public_view(
    client, db, page_cache, committed, editor, kind
):
    with committed():
        story = topic_stories("draft", status="ready")
    url = addresses(kind)["page"]
    missing = client.get(url)
    assert missing.status_code == 404
    assert "X-Cache" not in missing

    with committed():
        workflow.publish(story, editor)
    shown = client.get(url)
    assert shown.status_code == 200
    assert shown["X-Cache"] == "MISS"
    assert client.get(url)["X-Cache"] == "HIT"

    with committed():
        workflow.unpublish(story, editor, "Legal asked us to take it down.")
    assert client.get(url).status_code == 404


def test_a_tag_page_appears_when_its_scheduled_story_goes_public(client, db, page_cache):
    with freeze_time(timezone.now()) as frozen:
        StoryFactory(
            scheduled=True,
            published_at=timezone.now() + timedelta(minutes=5),
            tags=["Merger talks"],
        )
        url = addresses("tag")["page"]
        assert client.get(url).status_code == 404
        frozen.tick(timedelta(minutes=6))
        assert client.get(url).status_code == 200


def test_search_accepts_a_tag_once_its_scheduled_story_is_public(client, db):
    """The filter's choices are read on each request: "public" depends on the time."""
    with freeze_time(timezone.now()) as frozen:
        story = StoryFactory(
            scheduled=True,
            published_at=timezone.now() + timedelta(minutes=5),
            tags=["Merger talks"],
        )
        search = reverse("articles:search")
        assert client.get(search, {"tag": "merger-talks"}).status_code == 400
        frozen.tick(timedelta(minutes=6))
        response = client.get(search, {"tag": "merger-talks"})
        assert response.status_code == 200
        assert list(response.context["stories"]) == [story]
