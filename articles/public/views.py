"""Public pages for readers. Every queryset here starts from Story.objects.published()."""

from __future__ import annotations

from datetime import date
from itertools import groupby
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import BadRequest
from django.db.models import Count, Prefetch
from django.db.models.functions import TruncMonth
from django.http import (
    Http404,
    HttpResponsePermanentRedirect,
    HttpResponseServerError,
)
from django.shortcuts import get_object_or_404
from django.template import loader
from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control
from django.utils.decorators import method_decorator
from django.utils.http import http_date
from django.utils.safestring import mark_safe
from django.views.decorators.http import conditional_page
from django.views.generic import DetailView, ListView, MonthArchiveView, TemplateView

from articles import dates, topics, translations
from articles.body.rendering import Output, prepare_bodies, story_body
from articles.languages import WrongEdition, edition, edition_of
from articles.live import selectors as live_selectors
from articles.middleware import allow_own_inline_styles
from articles.models import Correction, Story, StorySlug
from articles.pagecache import keys as cache_keys
from articles.pagecache.fragments import (
    RELATED,
    prepare_teasers,
    printing_variant,
    story_value,
    teasers_of,
)
from articles.pagecache.store import mark_public
from articles.public.filters import StorySearchFilter
from articles.public.pagination import KeysetPaginationMixin
from articles.public.search import SearchTookTooLong
from articles.public.seo import story_last_changed_at

# The mixin goes before a template view's class; type checkers see it as one.
if TYPE_CHECKING:
    _View = TemplateView
else:
    _View = object


class PublicCacheMixin(_View):
    """Lets browsers and shared caches keep a public page for a short while.

    The page names the surrogate keys of what it shows, so the page cache and a CDN can
    drop it exactly when one of them changes.
    """

    shared_caching = True

    def dispatch(self, request, *args, **kwargs):
        response = super().dispatch(request, *args, **kwargs)
        if self.shared_caching and response.status_code == 200:
            patch_cache_control(response, public=True, max_age=settings.PUBLIC_PAGE_MAX_AGE)
        return response

    def render_to_response(self, context, **response_kwargs):
        prepare_teasers(self.get_teasers(context))
        if self.shared_caching:
            mark_public(self.request, self.get_surrogate_keys(context))
        return super().render_to_response(context, **response_kwargs)

    def get_teasers(self, context) -> list[Story]:
        """The stories the page prints as teasers."""
        return list(context.get("stories") or ())

    def get_surrogate_keys(self, context) -> set[str]:
        return {cache_keys.NAV} | cache_keys.stories_keys(context.get("stories") or ())


class FrontPageView(PublicCacheMixin, TemplateView):
    """The front page: the lead and top stories the editors chose, then each section's latest."""

    template_name = "articles/front.html"

    def get_context_data(self, **kwargs):
        # The front page chooses among the newest stories only, so its cost stays flat
        # however large the archive grows.
        in_edition = Story.objects.published().in_language(edition_of())
        newest = in_edition.newest_first().values("pk")
        window = in_edition.filter(pk__in=newest[: settings.FRONT_PAGE_WINDOW])
        # Which stories, chosen on their ids alone; then the teasers of those only (the
        # window's hundreds of rows never carry the teasers' columns and joins).
        featured_ids, latest_ids = window.front_page_choice(
            settings.FRONT_PAGE_FEATURED, settings.FRONT_PAGE_PER_SECTION
        )
        # Still public as their teasers are read, or left out.
        by_id = teasers_of(in_edition).in_bulk([*featured_ids, *latest_ids])
        featured = [by_id[pk] for pk in featured_ids if pk in by_id]
        latest = [by_id[pk] for pk in latest_ids if pk in by_id]
        return super().get_context_data(
            lead_story=featured[0] if featured else None,
            top_stories=featured[1:],
            section_blocks=[
                (section, list(stories))
                for section, stories in groupby(latest, key=lambda story: story.section)
            ],
            **kwargs,
        )

    def get_teasers(self, context):
        shown = [context["lead_story"], *context["top_stories"]] if context["lead_story"] else []
        for _, stories in context["section_blocks"]:
            shown.extend(stories)
        return shown

    def get_surrogate_keys(self, context):
        shown = self.get_teasers(context)
        return {cache_keys.NAV, cache_keys.FRONT} | cache_keys.stories_keys(shown)


