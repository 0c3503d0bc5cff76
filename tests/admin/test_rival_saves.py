"""Editors saving the same story at the same moment: one wins, the others keep their text."""

import re
import threading
import time

import pytest
from django.contrib.auth.models import Group
from django.db import connection, transaction
from django.test import Client

from articles.models import Story
from tests.admin.test_workflow_buttons import change_form_data, change_url
from tests.support.factories import StoryFactory, UserFactory

EDITORS = 8


def backends_waiting_for_a_lock() -> int:
    """Asked on a connection of its own: a transaction sees pg_stat_activity frozen."""
    counted = []

    def count():
        try:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT count(*) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND wait_event_type = 'Lock'"
                )
                counted.append(cursor.fetchone()[0])
        finally:
            connection.close()

    asking = threading.Thread(target=count)
    asking.start()
    asking.join()
    return counted[0]


@pytest.mark.django_db(transaction=True)
def test_editors_who_lose_a_race_get_the_form_back_with_their_text():
    """Every save passes the version check, then all wait on the row: one wins, seven lose.

    The row is held from here until all eight wait for it, so the order is the one the
    finding describes, whatever the timing of the threads.
    """
    if connection.vendor != "postgresql":
        pytest.skip("Only PostgreSQL lets rival saves run at the same moment.")
    story = StoryFactory(headline="Council meets")
    browsers = []
    for number in range(EDITORS):
        editor = UserFactory(username=f"rival-editor-{number}")
        editor.save()
        editor.groups.add(Group.objects.get(name="Editor"))
        browser = Client()
        browser.force_login(editor)
        browsers.append(browser)
    answers: dict[int, object] = {}

    def save(number: int) -> None:
        try:
            answers[number] = browsers[number].post(
                change_url(story), change_form_data(story, headline=f"Council meets, take {number}")
            )
        finally:
            connection.close()

    savers = [threading.Thread(target=save, args=(number,)) for number in range(EDITORS)]
    with transaction.atomic():
        Story.objects.select_for_update().get(pk=story.pk)
        for saver in savers:
            saver.start()
        deadline = time.monotonic() + 60
        while backends_waiting_for_a_lock() < EDITORS:
            assert time.monotonic() < deadline, "the saves never queued on the story's row"
            time.sleep(0.02)
    for saver in savers:
        saver.join()

    winners = [number for number, answer in answers.items() if answer.status_code == 302]
    assert len(winners) == 1
    story.refresh_from_db()
    assert (story.headline, story.version) == (f"Council meets, take {winners[0]}", 2)
    for number, answer in answers.items():
        if number in winners:
            continue
        assert answer.status_code == 200, number
        html = answer.content.decode()
        assert "Someone else saved this story after you opened it" in html
        headline = re.search(r'<input type="text" name="headline"[^>]*>', html).group(0)
        assert f'value="Council meets, take {number}"' in headline
