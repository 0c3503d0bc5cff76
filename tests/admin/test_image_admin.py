import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission

from articles.admin.image import ImageAdmin
from articles.images import uploads
from articles.images.uploads import create_image_from_upload
from articles.models import Image, Rendition
from tests.images.test_validation import REJECTION_CODES, REJECTIONS, stored_files
from tests.support.factories import ImageFactory, StoryFactory, UserFactory
from tests.support.photos import UTF8, iim_records, photo_bytes, upload

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/articles/image/add/"
WIRE_IIM = iim_records({
    (1, 90): UTF8,
    (2, 25): ["harbour"],
    (2, 80): "Sam Reyes",
    (2, 110): "Port Authority",
    (2, 115): "Continental Wire Service",
    (2, 120): "Zürich, Ünterführung — 5 °C",
})  # fmt: skip


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("chief", "chief@example.org", "pw-chief-123")


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


def add_form(content: bytes, name: str = "photo.jpg", **fields):
    return {"file": upload(content, name), "focal_x": "0.5", "focal_y": "0.5", **fields}


def test_upload_through_the_admin_prefills_from_the_photo(admin_client, superuser):
    response = admin_client.post(ADD_URL, add_form(photo_bytes(iim=WIRE_IIM)), follow=True)
    image = Image.objects.get()
    assert image.caption == "Zürich, Ünterführung — 5 °C"
    assert image.credit == "Port Authority/Sam Reyes"
    assert image.agency == "Continental Wire Service"
    assert list(image.tags.names()) == ["harbour"]
    assert image.uploaded_by == superuser
    assert (image.width, image.height, image.format) == (120, 80, "jpeg")
    assert "Read from the photo: caption, credit, source / agency" in response.content.decode()


def test_what_the_editor_typed_in_the_admin_wins(admin_client):
    form = add_form(photo_bytes(iim=WIRE_IIM), caption="Our caption", tags="mine")
    assert admin_client.post(ADD_URL, form).status_code == 302
    image = Image.objects.get()
    assert image.caption == "Our caption"
    assert image.credit == "Port Authority/Sam Reyes"
    assert list(image.tags.names()) == ["mine"]


@pytest.mark.parametrize("case", sorted(REJECTIONS))
def test_the_admin_upload_form_rejects_with_a_clear_message(admin_client, settings, case):
    response = admin_client.post(ADD_URL, add_form(REJECTIONS[case]()))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors.as_data()["file"]
    assert errors[0].code == REJECTION_CODES[case]
    assert errors[0].messages[0] in response.content.decode()
    assert not Image.objects.exists()
    assert stored_files(settings) == []


def test_the_admin_offers_the_existing_image_for_a_duplicate(admin_client, settings):
    content = photo_bytes()
    admin_client.post(ADD_URL, add_form(content))
    existing = Image.objects.get()
    response = admin_client.post(ADD_URL, add_form(content, "again.jpg"))
    html = response.content.decode()
    assert "already in the library" in html
    assert f'<a href="/admin/articles/image/{existing.pk}/change/">' in html
    assert Image.objects.count() == 1
    assert len(stored_files(settings)) == 1


def test_change_form_lists_stories_shows_the_focal_point_picker_and_keeps_the_file(admin_client):
    image = ImageFactory()
    StoryFactory(lead_image=image, headline="Dredging starts")
    StoryFactory(lead_image=image, headline="Dredging ends", published=True)
    StoryFactory(headline="Unrelated")
    html = admin_client.get(f"/admin/articles/image/{image.pk}/change/").content.decode()
    assert "Dredging starts" in html and "Dredging ends" in html
    assert "Unrelated" not in html
    assert "data-focal-point-picker" in html
    assert "articles/admin/focal_point.js" in html
    assert 'name="file"' not in html
    assert image.file.url not in html.split('class="focal-point-picker"')[1][:300]


