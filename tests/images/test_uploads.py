"""The one way into the library: stored under a random name, all or nothing, once per photo."""

import re
import threading
from urllib.parse import quote

import pytest
from django.db import connection, transaction
from django.db.models.signals import post_save

from articles.images import uploads
from articles.images.uploads import (
    DuplicateImage,
    create_image_from_upload,
    originals_deleted_on_failure,
)
from articles.ingest.fetch import download_picture
from articles.models import Image
from tests.images.test_validation import stored_files
from tests.support.factories import SourceFactory
from tests.support.photos import photo_bytes, two_tone, upload

pytestmark = pytest.mark.django_db

RANDOM_ORIGINAL = re.compile(r"images/\d{4}/\d{2}/[0-9a-f]{32}\.(jpg|png|webp|gif)")


def originals(settings) -> list[str]:
    return sorted(
        path.relative_to(settings.MEDIA_ROOT).as_posix()
        for path in stored_files(settings)
        if path.relative_to(settings.MEDIA_ROOT).parts[0] == "images"
    )


def test_the_same_file_twice_offers_the_existing_image(settings):
    content = photo_bytes()
    first = create_image_from_upload(upload=upload(content, "one.jpg"), uploaded_by=None)
    with pytest.raises(DuplicateImage) as duplicate:
        create_image_from_upload(upload=upload(content, "two.jpg"), uploaded_by=None)
    assert duplicate.value.existing == first
    assert f"/admin/articles/image/{first.pk}/change/" in duplicate.value.messages[0]
    assert Image.objects.count() == 1
    assert len(stored_files(settings)) == 1


def test_a_failed_save_leaves_no_file(settings):
    with pytest.raises(Exception):  # noqa: B017 - the database refuses the focal point
        create_image_from_upload(upload=upload(photo_bytes()), uploaded_by=None, focal_x=2.0)
    assert not Image.objects.exists()
    assert stored_files(settings) == []


@pytest.mark.parametrize(
    "name", ["Harbour wall at dawn.jpg", "صورة الميناء عند الفجر.jpg", "DSC_0042.JPG"]
)
def test_the_original_is_stored_under_a_random_name_and_its_own_name_is_kept(settings, name):
    image = create_image_from_upload(upload=upload(photo_bytes(), name), uploaded_by=None)
    image.refresh_from_db()
    assert RANDOM_ORIGINAL.fullmatch(image.file.name)
    stem = name.rsplit(".", 1)[0]
    assert stem not in image.file.name
    assert not any(word.lower() in image.file.name for word in re.findall(r"\w{3,}", stem))
    assert image.original_name == name
    assert originals(settings) == [image.file.name]


def test_stored_names_cannot_be_guessed_from_one_another():
    names = [
        create_image_from_upload(
            upload=upload(photo_bytes(picture=two_tone(60 + n, 40)), "photo.jpg"), uploaded_by=None
        ).file.name
        for n in range(3)
    ]
    assert len(set(names)) == 3
    tokens = [name.rsplit("/", 1)[1].split(".")[0] for name in names]
    # 128 random bits each: no counter, no shared prefix that would narrow a guess.
    assert len({token[:8] for token in tokens}) == 3
    assert all(int(token, 16) for token in tokens)


def test_a_path_or_control_characters_in_the_upload_name_are_dropped():
    named = upload(photo_bytes(), "x.jpg")
    named.name = "C:\\Users\\desk\\Pictures\\Boats\u0007 at dawn.jpg"
    image = create_image_from_upload(upload=named, uploaded_by=None)
    assert image.original_name == "Boats at dawn.jpg"


def test_a_failure_after_the_file_is_stored_deletes_it(settings):
    def refuse(sender, instance, **kwargs):
        raise RuntimeError("the database went away")

    post_save.connect(refuse, sender=Image, dispatch_uid="test_refuse_image")
    try:
        with pytest.raises(RuntimeError):
            create_image_from_upload(upload=upload(photo_bytes()), uploaded_by=None)
    finally:
        post_save.disconnect(dispatch_uid="test_refuse_image", sender=Image)
    assert not Image.objects.exists()
    assert stored_files(settings) == []


