from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from articles.models import Image, Story, StorySlug
from tests.support.factories import (
    AuthorFactory,
    ImageFactory,
    SectionFactory,
    SourceFactory,
    StoryFactory,
)

pytestmark = pytest.mark.django_db


def test_published_story_needs_a_publish_time():
    story = StoryFactory()
    story.status = Story.Status.PUBLISHED
    with pytest.raises(IntegrityError), transaction.atomic():
        story.save()


def test_updated_time_cannot_precede_publication():
    story = StoryFactory(published=True)
    story.updated_at = story.published_at - timedelta(minutes=5)
    with pytest.raises(IntegrityError), transaction.atomic():
        story.save()


@pytest.mark.parametrize("factory", [SectionFactory, AuthorFactory, SourceFactory])
def test_slugs_are_unique(factory):
    factory(slug="same")
    with pytest.raises(IntegrityError), transaction.atomic():
        factory(slug="same")


def test_story_slugs_are_unique():
    StoryFactory(slug="same")
    with pytest.raises(IntegrityError), transaction.atomic():
        StoryFactory(slug="same")


def test_an_author_is_credited_once_per_story():
    author = AuthorFactory()
    story = StoryFactory(authors=[author])
    with pytest.raises(IntegrityError), transaction.atomic():
        story.storyauthor_set.create(author=author, position=1)


def test_image_content_hash_is_unique_when_set():
    ImageFactory(content_hash="a" * 64)
    ImageFactory(content_hash="")
    ImageFactory(content_hash="")
    with pytest.raises(IntegrityError), transaction.atomic():
        ImageFactory(content_hash="a" * 64)


def test_image_focal_point_must_lie_in_the_frame():
    with pytest.raises(IntegrityError), transaction.atomic():
        ImageFactory(focal_x=1.5)


def test_image_records_its_dimensions():
    image = ImageFactory()
    assert (image.width, image.height) == (64, 48)
    assert Image.objects.get(pk=image.pk).width == 64


def test_slug_is_made_from_the_headline_when_blank():
    story = StoryFactory(slug="", headline="Harbour dredging plan approved")
    assert story.slug == "harbour-dredging-plan-approved"


def test_changing_a_slug_keeps_the_old_one():
    story = StoryFactory(slug="first-slug")
    story.slug = "second-slug"
    story.save()
    story.slug = "third-slug"
    story.save()
    assert set(story.former_slugs.values_list("slug", flat=True)) == {"first-slug", "second-slug"}


def test_returning_to_a_former_slug_removes_the_redirect():
    story = StoryFactory(slug="first-slug")
    story.slug = "second-slug"
    story.save()
    story.slug = "first-slug"
    story.save()
    assert list(StorySlug.objects.values_list("slug", flat=True)) == ["second-slug"]


def test_byline_lists_authors_in_order_unless_overridden():
    first, second, third = (
        AuthorFactory(name="Ann"),
        AuthorFactory(name="Bo"),
        AuthorFactory(name="Cy"),
    )
    story = StoryFactory(authors=[second, first, third])
    assert story.byline == "Bo, Ann and Cy"
    story.byline_override = "Staff and agencies"
    assert story.byline == "Staff and agencies"


def test_usage_terms_fall_back_to_the_source():
    story = StoryFactory(source=SourceFactory(usage_terms="Partner licence"))
    assert story.effective_usage_terms == "Partner licence"
    story.usage_terms = "Special terms"
    assert story.effective_usage_terms == "Special terms"


def test_string_forms_and_urls():
    story = StoryFactory(headline="Bridge closed", slug="bridge-closed", published=True)
    assert str(story) == "Bridge closed"
    assert story.get_absolute_url() == "/stories/bridge-closed/"
    assert story.section.get_absolute_url() == f"/sections/{story.section.slug}/"
    assert story.is_public
    story.published_at = timezone.now() + timedelta(hours=1)
    assert not story.is_public


def test_roles_come_back_after_a_flush_with_their_permissions():
    from django.contrib.auth.models import Group
    from django.core.management import call_command

    reporter_permissions = set(
        Group.objects.get(name="Reporter").permissions.values_list("codename", flat=True)
    )
    call_command("flush", interactive=False, verbosity=0)
    reporter = Group.objects.get(name="Reporter")
    assert set(reporter.permissions.values_list("codename", flat=True)) == reporter_permissions
    assert Group.objects.get(name="Editor").permissions.filter(codename="publish_story").exists()
