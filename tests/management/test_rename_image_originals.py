"""Originals stored before random names are moved to one; their upload name is kept."""

import re
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command

from articles.images.renditions import image_versions
from articles.models import Image
from tests.support.factories import ImageFactory, jpeg_bytes

pytestmark = pytest.mark.django_db


def stored_before_random_names(name: str, content: bytes) -> Image:
    image = ImageFactory(original_name="")
    default_storage.delete(image.file.name)
    old_name = default_storage.save(name, ContentFile(content))
    Image.objects.filter(pk=image.pk).update(file=old_name)
    return Image.objects.get(pk=image.pk)


def test_guessable_originals_move_to_random_names(django_capture_on_commit_callbacks):
    content = jpeg_bytes(80, 60)
    image = stored_before_random_names("images/2024/05/harbour_wall.jpg", content)
    versions = image_versions(image, (64,))
    already_random = ImageFactory()
    output = StringIO()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("rename_image_originals", stdout=output)

    image.refresh_from_db()
    assert re.fullmatch(r"images/\d{4}/\d{2}/[0-9a-f]{32}\.jpg", image.file.name)
    assert image.original_name == "harbour_wall.jpg"
    assert image.file.open("rb").read() == content
    assert not default_storage.exists("images/2024/05/harbour_wall.jpg")
    assert image_versions(image, (64,), generate=False) == versions
    unchanged = already_random.file.name
    already_random.refresh_from_db()
    assert already_random.file.name == unchanged
    assert "Moved 1 originals to random names; 0 could not be moved." in output.getvalue()

    output = StringIO()
    call_command("rename_image_originals", stdout=output)
    assert "Moved 0 originals" in output.getvalue()


def test_a_missing_original_is_reported_and_the_rest_moved(django_capture_on_commit_callbacks):
    missing = stored_before_random_names("images/2024/05/gone.jpg", jpeg_bytes())
    default_storage.delete(missing.file.name)
    present = stored_before_random_names("images/2024/05/here.jpg", jpeg_bytes(30, 20))
    output, errors = StringIO(), StringIO()

    with django_capture_on_commit_callbacks(execute=True):
        call_command("rename_image_originals", stdout=output, stderr=errors)

    # Fetched again, not refreshed: refreshing re-reads the missing file's dimensions.
    missing, present = Image.objects.get(pk=missing.pk), Image.objects.get(pk=present.pk)
    assert missing.file.name == "images/2024/05/gone.jpg"
    assert f"Image {missing.pk} (images/2024/05/gone.jpg) was not moved" in errors.getvalue()
    assert present.original_name == "here.jpg"
    assert "Moved 1 originals to random names; 1 could not be moved." in output.getvalue()
