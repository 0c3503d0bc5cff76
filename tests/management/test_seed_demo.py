import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from articles.models import (
    Author,
    Correction,
    Image,
    LiveUpdate,
    Rendition,
    Section,
    Source,
    Story,
)

pytestmark = pytest.mark.django_db


def counts():
    return {
        model.__name__: model.objects.count()
        for model in [
            Section,
            Author,
            Source,
            Image,
            Rendition,
            Story,
            Correction,
            LiveUpdate,
            get_user_model(),
        ]
    }


def test_seed_demo_builds_a_publication_and_is_idempotent(
    capsys, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo")
    first = counts()
    output = capsys.readouterr().out
    assert "editor / editor-demo-password" in output
    assert "reporter / reporter-demo-password" in output

    assert first["Story"] >= 30
    assert first["Source"] == 2
    assert set(Source.objects.values_list("kind", flat=True)) == {"partner", "wire"}
    assert Story.objects.published().count() < first["Story"]
    assert {
        "draft",
        "in_review",
        "ready",
        "returned",
        "scheduled",
        "published",
        "unpublished",
    } <= set(Story.objects.values_list("status", flat=True))
    assert all(image.caption and image.credit and image.alt_text for image in Image.objects.all())
    assert not Image.objects.filter(width__isnull=True).exists()
    for image in Image.objects.all():
        assert set(image.renditions.values_list("format", "ratio")) == {
            ("jpeg", ""),
            ("webp", ""),
            ("jpeg", "16:9"),
            ("jpeg", "4:3"),
            ("jpeg", "1:1"),
        }

    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo")
    assert counts() == first


def test_seed_demo_gives_images_seeded_earlier_their_renditions():
    call_command("seed_demo")
    Rendition.objects.all().delete()
    call_command("seed_demo")
    assert all(image.renditions.exists() for image in Image.objects.all())


def test_demo_users_can_log_in_to_the_admin(client):
    call_command("seed_demo")
    for username, password in [
        ("editor", "editor-demo-password"),
        ("reporter", "reporter-demo-password"),
    ]:
        # Through the login form, as the lockout protection only judges real requests.
        response = client.post(
            "/admin/login/?next=/admin/", {"username": username, "password": password}
        )
        assert response.status_code == 302
        assert client.get("/admin/").status_code == 200
        assert client.get("/admin/articles/story/").status_code == 200
        client.logout()


def test_demo_stories_use_the_body_elements(client):
    from articles.models import BodyImage

    call_command("seed_demo")
    photos_per_story = {
        story.slug: story.body_images.filter(role=BodyImage.Role.PHOTO).count()
        for story in Story.objects.all()
    }
    assert photos_per_story["harbour-dredging-plan-approved"] == 2
    assert photos_per_story["lyric-theatre-reopens"] == 3
    coast = Story.objects.get(slug="coastal-path-slip-gull-point")
    assert 'data-embed="https://www.youtube.com/watch?v=dQw4w9WgXcQ"' in coast.body
    assert coast.body_images.get().role == BodyImage.Role.EMBED_THUMBNAIL
    budget = Story.objects.get(slug="county-budget-passes-by-two-votes")
    assert 'data-fact-box=""' in budget.body and "data-story=" in budget.body

    pages = {
        slug: client.get(Story.objects.get(slug=slug).get_absolute_url()).content.decode()
        for slug in ["harbour-dredging-plan-approved", "coastal-path-slip-gull-point",
                     "county-budget-passes-by-two-votes", "lyric-theatre-reopens"]
    }  # fmt: skip
    assert pages["harbour-dredging-plan-approved"].count('class="body-photo ') == 2
    assert '<figure class="pull-quote">' in pages["harbour-dredging-plan-approved"]
    assert "Show content from YouTube" in pages["coastal-path-slip-gull-point"]
    assert '<aside class="fact-box">' in pages["county-budget-passes-by-two-votes"]
    assert (
        'href="/stories/mill-lane-bridge-closed-to-lorries/"'
        in pages["county-budget-passes-by-two-votes"]
    )
    assert '<div class="gallery">' in pages["lyric-theatre-reopens"]


def test_seed_demo_has_an_arabic_edition_with_linked_translations(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=io.StringIO())
    arabic = Story.objects.filter(language="ar")
    assert arabic.count() >= 8
    assert set(arabic.values_list("section__edition", flat=True)) == {"ar"}
    linked = arabic.filter(translation_of__isnull=False)
    assert linked.count() == 2 and all(story.translation_of.language == "en" for story in linked)
    photo = Image.objects.get(title="سوق التوابل القديم")
    assert photo.caption.startswith("باعة التوابل") and photo.credit == "ليلى حداد/جريدة الوادي"
    assert arabic.filter(lead_image=photo).exists()
    english = linked.first().translation_of
    html = client.get(english.get_absolute_url()).content.decode()
    assert 'hreflang="ar"' in html
    assert client.get("/ar/").status_code == 200
    count = arabic.count()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=io.StringIO())
    assert Story.objects.filter(language="ar").count() == count


def test_the_demo_has_a_live_story_with_pinned_key_and_photo_updates(client):
    call_command("seed_demo")
    story = Story.objects.get(slug="storm-eunice-live")
    assert story.is_live_now and story.is_public
    updates = story.live_updates.public()
    assert updates.count() == 15
    assert updates.filter(pinned=True).count() == 1
    assert updates.filter(key_event=True).count() == 2
    assert story.body_images.filter(live_update__isnull=False).count() == 1
    html = client.get(story.get_absolute_url()).content.decode()
    assert len(re.findall(r'<article class="live-update[^"]*" id="update-', html)) == 15
    assert "Key events" in html
    assert 'class="body-photo ' in html
