"""Files follow their rows: a deleted image or rendition takes its file with it."""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from articles.models import Image, Rendition


@receiver(post_delete, sender=Image, dispatch_uid="articles_image_file_delete")
@receiver(post_delete, sender=Rendition, dispatch_uid="articles_rendition_file_delete")
def delete_file_with_row(sender, instance, **kwargs) -> None:
    """Delete the stored file once the deletion is committed (a rollback keeps it)."""
    if instance.file and instance.file.name:
        storage, name = instance.file.storage, instance.file.name
        transaction.on_commit(lambda: storage.delete(name))
