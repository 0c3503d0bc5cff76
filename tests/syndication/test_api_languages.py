"""The content API per language: ``?language=`` lists one edition, and each story links the
other public members of its translation set (a translation its siblings too), never a
translation that is not public."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Story
from tests.support.arabic import arabic_story
from tests.support.factories import StoryFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/stories/"


@pytest.fixture
def three_editions(settings):
    settings.LANGUAGES = [("en", "English"), ("ar", "العربيّة"), ("fr", "Français")]
    english = StoryFactory(published=True, headline="Council approves harbour expansion")
    arabic = arabic_story(translation_of=english)
    french = StoryFactory(
        published=True,
        language="fr",
        headline="Le conseil approuve l'agrandissement du port",
        translation_of=english,
    )
    return english, arabic, french


def linked(client, story: Story) -> dict[str, str]:
    item = client.get(f"{LIST}{story.pk}/").json()
    return {
        association["language"]: association["name"]
        for association in item["associations"]
        if association["type"] == "text"
    }


def test_a_translation_links_its_original_and_its_siblings(client, three_editions):
    english, arabic, french = three_editions
    assert linked(client, arabic) == {"en-gb": "original", "fr": "translation"}
    assert linked(client, french) == {"en-gb": "original", "ar": "translation"}
    assert linked(client, english) == {"ar": "translation", "fr": "translation"}
    listed = {item["language"]: item for item in client.get(LIST).json()["items"]}
    siblings = [a["language"] for a in listed["ar"]["associations"] if a["type"] == "text"]
    assert sorted(siblings) == ["en-gb", "fr"]


@pytest.mark.parametrize(
    "state",
    [Story.Status.DRAFT, Story.Status.READY, Story.Status.SCHEDULED, Story.Status.UNPUBLISHED],
)
def test_a_sibling_that_is_not_public_is_never_linked(client, three_editions, state):
    english, arabic, french = three_editions
    later = timezone.now() + timedelta(days=1)
    when = later if state == Story.Status.SCHEDULED else french.published_at
    Story.objects.filter(pk=french.pk).update(status=state, published_at=when)
    assert linked(client, arabic) == {"en-gb": "original"}
    assert linked(client, english) == {"ar": "translation"}
    document = client.get(LIST).content.decode()
    assert "agrandissement" not in document and f"{LIST}{french.pk}" not in document
    assert client.get(f"{LIST}?language=fr").json()["items"] == []


def test_the_list_filters_by_language(client, three_editions):
    english, arabic, french = three_editions
    arabic_story(published=False, headline="مسودة لم تنشر عن الميناء")

    def languages(query: str) -> list[str]:
        response = client.get(f"{LIST}?{query}")
        assert response.status_code == 200, response.content
        return [item["language"] for item in response.json()["items"]]

    assert languages("language=ar") == ["ar"]  # the Arabic draft is not listed
    assert languages("language=fr") == ["fr"]
    assert languages("language=en") == languages("language=en-GB") == ["en-gb"]
    assert sorted(languages("")) == ["ar", "en-gb", "fr"]


@pytest.mark.parametrize("value", ["de", "xx-yy", "عربي", "a" * 200])
def test_an_unknown_language_is_a_400_that_names_the_languages(client, three_editions, value):
    response = client.get(LIST, {"language": value})
    assert response.status_code == 400
    [reason] = response.json()["error"]["language"]
    assert "en, ar, fr" in reason