class StoryListView(KeysetPaginationMixin, PublicCacheMixin, ListView):
    """A paginated list of the published stories about one topic (section, tag...).

    Only a topic the public may see has a page (``TopicKind.public()``); any other slug is
    not found, like one that names nothing.
    """

    template_name = "articles/story_list.html"
    context_object_name = "stories"
    paginate_by = settings.STORIES_PER_PAGE
    topic_kind: topics.TopicKind

    def get_topic(self):
        return get_object_or_404(self.topic_kind.public(), slug=self.kwargs["slug"])

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except WrongEdition as wrong:
            return wrong.redirect(request)

    def get_queryset(self):
        self.topic = self.get_topic()
        stories = teasers_of(Story.objects.published().in_language(edition_of())).newest_first()
        if self.asks_for_page_number():
            return self.topic_kind.stories_about(stories, self.topic)
        # The page and one more story, to know whether there are older ones.
        return self.topic_kind.newest_stories_about(
            stories,
            self.topic,
            language=edition_of(),
            before=self.cursor,
            count=self.paginate_by + 1,
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(topic=self.topic, topic_kind=self.topic_kind, **kwargs)

    def get_surrogate_keys(self, context):
        return super().get_surrogate_keys(context) | self.topic_kind.surrogate_keys(self.topic)


class SectionView(StoryListView):
    topic_kind = topics.SECTION

    def get_topic(self):
        section = super().get_topic()
        if section.edition and section.edition != edition_of():
            raise WrongEdition(section.get_absolute_url())
        return section


class AuthorView(StoryListView):
    topic_kind = topics.AUTHOR
    template_name = "articles/author_detail.html"

    def get_topic(self):
        return get_object_or_404(
            self.topic_kind.public().select_related("photo").prefetch_related("photo__renditions"),
            slug=self.kwargs["slug"],
        )

    def get_surrogate_keys(self, context):
        keys = super().get_surrogate_keys(context)
        if self.topic.photo_id:
            keys.add(cache_keys.image(self.topic.photo_id))
        return keys


class SourceView(StoryListView):
    topic_kind = topics.SOURCE
    template_name = "articles/source_detail.html"


class TagView(StoryListView):
    topic_kind = topics.TAG


class SearchView(PublicCacheMixin, ListView):
    """Full-text search with filters; an invalid filter is explained, never a server error.

    A search that runs past its time limit is stopped and answers 503 with a request to
    narrow it, so costly searches cannot hold the workers.
    """

    template_name = "articles/search.html"
    context_object_name = "stories"
    paginate_by = settings.STORIES_PER_PAGE

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except SearchTookTooLong:
            self.object_list = Story.objects.none()
            context = self.get_context_data(took_too_long=True)
            return self.render_to_response(context, status=503)

    def get_queryset(self):
        self.filterset = StorySearchFilter(
            self.request.GET or None,
            queryset=teasers_of(Story.objects.published().in_language(edition_of())).newest_first(),
        )
        if not self.filterset.is_bound or not self.filterset.is_valid():
            return Story.objects.none()
        if not self.filterset.has_criteria:
            return Story.objects.none()
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(
            filterset=self.filterset,
            searched=self.filterset.is_bound and self.filterset.is_valid(),
            query_string=query.urlencode(),
            **kwargs,
        )

    def get_surrogate_keys(self, context):
        return super().get_surrogate_keys(context) | {cache_keys.SEARCH}

    def render_to_response(self, context, **response_kwargs):
        if self.filterset.is_bound and not self.filterset.is_valid():
            response_kwargs["status"] = 400
        return super().render_to_response(context, **response_kwargs)


class ArchiveIndexView(PublicCacheMixin, ListView):
    """Every month that has published stories, newest first, with how many."""

    template_name = "articles/archive_index.html"
    context_object_name = "months"
    paginate_by = 60

    def get_queryset(self):
        return (
            Story.objects.published()
            .in_language(edition_of())
            # Months before the publication range have no page (see ArchiveMonthView).
            .filter(published_at__gte=dates.PUBLICATION.earliest)
            .annotate(month=TruncMonth("published_at"))
            .values("month")
            .annotate(story_count=Count("pk"))
            .order_by("-month")
        )

    def get_surrogate_keys(self, context):
        return {cache_keys.NAV, cache_keys.ARCHIVE}


class ArchiveMonthView(KeysetPaginationMixin, PublicCacheMixin, MonthArchiveView):
    """The published stories of one month; an empty or impossible month is not found."""

    template_name = "articles/archive_month.html"
    context_object_name = "stories"
    date_field = "published_at"
    month_format = "%m"
    paginate_by = settings.STORIES_PER_PAGE
    allow_empty = False
    counts_stories = True

    def get_queryset(self):
        return teasers_of(Story.objects.published().in_language(edition_of()))

    def get_ordering(self):
        return ["-published_at", "-pk"]

    def get_dated_items(self):
        # The links to the months either side are worked out from this one, so a month at
        # the calendar's ends (year 0001 or 9999) would overflow.
        try:
            dates.PUBLICATION.check_day(date(int(self.get_year()), int(self.get_month()), 1))
        except ValueError as error:
            raise Http404(f"No archive for this month: {error}") from None
        return super().get_dated_items()

    def get_date_list(self, queryset, date_type=None, ordering="ASC"):
        """The page lists no days, so none are worked out (a pass over every story of the
        month); an empty month is still not found."""
        if not self.get_allow_empty() and not queryset.exists():
            raise Http404("No stories were published in this month.")
        return []

    def get_surrogate_keys(self, context):
        # The archive's key too: the links to the months either side follow the list of months.
        return super().get_surrogate_keys(context) | {cache_keys.ARCHIVE}


@method_decorator(conditional_page, name="dispatch")
class StoryDetailView(PublicCacheMixin, DetailView):
    """One story. Old slugs redirect permanently; taken-down stories answer 410 Gone.

    The page says when it last changed and carries an ETag of its content, so a reader's
    browser or a cache asking again gets 304 Not Modified.
    """

    template_name = "articles/story_detail.html"
    context_object_name = "story"

    def get_stories(self):
        """The stories this view may show: only published ones on the public site."""
        return Story.objects.published()

    def get_queryset(self):
        return (
            self.get_stories()
            .for_listing(renditions=False)
            .with_tag_list()
            .with_translation_flag()
            .prefetch_related(
                Prefetch("corrections", queryset=Correction.objects.order_by("published_at"))
            )
        )

    def get(self, request, *args, **kwargs):
        try:
            response = super().get(request, *args, **kwargs)
        except Http404:
            return self.answer_missing_story(self.kwargs["slug"])
        except WrongEdition as wrong:
            return wrong.redirect(request)
        changed_at = story_last_changed_at(self.object)
        live_changed_at = getattr(self, "live_changed_at", None)
        if live_changed_at is not None:
            changed_at = max(changed_at, live_changed_at)
        response.headers["Last-Modified"] = http_date(changed_at.timestamp())
        return response

    def get_object(self, queryset=None):
        story = super().get_object(queryset)
        if story.language != edition_of():
            raise WrongEdition(story.get_absolute_url())
        return story

    def get_context_data(self, **kwargs):
        live = self.get_live_page()
        # The body's images with the renditions of every image on the page (the lead photo,
        # the live updates' photos, the related stories' when they are printed), in one query.
        page_images = [
            *([self.object.lead_image] if self.object.lead_image else ()),
            *(live.images if live else ()),
        ]
        related = self.get_related_stories(page_images)
        if "prepared_body" not in self.object.__dict__:
            prepare_bodies([self.object], with_images=page_images)
        body = story_body(self.object)
        translation_set = translations.translation_set_members(self.object)
        return super().get_context_data(
            related_html=mark_safe(related["html"]),
            related_keys=set(related["keys"]),
            translation_set=translation_set,
            translations=translations.public_only(translation_set),
            body_html=mark_safe(body.html(Output.PAGE)),
            body_has_embeds=bool(body.embeds)
            or any(story_body(update).embeds for update in (live.shown if live else ())),
            live=live,
            live_poll_seconds=settings.LIVE_POLL_SECONDS,
            **kwargs,
        )

    def get_live_page(self) -> live_selectors.LivePage | None:
        """The page of updates a live story shows (``?page=``); None for other stories."""
        story = self.object
        if not story.live:
            return None
        form = live_selectors.LivePageForm(self.request.GET)
        if not form.is_valid():
            raise BadRequest(f"No such page of updates: {' '.join(map(str, form.errors['page']))}")
        live = live_selectors.live_page(story, form.cleaned_data["page"])
        if live is None:
            raise Http404("No such page of updates.")
        self.live_changed_at = live_selectors.last_changed_at(story)
        # The page's JSON-LD and dates follow the updates it shows.
        story.__dict__["live_page"] = live
        return live

    def get_surrogate_keys(self, context):
        story = self.object
        # The related stories are drawn from the story's section and tags, so a story
        # joining either list may change them.
        lists = {cache_keys.section_list(story.section_id), cache_keys.corrections(story.pk)}
        lists.update(cache_keys.tag_list(tag.pk) for tag in story.tags.all())
        live = context.get("live")
        for update in live.shown if live else ():
            lists |= story_body(update).surrogate_keys()
        return (
            {cache_keys.NAV}
            | cache_keys.story_keys(story)
            | story_body(story).surrogate_keys()
            | context["related_keys"]
            # Every story of its translation set, public or not: one going public adds a link.
            | {cache_keys.story(member.pk) for member in context["translation_set"]}
            | lists
        )

    def get_related_stories(self, page_images: list) -> dict:
        """The aside of stories to read next, printed (``html``), and the keys of what it
        prints (``keys``): the editors' published picks when there are any, else stories on
        the same subject.

        Kept per version of the story while its section's and tags' lists and the stories it
        prints keep theirs. When it must be printed, the story's body is prepared here too,
        so the related stories' photos come in the page's one renditions query.
        """
        story = self.object
        tag_ids = [tag.pk for tag in story.tags.all()]

        def find() -> tuple[dict, set[str]]:
            stories = (
                Story.objects.published()
                .in_language(story.language)
                .select_related("section", "lead_image")
                .defer("body")
            )
            candidates = list(stories.related_to(story, tag_ids, limit=settings.RELATED_STORIES))
            if candidates and candidates[0].chosen_by_editors:
                candidates = [candidate for candidate in candidates if candidate.chosen_by_editors]
            leads = [candidate.lead_image for candidate in candidates if candidate.lead_image]
            prepare_bodies([story], with_images=[*page_images, *leads])
            html = loader.render_to_string(
                "articles/includes/related_stories.html", {"related_stories": candidates}
            )
            keys = cache_keys.stories_keys(candidates)
            return {"html": html, "keys": sorted(keys)}, keys

        # The story itself (its editors' picks), and the lists the candidates come from.
        depends_on = {
            cache_keys.story(story.pk),
            cache_keys.section_list(story.section_id),
            *(cache_keys.tag_list(tag_id) for tag_id in tag_ids),
        }
        return story_value(RELATED, story, depends_on, find, variant=printing_variant())

    def answer_missing_story(self, slug: str):
        former = StorySlug.objects.filter(slug=slug).select_related("story").first()
        if former and former.story.is_public:
            return HttpResponsePermanentRedirect(former.story.get_absolute_url())
        # A story taken down while under embargo was never public: no notice names it.
        taken_down = (
            Story.objects.public_or_taken_down()
            .filter(slug=slug, status=Story.Status.UNPUBLISHED)
            .first()
        )
        if taken_down:
            with edition(taken_down.language):
                response = TemplateResponse(
                    self.request, "410.html", {"story": taken_down}, status=410
                )
                return response.render()
        raise Http404("No published story at this address.")


def server_error(request):
    """The 500 page, rendered without the database or context processors, which may be down."""
    template = loader.get_template("500.html")
    response = HttpResponseServerError(template.render({"site_name": settings.SITE_NAME}))
    return allow_own_inline_styles(response)
