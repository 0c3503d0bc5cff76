"""Several editors saving through the admin at the same moment, on a SQLite database file.

Run as ``python -m tests.support.sqlite_editors`` with ``DATABASE_URL`` naming a new database
file: it migrates it, lets ``EDITORS`` editors save their stories at once, ``ROUNDS`` times,
and prints the status codes they were answered with as JSON.
"""

from __future__ import annotations

import json
import os
import threading

import django

EDITORS = 6
ROUNDS = 3


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    django.setup()
    from django.contrib.auth.models import Group, User
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from articles.models import Section, Story

    call_command("migrate", verbosity=0)
    section = Section.objects.create(name="Town", slug="town")
    editors = []
    for number in range(EDITORS):
        user = User.objects.create_user(f"editor-{number}", is_staff=True)
        user.groups.add(Group.objects.get(name="Editor"))
        story = Story.objects.create(
            headline=f"Story {number}", slug=f"story-{number}", section=section, created_by=user
        )
        client = Client()
        client.force_login(user)
        editors.append((client, story.pk))
    start_together = threading.Barrier(EDITORS)
    answers: list[int] = []

    def save(client: Client, story_pk: int) -> None:
        try:
            for round_number in range(ROUNDS):
                story = Story.objects.get(pk=story_pk)
                start_together.wait()
                response = client.post(
                    f"/admin/articles/story/{story_pk}/change/",
                    {
                        "headline": f"Story {story_pk}, take {round_number}",
                        "slug": story.slug,
                        "body": "<p>Filed.</p>",
                        "section": section.pk,
                        "priority": 0,
                        "expected_version": story.version,
                        "storyauthor_set-TOTAL_FORMS": 0,
                        "storyauthor_set-INITIAL_FORMS": 0,
                        "corrections-TOTAL_FORMS": 0,
                        "corrections-INITIAL_FORMS": 0,
                    },
                )
                answers.append(response.status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=editor) for editor in editors]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print(json.dumps({"answers": answers, "journal_mode": journal_mode()}))


def journal_mode() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        return cursor.fetchone()[0]


if __name__ == "__main__":
    main()
