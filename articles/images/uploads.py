"""The one way a photo enters the library: check, strip, store, then the row.

The admin's upload form, ingest and the demo data all come through here, so every image
is checked (``validation``), stored without its metadata (``stripping``) under a random
name (``Image.file``'s ``upload_to``), and saved with its tags in one transaction. Nothing
is left behind when any step fails, and two uploads of the same photo at once end with
one image: the unique constraint on ``content_hash`` decides, and the other upload is
told the photo is already in the library.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.html import format_html

from articles.images.metadata import PhotoMetadata, prefill
from articles.images.stripping import strip_metadata
from articles.images.validation import CheckedUpload, check_upload
from articles.models import Image

# What ``original_upload_to`` names a file: 128 random bits in hex, then the extension.
RANDOM_ORIGINAL_NAME = re.compile(r"[0-9a-f]{32}(\.[a-z0-9]+)?")

# The originals stored inside the innermost ``originals_deleted_on_failure`` block.
_stored_originals: ContextVar[list[tuple[Storage, str]] | None] = ContextVar(
    "stored_originals", default=None
)


class DuplicateImage(ValidationError):
    """The same file is already in the library; ``existing`` is that image."""

    def __init__(self, existing: Image):
        self.existing = existing
        super().__init__(
            format_html(
                'This photo is already in the library: <a href="{}">{}</a>. Use that one.',
                reverse("admin:articles_image_change", args=[existing.pk]),
                existing,
            ),
            code="duplicate",
        )


@dataclass(frozen=True)
class PreparedPhoto:
    """A checked photo not yet in the library, and the bytes to store: no metadata inside."""

    checked: CheckedUpload
    content: bytes


def prepare_upload(upload) -> PreparedPhoto:
    """Check an upload, refuse a photo already in the library, and strip its metadata.

    Raises ValidationError with a clear reason (DuplicateImage for a known photo).
    """
    checked = check_upload(upload)
    refuse_duplicate(checked.content_hash)
    content = strip_metadata(checked.raw, format=checked.format, orientation=checked.orientation)
    return PreparedPhoto(checked=checked, content=content)


def refuse_duplicate(content_hash: str) -> None:
    existing = find_duplicate(content_hash)
    if existing:
        raise DuplicateImage(existing)


def find_duplicate(content_hash: str) -> Image | None:
    return Image.objects.filter(content_hash=content_hash).first()


def fill_image_from_photo(image: Image, photo: PreparedPhoto) -> list[str]:
    """Give ``image`` the photo's facts and fill its empty fields from the photo's metadata.

    Returns the names of the fields that were filled from the metadata.
    """
    checked = photo.checked
    image.width, image.height = checked.width, checked.height
    image.file_size = len(photo.content)
    image.format = checked.format
    image.content_hash = checked.content_hash
    image.original_name = checked.original_name
    values = {field: getattr(image, field) for field in PhotoMetadata.IMAGE_FIELDS}
    filled = prefill(values, checked.metadata)
    for field in filled:
        setattr(image, field, values[field])
    return filled


def store_photo(*, image: Image, photo: PreparedPhoto, tags: Iterable[str] | None = None) -> Image:
    """Store ``photo`` as the new library image ``image`` and save it with its tags.

    ``image`` is unsaved and holds what the editor or feed gave (caption, credit...),
    which wins over the photo's metadata; the photo's keywords become tags unless
    ``tags`` is given. On any failure the stored file is deleted again. Raises
    DuplicateImage when another upload of the same photo was saved first.
    """
    if image.pk is not None:
        raise ValueError("store_photo adds a new image; an image keeps the photo it has.")
    with originals_deleted_on_failure():
        # The name is only read for its extension: upload_to picks a random one.
        image.file.save(f"photo.{photo.checked.extension}", ContentFile(photo.content), save=False)
        _remember_stored(image.file.storage, image.file.name)
        # After storing, which leaves the dimensions to be read again from the file.
        fill_image_from_photo(image, photo)
        try:
            with transaction.atomic():
                image.save()
                image.tags.set(list(tags) if tags else list(photo.checked.metadata.keywords))
        except IntegrityError as error:
            # The constraint on content_hash is the arbiter between two uploads at once:
            # the one that lost finds the other's image here, committed.
            existing = find_duplicate(photo.checked.content_hash)
            if existing is None:
                raise
            raise DuplicateImage(existing) from error
    return image


def create_image_from_upload(
    *, upload, uploaded_by, tags: Iterable[str] | None = None, **fields
) -> Image:
    """Check an upload and store it as a new library image, or store nothing at all.

    Fields given (caption, credit...) win over the photo's own metadata; keywords become
    tags unless ``tags`` is given. Raises ValidationError (DuplicateImage for a known photo).
    """
    photo = prepare_upload(upload)
    return store_photo(image=Image(uploaded_by=uploaded_by, **fields), photo=photo, tags=tags)


def give_original_a_random_name(*, image: Image) -> bool:
    """Move an original stored under its upload name (as before random names) to a random one.

    The row is changed only if it still names the old file; the old file is deleted once
    that is committed. Returns whether the original was moved.
    """
    old_name = image.file.name
    if not old_name or RANDOM_ORIGINAL_NAME.fullmatch(PurePosixPath(old_name).name):
        return False
    storage = image.file.storage
    with originals_deleted_on_failure():
        with storage.open(old_name, "rb") as old_file:
            new_name = storage.save(image.file.field.generate_filename(image, old_name), old_file)
        _remember_stored(storage, new_name)
        with transaction.atomic():
            moved = Image.objects.filter(pk=image.pk, file=old_name).update(
                file=new_name, original_name=image.original_name or PurePosixPath(old_name).name
            )
            if not moved:
                raise Image.DoesNotExist(f"Image {image.pk} was deleted or changed meanwhile.")
            transaction.on_commit(lambda: storage.delete(old_name))
    image.file.name = new_name
    image.original_name = image.original_name or PurePosixPath(old_name).name
    return True


@contextmanager
def originals_deleted_on_failure() -> Iterator[None]:
    """Delete the originals stored inside the block if the block fails.

    Files are not part of a transaction: a caller whose own transaction may still roll
    back after ``store_photo`` (the admin's add view) wraps it in this too, so a row that
    is never committed leaves no file behind.
    """
    outer = _stored_originals.get()
    stored: list[tuple[Storage, str]] = []
    token = _stored_originals.set(stored)
    try:
        yield
    except BaseException:
        for storage, name in stored:
            storage.delete(name)
        raise
    finally:
        _stored_originals.reset(token)
    if outer is not None:
        outer.extend(stored)


def _remember_stored(storage: Storage, name: str) -> None:
    stored = _stored_originals.get()
    if stored is not None:
        stored.append((storage, name))
