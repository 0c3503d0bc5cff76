"""What a list of stories is about: its topic, a section, tag, author or source.

One ``TopicKind`` per kind of topic says everything the site needs to know about it: the
model, the page and feed URL names, how stories are narrowed to one topic, the label
readers see, the page cache's keys, and which topics the public may see at all. Pages,
feeds, feed links, sitemaps, search, the API and the page cache's receivers read it here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Exists, Model, OuterRef, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_noop
from taggit.models import Tag

from articles.models import Author, Section, Source, Story, StoryAuthor, TaggedStory
from articles.models.listing import listed_q, newest_listed
from articles.pagecache import keys as cache_keys

if TYPE_CHECKING:
    from articles.public.pagination import Cursor


@dataclass(frozen=True)
class TopicKind:
    """One kind of topic a list of stories can be about."""

    #: The kind's name in URLs, keys and feed descriptions: "section".
    name: str
    #: What readers see above a topic's name on its page: "Section".
    label: str
    model: type[Model]
    url_name: str
    feed_url_name: str
    #: The Story field that holds the topic: stories are narrowed with ``{lookup: topic}``.
    story_lookup: str
    #: The relation from a topic to its stories, for annotations (sitemaps).
    stories_path: str
    #: What the topic prints wherever it is named, and which stories its lists hold.
    key: Callable[[int], str]
    list_key: Callable[[int], str]
    #: Whether the topic is public only once a public story has it. Otherwise a tag or an
    #: author made for a story still in the works would name it before it is published.
    public_only_with_public_story: bool
    #: Whether every page's header names these topics (the section navigation).
    in_navigation: bool = False
    #: The rows tying a story to a topic of this kind when they keep a copy of the story's
    #: listing (``articles/models/listing.py``): the model, and its fields naming the topic
    #: and the story. A section's or a source's stories are listed by the story table's own
    #: indexes.
    listing_rows: tuple[type[Model], str, str] | None = None

    def public(self) -> QuerySet:
        """The topics readers may see: their pages, feeds, search choices and API filters."""
        topics = self.model._default_manager.all()
        if self.public_only_with_public_story:
            public_stories = Story.objects.published().filter(**{self.story_lookup: OuterRef("pk")})
            topics = topics.filter(Exists(public_stories))
        return topics

    def public_in_edition(self, language: str) -> QuerySet:
        """The topics an edition's search offers: a tag, an author or a source once a public
        story of that edition has it; a section once it is the edition's, as the navigation
        lists them (another edition's finds nothing)."""
        if self.model is Section:
            return Section.objects.in_edition(language)
        if self.listing_rows is not None:
            # One probe of the copied listings' index per topic.
            model, topic_field, _ = self.listing_rows
            rows = model._default_manager.filter(
                listed_q(language=language), **{topic_field: OuterRef("pk")}
            )
            return self.model._default_manager.filter(Exists(rows))
        stories = Story.objects.published().in_language(language)
        return self.model._default_manager.filter(
            Exists(stories.filter(**{self.story_lookup: OuterRef("pk")}))
        )

    def stories_about(self, stories: QuerySet, topic: Model) -> QuerySet:
        return stories.filter(**{self.story_lookup: topic})

    def newest_stories_about(
        self,
        stories: QuerySet,
        topic: Model,
        *,
        language: str,
        before: Cursor | None,
        count: int,
    ) -> QuerySet:
        """``stories`` about ``topic``, the ``count`` newest (older than ``before``) at most.

        A tag's or an author's are chosen by the listing their rows keep, one index range,
        rather than by reading every story they have; ``stories`` still decides which are
        public, so a copy never shows a story it should not.
        """
        if self.listing_rows is None:
            return self.stories_about(stories, topic)
        model, topic_field, story_field = self.listing_rows
        rows = model._default_manager.filter(**{topic_field: topic})
        newest = newest_listed(rows, story_field, language=language, before=before)
        return stories.filter(pk__in=newest[:count])

    def stories_about_slug(self, stories: QuerySet, slug: str) -> QuerySet:
        """``stories`` about the public topic with ``slug``; none when there is no such topic."""
        return stories.filter(**{f"{self.story_lookup}__in": self.public().filter(slug=slug)})

    def url(self, topic: Any) -> str:
        return reverse(self.url_name, kwargs={"slug": topic.slug})

    def feed_url(self, topic: Any, format: str) -> str:
        return reverse(self.feed_url_name, kwargs={"format": format, "slug": topic.slug})

    def surrogate_keys(self, topic: Model) -> set[str]:
        """The keys of a topic's page or feed: its own details and the stories it lists."""
        return {self.key(topic.pk), self.list_key(topic.pk)}


SECTION = TopicKind(
    name="section",
    label=gettext_noop("Section"),
    model=Section,
    url_name="articles:section",
    feed_url_name="articles:feed_section",
    story_lookup="section",
    stories_path="stories",
    key=cache_keys.section,
    list_key=cache_keys.section_list,
    public_only_with_public_story=False,
    in_navigation=True,
)
TAG = TopicKind(
    name="tag",
    label=gettext_noop("Tag"),
    model=Tag,
    url_name="articles:tag",
    feed_url_name="articles:feed_tag",
    story_lookup="tags",
    stories_path="articles_taggedstory_items__content_object",
    key=cache_keys.tag,
    list_key=cache_keys.tag_list,
    public_only_with_public_story=True,
    listing_rows=(TaggedStory, "tag", "content_object"),
)
AUTHOR = TopicKind(
    name="author",
    label=gettext_noop("Author"),
    model=Author,
    url_name="articles:author",
    feed_url_name="articles:feed_author",
    story_lookup="authors",
    stories_path="stories",
    key=cache_keys.author,
    list_key=cache_keys.author_list,
    public_only_with_public_story=True,
    listing_rows=(StoryAuthor, "author", "story"),
)
SOURCE = TopicKind(
    name="source",
    label=gettext_noop("Source"),
    model=Source,
    url_name="articles:source",
    feed_url_name="articles:feed_source",
    story_lookup="source",
    stories_path="stories",
    key=cache_keys.source,
    list_key=cache_keys.source_list,
    public_only_with_public_story=False,
)

TOPIC_KINDS = (SECTION, TAG, AUTHOR, SOURCE)
BY_NAME = {kind.name: kind for kind in TOPIC_KINDS}


def topic_kind_of(topic: Model) -> TopicKind | None:
    """The kind of ``topic``, or None when it is not a topic at all."""
    return next((kind for kind in TOPIC_KINDS if isinstance(topic, kind.model)), None)
