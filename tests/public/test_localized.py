"""The site's own words and dates in the edition's language, and the admin in the language
each user chose."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.utils import translation
from freezegun import freeze_time

from articles.models import Story, UserLanguage
from tests.support.arabic import arabic_section, arabic_story

pytestmark = pytest.mark.django_db

CATALOGUE = Path(__file__).parents[2] / "articles" / "locale" / "ar" / "LC_MESSAGES"


def test_the_compiled_catalogue_says_what_the_po_file_says():
    po = (CATALOGUE / "django.po").read_text(encoding="utf-8")
    pairs = [
        re.search(r'^msgid "(.+)"\nmsgstr "(.+)"$', entry, flags=re.MULTILINE)
        for entry in po.split("\n\n")
        if "msgctxt" not in entry
    ]
    pairs = [pair.groups() for pair in pairs if pair]
    assert len(pairs) > 40
    with translation.override("ar"):
        for msgid, msgstr in pairs:
            assert translation.gettext(msgid.replace('\\"', '"')) == msgstr.replace('\\"', '"')


@freeze_time("2026-11-20 12:00:00")
def test_an_arabic_story_page_speaks_arabic_with_arabic_month_names(client):
    story = arabic_story(published_at=datetime(2026, 11, 19, 9, 30, tzinfo=UTC))
    html = client.get(story.get_absolute_url()).content.decode()
    for words in ["نُشر في", "انتقل إلى المحتوى", "الأرشيف", "الأقسام", "نوفمبر"]:
        assert words in html, words
    assert "Published <time" not in html and "November" not in html


def test_lists_paginate_and_count_in_arabic(client, monkeypatch):
    from articles.public import views

    monkeypatch.setattr(views.SectionView, "paginate_by", 2)
    section = arabic_section(slug="akhbar")
    for n in range(3):
        arabic_story(section=section, headline=f"خبر رقم {n}")
    html = client.get("/ar/sections/akhbar/").content.decode()
    assert "قصص أقدم" in html
    html = client.get("/ar/sections/akhbar/?page=1").content.decode()
    assert "3 قصص" in html and "الصفحة 1 من 2" in html and "قصص أقدم" in html


def test_error_pages_speak_the_editions_language(client):
    assert "الصفحة غير موجودة" in client.get("/ar/no-such-page/").content.decode()
    assert "Page not found" in client.get("/no-such-page/").content.decode()
    gone = arabic_story(status=Story.Status.UNPUBLISHED)
    assert "حُذفت هذه القصة" in client.get(gone.get_absolute_url()).content.decode()


def test_the_search_page_speaks_arabic(client):
    html = client.get("/ar/search/?q=" + "ميناء").content.decode()
    assert "ابحث عن" in html and "كل الأقسام" in html and "تضييق النتائج" in html


def test_a_user_who_chose_arabic_gets_the_admin_in_arabic_right_to_left(client, editor):
    UserLanguage.objects.create(user=editor, language="ar")
    client.force_login(editor)
    story = arabic_story(published=False)
    html = client.get(f"/admin/articles/story/{story.pk}/change/").content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert "الترجمات" in html and "المكتب" in html  # the project's own admin words
    assert "حفظ" in html  # Django's own admin, in Arabic


def test_other_users_keep_the_admin_in_the_sites_language(client, editor):
    client.force_login(editor)
    html = client.get("/admin/").content.decode()
    assert '<html lang="en-gb" dir="ltr">' in html
