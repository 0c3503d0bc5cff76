from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Story
from tests.support.factories import SectionFactory, StoryFactory

pytestmark = pytest.mark.django_db


def test_published_excludes_everything_not_public():
    public = StoryFactory(published=True)
    due = StoryFactory(
        status=Story.Status.SCHEDULED, published_at=timezone.now() - timedelta(minutes=1)
    )
    StoryFactory(scheduled=True)
    StoryFactory(unpublished=True)
    StoryFactory(status=Story.Status.PUBLISHED, published_at=timezone.now() + timedelta(minutes=5))
    for status in ["draft", "in_review", "returned", "ready"]:
        StoryFactory(status=status, published_at=timezone.now() - timedelta(days=1))

    assert set(Story.objects.published()) == {public, due}


def test_newest_first_orders_by_publish_time():
    older = StoryFactory(published=True, published_at=timezone.now() - timedelta(days=2))
    newer = StoryFactory(published=True, published_at=timezone.now() - timedelta(days=1))
    assert list(Story.objects.published().newest_first()) == [newer, older]


def test_bulk_create_accepts_a_generator_and_still_sanitizes():
    section = SectionFactory()
    Story.objects.bulk_create(
        Story(headline=f"Bulk {n}", slug=f"bulk-{n}", section=section, body="<script>x</script>")
        for n in range(3)
    )
    assert (
        list(Story.objects.filter(slug__startswith="bulk-").values_list("body", flat=True))
        == [""] * 3
    )


def test_public_lists_can_use_the_partial_newest_index():
    """SQLite matches a partial index's IN list only when the query writes it literally."""
    from django.db import connection

    StoryFactory(published=True)
    newest = Story.objects.published().newest_first().values("pk")[:20]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_bitmapscan = off")
            # With a row or two, another partial index plus a sort costs the same once the
            # embargo condition is filtered too: ask whether this index can serve the order.
            cursor.execute("SET LOCAL enable_sort = off")
    assert "story_public_newest_idx" in newest.explain()


def test_stories_with_their_tag_list_answer_tags_without_a_query(django_assert_num_queries):
    StoryFactory(headline="Harbour dredging approved", tags=["ميناء", "dredging"])
    StoryFactory(headline="No tags here", tags=[])
    with django_assert_num_queries(1):
        stories = list(Story.objects.with_tag_list().order_by("headline"))
        tags = [sorted(tag.name for tag in story.tags.all()) for story in stories]
    assert tags == [["dredging", "ميناء"], []]
    with django_assert_num_queries(1):
        story = Story.objects.with_tag_list().get(headline="Harbour dredging approved")
        assert {tag.slug for tag in story.tags.all()} == {tag.slug for tag in stories[0].tags.all()}
