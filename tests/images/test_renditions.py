import io

import pytest
from django.core.files.base import ContentFile
from django.template import Context, Template
from PIL import Image as PillowImage
from PIL import features

from articles.images.renditions import crop_box, image_versions, largest_version
from articles.models import Image, Rendition
from tests.support.factories import ImageFactory, StoryFactory
from tests.support.photos import gps_exif, photo_bytes

pytestmark = pytest.mark.django_db


def image_from(content: bytes, **fields) -> Image:
    return ImageFactory(file=ContentFile(content, name="raw.jpg"), **fields)


def open_version(version) -> PillowImage.Image:
    rendition = Rendition.objects.get(file=version.url.removeprefix("/media/"))
    return PillowImage.open(io.BytesIO(rendition.file.open("rb").read()))


def stored_renditions(settings):
    folder = settings.MEDIA_ROOT / "renditions"
    return sorted(folder.rglob("*.*")) if folder.exists() else []


@pytest.mark.parametrize(("format", "pillow_format"), [("jpeg", "JPEG"), ("webp", "WEBP")])
def test_versions_have_the_asked_widths_and_format_and_never_upscale(format, pillow_format):
    image = image_from(photo_bytes(1200, 800))
    versions = image_versions(image, (320, 640, 1920, 2400), format=format)
    assert [(v.width, v.height) for v in versions] == [(320, 213), (640, 427), (1200, 800)]
    assert {v.mime_type for v in versions} == {f"image/{format}"}
    for version in versions:
        with open_version(version) as picture:
            assert picture.format == pillow_format
            assert picture.size == (version.width, version.height)
    assert image.file.url not in [v.url for v in versions]


def test_avif_is_made_when_pillow_supports_it_else_webp():
    versions = image_versions(ImageFactory(), (64,), format="avif")
    expected = "image/avif" if features.check("avif") else "image/webp"
    assert [v.mime_type for v in versions] == [expected]


def test_renditions_are_made_once_and_reused(settings, django_assert_num_queries):
    image = image_from(photo_bytes(800, 600))
    first = image_versions(image, (320, 640), format="webp")
    files = stored_renditions(settings)
    assert len(files) == 2 and Rendition.objects.count() == 2
    fresh = Image.objects.prefetch_related("renditions").get(pk=image.pk)
    with django_assert_num_queries(0):
        again = image_versions(fresh, (320, 640), format="webp")
    assert again == first
    assert stored_renditions(settings) == files
    assert Rendition.objects.count() == 2


def test_renditions_carry_no_gps_or_other_exif():
    image = image_from(photo_bytes(400, 300, exif=gps_exif()))
    for format in ("jpeg", "webp"):
        with open_version(image_versions(image, (200,), format=format)[0]) as picture:
            assert not picture.getexif()
            assert "exif" not in picture.info and "xmp" not in picture.info


def test_renditions_apply_the_exif_orientation():
    image = image_from(photo_bytes(120, 80, exif=gps_exif(orientation=6)), width=None)
    image.refresh_from_db()
    image.width, image.height = 80, 120  # as an upload records a turned photo
    [version] = image_versions(image, (80,))
    with open_version(version) as picture:
        assert picture.size == (80, 120)
        top, bottom = picture.getpixel((40, 5)), picture.getpixel((40, 115))
    assert top[0] > 150 > top[2] and bottom[2] > 150 > bottom[0]


@pytest.mark.parametrize("ratio", [(1, 1), (16, 9), (4, 3), (9, 16)])
@pytest.mark.parametrize("focal", [(0, 0), (0.1, 0.9), (0.5, 0.5), (0.93, 0.2), (1, 1)])
def test_crops_have_the_ratio_and_contain_the_focal_point(ratio, focal):
    width, height = 1600, 900
    left, top, right, bottom = crop_box(width, height, ratio, *focal)
    assert 0 <= left <= focal[0] * width <= right <= width
    assert 0 <= top <= focal[1] * height <= bottom <= height
    assert (right - left) / (bottom - top) == pytest.approx(ratio[0] / ratio[1])


