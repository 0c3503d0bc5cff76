"""No unpublished story leaks: crawl every public output and look for their marker words.

Every story that is not public carries words starting with ``leakmarker`` in its headline,
standfirst, body (its text, a body photo, an embed with its thumbnail, a fact box and a pull
quote), slug, tags, correction and lead picture (caption, credit, alt text and original file
name; the stored file has a random name). Published stories share their sections, tags,
authors, source and a picture, show a photo a hidden body shows, and link hidden stories.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from articles.models import Story, StoryNote, StorySlug
from articles.public import views
from tests.support.crawler import SiteCrawler
from tests.support.factories import (
    AuthorFactory,
    CorrectionFactory,
    ImageFactory,
    SectionFactory,
    SourceFactory,
    StoryFactory,
    jpeg_bytes,
)

pytestmark = pytest.mark.django_db

MARKER = re.compile(r"leakmarker\w*", re.IGNORECASE)
FEED_FORMATS = ("rss", "atom", "json")
ONLY_UNPUBLISHED_TAG = "leakmarkeronlytag"
ONLY_UNPUBLISHED_AUTHOR = "leakmarkeronlyauthor"

HIDDEN_STATES = {
    "draft": {"status": Story.Status.DRAFT, "published_at": -1},
    "inreview": {"status": Story.Status.IN_REVIEW, "published_at": None},
    "returned": {"status": Story.Status.RETURNED, "published_at": None},
    "ready": {"status": Story.Status.READY, "published_at": -1},
    "scheduled": {"status": Story.Status.SCHEDULED, "published_at": +1},
    "embargoed": {"status": Story.Status.PUBLISHED, "published_at": +1},
    "unpublished": {"status": Story.Status.UNPUBLISHED, "published_at": -2},
    # Published on the desk, but under an embargo for twelve hours more (before the others
    # with a time ahead go public).
    "underembargo": {"status": Story.Status.PUBLISHED, "published_at": -1, "embargo": +0.5},
}


def marked_image(state: str):
    marker = f"leakmarker{state}"
    return ImageFactory(
        file=ContentFile(jpeg_bytes(colour=(len(state), 20, 30)), name=f"{marker}file.jpg"),
        caption=f"{marker}caption",
        credit=f"{marker}credit",
        alt_text=f"{marker}alt",
        title=f"{marker}title",
    )


@pytest.fixture
def newsroom(monkeypatch):
    """Published stories and, beside them on every shared subject, hidden marked ones."""
    # Small pages, so pagination is crawled without hundreds of stories.
    for view in (views.StoryListView, views.SearchView, views.ArchiveMonthView):
        monkeypatch.setattr(view, "paginate_by", 2)
    now = timezone.now()
    sections = [SectionFactory(slug="news"), SectionFactory(slug="sport")]
    authors = [AuthorFactory(slug="ruth"), AuthorFactory(slug="sam")]
    source = SourceFactory(slug="courier")
    shared_image = ImageFactory(caption="A shared picture of the harbour.")
    published = [
        StoryFactory(
            published=True,
            published_at=now - timedelta(hours=position + 1),
            section=sections[position % 2],
            authors=[authors[position % 2]],
            tags=["harbour", f"topic{position % 3}"],
            source=source if position % 2 else None,
            lead_image=shared_image if position == 0 else ImageFactory(),
            slug=f"published-{position}",
        )
        for position in range(7)
    ]
    only_author = AuthorFactory(name="Leakmarkeronlyauthor Name", slug=ONLY_UNPUBLISHED_AUTHOR)
    hidden = {}
    for position, (state, fields) in enumerate(HIDDEN_STATES.items()):
        marker = f"leakmarker{state}"
        offset = fields["published_at"]
        body_photo, thumbnail = marked_image(f"{state}body"), marked_image(f"{state}thumb")
        story = StoryFactory(
            headline=f"{marker}headline",
            dek=f"{marker}dek",
            body=f'<p>{marker}body <a href="/stories/{marker}link/">more</a></p>'
            f'<figure data-image="{body_photo.pk}" data-caption="{marker}percaption"></figure>'
            f'<figure data-embed="https://www.youtube.com/watch?v=dQw4w9WgXcQ&amp;{marker}" '
            f'data-title="{marker}embedtitle" data-author="{marker}embedauthor" '
            f'data-thumbnail="{thumbnail.pk}"></figure>'
            f'<aside data-fact-box=""><h3>{marker}facttitle</h3><ul><li>{marker}fact</li></ul>'
            f'</aside><figure data-pull-quote=""><blockquote><p>{marker}quote</p></blockquote>'
            "</figure>",
            slug=f"{marker}slug",
            status=fields["status"],
            published_at=None if offset is None else now + timedelta(days=offset),
            embargo_until=now + timedelta(days=fields["embargo"]) if "embargo" in fields else None,
            section=sections[position % 2],
            authors=[authors[position % 2], only_author],
            tags=["harbour", f"{marker}tag", ONLY_UNPUBLISHED_TAG],
            source=source,
            lead_image=marked_image(state),
            byline_override="",
            dateline=f"{marker}dateline",
            seo_title=f"{marker}seotitle",
            seo_description=f"{marker}seodescription",
        )
        CorrectionFactory(story=story, text=f"{marker}correction")
        StorySlug.objects.create(story=story, slug=f"{marker}formerslug")
        hidden[state] = story
    # A hidden story sharing a published story's picture must not hide it, nor leak through it.
    hidden["draft"].lead_image = shared_image
    hidden["draft"].save()
    hidden["draftimage"] = StoryFactory(
        headline="leakmarkerdraftimageheadline", slug="leakmarkerdraftimageslug",
        section=sections[0], lead_image=marked_image("draftimage"),
    )  # fmt: skip
    published[0].related_stories.add(hidden["ready"], hidden["scheduled"])
    # Internal notes are never public, on published stories least of all.
    for story in (published[0], published[1], hidden["underembargo"]):
        StoryNote.objects.create(
            story=story, author_name="leakmarkernoteauthor", text="leakmarkernote text", paragraph=1
        )
    # Published bodies link hidden stories by id, and share a photo with a hidden body.
    shared_body_photo = ImageFactory(caption="A shared picture of the quay.")
    published[1].body = (
        f'<p>Read <a data-story="{hidden["draft"].pk}">what comes next</a> and '
        f'<a data-story="{hidden["unpublished"].pk}">what came before</a>.</p>'
        f'<figure data-image="{shared_body_photo.pk}"></figure>'
    )
    published[1].save()
    hidden["draft"].body += f'<figure data-image="{shared_body_photo.pk}"></figure>'
    hidden["draft"].save()
    return {
        "published": published,
        "hidden": hidden,
        "sections": sections,
        "shared_body_photo": shared_body_photo,
    }


def start_urls(published: list[Story]) -> list[str]:
    feeds = [reverse("articles:feed_latest", kwargs={"format": fmt}) for fmt in FEED_FORMATS]
    for url_name, slugs in {
        "articles:feed_section": ["news", "sport"],
        "articles:feed_tag": ["harbour", "topic0", "topic1", "topic2"],
        "articles:feed_author": ["ruth", "sam"],
        "articles:feed_source": ["courier"],
    }.items():
        feeds += [
            reverse(url_name, kwargs={"format": fmt, "slug": slug})
            for fmt in FEED_FORMATS
            for slug in slugs
        ]
    api_list = reverse("articles:api_story_list")
    api = [api_list, f"{api_list}?page_size=2"]
    filters = {"section": "news", "tag": "harbour", "author": "ruth", "source": "courier"}
    api += [f"{api_list}?page_size=2&{name}={value}" for name, value in filters.items()]
    api += [reverse("articles:api_story_detail", kwargs={"pk": story.pk}) for story in published]
    return ["/", "/robots.txt", "/sitemap.xml", *feeds, *api]


def hidden_addresses(hidden: dict[str, Story]) -> set[str]:
    """Every address that would expose a hidden story or its picture."""
    addresses = set()
    for story in hidden.values():
        addresses.add(story.get_absolute_url())
        addresses.add(reverse("articles:api_story_detail", kwargs={"pk": story.pk}))
        if story.lead_image and "leakmarker" in story.lead_image.original_name:
            addresses.add(story.lead_image.file.url)
        for use in story.body_images.select_related("image"):
            if "leakmarker" in use.image.original_name:
                addresses.add(use.image.file.url)
                addresses.update(rendition.file.url for rendition in use.image.renditions.all())
    addresses.add(reverse("articles:tag", kwargs={"slug": ONLY_UNPUBLISHED_TAG}))
    addresses.add(reverse("articles:author", kwargs={"slug": ONLY_UNPUBLISHED_AUTHOR}))
    return addresses


def test_crawling_every_public_output_finds_no_hidden_story(newsroom):
    crawler = SiteCrawler().crawl(*start_urls(newsroom["published"]))

    leaks = {
        url: sorted(set(MARKER.findall(page.text)))
        for url, page in crawler.fetched.items()
        if MARKER.search(page.text)
    }
    assert leaks == {}
    assert [url for url in crawler.reached if MARKER.search(url)] == []
    assert crawler.reached.isdisjoint(hidden_addresses(newsroom["hidden"]))
    assert {url: page.status for url, page in crawler.fetched.items() if page.status >= 400} == {}


def test_the_crawl_reaches_every_kind_of_public_output(newsroom):
    """Guards the crawler itself: a crawl that saw nothing would find no leak either."""
    published = newsroom["published"]
    crawler = SiteCrawler().crawl(*start_urls(published))

    expected = {
        *(story.get_absolute_url() for story in published),
        "/tags/harbour/",
        "/authors/ruth/",
        "/sources/courier/",
        "/archive/",
        "/sitemap-stories.xml",
        "/sitemap-news.xml",
        "/sitemap-tags.xml",
    }
    assert expected <= crawler.reached
    # The section's "older stories" page, reached through its keyset cursor.
    assert [url for url in crawler.reached if url.startswith("/sections/news/?before=")]
    assert any(url.startswith("/media/renditions/") for url in crawler.reached)
    assert published[0].lead_image.file.url not in crawler.reached
    # Body photos are crawled too (the one a hidden body shares is public through this one).
    body_photo = newsroom["shared_body_photo"]
    assert any(f"/media/renditions/{body_photo.pk}/" in url for url in crawler.reached)
    assert any(url.startswith("/archive/20") for url in crawler.fetched)
    assert any("cursor=" in url for url in crawler.fetched)
    assert 50 < len(crawler.fetched) < 2000


@pytest.mark.parametrize("state", [*HIDDEN_STATES, "draftimage"])
def test_a_hidden_storys_own_addresses_answer_not_found_or_gone(client, newsroom, state):
    story = newsroom["hidden"][state]
    expected = 410 if state == "unpublished" else 404
    marker = f"leakmarker{state}"
    for url, status in [
        (story.get_absolute_url(), expected),
        (f"/stories/{marker}formerslug/", 404),
        (reverse("articles:api_story_detail", kwargs={"pk": story.pk}), 404),
    ]:
        response = client.get(url)
        assert response.status_code == status, url
        assert not MARKER.search(response.content.decode()), url
    for words in (f"{marker}headline", f"{marker}body", f"{marker}dek"):
        response = client.get(reverse("articles:search"), {"q": words})
        assert response.status_code == 200
        assert not MARKER.search(response.content.decode().replace(words, "")), words


@pytest.mark.parametrize(
    "url_name,slug",
    [("tag", ONLY_UNPUBLISHED_TAG), ("author", ONLY_UNPUBLISHED_AUTHOR)],
)
def test_a_topic_only_hidden_stories_use_is_not_found(client, newsroom, url_name, slug):
    response = client.get(reverse(f"articles:{url_name}", kwargs={"slug": slug}))
    assert response.status_code == 404
    assert not MARKER.search(response.content.decode())
    for fmt in FEED_FORMATS:
        feed_url = reverse(f"articles:feed_{url_name}", kwargs={"format": fmt, "slug": slug})
        feed = client.get(feed_url)
        assert feed.status_code == 404, fmt
        assert not MARKER.search(feed.content.decode()), fmt
    api = client.get(reverse("articles:api_story_list"), {url_name: slug})
    assert api.json()["items"] == []
    # The search answers exactly as it does for a slug that names nothing.
    search = client.get(reverse("articles:search"), {url_name: slug})
    nothing = client.get(reverse("articles:search"), {url_name: "leakmarkernosuchthing"})
    assert search.status_code == nothing.status_code == 400
    assert not MARKER.search(search.content.decode().replace(slug, ""))
    assert search.content.decode().replace(slug, "") == nothing.content.decode().replace(
        "leakmarkernosuchthing", ""
    )


def test_an_embargoed_story_is_everywhere_once_its_embargo_passes(newsroom, monkeypatch):
    """The crawl of the whole site finds the embargoed story, and nothing else hidden."""
    story = newsroom["hidden"]["underembargo"]
    # The clock moves past the embargo (freezegun's datetimes upset the archive's prefetch).
    later = story.embargo_until + timedelta(minutes=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    crawler = SiteCrawler().crawl(*start_urls(newsroom["published"]))
    found = {word for page in crawler.fetched.values() for word in MARKER.findall(page.text)}
    api = crawler.client.get(reverse("articles:api_story_detail", kwargs={"pk": story.pk}))
    search = crawler.client.get(reverse("articles:search"), {"q": "leakmarkerunderembargobody"})
    # Its tag and author shared only with hidden stories are public now through it.
    shown = {word.lower().removeprefix("leakmarker")[:12] for word in found}
    assert shown == {"underembargo", "onlytag", "onlyauthor"}
    assert story.get_absolute_url() in crawler.reached
    assert crawler.fetched[story.get_absolute_url()].status == 200
    assert story.lead_image.file.url not in crawler.reached  # the original stays private
    assert any(f"/media/renditions/{story.lead_image.pk}/" in url for url in crawler.reached)
    assert any(url.startswith("/sitemap") and story.slug in page.text
               for url, page in crawler.fetched.items())  # fmt: skip
    assert any("/feeds/" in url and story.slug in page.text
               for url, page in crawler.fetched.items())  # fmt: skip
    assert api.status_code == 200
    assert datetime.fromisoformat(api.json()["embargoed"]) == story.embargo_until
    assert "leakmarkerunderembargoheadline" in search.content.decode()