def test_setting_the_focal_point_in_the_admin_drops_old_crops(admin_client):
    from articles.images.renditions import image_versions

    image = ImageFactory()
    image_versions(image, (64,), ratio=(1, 1))
    response = admin_client.post(
        f"/admin/articles/image/{image.pk}/change/",
        {"caption": image.caption, "focal_x": "0.25", "focal_y": "0.75"},
    )
    assert response.status_code == 302
    image.refresh_from_db()
    assert (image.focal_x, image.focal_y) == (0.25, 0.75)
    assert not Rendition.objects.filter(ratio="1:1").exists()


@pytest.mark.parametrize("value", ["1.5", "-0.1"])
def test_a_focal_point_outside_the_picture_is_refused(admin_client, value):
    image = ImageFactory()
    response = admin_client.post(
        f"/admin/articles/image/{image.pk}/change/", {"focal_x": value, "focal_y": "0.5"}
    )
    assert response.status_code == 200
    assert "focal_x" in response.context["adminform"].form.errors


def test_library_searches_caption_credit_and_agency_and_filters_by_agency(admin_client):
    ImageFactory(caption="Lifeboat launch", credit="Ann Lee", agency="Coast Wire")
    ImageFactory(caption="Council vote", credit="Bo Chan", agency="City Desk")
    for term in ("Lifeboat", "Ann Lee", "Coast Wire"):
        html = admin_client.get("/admin/articles/image/", {"q": term}).content.decode()
        assert "Lifeboat launch" in html and "Council vote" not in html
    html = admin_client.get("/admin/articles/image/", {"agency": "City Desk"}).content.decode()
    assert "Council vote" in html and "Lifeboat launch" not in html
    undated = admin_client.get("/admin/articles/image/", {"taken_at__isnull": "True"})
    assert "Council vote" in undated.content.decode()


@pytest.mark.parametrize("count", [1, 30])
def test_library_list_queries_do_not_grow(admin_client, count, django_assert_max_num_queries):
    ImageFactory.create_batch(count)
    admin_client.get("/admin/articles/image/")
    with django_assert_max_num_queries(9):
        assert admin_client.get("/admin/articles/image/").status_code == 200


def test_story_form_has_the_image_picker_with_thumbnail_caption_and_credit(admin_client):
    image = ImageFactory(caption="Boats at dawn", credit="Wire/Jo Bloggs")
    story = StoryFactory(lead_image=image)
    html = admin_client.get(f"/admin/articles/story/{story.pk}/change/").content.decode()
    assert 'data-image-picker-for="id_lead_image"' in html
    assert "articles/admin/image_picker.js" in html
    preview = html.split('class="image-picker-preview"')[1].split("</div>\n</div>")[0]
    assert "Boats at dawn" in preview and "Wire/Jo Bloggs" in preview
    assert "/media/renditions/" in preview


def test_picker_details_answer_staff_with_a_rendition(admin_client):
    image = ImageFactory(caption="Boats at dawn", credit="Wire/Jo Bloggs")
    details = admin_client.get(f"/admin/articles/image/{image.pk}/picker/").json()
    assert details["caption"] == "Boats at dawn" and details["credit"] == "Wire/Jo Bloggs"
    assert details["thumbnail_url"].startswith("/media/renditions/")
    assert admin_client.get("/admin/articles/image/999999/picker/").status_code == 404


def test_picker_details_need_permission_to_view_images(client):
    image = ImageFactory()
    staff = UserFactory(username="no-rights")
    staff.save()  # the factory sets the password after saving
    client.force_login(staff)
    assert client.get(f"/admin/articles/image/{image.pk}/picker/").status_code == 403
    staff.user_permissions.add(Permission.objects.get(codename="view_image"))
    assert client.get(f"/admin/articles/image/{image.pk}/picker/").status_code == 200
    client.logout()
    assert client.get(f"/admin/articles/image/{image.pk}/picker/").status_code == 302


@pytest.mark.parametrize(
    ("setting", "limit", "code"),
    [("IMAGE_MAX_BYTES", 300, "too_big"), ("IMAGE_MAX_PIXELS", 5000, "too_many_pixels")],
)
def test_the_admin_upload_form_applies_the_size_limits(
    admin_client, settings, setting, limit, code
):
    setattr(settings, setting, limit)
    response = admin_client.post(ADD_URL, add_form(photo_bytes(120, 80)))
    assert response.context["adminform"].form.errors.as_data()["file"][0].code == code
    assert not Image.objects.exists()
    assert stored_files(settings) == []


