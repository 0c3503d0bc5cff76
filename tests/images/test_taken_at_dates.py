"""A photo's date created, from its metadata or typed in the admin, follows the date rules:
a camera clock at year 1 or an offset past the calendar's end never stops an upload."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags
from PIL import Image as PillowImage

from articles.images.uploads import create_image_from_upload
from articles.models import Image
from tests.support.photos import iim_records, photo_bytes, upload, xmp_packet

pytestmark = pytest.mark.django_db


def exif_taken(value: str) -> PillowImage.Exif:
    exif = PillowImage.Exif()
    exif.get_ifd(ExifTags.IFD.Exif)[ExifTags.Base.DateTimeOriginal] = value
    return exif


HOSTILE_PHOTOS = {
    "xmp-year-1-plus-one-hour": lambda: photo_bytes(
        xmp=xmp_packet(**{"photoshop:DateCreated": "0001-01-01T00:00:00+01:00"})
    ),
    "xmp-year-9999-minus-14-hours": lambda: photo_bytes(
        xmp=xmp_packet(**{"photoshop:DateCreated": "9999-12-31T23:59:59-14:00"})
    ),
    "xmp-year-9999-plus-23-59": lambda: photo_bytes(
        xmp=xmp_packet(**{"photoshop:DateCreated": "9999-12-31T23:59:59+23:59"})
    ),
    "iim-year-1-plus-23-59": lambda: photo_bytes(
        iim=iim_records({(2, 55): "00010101", (2, 60): "000000+2359"})
    ),
    "iim-year-9999-minus-23-59": lambda: photo_bytes(
        iim=iim_records({(2, 55): "99991231", (2, 60): "235959-2359"})
    ),
    "exif-year-1": lambda: photo_bytes(exif=exif_taken("0001:01:01 00:00:00")),
    "exif-year-9999": lambda: photo_bytes(exif=exif_taken("9999:12:31 23:59:59")),
}


@pytest.mark.parametrize("case", HOSTILE_PHOTOS)
def test_a_date_created_outside_the_rules_is_left_empty(case):
    image = create_image_from_upload(upload=upload(HOSTILE_PHOTOS[case]()), uploaded_by=None)
    image.refresh_from_db()
    assert image.taken_at is None


@pytest.mark.parametrize("case", HOSTILE_PHOTOS)
def test_the_admin_uploads_such_a_photo_and_lists_it(client, editor, case):
    editor.save()
    client.force_login(editor)
    response = client.post(
        "/admin/articles/image/add/",
        {
            "file": SimpleUploadedFile("photo.jpg", HOSTILE_PHOTOS[case](), "image/jpeg"),
            "caption": "Boats",
            "credit": "Wire",
            "alt_text": "Boats in a harbour",
            "focal_x": "0.5",
            "focal_y": "0.5",
        },
    )
    assert response.status_code == 302
    assert client.get("/admin/articles/image/").status_code == 200


def test_an_archive_photo_keeps_its_old_date():
    content = photo_bytes(xmp=xmp_packet(**{"photoshop:DateCreated": "1912-04-10T12:00:00Z"}))
    image = create_image_from_upload(upload=upload(content), uploaded_by=None)
    assert image.taken_at == datetime(1912, 4, 10, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("day", "time"),
    [("0001-01-01", "00:00:00"), ("9999-12-31", "23:59:59"), ("1825-12-31", "12:00:00")],
)
def test_typing_such_a_date_in_the_admin_is_a_form_error(client, chief, day, time):
    image = create_image_from_upload(upload=upload(photo_bytes()), uploaded_by=None)
    client.force_login(chief)
    response = client.post(
        f"/admin/articles/image/{image.pk}/change/",
        {
            "caption": "Boats",
            "credit": "Wire",
            "alt_text": "Boats",
            "taken_at_0": day,
            "taken_at_1": time,
            "focal_x": "0.5",
            "focal_y": "0.5",
        },
    )
    assert response.status_code == 200
    assert "taken_at" in response.context["adminform"].form.errors
    assert Image.objects.get(pk=image.pk).taken_at is None
