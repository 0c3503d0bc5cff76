"""Public pages for readers. Every queryset here starts from Story.objects.published()."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Prefetch
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.views.generic import DetailView, ListView
from taggit.models import Tag

from articles.models import Author, Correction, Section, Source, Story, StorySlug


class FrontPageView(ListView):
    """The front page: the newest published stories, lead and top stories first."""

    template_name = "articles/front.html"
    context_object_name = "stories"
    paginate_by = settings.STORIES_PER_PAGE

    def get_queryset(self):
        return Story.objects.published().for_listing().newest_first()


class StoryListView(ListView):
    """A paginated list of the published stories that belong to one thing (section, tag...)."""

    template_name = "articles/story_list.html"
    context_object_name = "stories"
    paginate_by = settings.STORIES_PER_PAGE
    heading_model = None
    kind = ""

    def get_heading_object(self):
        return get_object_or_404(self.heading_model, slug=self.kwargs["slug"])

    def filter_stories(self, stories):
        raise NotImplementedError

    def get_queryset(self):
        self.heading_object = self.get_heading_object()
        return self.filter_stories(Story.objects.published().for_listing().newest_first())

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            heading_object=self.heading_object, kind=self.kind, **kwargs
        )


class SectionView(StoryListView):
    heading_model = Section
    kind = "Section"

    def filter_stories(self, stories):
        return stories.filter(section=self.heading_object)


class AuthorView(StoryListView):
    heading_model = Author
    kind = "Author"

    def get_heading_object(self):
        return get_object_or_404(Author.objects.select_related("photo"), slug=self.kwargs["slug"])

    def filter_stories(self, stories):
        return stories.filter(authors=self.heading_object)


class SourceView(StoryListView):
    heading_model = Source
    kind = "Source"

    def filter_stories(self, stories):
        return stories.filter(source=self.heading_object)


class TagView(StoryListView):
    heading_model = Tag
    kind = "Tag"

    def filter_stories(self, stories):
        return stories.filter(tags=self.heading_object)


class StoryDetailView(DetailView):
    """One story. Old slugs redirect permanently; taken-down stories answer 410 Gone."""

    template_name = "articles/story_detail.html"
    context_object_name = "story"

    def get_queryset(self):
        return (
            Story.objects.published()
            .for_listing()
            .prefetch_related(
                "tags",
                Prefetch("corrections", queryset=Correction.objects.order_by("published_at")),
            )
        )

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            return self.answer_missing_story(self.kwargs["slug"])

    def answer_missing_story(self, slug: str):
        former = StorySlug.objects.filter(slug=slug).select_related("story").first()
        if former and former.story.is_public:
            return HttpResponsePermanentRedirect(former.story.get_absolute_url())
        taken_down = Story.objects.filter(slug=slug, status=Story.Status.UNPUBLISHED).first()
        if taken_down:
            return TemplateResponse(self.request, "410.html", {"story": taken_down}, status=410)
        raise Http404("No published story at this address.")
