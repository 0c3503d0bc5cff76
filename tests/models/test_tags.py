import pytest
from django.urls import reverse
from taggit.models import Tag

from tests.support.factories import StoryFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "name,slug",
    [("Zürich", "zurich"), ("<ſcript>", "script"), ("Harbour", "harbour")],
)
def test_a_tag_slug_is_ascii(name, slug):
    assert Tag.objects.create(name=name).slug == slug


@pytest.mark.parametrize("names", [[">"], ["💥", ">>", "—"]])
def test_a_tag_named_without_letters_still_gets_an_address(client, names):
    story = StoryFactory(published=True, tags=names)
    slugs = set(story.tags.values_list("slug", flat=True))
    assert len(slugs) == len(names) and all(slugs)

    response = client.get(story.get_absolute_url())
    assert response.status_code == 200
    for slug in slugs:
        assert reverse("articles:tag", kwargs={"slug": slug}) in response.content.decode()
        assert client.get(reverse("articles:tag", kwargs={"slug": slug})).status_code == 200
    assert client.get(reverse("articles:api_story_list")).status_code == 200
