"""Staff see background tasks that failed for good, with the error, and can run them again."""

from __future__ import annotations

import pytest
from django.urls import reverse

from articles.models import FailedTask
from tests.support.flaky_tasks import needs_file

pytestmark = pytest.mark.django_db


def test_the_list_shows_the_task_its_arguments_and_error(admin_client, tmp_path):
    needs_file.enqueue(str(tmp_path / "missing.txt"))
    page = admin_client.get(reverse("admin:articles_failedtask_changelist"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "needs file" in html
    assert "FileNotFoundError" in html
    assert "missing.txt" in html
    assert admin_client.get(reverse("admin:articles_failedtask_add")).status_code == 403


def test_running_again_clears_a_task_that_now_succeeds(admin_client, tmp_path):
    path = tmp_path / "later.txt"
    needs_file.enqueue(str(path))
    failed = FailedTask.objects.get()
    path.write_text("here now")
    answer = admin_client.post(
        reverse("admin:articles_failedtask_changelist"),
        {"action": "run_again", "_selected_action": [failed.pk]},
        follow=True,
    )
    assert answer.status_code == 200
    assert not FailedTask.objects.exists()


def test_a_row_naming_something_other_than_a_task_is_not_run(admin_client):
    failed = FailedTask.objects.create(
        task_path="os.remove",
        arguments={"args": ["/etc/hostname"], "kwargs": {}},
        call_key="x" * 64,
        error="forged",
        first_failed_at="2026-01-01T00:00:00Z",
        last_failed_at="2026-01-01T00:00:00Z",
    )
    answer = admin_client.post(
        reverse("admin:articles_failedtask_changelist"),
        {"action": "run_again", "_selected_action": [failed.pk]},
        follow=True,
    )
    assert "is not a task" in answer.content.decode()


def test_editors_without_the_permission_do_not_see_the_list(client, editor):
    client.force_login(editor)
    assert client.get(reverse("admin:articles_failedtask_changelist")).status_code == 403
