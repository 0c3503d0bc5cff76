import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from taggit.models import Tag

from articles.models import Image, Story
from tests.support.factories import (
    AuthorFactory,
    ImageFactory,
    SectionFactory,
    SourceFactory,
    StoryFactory,
    jpeg_bytes,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser(db):
    return get_user_model().objects.create_superuser("chief", "chief@example.org", "pw-chief-123")


@pytest.mark.parametrize(
    "url",
    [
        "/admin/articles/story/",
        "/admin/articles/story/add/",
        "/admin/articles/image/",
        "/admin/articles/image/add/",
        "/admin/articles/author/",
        "/admin/articles/source/",
        "/admin/articles/section/",
    ],
)
def test_admin_pages_render(client, superuser, url):
    StoryFactory(lead_image=ImageFactory(), source=SourceFactory(), authors=[AuthorFactory()])
    client.force_login(superuser)
    assert client.get(url).status_code == 200


def test_story_change_form_has_the_rich_text_editor_and_image_preview(client, superuser):
    story = StoryFactory(lead_image=ImageFactory(caption="Caption here", credit="Credit here"))
    client.force_login(superuser)
    html = client.get(f"/admin/articles/story/{story.pk}/change/").content.decode()
    assert "django_prose_editor" in html
    assert "Caption here" in html and "Credit here" in html
    assert story.lead_image.renditions.get().file.url in html
    assert story.lead_image.file.url not in html


def test_image_list_shows_thumbnails(client, superuser):
    image = ImageFactory()
    client.force_login(superuser)
    html = client.get("/admin/articles/image/").content.decode()
    assert f'<img src="{image.renditions.get().file.url}"' in html


@pytest.mark.parametrize("model", ["author", "image", "story"])
def test_autocomplete_endpoints_answer(client, superuser, model):
    AuthorFactory(name="Ruth Abara")
    ImageFactory(caption="Ruth at the harbour")
    Tag.objects.create(name="Ruthless", slug="ruthless")
    client.force_login(superuser)
    field = {"author": ("storyauthor", "author"), "image": ("story", "lead_image"),
             "story": ("story", "tags")}[model]  # fmt: skip
    response = client.get(
        "/admin/autocomplete/",
        {"term": "Ruth", "app_label": "articles", "model_name": field[0], "field_name": field[1]},
    )
    assert response.status_code == 200
    assert response.json()["results"]


def test_saving_a_story_through_the_admin_sanitizes_and_sets_tags(client, superuser):
    section, author = SectionFactory(), AuthorFactory()
    existing = Tag.objects.create(name="harbour", slug="harbour")
    client.force_login(superuser)
    response = client.post(
        "/admin/articles/story/add/",
        {
            "headline": "Dredging approved",
            "slug": "dredging-approved",
            "body": '<p onclick="x()">Work starts<script>alert(1)</script></p>',
            "section": section.pk,
            "tags": [existing.pk],
            "new_tags": "fishing, Harbour Valley",
            "status": "draft",
            "priority": 0,
            "storyauthor_set-TOTAL_FORMS": 1,
            "storyauthor_set-INITIAL_FORMS": 0,
            "storyauthor_set-0-author": author.pk,
            "storyauthor_set-0-position": 0,
            "corrections-TOTAL_FORMS": 0,
            "corrections-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    story = Story.objects.get(slug="dredging-approved")
    assert story.body == "<p>Work starts</p>"
    assert set(story.tags.names()) == {"harbour", "fishing", "Harbour Valley"}
    assert story.created_by == superuser
    assert story.byline == author.name


def test_an_editor_can_clear_the_ingest_attention_flag(client, superuser):
    story = StoryFactory(needs_attention=True, attention_reason="Partner updated the item")
    client.force_login(superuser)
    html = client.get(f"/admin/articles/story/{story.pk}/change/").content.decode()
    assert "Partner updated the item" in html
    assert 'name="needs_attention"' in html


def test_the_image_form_drops_control_characters(client, superuser):
    client.force_login(superuser)
    response = client.post(
        "/admin/articles/image/add/",
        {
            "file": SimpleUploadedFile("boats.jpg", jpeg_bytes(), content_type="image/jpeg"),
            "caption": "Boats\x01 at dawn",
            "credit": "Agency\x0b/Jo",
            "alt_text": "Boats\x1f",
            "focal_x": 0.5,
            "focal_y": 0.5,
        },
    )
    assert response.status_code == 302
    image = Image.objects.get()
    assert (image.caption, image.credit, image.alt_text) == ("Boats at dawn", "Agency/Jo", "Boats")


def test_a_new_tag_longer_than_a_tag_can_be_is_refused(client, superuser):
    client.force_login(superuser)
    response = client.post(
        "/admin/articles/story/add/",
        {
            "headline": "Dredging approved",
            "slug": "dredging-approved",
            "section": SectionFactory().pk,
            "new_tags": "harbour, " + "x" * 101,
            "status": "draft",
            "priority": 0,
            "storyauthor_set-TOTAL_FORMS": 0,
            "storyauthor_set-INITIAL_FORMS": 0,
            "corrections-TOTAL_FORMS": 0,
            "corrections-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 200
    assert "A tag can be at most 100 characters long." in response.content.decode()
    assert not Story.objects.exists()
