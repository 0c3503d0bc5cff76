"""Sitemaps for search engines: stories (with every photo they show and their public
translations as hreflang alternates), sections, tags, authors, a Google News sitemap of the
last two days, their index, and robots.txt pointing at it."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import cast
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.contrib.sitemaps.views import (  # type: ignore[attr-defined]
    SitemapIndexItem,
    x_robots_tag,
)
from django.core.paginator import Paginator
from django.db.models import Exists, Max, OuterRef, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone

from articles import topics
from articles.languages import edition, edition_of, language_codes
from articles.links import absolute_url
from articles.live.selectors import latest_public_update_at
from articles.models import BodyImage, Story
from articles.models.section import SectionQuerySet
from articles.models.visibility import public_q
from articles.pagecache import keys as cache_keys
from articles.pagecache.store import mark_public
from articles.syndication.common import lead_picture
from articles.translations import attach_public_links, language_alternates, public_links

NEWS_WINDOW = timedelta(hours=48)
NEWS_LIMIT = 1000


def newest_public_change():
    """When any published story last changed: every sitemap's entries follow from stories."""
    return Story.objects.published().aggregate(latest=Max("modified_at"))["latest"]


def live_story_changes() -> dict[int, datetime | None]:
    """Every public live story's id, with when its latest public update went out or was
    edited (None before the first): two queries."""
    # The few live stories by their own index, then which of them are public.
    live_ids = list(Story.objects.filter(live=True).values_list("pk", flat=True))
    live = Story.objects.published().filter(pk__in=live_ids).order_by()
    return dict(live.annotate(at=latest_public_update_at()).values_list("pk", "at"))


def story_lastmod(story: Story) -> datetime:
    """A story's own last change or, when later, its latest public live update's."""
    latest = getattr(story, "latest_update_at", None)
    return max(story.modified_at, latest) if latest else story.modified_at


def live_keys(urls: list[dict]) -> set[str]:
    """The cache keys of the live stories among a sitemap page's entries: an update moves
    their lastmod, so it must drop that page."""
    return {cache_keys.live(url["item"].pk) for url in urls if url["item"].live}


def with_newest_public_change(things: QuerySet, path: str) -> QuerySet:
    """``things`` that have a published story of the edition at ``path``, each with its newest
    change: a tag or an author whose stories are all in another edition has no page here."""
    in_edition = public_q(path) & Q(**{f"{path}__language": edition_of()})
    return things.annotate(lastmod=Max(f"{path}__modified_at", filter=in_edition)).filter(
        lastmod__isnull=False
    )


class PublicationSitemap(Sitemap):
    """A sitemap whose addresses are on SITE_URL, whichever host the request came through."""

    def get_protocol(self, protocol: str | None = None) -> str:
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None) -> str:
        return urlsplit(settings.SITE_URL).netloc

    def get_latest_lastmod(self):
        return newest_public_change()

    def items(self) -> QuerySet:
        raise NotImplementedError

    def page_count(self) -> int:
        """How many pages the index lists; exact, but cheap while everything fits on one."""
        if self.most_items() <= self.limit:
            return 1
        return self.paginator.num_pages

    def most_items(self) -> int:
        """An upper bound on ``items()``: counting the filtered items costs a join."""
        return self.items().count()


class StorySitemap(PublicationSitemap):
    """Every published story, oldest first so earlier pages keep their contents."""

    limit = 50_000

    def listed(self) -> QuerySet:
        """The stories the sitemap lists: the edition's public ones."""
        return Story.objects.published().in_language(edition_of())

    def items(self) -> QuerySet:
        body_photos = BodyImage.objects.filter(story=OuterRef("pk"), role=BodyImage.Role.PHOTO)
        return (
            self.listed()
            .select_related("lead_image")
            .only("slug", "language", "modified_at", "lead_image", "live", "translation_of")
            .prefetch_related("lead_image__renditions")
            .annotate(
                has_body_photos=Exists(body_photos), latest_update_at=latest_public_update_at()
            )
            .with_translation_flag()
            .order_by("published_at", "pk")
        )

    def most_items(self) -> int:
        """The stories listed, counted without the columns each is listed with (counting
        ``items()`` works each one's photos and translations out: 0.4 s at 100,000)."""
        return self.listed().count()

    @property
    def paginator(self) -> Paginator:
        paginator = Paginator(self.items(), self.limit)
        paginator.count = self.most_items()
        return paginator

    def page_count(self) -> int:
        """Exact from one count: ``most_items()`` is no upper bound here but the number."""
        return self.paginator.num_pages

    def lastmod(self, story: Story):
        return story_lastmod(story)

    def get_urls(self, page=1, site=None, protocol=None) -> list[dict]:
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        self.printed_keys = live_keys(urls)
        stories = [url["item"] for url in urls]
        body_photos = self.body_photos(stories)
        attach_public_links(stories)
        for url in urls:
            story = url["item"]
            # The same alternates as the story's page: itself, its public translations and
            # x-default, so each page of a set names every other one (xhtml:link).
            url["alternates"] = language_alternates(story, public_links(story))
            images = [story.lead_image, *body_photos.get(story.pk, ())]
            pictures = [lead_picture(image) for image in images]
            url["images"] = list(
                dict.fromkeys(absolute_url(picture.url) for picture in pictures if picture)
            )
        return urls

    def body_photos(self, stories: list[Story]) -> dict[int, list]:
        """The photos in the stories' bodies, in order, from the use table: a page of 50,000
        stories reads no body. Two queries, and none when no story has a body photo."""
        with_photos = [story.pk for story in stories if story.has_body_photos]  # type: ignore[attr-defined]
        if not with_photos:
            return {}
        uses = (
            BodyImage.objects.filter(story_id__in=with_photos, role=BodyImage.Role.PHOTO)
            .select_related("image")
            .prefetch_related("image__renditions")
            .order_by("story_id", "position")
        )
        photos: dict[int, list] = {}
        for use in uses:
            photos.setdefault(use.story_id, []).append(use.image)
        return photos


