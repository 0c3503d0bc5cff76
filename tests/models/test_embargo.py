"""Embargoes: a story in a public state stays hidden until its embargo time has come."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Author, Story
from articles.models.visibility import goes_public_at, public_q
from articles.pagecache.store import next_publish_time
from tests.support.factories import AuthorFactory, StoryFactory

pytestmark = pytest.mark.django_db

HOUR = timedelta(hours=1)


@pytest.fixture
def stories():
    now = timezone.now()
    return {
        "plain": StoryFactory(published=True),
        "embargoed": StoryFactory(published=True, embargo_until=now + HOUR),
        "lifted": StoryFactory(published=True, embargo_until=now - HOUR),
        "scheduled_embargoed": StoryFactory(scheduled=True, embargo_until=now + 3 * HOUR),
        "draft_embargoed": StoryFactory(embargo_until=now + 2 * HOUR),
    }


def test_published_leaves_out_stories_under_embargo(stories):
    assert set(Story.objects.published()) == {stories["plain"], stories["lifted"]}
    assert {s for s in stories.values() if s.is_public} == {stories["plain"], stories["lifted"]}


def test_through_a_relation_the_embargo_holds_too(stories):
    author = AuthorFactory()
    for story in stories.values():
        story.storyauthor_set.create(author=author)
    through = Author.objects.filter(public_q("stories")).values_list("stories", flat=True)
    assert set(through) == {stories["plain"].pk, stories["lifted"].pk}


def test_upcoming_counts_embargoed_stories_in_a_public_state(stories):
    assert set(Story.objects.upcoming()) == {stories["embargoed"], stories["scheduled_embargoed"]}
    assert set(Story.objects.embargoed()) == {
        stories["embargoed"], stories["scheduled_embargoed"], stories["draft_embargoed"]
    }  # fmt: skip
    assert stories["embargoed"].is_upcoming and stories["embargoed"].is_embargoed


def test_the_next_publish_time_is_the_later_of_publish_and_embargo(stories):
    assert next_publish_time() == stories["embargoed"].embargo_until
    stories["embargoed"].delete()
    # Scheduled for tomorrow, embargoed for three hours: public tomorrow.
    scheduled = stories["scheduled_embargoed"]
    assert next_publish_time() == scheduled.published_at
    assert goes_public_at(scheduled.published_at, scheduled.embargo_until) == scheduled.published_at


def test_the_moment_the_embargo_passes_the_story_is_public(stories):
    story = stories["embargoed"]
    assert story not in Story.objects.filter(
        public_q(at=story.embargo_until - timedelta(seconds=1))
    )
    assert story in Story.objects.filter(public_q(at=story.embargo_until))


def test_a_taken_down_story_under_embargo_never_showed(stories):
    story = StoryFactory(unpublished=True, embargo_until=timezone.now() + HOUR)
    assert story not in Story.objects.public_or_taken_down()


def test_a_story_taken_down_under_embargo_answers_not_found_not_gone(client):
    story = StoryFactory(
        unpublished=True, slug="leakmarker-gone", embargo_until=timezone.now() + HOUR
    )
    assert client.get(story.get_absolute_url()).status_code == 404
    Story.objects.filter(pk=story.pk).update(embargo_until=timezone.now() - HOUR)
    assert client.get(story.get_absolute_url()).status_code == 410
