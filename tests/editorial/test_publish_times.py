"""Publishing and scheduling keep a story's times in order, whatever the story carried."""

import json
from datetime import UTC, datetime

import pytest
from freezegun import freeze_time

from articles.editorial import workflow
from articles.ingest.service import ingest_document
from articles.models import Story
from tests.admin.test_workflow_buttons import change_url
from tests.support.factories import SectionFactory, SourceFactory, StoryFactory

pytestmark = pytest.mark.django_db


def wire_item(**times) -> bytes:
    return json.dumps(
        {
            "uri": "urn:wire:ferry",
            "type": "text",
            "headlines": [{"role": "main", "value": "Ferry timetable changes"}],
            "bodies": [{"contenttype": "text/html", "value": "<p>Boats run hourly.</p>"}],
            **times,
        }
    ).encode()


@pytest.fixture
def ingested_draft():
    """A draft from the wire that carries a creation time and a later revision time."""
    SectionFactory(name="News", slug="news")
    source = SourceFactory(name="Wire", slug="wire")
    item = wire_item(
        firstcreated="2026-12-01T09:00:00+00:00", versioncreated="2026-12-02T09:00:00+00:00"
    )
    ingest_document(item, source)
    story = Story.objects.get()
    assert story.published_at == datetime(2026, 12, 1, 9, tzinfo=UTC)
    assert story.updated_at == datetime(2026, 12, 2, 9, tzinfo=UTC)
    return story


@freeze_time("2026-12-03 12:00:00")
def test_scheduling_an_ingested_draft_after_its_updated_time_works(client, editor, ingested_draft):
    """This answered 500: the updated time came before the new publish time."""
    client.force_login(editor)
    response = client.post(
        f"/admin/articles/story/{ingested_draft.pk}/transition/schedule/",
        {"publish_at": "2026-12-10T09:00"},
    )
    assert response.status_code == 302
    assert response["Location"] == change_url(ingested_draft)
    ingested_draft.refresh_from_db()
    assert ingested_draft.status == Story.Status.SCHEDULED
    assert ingested_draft.published_at == datetime(2026, 12, 10, 9, tzinfo=UTC)
    assert ingested_draft.updated_at is None


@freeze_time("2026-12-03 12:00:00")
def test_publishing_an_ingested_draft_keeps_its_times_when_they_are_in_order(
    editor, ingested_draft
):
    workflow.publish(ingested_draft, editor)
    ingested_draft.refresh_from_db()
    assert ingested_draft.published_at == datetime(2026, 12, 1, 9, tzinfo=UTC)
    assert ingested_draft.updated_at == datetime(2026, 12, 2, 9, tzinfo=UTC)


def test_a_rule_the_database_would_refuse_is_a_clear_refusal_not_an_error(
    client, editor, monkeypatch
):
    """Should a transition ever leave the times out of order, the desk reads why; no 500."""
    monkeypatch.setattr(workflow, "_keep_times_in_order", lambda story: None)
    story = StoryFactory(
        status="ready",
        published_at=datetime(2026, 1, 1, tzinfo=UTC),
        updated_at=datetime(2026, 1, 2, tzinfo=UTC),
    )
    client.force_login(editor)
    response = client.post(
        f"/admin/articles/story/{story.pk}/transition/schedule/",
        {"publish_at": "2999-01-01T09:00"},
        follow=True,
    )
    assert response.status_code == 200
    assert "Cannot schedule" in response.content.decode()
    story.refresh_from_db()
    assert story.status == "ready" and not story.events.exists()