class TopicSitemap(PublicationSitemap):
    """The public topics of one kind, each with when its newest public story changed."""

    topic_kind: topics.TopicKind
    ordering: tuple[str, ...] = ("pk",)

    def most_items(self) -> int:
        return self.topic_kind.model._default_manager.count()

    def items(self) -> QuerySet:
        kind = self.topic_kind
        things = self.in_edition(kind.model._default_manager.all())
        if kind.public_only_with_public_story:
            things = with_newest_public_change(things, kind.stories_path)
        else:
            path = kind.stories_path
            things = things.annotate(lastmod=Max(f"{path}__modified_at", filter=public_q(path)))
        return things.order_by(*self.ordering)

    def in_edition(self, things: QuerySet) -> QuerySet:
        return things

    def location(self, topic) -> str:
        return self.topic_kind.url(topic)

    def lastmod(self, topic):
        return topic.lastmod


class SectionSitemap(TopicSitemap):
    """Every section, in the order of the navigation."""

    topic_kind = topics.SECTION
    ordering = ("position", "pk")

    def in_edition(self, things: QuerySet) -> QuerySet:
        """The edition's own sections and those of every edition."""
        return cast(SectionQuerySet, things).in_edition(edition_of())


class TagSitemap(TopicSitemap):
    """Tags that at least one published story carries."""

    topic_kind = topics.TAG


class AuthorSitemap(TopicSitemap):
    """Authors with at least one published story."""

    topic_kind = topics.AUTHOR


class NewsSitemap(PublicationSitemap):
    """Google News: stories published in the last 48 hours, at most 1,000, newest first."""

    limit = NEWS_LIMIT

    def items(self) -> QuerySet:
        since = timezone.now() - NEWS_WINDOW
        return (
            Story.objects.published()
            .in_language(edition_of())
            .filter(published_at__gte=since)
            .only("slug", "language", "headline", "published_at", "modified_at", "live")
            .annotate(latest_update_at=latest_public_update_at())
            .newest_first()[:NEWS_LIMIT]
        )

    def lastmod(self, story: Story):
        return story_lastmod(story)

    def get_urls(self, page=1, site=None, protocol=None) -> list[dict]:
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        self.printed_keys = live_keys(urls)
        for url in urls:
            url["publication_name"] = settings.SITE_NAME
            # Google News wants ISO 639 codes ("ar", "en"), "zh-cn" and "zh-tw" aside.
            url["publication_language"] = url["item"].language.lower()
        return urls


SITEMAPS = {
    "stories": StorySitemap,
    "sections": SectionSitemap,
    "tags": TagSitemap,
    "authors": AuthorSitemap,
}
NEWS_SITEMAPS = {"news": NewsSitemap}


@x_robots_tag
def sitemap_index(request: HttpRequest) -> HttpResponse:
    """The index of every sitemap page, with addresses on SITE_URL."""
    live = live_story_changes()
    mark_public(request, {cache_keys.SITEMAP, *(cache_keys.live(pk) for pk in live)})
    entries = []
    lastmod = max(filter(None, [newest_public_change(), *live.values()]), default=None)
    for section, sitemap_class in {**SITEMAPS, **NEWS_SITEMAPS}.items():
        sitemap = sitemap_class()
        location = absolute_url(reverse("articles:sitemap_section", kwargs={"section": section}))
        entries.append(SitemapIndexItem(location, lastmod))
        entries.extend(
            SitemapIndexItem(f"{location}?p={page}", lastmod)
            for page in range(2, sitemap.page_count() + 1)
        )
    return TemplateResponse(
        request, "sitemap_index.xml", {"sitemaps": entries}, content_type="application/xml"
    )


def sitemap_page(request: HttpRequest, sitemaps: dict, **kwargs) -> HttpResponse:
    """One sitemap page (Django's view), which the page cache drops with any public change,
    and with an update of a live story it lists."""
    built = {name: sitemap_class() for name, sitemap_class in sitemaps.items()}
    response = sitemap_views.sitemap(request, sitemaps=built, **kwargs)
    keys = {cache_keys.SITEMAP}
    for sitemap in built.values():
        keys |= getattr(sitemap, "printed_keys", set())
    mark_public(request, keys)
    return response


def robots_txt(request: HttpRequest) -> HttpResponse:
    """Crawlers may read the public site; the sitemaps say where everything is."""
    mark_public(request, {cache_keys.ROBOTS})
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /api/",
        "",
    ]
    for code in language_codes():
        with edition(code):
            if code != settings.DEFAULT_LANGUAGE:
                lines.insert(3, f"Disallow: {reverse('articles:api_story_list')}")
            lines.append(f"Sitemap: {absolute_url(reverse('articles:sitemap_index'))}")
            lines.append(f"Sitemap: {absolute_url(reverse('articles:sitemap_news'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
