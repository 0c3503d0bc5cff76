"""Custom QuerySets: the stories a page, feed or command asks for, by name."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import TYPE_CHECKING

from django.db import connections, models
from django.db.models import Exists, F, OuterRef, Q, Subquery, Window
from django.db.models.functions import Coalesce, Greatest, JSONObject, Least, RowNumber
from django.utils import timezone

from articles.dates import calendar_q
from articles.models.functions import JSONArrayAgg
from articles.models.listing import newest_listed
from articles.models.visibility import (
    DATED_STATUSES,
    due_q,
    embargo_lifted_q,
    embargoed_q,
    public_q,
    upcoming_q,
)
from articles.sanitize import sanitize_html
from articles.signals import stories_updated

# What a teaser row holds (``teaser_rows``): the story's keys, its section, the order and
# pages of lists.
TEASER_ROW_FIELDS = (
    "version",
    "section",
    "lead_image",
    "source",
    "live",
    "language",
    "priority",
    "published_at",
)

# Fields that decide whether readers see a story and in which lists.
MEMBERSHIP_FIELDS = frozenset(
    {
        "status",
        "published_at",
        "embargo_until",
        "section",
        "section_id",
        "source",
        "source_id",
        "priority",
    }
)

if TYPE_CHECKING:
    from articles.models.story import Story


class StoryQuerySet(models.QuerySet):
    """Stories, with the one definition of what the public may see."""

    def published(self) -> StoryQuerySet:
        """Stories that are public now: published (or scheduled and due), time not ahead."""
        return self.filter(public_q())

    def upcoming(self) -> StoryQuerySet:
        """Stories that will go public by themselves when their publish time comes."""
        return self.filter(upcoming_q())

    def embargoed(self) -> StoryQuerySet:
        """Stories under an embargo that has not yet passed, whatever their state."""
        return self.filter(embargoed_q())

    def goes_public_at(self) -> StoryQuerySet:
        """Annotate ``goes_public_at``: the later of the publish time and the embargo time."""
        return self.annotate(
            goes_public_at=Greatest("published_at", Coalesce("embargo_until", "published_at"))
        )

    def due(self, *, at: datetime | None = None) -> StoryQuerySet:
        """Scheduled stories whose time has come (by ``at``, default now), still to be
        marked published."""
        return self.filter(due_q(at=at))

    def public_or_taken_down(self) -> StoryQuerySet:
        """Stories public now or until they were taken down: all a public list has shown."""
        now = timezone.now()
        return self.filter(
            embargo_lifted_q(at=now), status__in=DATED_STATUSES, published_at__lte=now
        )

    def in_language(self, language: str) -> StoryQuerySet:
        """The stories of one edition: those written in ``language``."""
        return self.filter(language=language)

    def with_translation_flag(self) -> StoryQuerySet:
        """Each story's ``has_translations``, so a story in no set costs no query for one."""
        translations = self.model._default_manager.filter(translation_of=OuterRef("pk"))
        return self.annotate(has_translations=Exists(translations))

    def newest_first(self) -> StoryQuerySet:
        return self.order_by("-published_at", "-pk")

    def for_listing(self, *, renditions: bool = True) -> StoryQuerySet:
        """What a list of story teasers needs, fetched up front.

        ``renditions=False`` leaves the lead images' renditions to the caller, who can
        fetch them together with other images on the page in one query.
        """
        bylines = self.model.authors.through
        stories = self.select_related("section", "lead_image", "source").prefetch_related(
            models.Prefetch(
                "storyauthor_set",
                queryset=bylines.objects.select_related("author").order_by("position"),
                to_attr="ordered_bylines",
            )
        )
        return stories.prefetch_related("lead_image__renditions") if renditions else stories

    def with_tag_list(self) -> StoryQuerySet:
        """Each story's tags in its own row, as ``tag_list`` (a JSON array of id, name, slug),
        which each story fetched turns into its ``tags`` prefetch (``attach_tag_list``).

        A query fewer than prefetching ``tags``, and none of the per-story querysets a
        many-to-many prefetch builds (a feed of fifty stories spent 4 ms on those).
        """
        taggings = self.model.tags.through.objects.filter(content_object_id=OuterRef("pk"))
        tag_list = (
            taggings.values("content_object_id")
            .annotate(
                tags=JSONArrayAgg(JSONObject(id="tag_id", name="tag__name", slug="tag__slug"))
            )
            .values("tags")
        )
        stories = self.annotate(tag_list=Subquery(tag_list))
        stories._iterable_class = TagListIterable
        return stories

    def teasers(self) -> StoryQuerySet:
        """A list of teasers: what ``for_listing()`` fetches, less the body no teaser prints.

        The lead photos' renditions are left to ``articles.pagecache.fragments``, which
        fetches them only for teasers it has not stored.
        """
        return self.for_listing(renditions=False).defer("body")

    def teaser_rows(self) -> StoryQuerySet:
        """Only what finds each story's stored teaser: its id and version, the ids its keys
        are made of (``keys.story_keys``; its bylines' authors as ``byline_author_ids``), its
        section and the columns lists order and page by. ``articles.pagecache.fragments``
        loads the full teaser of those it must render."""
        bylines = self.model.authors.through.objects.filter(story_id=OuterRef("pk"))
        author_ids = (
            bylines.values("story_id").annotate(ids=JSONArrayAgg("author_id")).values("ids")
        )
        return (
            self.only(*TEASER_ROW_FIELDS)
            .select_related("section")
            .annotate(byline_author_ids=Subquery(author_ids))
        )

    def front_page_choice(self, featured: int, per_section: int) -> tuple[list[int], list[int]]:
        """Which of these stories the front page shows, by id, in one query: the
        ``featured`` first by priority (lead stories, then top stories, newest first within
        each), then the newest ``per_section`` others of every section, in the sections'
        order."""
        by_priority = Window(
            RowNumber(), order_by=[F("priority").desc(), F("published_at").desc(), F("pk").desc()]
        )
        newest_in_section = Window(
            RowNumber(),
            partition_by=F("section_id"),
            order_by=[F("published_at").desc(), F("pk").desc()],
        )
        # The featured ones are among the first ``enough`` by priority; a section's newest
        # ``per_section`` others among its newest ``enough + featured``.
        enough = max(per_section, featured)
        rows = list(
            self.annotate(priority_rank=by_priority, rank_in_section=newest_in_section)
            .annotate(rank=Least("priority_rank", F("rank_in_section") - featured))
            .filter(rank__lte=enough)
            .order_by("section__position", "section__name", "section_id", "rank_in_section")
            .values_list("pk", "priority_rank", "section_id")
        )
        chosen = [pk for pk, rank, _ in sorted(rows, key=lambda row: row[1]) if rank <= featured]
        shown_in_section: Counter[int] = Counter()
        latest = []
        for pk, _, section_id in rows:
            if pk not in chosen and shown_in_section[section_id] < per_section:
                latest.append(pk)
                shown_in_section[section_id] += 1
        return chosen, latest

    def related_to(self, story: Story, tag_ids: list[int], limit: int) -> StoryQuerySet:
        """Stories to read next: the editors' picks first, then shared tags, then section.

        Candidates are the picks plus the ``limit`` newest stories of the section and of
        each tag: whatever the order, the chosen stories are among them, and the cost does
        not grow with the archive or with how many stories a tag has.
        """
        others = self.exclude(pk=story.pk)
        picks = self.model.related_stories.through.objects.filter(from_story_id=story.pk)
        in_section = others.filter(section_id=story.section_id).newest_first()
        lists = [picks.values("to_story_id"), in_section.values("pk")[:limit]]
        # The taggings' copy of their stories' listing gives a tag's newest stories in one
        # index range; one range per tag, as a range over several tags would read every
        # story they have to find the newest.
        tagged = newest_listed(
            self.model.tags.through.objects.exclude(content_object_id=story.pk),
            "content_object",
            language=story.language,
        )
        lists += [tagged.filter(tag_id=tag_id)[:limit] for tag_id in tag_ids]
        # One list of candidates, read by primary key: an OR of the lists made PostgreSQL
        # scan every story (80 ms at 100,000) and SQLite read each list twice. Where the
        # database slices no part of a compound query (SQLite), each list is wrapped.
        if not connections[self.db].features.supports_slicing_ordering_in_compound:
            lists = [
                self.model.objects.filter(pk__in=candidate_list).order_by().values("pk")
                for candidate_list in lists
            ]
        candidates = Q(pk__in=lists[0].union(*lists[1:], all=True))
        chosen = picks.filter(to_story_id=OuterRef("pk"))
        shares_a_tag = self.model.tags.through.objects.filter(
            content_object_id=OuterRef("pk"), tag_id__in=tag_ids
        )
        return (
            others.filter(candidates)
            .annotate(chosen_by_editors=Exists(chosen), shares_a_tag=Exists(shares_a_tag))
            .order_by("-chosen_by_editors", "-shares_a_tag", "-published_at", "-pk")[:limit]
        )

    def datetimes(self, field_name, kind, order="ASC", tzinfo=None):
        """The distinct years, months or days (the admin's date drill-down), converted to the
        site's time zone by the database, which cannot convert a moment outside the calendar."""
        within = self.filter(calendar_q(field_name))
        return super(StoryQuerySet, within).datetimes(field_name, kind, order, tzinfo)

    def showing(self, image_id: int) -> StoryQuerySet:
        """Stories that show the image: as their lead image or anywhere in their body."""
        return self.filter(Q(lead_image_id=image_id) | Q(pk__in=self._body_uses(image_id)))

    @staticmethod
    def _body_uses(image_id: int):
        from articles.models.body_image import BodyImage

        return BodyImage.objects.filter(image_id=image_id).values("story_id")

    def for_syndication(self, *, renditions: bool = True) -> StoryQuerySet:
        """What feeds, sitemaps and the API print for each story: the listing plus its tags.

        ``renditions=False`` leaves the lead photos' renditions to the caller (feeds and the
        API fetch them only for the items they have not kept as fragments).
        """
        return self.for_listing(renditions=renditions).with_tag_list()

    # Sanitizing, and the use table that follows the body, must not depend on Model.save().
    def bulk_create(self, objs, *args, **kwargs):
        from articles.body.uses import sync_many

        objs = list(objs)
        for story in objs:
            story.body = sanitize_html(story.body)
        created = super().bulk_create(objs, *args, **kwargs)
        sync_many((story for story in created if story.pk), created=True)
        return created

    def bulk_update(self, objs, fields, *args, **kwargs):
        from articles.body.uses import sync_many

        objs = list(objs)
        if "body" in fields:
            for story in objs:
                story.body = sanitize_html(story.body)
        updated = super().bulk_update(objs, fields, *args, **kwargs)
        if "body" in fields:
            sync_many(objs)
        return updated

    def update(self, **kwargs):
        from articles.body.uses import sync_many

        new_body = kwargs.get("body")
        if isinstance(new_body, str):
            new_body = kwargs["body"] = sanitize_html(new_body)
        moves = not MEMBERSHIP_FIELDS.isdisjoint(kwargs)
        if not moves and not isinstance(new_body, str):
            return super().update(**kwargs)
        # No model signal sees this write, so name what it changes for those who listen, and
        # keep the body's image uses in step with the new body.
        before = list(self.values("pk", "status", "section_id", "source_id"))
        updated = super().update(**kwargs)
        if isinstance(new_body, str):
            sync_many(self.model(pk=row["pk"], body=new_body) for row in before)
        if before:
            # A new body changes what the story's page prints, as a move changes lists.
            stories_updated.send(sender=self.model, before=before, using=self.db)
        return updated

    update.alters_data = True  # type: ignore[attr-defined]


