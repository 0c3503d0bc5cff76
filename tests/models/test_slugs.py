"""One function makes every story's slug: free of current and former slugs, within the field,
the same words as before for English headlines; the model, ingest and the demo use it."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command

from articles.ingest.service import ingest_document
from articles.models import Story, StorySlug
from articles.slugs import unique_story_slug
from tests.support.factories import SectionFactory, SourceFactory, StoryFactory

pytestmark = pytest.mark.django_db


def new_story(headline: str) -> Story:
    return Story.objects.create(headline=headline, section=SectionFactory())


def test_a_second_story_with_the_same_headline_gets_a_free_slug():
    first = new_story("Harbour dredging plan approved")
    second = new_story("Harbour dredging plan approved")
    third = new_story("Harbour dredging plan approved!")
    assert first.slug == "harbour-dredging-plan-approved"
    assert second.slug == "harbour-dredging-plan-approved-2"
    assert third.slug == "harbour-dredging-plan-approved-3"


def test_a_former_slug_of_another_story_is_not_taken():
    moved = StoryFactory(slug="council-meets", headline="Council meets")
    moved.slug = "council-meets-on-tuesday"
    moved.save()
    assert StorySlug.objects.filter(slug="council-meets", story=moved).exists()

    newcomer = new_story("Council meets")
    assert newcomer.slug == "council-meets-2"
    # The old address still leads to the story that had it.
    assert StorySlug.objects.get(slug="council-meets").story == moved


def test_a_story_may_take_back_its_own_former_slug():
    story = StoryFactory(slug="council-meets", headline="Council meets")
    story.slug = "council-meets-on-tuesday"
    story.save()
    assert unique_story_slug("Council meets", story_id=story.pk) == "council-meets"


@pytest.mark.parametrize("headline", ["!!!", "💥💥", "—"])
def test_a_headline_without_words_falls_back(headline):
    first, second = new_story(headline), new_story(headline)
    assert first.slug == "story"
    assert second.slug == "story-2"


def test_an_arabic_headline_keeps_its_words_and_a_second_gets_a_free_slug():
    headline = "مجلس المدينة يوافق على الميزانية"
    first, second = new_story(headline), new_story(headline)
    assert first.slug == "مجلس-المدينة-يوافق-على-الميزانية"
    assert second.slug == "مجلس-المدينة-يوافق-على-الميزانية-2"


def test_latin_headlines_stay_ascii_with_unicode_slugs_on():
    assert new_story("Zürich council meets in Göteborg").slug == "zurich-council-meets-in-goteborg"


def test_unicode_slugs_can_be_switched_off(settings):
    settings.SLUGS_ALLOW_UNICODE = False
    assert new_story("مجلس المدينة يوافق").slug == "story"


def test_a_long_headline_fits_the_field_with_its_number():
    # Each ligature is one character of the headline and two of the slug ("fi").
    headline = "ﬁve " * 60
    first, second = new_story(headline), new_story(headline)
    limit = Story._meta.get_field("slug").max_length
    assert len(first.slug) <= limit and len(second.slug) <= limit
    assert second.slug.endswith("-2") and not first.slug.endswith("-")
    assert second.slug.removesuffix("-2") == first.slug[: limit - 2].rstrip("-")


def test_ingest_uses_the_same_slugs():
    SectionFactory(name="News", slug="news")
    source = SourceFactory(slug="wire")
    StoryFactory(slug="port-expands", headline="Port expands")
    item = {"uri": "urn:wire:1", "headlines": [{"role": "main", "value": "Port expands"}]}
    ingest_document(json.dumps(item).encode(), source)
    assert Story.objects.get(ingest_guid="urn:wire:1").slug == "port-expands-2"


def test_the_demo_briefs_get_their_slugs_from_the_same_function():
    call_command("seed_demo", stdout=io.StringIO())
    brief = Story.objects.get(headline="Bus timetable changes from Sunday")
    assert brief.slug == "bus-timetable-changes-from-sunday"
    count = Story.objects.count()
    call_command("seed_demo", stdout=io.StringIO())
    assert Story.objects.count() == count


def test_the_story_form_refuses_another_storys_former_slug(client, chief):
    moved = StoryFactory(slug="council-meets", headline="Council meets")
    moved.slug = "council-meets-on-tuesday"
    moved.save()
    section = SectionFactory()
    client.force_login(chief)
    response = client.post(
        "/admin/articles/story/add/",
        {
            "headline": "Council meets again",
            "slug": "council-meets",
            "section": section.pk,
            "priority": 0,
            "storyauthor_set-TOTAL_FORMS": 0,
            "storyauthor_set-INITIAL_FORMS": 0,
            "corrections-TOTAL_FORMS": 0,
            "corrections-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 200
    assert "slug" in response.context["adminform"].form.errors
    assert StorySlug.objects.get(slug="council-meets").story == moved


def test_a_story_may_take_back_its_own_former_slug_in_the_form(client, chief):
    story = StoryFactory(slug="council-meets", headline="Council meets")
    story.slug = "council-meets-on-tuesday"
    story.save()
    client.force_login(chief)
    response = client.post(
        f"/admin/articles/story/{story.pk}/change/",
        {
            "headline": story.headline,
            "slug": "council-meets",
            "dek": story.dek,
            "body": story.body,
            "section": story.section_id,
            "priority": 0,
            "expected_version": story.version,
            "storyauthor_set-TOTAL_FORMS": 0,
            "storyauthor_set-INITIAL_FORMS": 0,
            "corrections-TOTAL_FORMS": 0,
            "corrections-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302
    assert Story.objects.get(pk=story.pk).slug == "council-meets"
