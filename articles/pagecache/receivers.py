"""Which cached pages a change to the data touches, decided from the data itself.

Model signals see every write that goes through the ORM's save and delete, whichever path
made it (admin, workflow, ingest, commands, shell), and name the surrogate keys of the pages
that showed, or will show, what changed. ``articles.pagecache.store.invalidate`` then
invalidates them when the transaction commits. ``QuerySet.update()`` sends no model
signals: a story update that moves membership fields sends ``stories_updated`` instead, and
a raw save (a fixture) is treated like such an update once its transaction commits.

Two kinds of key (``articles.pagecache.keys``): those of a story, image or topic stand for
what it prints (headline, name, caption), a story's corrections key for the corrections only
its page prints; a topic's list key and the fixed keys of the front page, feeds, archive,
search, API and sitemaps stand for which stories a list holds. Editing a story's text moves
only its own key, so only the pages that print it miss; publishing, unpublishing or moving
it moves the lists too.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

from articles import topics
from articles.models import (
    Correction,
    Image,
    LiveUpdate,
    Rendition,
    Story,
    StoryAuthor,
    TaggedStory,
)
from articles.models.visibility import PUBLIC_STATUSES
from articles.pagecache import keys as cache_keys
from articles.pagecache.store import invalidate
from articles.signals import stories_updated

# Fields of a story that decide which lists it is in, and where.
MEMBERSHIP_FIELDS = (
    "status",
    "published_at",
    "embargo_until",
    "section_id",
    "source_id",
    "priority",
)


def _story_status(story_id: int) -> str | None:
    return Story.objects.filter(pk=story_id).values_list("status", flat=True).first()


def _story_tag_ids(story_id: int) -> list[int]:
    return list(
        TaggedStory.objects.filter(content_object_id=story_id).values_list("tag_id", flat=True)
    )


def _story_author_ids(story_id: int) -> list[int]:
    return list(StoryAuthor.objects.filter(story_id=story_id).values_list("author_id", flat=True))


def membership_keys(story: Story, before: dict | None) -> set[str]:
    """The lists a story was in before and is in now."""
    lists = set(cache_keys.LISTS_OF_EVERY_STORY)
    for values in (before or {}, {"section_id": story.section_id, "source_id": story.source_id}):
        if section_id := values.get("section_id"):
            lists.add(cache_keys.section_list(section_id))
        if source_id := values.get("source_id"):
            lists.add(cache_keys.source_list(source_id))
    if story.pk:
        lists.update(cache_keys.tag_list(tag_id) for tag_id in _story_tag_ids(story.pk))
        lists.update(cache_keys.author_list(author_id) for author_id in _story_author_ids(story.pk))
    return lists


def invalidate_stories(story_ids: Iterable[int], using: str | None = None) -> None:
    """For writes that bypass signals: treat the stories as published, moved or taken down."""
    moved = {*cache_keys.LISTS_OF_ANY_DETAIL, *cache_keys.LISTS_OF_EVERY_STORY}
    for story in Story.objects.filter(pk__in=list(story_ids)):
        moved |= {cache_keys.story(story.pk)} | membership_keys(story, None)
    invalidate(moved, using=using)


def stories_changed_in_bulk(sender, before: list[dict], using=None, **kwargs) -> None:
    """Invalidate for stories written without their model signals, from what they were."""
    was = {row["pk"]: row for row in before}
    keys: set[str] = set()
    for story in Story.objects.using(using).filter(pk__in=list(was)):
        if story.status in PUBLIC_STATUSES or was[story.pk]["status"] in PUBLIC_STATUSES:
            keys |= {cache_keys.story(story.pk), *cache_keys.LISTS_OF_ANY_DETAIL}
            keys |= membership_keys(story, was[story.pk])
    invalidate(keys, using=using)


def remember_story(sender, instance: Story, raw=False, **kwargs) -> None:
    instance._cache_before = (  # type: ignore[attr-defined]
        Story.objects.filter(pk=instance.pk).values(*MEMBERSHIP_FIELDS).first()
        if instance.pk
        else None
    )


def story_saved(sender, instance: Story, created: bool, raw=False, using=None, **kwargs) -> None:
    before = getattr(instance, "_cache_before", None)
    if raw:
        # A fixture's bylines and tags may not be loaded yet: name the lists at commit.
        row = {"pk": instance.pk, "status": None, "section_id": None, "source_id": None}
        row |= {field: value for field, value in (before or {}).items() if field in row}
        transaction.on_commit(
            lambda: stories_changed_in_bulk(Story, before=[row], using=using), using=using
        )
        return
    statuses = {instance.status, (before or {}).get("status")}
    if not statuses & set(PUBLIC_STATUSES):
        return
    changed = {cache_keys.story(instance.pk), *cache_keys.LISTS_OF_ANY_DETAIL}
    moved = before is None or any(
        before[field] != getattr(instance, field) for field in MEMBERSHIP_FIELDS
    )
    if moved:
        changed |= membership_keys(instance, before)
    invalidate(changed, using=using)


def story_deleting(sender, instance: Story, using=None, **kwargs) -> None:
    # Bylines and tags go with the story, so the lists are named before they do.
    status = _story_status(instance.pk)
    if status in PUBLIC_STATUSES:
        changed = {cache_keys.story(instance.pk), *cache_keys.LISTS_OF_ANY_DETAIL}
        invalidate(changed | membership_keys(instance, None), using=using)


def related_stories_changed(sender, instance, action: str, reverse: bool, pk_set, **kwargs):
    if not action.startswith("post_"):
        return
    story_ids = set(pk_set or ()) if reverse else {instance.pk}
    invalidate({cache_keys.story(story_id) for story_id in story_ids}, using=kwargs.get("using"))


def correction_changed(sender, instance: Correction, raw=False, using=None, **kwargs) -> None:
    # Only the story's own page prints its corrections.
    if not raw and _story_status(instance.story_id) in PUBLIC_STATUSES:
        invalidate({cache_keys.corrections(instance.story_id)}, using=using)


def live_update_changed(sender, instance: LiveUpdate, raw=False, using=None, **kwargs) -> None:
    # An update held for the desk shows nowhere; a published one (or one just deleted) shows
    # wherever the live story's updates or latest time are printed, all under one key.
    if raw or instance.published_at is None:
        return
    if _story_status(instance.story_id) in PUBLIC_STATUSES:
        invalidate({cache_keys.live(instance.story_id)}, using=using)


def live_update_authors_changed(sender, instance, action: str, reverse: bool, **kwargs):
    if not action.startswith("post_") or reverse:
        return
    live_update_changed(sender, instance, using=kwargs.get("using"))


def remember_byline(sender, instance: StoryAuthor, raw=False, **kwargs) -> None:
    instance._cache_before = (  # type: ignore[attr-defined]
        StoryAuthor.objects.filter(pk=instance.pk).values("author_id").first()
        if instance.pk and not raw
        else None
    )


def byline_changed(sender, instance: StoryAuthor, raw=False, using=None, **kwargs) -> None:
    if raw or _story_status(instance.story_id) not in PUBLIC_STATUSES:
        return
    author_ids = {instance.author_id}
    before = getattr(instance, "_cache_before", None)
    if before:
        author_ids.add(before["author_id"])
    changed = {cache_keys.story(instance.story_id), *cache_keys.LISTS_OF_ANY_DETAIL}
    changed.update(cache_keys.author_list(author_id) for author_id in author_ids)
    invalidate(changed, using=using)


def tagging_changed(sender, instance: TaggedStory, raw=False, using=None, **kwargs) -> None:
    story_id = instance.content_object_id
    if not raw and _story_status(story_id) in PUBLIC_STATUSES:
        changed = {cache_keys.story(story_id), cache_keys.tag_list(instance.tag_id)}
        invalidate(changed | set(cache_keys.LISTS_OF_ANY_DETAIL), using=using)


def remember_image_file(sender, instance: Image, raw=False, **kwargs) -> None:
    instance._cache_before = (  # type: ignore[attr-defined]
        Image.objects.filter(pk=instance.pk).values("file").first()
        if instance.pk and not raw
        else None
    )


def image_changed(sender, instance: Image, raw=False, using=None, **kwargs) -> None:
    if raw:
        return
    changed = {cache_keys.image(instance.pk)}
    before = getattr(instance, "_cache_before", None)
    if before is not None and before["file"] != instance.file.name:
        changed.add(cache_keys.SITEMAP)
    invalidate(changed, using=using)


def rendition_changed(sender, instance: Rendition, raw=False, using=None, **kwargs) -> None:
    # Pages print an image's renditions in srcset; sitemaps, feeds and the API link them.
    if not raw:
        invalidate({cache_keys.image(instance.image_id), cache_keys.SITEMAP}, using=using)


def topic_changed(topic_kind: topics.TopicKind):
    """A receiver for a section, tag, author or source: its own pages and where it is printed."""

    def receiver(sender, instance, raw=False, using=None, **kwargs) -> None:
        if raw:
            return
        changed = topic_kind.surrogate_keys(instance) | {cache_keys.SITEMAP}
        if topic_kind.in_navigation:
            changed.add(cache_keys.NAV)
        invalidate(changed, using=using)

    return receiver


def connect() -> None:
    """Connect the receivers; called once from the app's ready()."""
    uid = "articles.pagecache.receivers"
    pre_save.connect(remember_story, sender=Story, dispatch_uid=f"{uid}.remember_story")
    post_save.connect(story_saved, sender=Story, dispatch_uid=f"{uid}.story_saved")
    pre_delete.connect(story_deleting, sender=Story, dispatch_uid=f"{uid}.story_deleting")
    stories_updated.connect(
        stories_changed_in_bulk, sender=Story, dispatch_uid=f"{uid}.stories_updated"
    )
    m2m_changed.connect(
        related_stories_changed,
        sender=Story.related_stories.through,
        dispatch_uid=f"{uid}.related_stories",
    )
    for signal in (post_save, post_delete):
        signal.connect(correction_changed, sender=Correction, dispatch_uid=f"{uid}.correction")
        signal.connect(byline_changed, sender=StoryAuthor, dispatch_uid=f"{uid}.byline")
        signal.connect(tagging_changed, sender=TaggedStory, dispatch_uid=f"{uid}.tagging")
    for signal in (post_save, post_delete):
        signal.connect(live_update_changed, sender=LiveUpdate, dispatch_uid=f"{uid}.live_update")
    m2m_changed.connect(
        live_update_authors_changed,
        sender=LiveUpdate.authors.through,
        dispatch_uid=f"{uid}.live_update_authors",
    )
    pre_save.connect(remember_byline, sender=StoryAuthor, dispatch_uid=f"{uid}.remember_byline")
    pre_save.connect(remember_image_file, sender=Image, dispatch_uid=f"{uid}.remember_image")
    post_save.connect(image_changed, sender=Image, dispatch_uid=f"{uid}.image_saved")
    post_delete.connect(image_changed, sender=Image, dispatch_uid=f"{uid}.image_deleted")
    for signal in (post_save, post_delete):
        signal.connect(rendition_changed, sender=Rendition, dispatch_uid=f"{uid}.rendition")
    for topic_kind in topics.TOPIC_KINDS:
        receiver = topic_changed(topic_kind)
        for signal in (post_save, post_delete):
            # weak=False: nothing else holds on to this receiver.
            signal.connect(
                receiver,
                sender=topic_kind.model,
                weak=False,
                dispatch_uid=f"{uid}.{topic_kind.name}.{id(signal)}",
            )
