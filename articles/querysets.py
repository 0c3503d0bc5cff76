"""Custom QuerySets: public visibility is decided here and nowhere else."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from articles.sanitize import sanitize_html


class StoryQuerySet(models.QuerySet):
    """Stories, with the one definition of what the public may see."""

    def published(self) -> StoryQuerySet:
        """Stories that are public now: published (or scheduled and due), time not ahead."""
        from articles.models.story import Story

        return self.filter(
            status__in=Story.Status.public_values(), published_at__lte=timezone.now()
        )

    def newest_first(self) -> StoryQuerySet:
        return self.order_by("-published_at", "-pk")

    def for_listing(self) -> StoryQuerySet:
        """What a list of story teasers needs, fetched up front."""
        from articles.models.story import StoryAuthor

        return self.select_related("section", "lead_image", "source").prefetch_related(
            models.Prefetch(
                "storyauthor_set",
                queryset=StoryAuthor.objects.select_related("author").order_by("position"),
                to_attr="ordered_bylines",
            ),
            "lead_image__renditions",
        )

    # Sanitizing must not depend on Model.save() being called.
    def bulk_create(self, objs, *args, **kwargs):
        for story in objs:
            story.body = sanitize_html(story.body)
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, fields, *args, **kwargs):
        if "body" in fields:
            for story in objs:
                story.body = sanitize_html(story.body)
        return super().bulk_update(objs, fields, *args, **kwargs)

    def update(self, **kwargs):
        if isinstance(kwargs.get("body"), str):
            kwargs["body"] = sanitize_html(kwargs["body"])
        return super().update(**kwargs)

    update.alters_data = True
