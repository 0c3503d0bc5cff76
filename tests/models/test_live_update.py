"""The live update model: its rules in the database, who may see it, and what it prints."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from articles.models import LiveUpdate, Story
from tests.support.factories import AuthorFactory, LiveStoryFactory, LiveUpdateFactory

pytestmark = pytest.mark.django_db


def test_the_database_refuses_an_edit_time_on_a_held_update():
    with pytest.raises(IntegrityError), transaction.atomic():
        LiveUpdateFactory(published_at=None, edited_at=timezone.now())


def test_the_database_refuses_a_live_story_without_a_start():
    with pytest.raises(IntegrityError), transaction.atomic():
        LiveStoryFactory(coverage_started_at=None)


def test_public_means_posted_not_deleted_and_the_story_public_and_out_of_embargo():
    story = LiveStoryFactory()
    shown = LiveUpdateFactory(story=story)
    held = LiveUpdateFactory(story=story, published_at=None)
    future = LiveUpdateFactory(story=story, published_at=timezone.now() + timedelta(hours=1))
    deleted = LiveUpdateFactory(story=story, deleted_at=timezone.now())
    assert list(LiveUpdate.objects.public()) == [shown]
    assert [u.is_public for u in (shown, held, future, deleted)] == [True, False, False, False]
    assert held.is_held and not deleted.is_held and not shown.is_held
    Story.objects.filter(pk=story.pk).update(embargo_until=timezone.now() + timedelta(hours=1))
    shown.story.refresh_from_db()
    assert not LiveUpdate.objects.public().exists() and not shown.is_public


def test_the_body_is_sanitized_whatever_saves_it():
    update = LiveUpdateFactory(body='<p onclick="x()">Calm</p><script>alert(1)</script>')
    update.refresh_from_db()
    assert update.body == "<p>Calm</p>"


def test_anchor_byline_and_version():
    update = LiveUpdateFactory(headline="")
    assert update.anchor == f"update-{update.pk}" and update.byline == ""
    update.authors.set([AuthorFactory(name="Lina Haddad"), AuthorFactory(name="Sam Lee")])
    names = {"Lina Haddad", "Sam Lee"}
    assert set(update.byline.split(" and ")) == names
    first = update.version
    update.edited_at = timezone.now()
    assert update.version != first
    update.pinned = True
    assert update.version.endswith("p")