def test_a_square_crop_keeps_the_subject_at_the_focal_point():
    picture = PillowImage.new("RGB", (1200, 400), (200, 200, 200))
    picture.paste((0, 200, 0), (1060, 180, 1100, 220))  # the subject, near the right edge
    image = image_from(photo_bytes(picture=picture), focal_x=0.9, focal_y=0.5)
    [version] = image_versions(image, (400,), ratio=(1, 1))
    assert (version.width, version.height) == (400, 400)
    with open_version(version) as crop:
        green = [crop.getpixel((x, 200)) for x in range(0, 400, 4)]
    assert any(g > 150 > r for r, g, _b in green)
    [uncropped_centre] = image_versions(image, (400,), ratio=(1, 1))
    assert uncropped_centre == version


def test_moving_the_focal_point_discards_only_the_crops(
    settings, django_capture_on_commit_callbacks
):
    image = image_from(photo_bytes(800, 400))
    image_versions(image, (200,))
    [old_crop] = image_versions(image, (200,), ratio=(1, 1))
    image = Image.objects.get(pk=image.pk)
    image.focal_x = 0.1
    with django_capture_on_commit_callbacks(execute=True):
        image.save()
    # The old crop's row and file are gone; the renditions task made the page's versions
    # again, its crops around the new focal point.
    old_name = old_crop.url.rsplit("/", 1)[1]
    assert not any(
        name.endswith(old_name) for name in Rendition.objects.values_list("file", flat=True)
    )
    assert old_name not in {path.name for path in stored_renditions(settings)}
    assert set(Rendition.objects.values_list("ratio", flat=True)) == {"", "16:9", "4:3", "1:1"}
    [new_crop] = image_versions(image, (200,), ratio=(1, 1))
    assert new_crop.url != old_crop.url


def test_largest_version_is_capped_at_max_width():
    image = image_from(photo_bytes(2000, 1000))
    version = largest_version(image, 1200, format="webp")
    assert (version.width, version.height, version.mime_type) == (1200, 600, "image/webp")
    assert largest_version(ImageFactory(), 1200).width == 64


def test_an_image_whose_file_is_missing_has_no_versions():
    image = ImageFactory()
    image.file.storage.delete(image.file.name)
    assert image_versions(image) == []


def test_responsive_image_offers_webp_then_jpeg_renditions_never_the_original():
    image = image_from(photo_bytes(1000, 500), alt_text="A dredger")
    html = Template("{% load images %}{% responsive_image image ratio='16:9' %}").render(
        Context({"image": image})
    )
    assert html.startswith('<picture><source type="image/webp" srcset="')
    assert 'width="888" height="500"' in html  # the widest 16:9 box in a 1000 x 500 photo
    assert 'alt="A dredger"' in html
    assert image.file.url not in html
    assert html.count(".webp ") == 3 and html.count(".jpg ") == 3


@pytest.mark.parametrize("count", [1, 30])
def test_image_versions_make_no_query_per_image_with_the_prefetch(
    count, django_assert_max_num_queries
):
    for _ in range(count):
        image_versions(ImageFactory(), (320, 640))
    with django_assert_max_num_queries(2):
        images = list(Image.objects.prefetch_related("renditions"))
        versions = [image_versions(image, (320, 640)) for image in images]
    assert len(versions) == count and all(versions)


@pytest.mark.parametrize("count", [1, 30])
def test_front_page_makes_renditions_on_first_view_and_reuses_them(
    client, count, django_assert_max_num_queries
):
    for _ in range(count):
        StoryFactory(published=True, lead_image=ImageFactory())
    client.get("/")
    made = Rendition.objects.count()
    # For each (small) lead image the page shows: a JPEG and a WebP, and three JPEG crops.
    assert made >= 5 and made % 5 == 0
    with django_assert_max_num_queries(7):
        html = client.get("/").content.decode()
    assert Rendition.objects.count() == made
    assert "/media/images/" not in html


