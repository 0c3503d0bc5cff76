"""Files follow their rows: a new image gets its page renditions, a deleted one loses files."""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from articles.background.queue import enqueue_on_commit
from articles.background.tasks import make_image_renditions
from articles.models import Image, Rendition


@receiver(post_save, sender=Image, dispatch_uid="articles_image_page_renditions")
def make_renditions_for_image(sender, instance, created, raw=False, **kwargs) -> None:
    """However an image arrives or changes (admin, ingest, demo), a task makes its renditions.

    Enqueued after commit, so the admin answers once the original is stored; until the
    renditions exist, pages show the original at its size (``responsive_image``). The task
    makes only what is missing, so saving a caption costs one query in the worker.
    """
    if not raw:
        enqueue_on_commit(make_image_renditions, instance.pk)


@receiver(post_delete, sender=Image, dispatch_uid="articles_image_file_delete")
@receiver(post_delete, sender=Rendition, dispatch_uid="articles_rendition_file_delete")
def delete_file_with_row(sender, instance, **kwargs) -> None:
    """Delete the stored file once the deletion is committed (a rollback keeps it)."""
    if instance.file and instance.file.name:
        storage, name = instance.file.storage, instance.file.name
        transaction.on_commit(lambda: storage.delete(name))
