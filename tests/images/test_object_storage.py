"""Media on S3-compatible storage, for real: a local S3 server (moto's), django-storages.

An upload through the admin lands in the bucket without location metadata, its renditions
are made and read back through their public URLs, and deleting the image removes every
object it had.
"""

from __future__ import annotations

import io
import urllib.request

import pytest
from PIL import ExifTags
from PIL import Image as PillowImage

from articles.models import Image, Rendition
from tests.support.object_storage import ACCESS_KEY, BUCKET, REGION, SECRET_KEY, s3_server
from tests.support.photos import gps_exif, photo_bytes, upload


@pytest.fixture
def s3_bucket(settings, tmp_path):
    with s3_server(tmp_path) as storage:
        settings.STORAGES = {
            **settings.STORAGES,
            "default": {
                "BACKEND": "storages.backends.s3.S3Storage",
                "OPTIONS": {
                    "bucket_name": BUCKET,
                    "endpoint_url": storage.endpoint,
                    "region_name": REGION,
                    "access_key": ACCESS_KEY,
                    "secret_key": SECRET_KEY,
                    "querystring_auth": False,
                    "file_overwrite": False,
                    "default_acl": None,
                    "addressing_style": "path",
                },
            },
        }
        yield storage.client


def keys_in(client) -> set[str]:
    return {item["Key"] for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", [])}


def test_an_upload_lives_in_the_bucket_with_renditions_and_leaves_with_the_image(
    s3_bucket, admin_client, django_capture_on_commit_callbacks
):
    content = photo_bytes(1600, 1000, exif=gps_exif())
    with django_capture_on_commit_callbacks(execute=True):
        answer = admin_client.post(
            "/admin/articles/image/add/",
            {
                "file": upload(content, "harbour.jpg"),
                "caption": "Boats in the harbour — قوارب في الميناء",
                "credit": "Desk",
                "alt_text": "Boats",
                "focal_x": "0.5",
                "focal_y": "0.5",
            },
        )
    assert answer.status_code == 302, answer.content.decode()[:2000]
    image = Image.objects.get()
    renditions = list(Rendition.objects.filter(image=image))
    assert len(renditions) >= 8
    stored = keys_in(s3_bucket)
    assert stored == {image.file.name, *(rendition.file.name for rendition in renditions)}

    original = s3_bucket.get_object(Bucket=BUCKET, Key=image.file.name)["Body"].read()
    with PillowImage.open(io.BytesIO(original)) as picture:
        assert ExifTags.IFD.GPSInfo not in picture.getexif()
        assert not picture.getexif().get_ifd(ExifTags.IFD.GPSInfo)

    for rendition in renditions:
        assert rendition.file.url.startswith("http://127.0.0.1:")
        with urllib.request.urlopen(rendition.file.url, timeout=10) as public:
            body = public.read()
        with PillowImage.open(io.BytesIO(body)) as version:
            assert version.width == rendition.width
            assert not version.getexif().get_ifd(ExifTags.IFD.GPSInfo)

    with django_capture_on_commit_callbacks(execute=True):
        answer = admin_client.post(f"/admin/articles/image/{image.pk}/delete/", {"post": "yes"})
    assert answer.status_code == 302
    assert keys_in(s3_bucket) == set()