class ImageQuerySet(models.QuerySet):
    """Library images, with the one definition of which stories show an image."""

    def used_by(self, stories: models.QuerySet[Story]) -> ImageQuerySet:
        """Images that one of ``stories`` shows: as its lead image or in its body.

        Every rule about an image in use (who may change it) asks here, so another way
        for a story to show an image is added in this one place.
        """
        from articles.models.body_image import BodyImage

        as_lead = Exists(stories.filter(lead_image=OuterRef("pk")))
        in_body = Exists(
            BodyImage.objects.filter(image=OuterRef("pk"), story__in=stories.values("pk"))
        )
        return self.filter(as_lead | in_body)


class TagListIterable(models.query.ModelIterable):
    """Stories whose ``tags.all()`` answers from their ``tag_list`` column."""

    def __iter__(self):
        for story in super().__iter__():
            attach_tag_list(story)
            yield story


def attach_tag_list(story: Story) -> None:
    """Give ``story.tags.all()`` the tags ``with_tag_list()`` fetched, as a prefetch would."""
    from taggit.models import Tag

    rows = sorted(getattr(story, "tag_list", None) or [], key=lambda row: (row["name"], row["id"]))
    tags = Tag.objects.all()
    tags._result_cache = [Tag(id=row["id"], name=row["name"], slug=row["slug"]) for row in rows]
    tags._prefetch_done = True
    story.__dict__.setdefault("_prefetched_objects_cache", {})["tags"] = tags
