"""The use table (``BodyImage``) follows the body: rewritten whenever a body is saved."""

from __future__ import annotations

from collections.abc import Iterable

from articles.body import elements, tree
from articles.models import BodyImage, Image, LiveUpdate, Story


def sync_body_images(story: Story, *, created: bool = False) -> None:
    """Make ``story``'s BodyImage rows say what its body shows, in order.

    An id that names no library image is left out: the body keeps it, and pages skip it.
    ``created``: the story was just inserted, so it has no rows yet.
    """
    rows = BodyImage.objects.filter(story=story, live_update=None)
    _sync(story.pk, rows, story.body, created)


def sync_update_images(update: LiveUpdate) -> None:
    """The use rows of a live update's body, under its story; none once it is deleted."""
    body = "" if update.deleted_at else update.body
    rows = BodyImage.objects.filter(live_update=update)
    _sync(update.story_id, rows, body, False, live_update=update)


def _sync(story_id: int, current_rows, html: str, created: bool, live_update=None) -> None:
    body = tree.parse(html)
    wanted = [
        (photo.image_id, BodyImage.Role.PHOTO, photo.caption) for photo in elements.photos(body)
    ]
    wanted += [
        (embed.thumbnail_id, BodyImage.Role.EMBED_THUMBNAIL, "")
        for embed in elements.embeds(body)
        if embed.thumbnail_id
    ]
    if created and not wanted:
        return
    existing = set(Image.objects.filter(pk__in={w[0] for w in wanted}).values_list("pk", flat=True))
    rows = [
        BodyImage(
            story_id=story_id,
            live_update=live_update,
            image_id=image_id,
            role=role,
            caption=caption,
            position=position,
        )
        for position, (image_id, role, caption) in enumerate(w for w in wanted if w[0] in existing)
    ]
    current = list(current_rows.order_by("position").values_list("image_id", "role", "caption"))
    if current == [(row.image_id, row.role, row.caption) for row in rows]:
        return
    current_rows.delete()
    BodyImage.objects.bulk_create(rows)


def sync_many(stories: Iterable[Story], *, created: bool = False) -> None:
    """``sync_body_images`` for many stories (bulk writes): one query for those whose body
    shows no image, and none at all for new ones."""
    stories = list(stories)
    showing = [story for story in stories if elements.image_ids(tree.parse(story.body))]
    if not created:
        others = [story.pk for story in stories if story not in showing]
        if others:
            BodyImage.objects.filter(story_id__in=others, live_update=None).delete()
    for story in showing:
        sync_body_images(story, created=created)
