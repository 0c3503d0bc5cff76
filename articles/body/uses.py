"""The use table (``BodyImage``) follows the body: rewritten whenever a body is saved."""

from __future__ import annotations

from collections.abc import Iterable

from articles.body import elements, tree
from articles.models import BodyImage, Image, Story


def sync_body_images(story: Story) -> None:
    """Make ``story``'s BodyImage rows say what its body shows, in order.

    An id that names no library image is left out: the body keeps it, and pages skip it.
    """
    body = tree.parse(story.body)
    wanted = [
        (photo.image_id, BodyImage.Role.PHOTO, photo.caption) for photo in elements.photos(body)
    ]
    wanted += [
        (embed.thumbnail_id, BodyImage.Role.EMBED_THUMBNAIL, "")
        for embed in elements.embeds(body)
        if embed.thumbnail_id
    ]
    existing = set(Image.objects.filter(pk__in={w[0] for w in wanted}).values_list("pk", flat=True))
    rows = [
        BodyImage(story=story, image_id=image_id, role=role, caption=caption, position=position)
        for position, (image_id, role, caption) in enumerate(w for w in wanted if w[0] in existing)
    ]
    current = list(
        BodyImage.objects.filter(story=story)
        .order_by("position")
        .values_list("image_id", "role", "caption")
    )
    if current == [(row.image_id, row.role, row.caption) for row in rows]:
        return
    BodyImage.objects.filter(story=story).delete()
    BodyImage.objects.bulk_create(rows)


def sync_many(story_ids: Iterable[int]) -> None:
    for story in Story.objects.filter(pk__in=list(story_ids)).only("pk", "body"):
        sync_body_images(story)
