"""A small newsroom's addresses and the changes made to it, for the page cache's tests."""

from __future__ import annotations

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from articles.models import Correction, Story
from tests.support.factories import StoryFactory


def feed(kind: str, slug: str | None = None) -> str:
    if kind == "latest":
        return reverse("articles:feed_latest", kwargs={"format": "rss"})
    return reverse(f"articles:feed_{kind}", kwargs={"format": "rss", "slug": slug})


def urls_of(newsroom) -> dict[str, str]:
    story_a, story_b = newsroom["story_a"], newsroom["story_b"]
    month = story_a.published_at.astimezone(timezone.get_current_timezone())
    return {
        "story_a": story_a.get_absolute_url(),
        "story_b": story_b.get_absolute_url(),
        "front": "/",
        "section_a": newsroom["section_a"].get_absolute_url(),
        "section_b": newsroom["section_b"].get_absolute_url(),
        "tag_a": reverse("articles:tag", kwargs={"slug": "harbour"}),
        "tag_b": reverse("articles:tag", kwargs={"slug": "budget"}),
        "author_x": newsroom["author_x"].get_absolute_url(),
        "author_y": newsroom["author_y"].get_absolute_url(),
        "source": newsroom["source"].get_absolute_url(),
        "feed_latest": feed("latest"),
        "feed_section_a": feed("section", "harbour"),
        "feed_section_b": feed("section", "council"),
        "feed_tag_b": feed("tag", "budget"),
        "feed_author_y": feed("author", newsroom["author_y"].slug),
        "api_list": reverse("articles:api_story_list"),
        "api_a": reverse("articles:api_story_detail", kwargs={"pk": story_a.pk}),
        "api_b": reverse("articles:api_story_detail", kwargs={"pk": story_b.pk}),
        "sitemap": reverse("articles:sitemap_section", kwargs={"section": "stories"}),
        "archive_month": reverse(
            "articles:archive_month", kwargs={"year": f"{month:%Y}", "month": f"{month:%m}"}
        ),
    }


def prime(client, urls: dict[str, str]) -> None:
    for name, url in urls.items():
        assert client.get(url)["X-Cache"] == "MISS", name
        assert client.get(url)["X-Cache"] == "HIT", name


def story_c(newsroom) -> Story:
    return StoryFactory(
        headline="Ferry returns to service",
        section=newsroom["section_a"],
        authors=[newsroom["author_x"]],
        tags=["harbour"],
    )


def publish(newsroom, prepared):
    story = prepared["story_c"]
    story.status = Story.Status.PUBLISHED
    story.published_at = timezone.now() - timedelta(minutes=1)
    story.save()


def update(newsroom, prepared):
    story = newsroom["story_a"]
    story.headline = "Dredging plan approved with changes"
    story.updated_at = timezone.now()
    story.save()


def correct(newsroom, prepared):
    Correction.objects.create(
        story=newsroom["story_a"], text="The vote was 7 to 2.", published_at=timezone.now()
    )


def unpublish(newsroom, prepared):
    story = newsroom["story_a"]
    story.status = Story.Status.UNPUBLISHED
    story.save()


def change_slug(newsroom, prepared):
    story = newsroom["story_a"]
    story.slug = "dredging-plan-renamed"
    story.save()


def add_tag(newsroom, prepared):
    newsroom["story_a"].tags.add("budget")


def rename_author(newsroom, prepared):
    author = newsroom["author_x"]
    author.name = "Ann Renamed"
    author.save()


def change_caption(newsroom, prepared):
    image = newsroom["story_a"].lead_image
    image.caption = "Tugs in the harbour at dawn."
    image.save()


def rename_section(newsroom, prepared):
    section = newsroom["section_a"]
    section.name = "Waterfront"
    section.save()
