"""The use table follows the body; the library says where an image is used and keeps it."""

import pytest
from django.db.models import ProtectedError
from django.urls import reverse

from articles.images.permissions import can_change_image
from articles.models import BodyImage, Image, Story
from tests.support.factories import ImageFactory, SectionFactory, StoryFactory

pytestmark = pytest.mark.django_db


def photo(image) -> str:
    return f'<figure data-image="{image.pk}"></figure>'


def uses(story) -> list[tuple[int, str, str]]:
    return list(
        BodyImage.objects.filter(story=story)
        .order_by("position")
        .values_list("image_id", "role", "caption")
    )


def test_the_use_table_follows_the_body_on_every_save_path():
    first, second, thumbnail = ImageFactory.create_batch(3)
    story = StoryFactory(
        body=f'{photo(first)}<div data-gallery="">{photo(second)}</div>'
        '<figure data-embed="https://youtu.be/dQw4w9WgXcQ" data-title="Clip" '
        f'data-thumbnail="{thumbnail.pk}"></figure>'
        f'<figure data-image="{first.pk}" data-caption="Again, closer."></figure>'
        '<figure data-image="999999"></figure>'
    )
    assert uses(story) == [
        (first.pk, "photo", ""),
        (second.pk, "photo", ""),
        (first.pk, "photo", "Again, closer."),
        (thumbnail.pk, "embed_thumbnail", ""),
    ]

    Story.objects.filter(pk=story.pk).update(body=photo(second))
    assert uses(story) == [(second.pk, "photo", "")]

    story.refresh_from_db()
    story.body = "<p>No photos now.</p>"
    Story.objects.bulk_update([story], ["body"])
    assert uses(story) == []

    [created] = Story.objects.bulk_create(
        [Story(headline="Bulk", slug="bulk", section=SectionFactory(), body=photo(first))]
    )
    assert uses(created) == [(first.pk, "photo", "")]


def test_an_image_in_a_body_counts_as_used_for_the_permission_rule(reporter, editor):
    image = ImageFactory(uploaded_by=reporter)
    story = StoryFactory(created_by=reporter, body=photo(image))
    assert can_change_image(reporter, image)
    story.status = Story.Status.IN_REVIEW
    story.save()
    assert Image.objects.used_by(Story.objects.filter(pk=story.pk)).get() == image
    assert not can_change_image(reporter, image)
    assert can_change_image(editor, image)


def test_deleting_an_image_a_body_shows_is_refused():
    image = ImageFactory()
    StoryFactory(headline="Harbour wall falls", body=photo(image))
    with pytest.raises(ProtectedError):
        image.delete()


def test_the_library_lists_lead_and_body_uses_and_refuses_deletion(admin_client):
    image = ImageFactory()
    StoryFactory(headline="Lead story", lead_image=image)
    StoryFactory(headline="Body story", body=photo(image))
    StoryFactory(headline="Unrelated story")
    page = admin_client.get(reverse("admin:articles_image_change", args=[image.pk]))
    html = page.content.decode()
    assert "Lead story</a> (Draft, lead image)" in html
    assert "Body story</a> (Draft, in the body)" in html
    assert "Unrelated story" not in html

    delete_url = reverse("admin:articles_image_delete", args=[image.pk])
    refusal = admin_client.get(delete_url).content.decode()
    assert "would require deleting the following protected related objects" in refusal
    assert "Lead story" in refusal and "Body story" in refusal
    admin_client.post(delete_url, {"post": "yes"})
    assert Image.objects.filter(pk=image.pk).exists()
