"""The permission matrix shared by the workflow tests: roles, transitions, expected outcomes."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from articles.models import Story
from tests.support.factories import StoryFactory

ROLES = ["anonymous", "reporter", "other_reporter", "editor", "superuser"]

# action: (state the story starts in, state it ends in, roles allowed, note, needs time)
TRANSITIONS = {
    "submit": ("draft", "in_review", {"reporter", "editor", "superuser"}, "", False),
    "return": ("in_review", "returned", {"editor", "superuser"}, "Check the dates.", False),
    "approve": ("in_review", "ready", {"editor", "superuser"}, "", False),
    "publish": ("ready", "published", {"editor", "superuser"}, "", False),
    "schedule": ("ready", "scheduled", {"editor", "superuser"}, "", True),
    "unpublish": ("published", "unpublished", {"editor", "superuser"}, "Legal advice.", False),
    "update": ("published", "published", {"editor", "superuser"}, "", False),
    "correct": ("published", "published", {"editor", "superuser"}, "The vote was 31-29.", False),
}

MATRIX = [(role, action) for action in TRANSITIONS for role in ROLES]


def story_for(action: str, owner) -> Story:
    """A story in the state `action` starts from, written by `owner`."""
    source_state = TRANSITIONS[action][0]
    published_at = timezone.now() - timedelta(hours=2) if source_state == "published" else None
    return StoryFactory(status=source_state, published_at=published_at, created_by=owner)


def publish_time():
    return timezone.now() + timedelta(days=2)


def assert_transition_done(action: str, story: Story) -> None:
    story.refresh_from_db()
    assert story.status == TRANSITIONS[action][1]
    assert story.events.filter(action=action).count() == 1
    if action == "update":
        assert story.updated_at is not None
    if action == "correct":
        assert story.corrections.get().text == TRANSITIONS[action][3]
    if action == "schedule":
        assert story.published_at > timezone.now()


def assert_nothing_changed(story: Story, before_status: str) -> None:
    story.refresh_from_db()
    assert story.status == before_status
    assert not story.events.exists()
    assert not story.corrections.exists()
    assert story.updated_at is None
