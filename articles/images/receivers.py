"""Files follow their rows: a new image gets its page renditions, a deleted one loses files."""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from articles.images.renditions import make_page_renditions
from articles.models import Image, Rendition


@receiver(post_save, sender=Image, dispatch_uid="articles_image_page_renditions")
def make_renditions_for_new_image(sender, instance, created, raw=False, **kwargs) -> None:
    """However an image arrives (admin, ingest, demo), pages find its renditions ready.

    Made after commit, outside the request that reads the page; a failure only means the
    first page view makes them instead.
    """
    if created and not raw:
        transaction.on_commit(lambda: make_page_renditions(instance))


@receiver(post_delete, sender=Image, dispatch_uid="articles_image_file_delete")
@receiver(post_delete, sender=Rendition, dispatch_uid="articles_rendition_file_delete")
def delete_file_with_row(sender, instance, **kwargs) -> None:
    """Delete the stored file once the deletion is committed (a rollback keeps it)."""
    if instance.file and instance.file.name:
        storage, name = instance.file.storage, instance.file.name
        transaction.on_commit(lambda: storage.delete(name))
