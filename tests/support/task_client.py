"""A second process that talks to the task queue, for tests that run a real worker.

``python -m tests.support.task_client <command> [json]`` with ``DATABASE_URL`` and
``TASKS_BACKEND=rq`` set: ``setup`` makes an image, a story scheduled a moment ahead, a
story with a video embed, a source whose feed answers and one whose feed cannot be reached,
and enqueues work through the Tasks API; ``state`` prints what the database holds now.
Both print JSON.
"""

from __future__ import annotations

import json
import os
import sys
from datetime import timedelta

import django


def setup(options: dict) -> dict:
    from django.contrib.auth.models import User
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from articles.background.tasks import make_image_renditions
    from articles.editorial import workflow
    from articles.images.uploads import create_image_from_upload
    from articles.models import Section, Source, Story
    from tests.support.photos import photo_bytes

    section = Section.objects.create(name="Harbour", slug="harbour")
    editor = User.objects.create_superuser("desk", password="desk-password-long")
    # Creating the image enqueues its renditions after the commit (the receiver); the
    # explicit call enqueues the same work again, which must be harmless.
    image = create_image_from_upload(
        upload=ContentFile(photo_bytes(1600, 900), name="quay.jpg"),
        uploaded_by=editor,
        caption="The quay at dawn",
        credit="Desk",
        alt_text="A quay",
    )
    make_image_renditions.enqueue(image.pk)
    story = Story.objects.create(
        headline="Ferry timetable changes",
        slug="ferry",
        body="<p>The winter timetable starts on Monday.</p>",
        section=section,
        created_by=editor,
    )
    workflow.schedule(
        story, editor, timezone.now() + timedelta(seconds=options.get("publish_in", 2))
    )
    # Saving a body with an embed not yet asked about enqueues the oEmbed task.
    embedded = Story.objects.create(
        headline="Storm over the harbour wall",
        slug="storm",
        body="<p>العاصفة فوق جدار الميناء.</p>"
        '<figure data-embed="https://www.youtube.com/watch?v=dQw4w9WgXcQ"></figure>',
        section=section,
        created_by=editor,
    )
    working = Source.objects.create(
        name="Courier", slug="courier", feed_url=options["feed_url"], poll_interval=60
    )
    broken = Source.objects.create(
        name="Gone", slug="gone", feed_url=options["broken_url"], poll_interval=60
    )
    return {
        "image": image.pk,
        "story": story.pk,
        "embed_story": embedded.pk,
        "working_source": working.pk,
        "broken_source": broken.pk,
    }


def site(options: dict) -> dict:
    """A section, a partner that auto-publishes, and one public story."""
    from django.utils import timezone

    from articles.models import Section, Source, Story

    section = Section.objects.create(name="Harbour", slug="harbour")
    source = Source.objects.create(name="Courier", slug="courier", auto_publish=True)
    Story.objects.create(
        headline="Quay repairs finished",
        slug="quay",
        body="<p>The quay reopened.</p>",
        section=section,
        status="published",
        published_at=timezone.now() - timedelta(hours=1),
    )
    return {"source": source.slug}


def state(options: dict) -> dict:
    from articles.models import FailedTask, Rendition, Source, Story

    return {
        "renditions": Rendition.objects.filter(image_id=options["image"]).count(),
        "rendition_files": sorted(
            Rendition.objects.filter(image_id=options["image"]).values_list("file", flat=True)
        ),
        "story_status": Story.objects.get(pk=options["story"]).status,
        "embed_body": Story.objects.get(pk=options["embed_story"]).body,
        "story_events": list(
            Story.objects.get(pk=options["story"]).events.values_list("action", "actor")
        ),
        "ingested": list(
            Story.objects.filter(source_id=options["working_source"]).values_list(
                "headline", flat=True
            )
        ),
        "polled": list(
            Source.objects.filter(last_polled_at__isnull=False).values_list("slug", flat=True)
        ),
        "failed": [
            {"task": failed.task_path, "args": failed.arguments, "attempts": failed.attempts,
             "error": failed.error}
            for failed in FailedTask.objects.all()
        ],
    }  # fmt: skip


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    django.setup()
    command = sys.argv[1]
    options = json.loads(sys.argv[2]) if len(sys.argv) > 2 else {}
    if command == "migrate":
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        result: dict = {}
    else:
        result = {"setup": setup, "site": site, "state": state}[command](options)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
