"""The one definition of "public": ``published()``, its ``Q`` builders and ``Story.is_public``."""

import ast
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

import articles
from articles.models import Author, Story
from articles.models.visibility import PUBLIC_STATUSES, due_q, public_q, upcoming_q
from tests.support.factories import AuthorFactory, StoryFactory

pytestmark = pytest.mark.django_db

PAST, FUTURE = timedelta(hours=-1), timedelta(hours=1)


@pytest.fixture
def every_state_and_time():
    """A story in each state, with its publish time behind, ahead or missing."""
    stories = []
    for status in Story.Status.values:
        for offset in (PAST, FUTURE, None):
            if offset is None and status in ("published", "scheduled", "unpublished"):
                continue  # the database refuses those
            published_at = timezone.now() + offset if offset is not None else None
            stories.append(StoryFactory(status=status, published_at=published_at))
    return stories


def test_is_public_in_memory_agrees_with_published(every_state_and_time):
    public = set(Story.objects.published())
    assert public == {story for story in every_state_and_time if story.is_public}
    assert {story.status for story in public} == set(PUBLIC_STATUSES)


def test_public_q_through_a_relation_matches_published(every_state_and_time):
    author = AuthorFactory()
    for story in every_state_and_time:
        story.storyauthor_set.create(author=author)
    through_relation = Author.objects.filter(public_q("stories")).values_list("stories", flat=True)
    assert set(through_relation) == set(Story.objects.published().values_list("pk", flat=True))
    assert set(Story.objects.filter(public_q())) == set(Story.objects.published())


def test_upcoming_and_due_split_the_public_states_by_time(every_state_and_time):
    upcoming = set(Story.objects.upcoming())
    assert upcoming == {
        story
        for story in every_state_and_time
        if story.status in PUBLIC_STATUSES and story.published_at > timezone.now()
    }
    assert not upcoming & set(Story.objects.published())
    due = list(Story.objects.due())
    assert due and {(story.status, story.is_public) for story in due} == {("scheduled", True)}
    assert set(Story.objects.filter(upcoming_q())) == upcoming
    assert set(Story.objects.filter(due_q())) == set(Story.objects.due())


def test_the_partial_indexes_repeat_the_public_condition():
    """Every partial index over public stories, and only the live stories' index besides."""
    conditions = {index.name: index.condition for index in Story._meta.indexes if index.condition}
    assert conditions.pop("story_live_idx").children == [("live", True)]
    assert len(conditions) == 3
    for condition in conditions.values():
        assert condition.children == [("status__in", list(PUBLIC_STATUSES))]


STATUS_WORDS = {"published", "scheduled", "PUBLISHED", "SCHEDULED"}
# The definition of public, the workflow that moves stories between states, and the
# migrations that froze both; everything else asks them.
MAY_NAME_PUBLIC_STATES = {"models/visibility.py", "editorial/workflow.py"}


def _names_a_public_state(node: ast.AST) -> bool:
    return any(
        (isinstance(part, ast.Constant) and part.value in STATUS_WORDS)
        or (isinstance(part, ast.Attribute) and part.attr in STATUS_WORDS)
        for part in ast.walk(node)
    )


def status_comparisons(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare) and _names_a_public_state(node):
            yield node.lineno
        elif isinstance(node, ast.keyword) and "status" in (node.arg or ""):
            if _names_a_public_state(node.value):
                yield node.value.lineno
        elif isinstance(node, ast.Dict):
            yield from (
                value.lineno
                for key, value in zip(node.keys, node.values, strict=True)
                if isinstance(key, ast.Constant)
                and "status" in str(key.value)
                and _names_a_public_state(value)
            )


def test_no_code_compares_a_status_with_published_or_scheduled_but_the_definition():
    root = Path(articles.__file__).parent
    found = []
    for module in root.rglob("*.py"):
        relative = module.relative_to(root).as_posix()
        if relative in MAY_NAME_PUBLIC_STATES or relative.startswith("migrations/"):
            continue
        tree = ast.parse(module.read_text(), filename=relative)
        found += [f"{relative}:{line}" for line in status_comparisons(tree)]
    assert found == []