def test_story_page_never_links_the_original(client):
    story = StoryFactory(published=True, lead_image=image_from(photo_bytes(1500, 1000)))
    html = client.get(story.get_absolute_url()).content.decode()
    assert story.lead_image.file.url not in html
    assert "/media/renditions/" in html


def test_an_upload_makes_the_page_renditions_once_committed(django_capture_on_commit_callbacks):
    from articles.images.uploads import create_image_from_upload
    from tests.support.photos import upload

    with django_capture_on_commit_callbacks(execute=True):
        image = create_image_from_upload(upload=upload(photo_bytes(700, 350)), uploaded_by=None)
    assert set(image.renditions.values_list("format", "ratio", "width")) == {
        (format, "", width) for format in ("jpeg", "webp") for width in (320, 640, 700)
    } | {("jpeg", "16:9", 622), ("jpeg", "4:3", 466), ("jpeg", "1:1", 350)}


def test_make_renditions_command_fills_in_missing_ones_and_is_idempotent():
    from django.core.management import call_command

    ImageFactory.create_batch(2)
    out = io.StringIO()
    call_command("make_renditions", stdout=out)
    # Each 64 x 48 photo: JPEG and WebP at its own width, and the 16:9, 4:3 and 1:1 crops.
    assert "Made 10 renditions." in out.getvalue()
    call_command("make_renditions", stdout=out)
    assert "Made 0 renditions." in out.getvalue()
    assert Rendition.objects.count() == 10


def test_deleting_an_image_deletes_its_file_and_renditions(
    settings, django_capture_on_commit_callbacks
):
    image = image_from(photo_bytes(400, 200))
    image_versions(image, (200,))
    assert len(stored_renditions(settings)) == 1
    with django_capture_on_commit_callbacks(execute=True):
        image.delete()
    assert stored_renditions(settings) == []
    assert not (settings.MEDIA_ROOT / image.file.name).exists()
    assert not Rendition.objects.exists()


def test_an_image_created_any_other_way_gets_its_page_renditions_after_commit(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        image = ImageFactory()
    assert set(image.renditions.values_list("format", "ratio", "width", "height")) == {
        ("jpeg", "", 64, 48),
        ("webp", "", 64, 48),
        ("jpeg", "16:9", 64, 36),
        ("jpeg", "4:3", 64, 48),
        ("jpeg", "1:1", 48, 48),
    }


PUBLIC_OUTPUTS = [
    "/",
    "/feeds/rss/",
    "/feeds/atom/",
    "/feeds/json/",
    "/api/v1/stories/",
    "/sitemap-stories.xml",
]


def test_public_outputs_link_only_renditions_made_after_upload(client):
    from django.core.files.base import ContentFile

    from tests.support.factories import UploadedImageFactory, jpeg_bytes

    # Wider than every size asked for, so no width is clamped to the photo's own.
    big = ContentFile(jpeg_bytes(2400, 1600), name="big.jpg")
    story = StoryFactory(published=True, lead_image=UploadedImageFactory(file=big))
    assert story.lead_image.width == 2400
    made = set(Rendition.objects.values_list("pk", flat=True))
    for url in [*PUBLIC_OUTPUTS, story.get_absolute_url(), f"/api/v1/stories/{story.pk}/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "/media/renditions/" in response.content.decode(), url
        assert story.lead_image.file.url not in response.content.decode(), url
    assert set(Rendition.objects.values_list("pk", flat=True)) == made


def test_outputs_make_missing_renditions_once_for_an_image_without_them(client):
    # bulk_create sends no post_save, so nothing made this image's renditions.
    [image] = Image.objects.bulk_create([ImageFactory.build()])
    story = StoryFactory(published=True, lead_image=image)
    for url in [*PUBLIC_OUTPUTS, story.get_absolute_url()]:
        response = client.get(url)
        assert "/media/renditions/" in response.content.decode(), url
        assert image.file.url not in response.content.decode(), url
    made = Rendition.objects.count()
    assert made == 5
    for url in [*PUBLIC_OUTPUTS, story.get_absolute_url()]:
        client.get(url)
    assert Rendition.objects.count() == made