def test_an_upload_through_the_admin_is_stored_under_a_random_name(admin_client, settings):
    admin_client.post(ADD_URL, add_form(photo_bytes(), "Harbour wall at dawn.jpg"))
    image = Image.objects.get()
    assert re.fullmatch(r"images/\d{4}/\d{2}/[0-9a-f]{32}\.jpg", image.file.name)
    assert image.original_name == "Harbour wall at dawn.jpg"
    assert [path.name for path in stored_files(settings)] == [image.file.name.rsplit("/")[-1]]
    html = admin_client.get(f"/admin/articles/image/{image.pk}/change/").content.decode()
    assert "Original file name" in html and "Harbour wall at dawn.jpg" in html
    found = admin_client.get("/admin/articles/image/", {"q": "Harbour wall at dawn"})
    assert found.context["cl"].result_count == 1


def test_an_upload_that_loses_a_race_is_offered_the_other_image(
    admin_client, settings, monkeypatch
):
    """Another upload of the photo is saved after this one's check, before its own save."""
    content = photo_bytes()
    other = create_image_from_upload(upload=upload(content, "other.jpg"), uploaded_by=None)
    check = uploads.refuse_duplicate

    def checked_before_the_other_was_saved(content_hash):
        monkeypatch.setattr(uploads, "refuse_duplicate", check)

    monkeypatch.setattr(uploads, "refuse_duplicate", checked_before_the_other_was_saved)
    response = admin_client.post(ADD_URL, add_form(content, "mine.jpg"))

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors.as_data()["file"]
    assert errors[0].code == "duplicate"
    html = response.content.decode()
    assert "already in the library" in html
    assert f'<a href="/admin/articles/image/{other.pk}/change/">' in html
    assert list(Image.objects.all()) == [other]
    assert [path.name for path in stored_files(settings)] == [other.file.name.rsplit("/")[-1]]


def test_a_failure_after_the_admin_stored_the_photo_leaves_no_file(
    admin_client, settings, monkeypatch
):
    def fail(*args, **kwargs):
        raise RuntimeError("the log entry could not be written")

    monkeypatch.setattr(ImageAdmin, "log_addition", fail)
    with pytest.raises(RuntimeError):
        admin_client.post(ADD_URL, add_form(photo_bytes()))
    assert not Image.objects.exists()
    assert stored_files(settings) == []


def test_a_reporter_sees_why_an_image_is_read_only_and_cannot_post_a_change(client, reporter):
    image = ImageFactory(uploaded_by=reporter, caption="Boats at dawn.")
    StoryFactory(lead_image=image, published=True)
    reporter.save()
    client.force_login(reporter)
    url = f"/admin/articles/image/{image.pk}/change/"
    html = client.get(url).content.decode()
    assert "Only an editor may change this photo now" in html
    assert 'name="caption"' not in html and 'name="_save"' not in html
    response = client.post(url, {"caption": "Boats at dusk.", "focal_x": "0.5", "focal_y": "0.5"})
    assert response.status_code == 403
    image.refresh_from_db()
    assert image.caption == "Boats at dawn."


def test_a_reporter_changes_their_own_image_while_only_their_draft_uses_it(client, reporter):
    image = ImageFactory(uploaded_by=reporter, caption="Boats at dawn.")
    StoryFactory(lead_image=image, created_by=reporter)
    reporter.save()
    client.force_login(reporter)
    url = f"/admin/articles/image/{image.pk}/change/"
    html = client.get(url).content.decode()
    assert 'name="caption"' in html and "read-only" not in html
    response = client.post(url, {"caption": "Boats at dusk.", "focal_x": "0.5", "focal_y": "0.5"})
    assert response.status_code == 302
    image.refresh_from_db()
    assert image.caption == "Boats at dusk."
