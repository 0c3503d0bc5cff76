"""The topic registry (articles/topics.py): one description per kind of topic."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time
from taggit.models import Tag

from articles import topics
from articles.models import Story
from articles.pagecache import keys as cache_keys
from tests.support.factories import AuthorFactory, SectionFactory, SourceFactory, StoryFactory

HIDDEN_TRAITS = {
    "draft": {},
    "scheduled": {"scheduled": True},
    "unpublished": {"unpublished": True},
    "embargoed": {"status": Story.Status.PUBLISHED, "published_at_offset": timedelta(hours=2)},
}


def hidden_story(trait: str, **fields) -> Story:
    options = dict(HIDDEN_TRAITS[trait])
    offset = options.pop("published_at_offset", None)
    if offset is not None:
        options["published_at"] = timezone.now() + offset
    return StoryFactory(**options, **fields)


def topic_of(kind: topics.TopicKind, story: Story):
    return {
        "section": story.section,
        "tag": story.tags.first(),
        "author": story.authors.first(),
        "source": story.source,
    }[kind.name]


def story_about_everything(tag: str, **fields) -> Story:
    """A story with a section, a tag, an author and a source of its own."""
    return StoryFactory(tags=[tag], authors=[AuthorFactory()], source=SourceFactory(), **fields)


def test_every_kind_is_described_once():
    assert [kind.name for kind in topics.TOPIC_KINDS] == ["section", "tag", "author", "source"]
    assert {kind.name: kind for kind in topics.TOPIC_KINDS} == topics.BY_NAME
    assert [kind.label for kind in topics.TOPIC_KINDS] == ["Section", "Tag", "Author", "Source"]
    assert [kind.in_navigation for kind in topics.TOPIC_KINDS] == [True, False, False, False]


@pytest.mark.parametrize("kind", topics.TOPIC_KINDS, ids=lambda kind: kind.name)
def test_a_kind_knows_its_addresses_keys_and_stories(db, kind):
    story = story_about_everything("harbour", published=True)
    other = story_about_everything("council", published=True)
    topic = topic_of(kind, story)
    plural = {"section": "sections", "tag": "tags", "author": "authors", "source": "sources"}
    assert kind.url(topic) == f"/{plural[kind.name]}/{topic.slug}/"
    assert kind.feed_url(topic, "atom") == f"/feeds/atom/{plural[kind.name]}/{topic.slug}/"
    assert kind.surrogate_keys(topic) == {kind.key(topic.pk), kind.list_key(topic.pk)}
    assert kind.key(topic.pk) == getattr(cache_keys, kind.name)(topic.pk)
    assert kind.list_key(topic.pk) == getattr(cache_keys, f"{kind.name}_list")(topic.pk)
    if kind.name != "tag":
        assert kind.url(topic) == topic.get_absolute_url()
    published = Story.objects.published()
    assert list(kind.stories_about(published, topic)) == [story]
    assert list(kind.stories_about_slug(published, topic.slug)) == [story]
    assert list(kind.stories_about_slug(published, "no-such-topic")) == []
    assert topics.topic_kind_of(topic) is kind
    assert topic_of(kind, other) != topic


def test_a_story_is_not_a_topic(db):
    assert topics.topic_kind_of(StoryFactory()) is None


@pytest.mark.parametrize("trait", HIDDEN_TRAITS)
@pytest.mark.parametrize("kind", [topics.TAG, topics.AUTHOR], ids=lambda kind: kind.name)
def test_tags_and_authors_are_public_only_with_a_public_story(db, kind, trait):
    hidden = topic_of(kind, hidden_story(trait, tags=["secret"], authors=[AuthorFactory()]))
    shown = topic_of(kind, StoryFactory(published=True, tags=["open"], authors=[AuthorFactory()]))
    assert list(kind.public()) == [shown]
    assert list(kind.stories_about_slug(Story.objects.all(), hidden.slug)) == []
    assert hidden.pk in kind.model.objects.values_list("pk", flat=True)


@pytest.mark.parametrize("kind", [topics.SECTION, topics.SOURCE], ids=lambda kind: kind.name)
def test_sections_and_sources_are_public_even_without_stories(db, kind):
    empty = (SectionFactory if kind is topics.SECTION else SourceFactory)()
    assert empty in kind.public()


def test_a_scheduled_story_makes_its_tag_public_on_time_with_no_write(db):
    with freeze_time(timezone.now()) as frozen:
        StoryFactory(scheduled=True, published_at=timezone.now() + timedelta(minutes=5), tags=["x"])
        assert not topics.TAG.public().exists()
        frozen.tick(timedelta(minutes=6))
        assert list(topics.TAG.public()) == [Tag.objects.get(name="x")]


def test_every_url_name_of_the_registry_exists(db):
    for kind in topics.TOPIC_KINDS:
        assert reverse(kind.url_name, kwargs={"slug": "s"})
        assert reverse(kind.feed_url_name, kwargs={"slug": "s", "format": "rss"})
