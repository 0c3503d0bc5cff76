"""An upload on one app server is served by the other: media on S3, renditions by the worker.

Two gunicorn servers and a task worker share PostgreSQL, Redis and an S3-compatible server
(moto's, run by the test). The editor uploads through the first server's admin, which
answers once the original is in the bucket; the second server shows a placeholder of the
picture's size until the worker has made the renditions, then the renditions, which
readers fetch from the bucket by their public URLs.
"""

from __future__ import annotations

import io
import os
import re
import sys
import urllib.request

import pytest
from django.conf import global_settings
from django.contrib.auth.models import Group
from django.db import connection
from PIL import ExifTags
from PIL import Image as PillowImage

from articles.models import Image, Rendition, Section, Story
from tests.support.browser_session import AdminSession
from tests.support.factories import UserFactory
from tests.support.object_storage import s3_server
from tests.support.photos import gps_exif, photo_bytes
from tests.support.processes import (
    child_env,
    get,
    redis_or_skip,
    servers,  # noqa: F401
    shared_database_url,
    start,
    stop,
    wait_for,
)

PASSWORD = "two-servers-media-password"
# Redis databases of their own: this test flushes them.
CACHE_DB = int(os.environ.get("TEST_REDIS_MEDIA_CACHE_DB", "11"))
TASKS_DB = int(os.environ.get("TEST_REDIS_MEDIA_TASKS_DB", "12"))


@pytest.fixture
def site_on_s3(transactional_db, tmp_path, servers, settings):  # noqa: F811
    if connection.vendor != "postgresql":
        pytest.skip("two app servers share PostgreSQL; SQLite is a one-machine database")
    cache_redis, tasks_redis = redis_or_skip(CACHE_DB), redis_or_skip(TASKS_DB)
    cache_redis.flushdb()
    tasks_redis.flushdb()
    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS
    with s3_server(tmp_path) as storage:
        env = child_env(
            DATABASE_URL=shared_database_url(tmp_path),
            REDIS_URL=f"redis://127.0.0.1:6379/{CACHE_DB}",
            TASKS_BACKEND="rq",
            TASKS_REDIS_URL=f"redis://127.0.0.1:6379/{TASKS_DB}",
            TASKS_CLOCK_SECONDS="3600",
            PAGE_CACHE_TIMEOUT="300",
            DATABASE_CONN_MAX_AGE="0",
            CACHE_DIR=str(tmp_path / "cache"),
            **storage.environment(),
        )
        first = servers(env, tmp_path / "first.log")
        second = servers(env, tmp_path / "second.log")
        yield storage, env, first, second
    cache_redis.flushdb()
    tasks_redis.flushdb()


def test_a_photo_uploaded_on_one_server_is_shown_with_its_renditions_by_the_other(
    site_on_s3, tmp_path
):
    storage, env, first, second = site_on_s3
    editor = UserFactory(username="photo-desk", is_staff=True)
    editor.set_password(PASSWORD)
    editor.save()
    editor.groups.add(Group.objects.get(name="Editor"))

    desk = AdminSession()
    assert desk.log_in(first, "photo-desk", PASSWORD) == 200
    status, page = desk.post_files(
        f"{first}/admin/articles/image/add/",
        {
            "caption": "قوارب الصيد في الميناء عند الفجر",
            "credit": "Photo desk",
            "alt_text": "Fishing boats in the harbour",
            "focal_x": "0.5",
            "focal_y": "0.5",
        },
        {"file": ("harbour.jpg", photo_bytes(1600, 1000, exif=gps_exif()), "image/jpeg")},
    )
    assert status == 302, page[-3000:]
    image = Image.objects.get()
    # The admin answered with the original stored and no rendition made: that is the worker's.
    assert storage.keys() == {image.file.name}
    assert not Rendition.objects.exists()
    original = storage.client.get_object(Bucket="newsroom-media", Key=image.file.name)
    with PillowImage.open(io.BytesIO(original["Body"].read())) as picture:
        assert not picture.getexif().get_ifd(ExifTags.IFD.GPSInfo)

    section = Section.objects.create(name="Harbour", slug="harbour")
    Story.objects.create(
        headline="Fishing fleet returns", slug="fleet", body="<p>The boats are back.</p>",
        section=section, lead_image=image, status="published",
        published_at="2026-01-05T09:00:00Z",
    )  # fmt: skip
    status, headers, page = get(f"{second}/stories/fleet/")
    assert status == 200
    # Before the worker: a placeholder of the picture's size, never a broken image.
    assert re.search(r'<img src="[^"]+" width="\d+" height="\d+"[^>]*class="image-pending', page)
    assert get(f"{second}/stories/fleet/")[1]["X-Cache"] == "HIT"

    worker = start(
        [sys.executable, "manage.py", "tasks_worker", "--name", "media-worker"],
        env=env,
        log=tmp_path / "worker.log",
    )
    try:
        wait_for(lambda: Rendition.objects.count() >= 8, timeout=60, what="the renditions")
    finally:
        stop(worker)

    renditions = {r.file.name: r for r in Rendition.objects.filter(image=image)}
    assert storage.keys() == {image.file.name, *renditions}
    # The worker's invalidation reached the shared cache: the other server renders again.
    status, headers, page = get(f"{second}/stories/fleet/")
    assert headers["X-Cache"] == "MISS"
    assert "image-pending" not in page
    shown = re.findall(rf"{re.escape(storage.endpoint)}/newsroom-media/([^\s\"]+)", page)
    assert shown and set(shown) <= set(renditions)
    for name in set(shown):
        with urllib.request.urlopen(f"{storage.endpoint}/newsroom-media/{name}") as public:
            data = public.read()
        with PillowImage.open(io.BytesIO(data)) as version:
            assert version.width == renditions[name].width
