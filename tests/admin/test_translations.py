"""Translation sets in the admin: "translate this story" starts a linked draft through the
workflow, the change form lists the set, and text fields follow the story's direction."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Permission

from articles.editorial import workflow
from articles.models import Story, StoryEvent
from tests.support.arabic import arabic_section, arabic_story
from tests.support.factories import ImageFactory, SectionFactory, StoryFactory, UserFactory

pytestmark = pytest.mark.django_db


def translate_url(story: Story, language: str) -> str:
    return f"/admin/articles/story/{story.pk}/translate/{language}/"


@pytest.fixture
def english():
    section = SectionFactory(name="News", slug="news", edition="en", position=1)
    arabic_section(name="أخبار", slug="akhbar", position=1)
    arabic_section(name="رياضة", slug="riyada", position=2)
    return StoryFactory(
        published=True,
        headline="Council approves harbour expansion",
        slug="harbour-expansion",
        section=section,
        lead_image=ImageFactory(),
        tags=["harbour", "council"],
        dek="Work starts in spring.",
    )


def test_translating_starts_a_linked_draft_with_the_placement_but_no_text(client, editor, english):
    client.force_login(editor)
    response = client.post(translate_url(english, "ar"))
    translation = Story.objects.get(translation_of=english)
    assert response.status_code == 302
    assert response["Location"] == f"/admin/articles/story/{translation.pk}/change/"
    assert translation.language == "ar" and translation.status == Story.Status.DRAFT
    assert translation.section.slug == "akhbar"
    assert translation.lead_image_id == english.lead_image_id
    assert sorted(tag.name for tag in translation.tags.all()) == ["council", "harbour"]
    assert translation.body == "" and translation.dek == ""
    assert english.headline in translation.headline  # a working title naming the original
    assert translation.created_by == editor
    event = StoryEvent.objects.get(story=translation)
    assert event.action == StoryEvent.Action.TRANSLATE and event.user == editor
    assert f"#{english.pk}" in event.note


def test_a_translation_of_a_translation_joins_the_original(editor, english, settings):
    settings.LANGUAGES = [*settings.LANGUAGES, ("fr", "Français")]
    arabic = workflow.start_translation(story=english, language="ar", user=editor)
    french = workflow.start_translation(story=arabic, language="fr", user=editor)
    assert french.translation_of == english


def test_one_story_per_language_per_set(client, editor, english):
    client.force_login(editor)
    arabic = workflow.start_translation(story=english, language="ar", user=editor)
    response = client.post(translate_url(arabic, "ar"), follow=True)
    assert Story.objects.filter(translation_of=english).count() == 1
    assert "already has a translation in that language" in response.content.decode()
    response = client.post(translate_url(english, "en"), follow=True)
    assert "already has a translation in that language" in response.content.decode()


@pytest.mark.parametrize("language", ["xx", "ar" * 300, "١"])
def test_a_hostile_language_is_refused_with_a_message(client, editor, english, language):
    client.force_login(editor)
    response = client.post(translate_url(english, language), follow=True)
    assert response.status_code == 200
    assert "is not one of the site" in response.content.decode()
    assert not Story.objects.filter(translation_of=english).exists()


def test_translating_needs_a_post_and_the_right_to_write_stories(client, english):
    reader = UserFactory(username="reader")
    reader.user_permissions.add(Permission.objects.get(codename="view_story"))
    client.force_login(reader)
    assert client.get(translate_url(english, "ar")).status_code == 405
    assert client.post(translate_url(english, "ar")).status_code == 403
    assert not Story.objects.filter(translation_of=english).exists()


def test_the_change_form_lists_the_set_with_states_and_offers_missing_languages(
    client, editor, english, settings
):
    client.force_login(editor)
    html = client.get(f"/admin/articles/story/{english.pk}/change/").content.decode()
    assert f"Translate this story into {dict(settings.LANGUAGES)['ar']}" in html
    arabic = workflow.start_translation(story=english, language="ar", user=editor)
    html = client.get(f"/admin/articles/story/{english.pk}/change/").content.decode()
    assert "Translate this story into" not in html
    assert f'href="/admin/articles/story/{arabic.pk}/change/"' in html and "Draft" in html
    html = client.get(f"/admin/articles/story/{arabic.pk}/change/").content.decode()
    assert english.headline in html and "(original)" in html and "Published" in html


def field_attributes(html: str, name: str) -> str:
    return re.search(rf'<(?:input|textarea)[^>]*name="{name}"[^>]*>', html).group(0)


def test_text_fields_run_right_to_left_in_an_arabic_story(client, editor):
    story = arabic_story(published=False, created_by=editor)
    client.force_login(editor)
    html = client.get(f"/admin/articles/story/{story.pk}/change/").content.decode()
    for name in ["headline", "dek", "body", "dateline", "seo_title"]:
        tag = field_attributes(html, name)
        assert 'dir="rtl"' in tag and 'lang="ar"' in tag, name
    assert "articles/admin/text_direction.js" in html


def test_text_fields_run_left_to_right_in_an_english_story(client, editor, english):
    client.force_login(editor)
    html = client.get(f"/admin/articles/story/{english.pk}/change/").content.decode()
    assert 'dir="ltr"' in field_attributes(html, "headline")
    assert 'lang="en"' in field_attributes(html, "body")


def test_an_arabic_story_written_in_the_add_form_runs_right_to_left(client, editor):
    client.force_login(editor)
    response = client.post("/admin/articles/story/add/", {"headline": "", "language": "ar"})
    assert 'dir="rtl"' in field_attributes(response.content.decode(), "headline")