def test_a_callers_transaction_failing_later_leaves_no_file(settings):
    with pytest.raises(RuntimeError), originals_deleted_on_failure(), transaction.atomic():
        create_image_from_upload(upload=upload(photo_bytes()), uploaded_by=None)
        raise RuntimeError("the story using it could not be saved")
    assert not Image.objects.exists()
    assert stored_files(settings) == []


def test_a_callers_block_that_succeeds_keeps_the_file(settings):
    with originals_deleted_on_failure():
        image = create_image_from_upload(upload=upload(photo_bytes()), uploaded_by=None)
    assert originals(settings) == [image.file.name]


def test_the_upload_that_loses_a_race_is_told_the_photo_is_in_the_library(settings, monkeypatch):
    """The other upload is saved between this one's duplicate check and its own save."""
    content = photo_bytes()
    check_first = uploads.refuse_duplicate
    winner = []

    def checked_just_before_the_other_was_saved(content_hash):
        check_first(content_hash)
        monkeypatch.setattr(uploads, "refuse_duplicate", check_first)
        winner.append(create_image_from_upload(upload=upload(content, "b.jpg"), uploaded_by=None))

    monkeypatch.setattr(uploads, "refuse_duplicate", checked_just_before_the_other_was_saved)
    with pytest.raises(DuplicateImage) as duplicate:
        create_image_from_upload(upload=upload(content, "a.jpg"), uploaded_by=None)
    assert duplicate.value.existing == winner[0]
    assert "already in the library" in duplicate.value.messages[0]
    assert list(Image.objects.all()) == winner
    assert originals(settings) == [winner[0].file.name]


@pytest.mark.django_db(transaction=True)
def test_two_uploads_of_one_photo_at_the_same_moment_make_one_image(settings, monkeypatch):
    """Two connections: both pass the duplicate check, then the unique constraint decides."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite takes one writer at a time; the race needs PostgreSQL")
    content = photo_bytes()
    both_checked = threading.Barrier(2, timeout=30)
    check = uploads.refuse_duplicate

    def check_then_wait_for_the_other(content_hash):
        check(content_hash)
        both_checked.wait()

    monkeypatch.setattr(uploads, "refuse_duplicate", check_then_wait_for_the_other)
    outcomes = []

    def upload_as(name):
        try:
            outcomes.append(
                create_image_from_upload(upload=upload(content, name), uploaded_by=None)
            )
        except Exception as error:  # noqa: BLE001 - the test reads every outcome
            outcomes.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=upload_as, args=(name,)) for name in ("a.jpg", "b.jpg")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    images = [outcome for outcome in outcomes if isinstance(outcome, Image)]
    duplicates = [outcome for outcome in outcomes if isinstance(outcome, DuplicateImage)]
    assert (len(images), len(duplicates)) == (1, 1), outcomes
    assert duplicates[0].existing.pk == images[0].pk
    assert "already in the library" in duplicates[0].messages[0]
    assert list(Image.objects.values_list("pk", flat=True)) == [images[0].pk]
    assert originals(settings) == [images[0].file.name]


def test_a_partners_picture_keeps_its_name_from_the_address(settings, local_server):
    settings.INGEST_ALLOW_PRIVATE_HOSTS = True
    (local_server.root / "صورة الميناء.jpg").write_bytes(photo_bytes())
    address = f"{local_server.url}/{quote('صورة الميناء.jpg')}"
    image = download_picture(
        address, agency=SourceFactory().name, caption="Harbour", credit="Wire", copyright=""
    )
    assert image.original_name == "صورة الميناء.jpg"
    assert RANDOM_ORIGINAL.fullmatch(image.file.name)
