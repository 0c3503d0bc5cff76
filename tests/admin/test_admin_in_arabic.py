"""The newsroom's own admin words in Arabic for an editor who chose Arabic: field names and
help, fieldsets, workflow buttons and list actions, states, the desk and the messages."""

from __future__ import annotations

import json

import pytest
from django.contrib.messages import get_messages
from reversion.models import Version

from articles.models import Story, UserLanguage
from tests.support.arabic import arabic_story
from tests.support.factories import (
    LiveStoryFactory,
    LiveUpdateFactory,
    StoryFactory,
    UploadedImageFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def arabic_editor(client, editor):
    UserLanguage.objects.create(user=editor, language="ar")
    client.force_login(editor)
    return editor


def test_the_story_form_speaks_arabic(client, arabic_editor):
    story = StoryFactory(headline="Harbour expansion approved")
    html = client.get(f"/admin/articles/story/{story.pk}/change/").content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    for words in [
        "العنوان",  # headline
        "المقدمة",  # standfirst
        "جملة أو جملتان تحت العنوان.",  # its help text
        "الموضع",  # the Placement fieldset
        "التوقيع والمصدر",
        "سجل سير العمل",
        "مسودة",  # the story's status
        "أرسل للمراجعة",  # a workflow button
        "انشر الآن",
        "عاين هذه القصة",
    ]:
        assert words in html, words
    for english in ["Placement", "Byline and source", "Submit for review", "Publish now",
                    "Workflow log", "Preview this story", ">Headline:<"]:  # fmt: skip
        assert english not in html, english


def test_the_story_list_actions_and_states_speak_arabic(client, arabic_editor):
    StoryFactory(status=Story.Status.IN_REVIEW)
    html = client.get("/admin/articles/story/").content.decode()
    assert "انشر الآن: القصص المحددة" in html
    assert "قيد المراجعة" in html
    assert "Publish now: selected stories" not in html


def test_the_desk_speaks_arabic(client, arabic_editor):
    StoryFactory(status=Story.Status.READY)
    html = client.get("/admin/articles/story/desk/").content.decode()
    assert "جاهزة" in html and "نُشرت مؤخراً" in html
    assert "Recently published" not in html


def test_a_workflow_step_is_reported_in_arabic(client, arabic_editor):
    story = arabic_story(published=False)
    response = client.post(
        f"/admin/articles/story/{story.pk}/transition/submit/", {"note": ""}, follow=False
    )
    assert response.status_code == 302
    said = [str(message) for message in get_messages(response.wsgi_request)]
    assert said == [f"أرسل للمراجعة: «{story.headline}»."]


def test_the_same_admin_stays_english_for_an_editor_who_did_not_choose(client, editor):
    client.force_login(editor)
    story = StoryFactory(headline="Harbour expansion approved")
    html = client.get(f"/admin/articles/story/{story.pk}/change/").content.decode()
    assert "Placement" in html and "Submit for review" in html and "الموضع" not in html


def test_a_refusal_is_explained_in_arabic(client, arabic_editor):
    story = arabic_story(published=False, body="")
    response = client.post(f"/admin/articles/story/{story.pk}/transition/publish/", {})
    assert response.status_code == 302
    said = [str(message) for message in get_messages(response.wsgi_request)]
    assert said == [f"تعذّر نشر «{story.headline}»: ينقصها النص."]


def test_the_history_keeps_the_sites_language(client, arabic_editor):
    story = arabic_story(published=False)
    client.post(f"/admin/articles/story/{story.pk}/transition/submit/", {})
    [version] = Version.objects.get_for_object(story)
    assert version.revision.comment == f"Submit for review by {arabic_editor.get_username()}"


def test_the_admins_scripts_get_their_words_in_arabic(client, arabic_editor):
    story = StoryFactory()
    form = client.get(f"/admin/articles/story/{story.pk}/change/").content.decode()
    assert "/admin/jsi18n/" in form  # loaded before the form's own scripts
    catalogue = client.get("/admin/jsi18n/").content.decode()
    for words in [
        "أدرج صورة من المكتبة",
        "صندوق حقائق",
        "حُفظت التعديلات غير المحفوظة مؤقتاً في %s.",
    ]:
        assert json.dumps(words)[1:-1] in catalogue, words  # the catalogue escapes to ASCII


def test_notes_and_a_list_actions_form_speak_arabic(client, arabic_editor):
    story = StoryFactory(published=True)
    html = client.get(f"/admin/articles/story/{story.pk}/change/").content.decode()
    assert "ملاحظات داخلية لغرفة الأخبار" in html and "أضف ملاحظة" in html
    asked = client.post(
        "/admin/articles/story/",
        {"action": "workflow_unpublish", "_selected_action": [story.pk]},
    ).content.decode()
    assert "السبب" in asked and "إلغاء" in asked and "Reason" not in asked


def test_the_live_panel_speaks_arabic(client, arabic_editor):
    story = LiveStoryFactory()
    LiveUpdateFactory(story=story, pinned=True)
    html = client.get(f"/admin/articles/story/{story.pk}/change/").content.decode()
    for words in ["التغطية المباشرة", "انشر التحديث", "ألغِ التثبيت", "أنهِ التغطية المباشرة"]:
        assert words in html, words
    assert "Post update" not in html and "Unpin" not in html


def test_the_photo_library_speaks_arabic(client, arabic_editor):
    added = client.get("/admin/articles/image/add/").content.decode()
    assert "التعليق والحقوق" in added and "Caption and rights" not in added
    assert "نقطة التركيز" not in added  # a new photo has no focal point to pick yet
    image = UploadedImageFactory()
    html = client.get(f"/admin/articles/image/{image.pk}/change/").content.decode()
    assert "نقطة التركيز" in html and "لم تُستخدم في أي قصة بعد." in html


def test_the_history_page_offers_the_comparison_in_arabic(client, arabic_editor):
    story = StoryFactory()
    html = client.get(f"/admin/articles/story/{story.pk}/history/").content.decode()
    assert "قارن النسخ" in html and "Compare revisions" not in html
