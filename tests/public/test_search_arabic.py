"""Arabic search: spelling variants fold alike in stories and queries on both databases, the
article (ال) is stemmed away on PostgreSQL, and each edition searches its own stories."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from django.db import connection

from articles.models import Story
from articles.public.search import search_stories
from articles.public.search_text import SEARCH_FOLDS, normalize_search_text
from tests.support.arabic import arabic_section, arabic_story
from tests.support.factories import StoryFactory

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="Arabic stemming is PostgreSQL's"
)

# (what the story says, what the reader types): each pair must find the story.
PAIRS = [
    ("حافظ الموظف على أمانة الصندوق", "امانة"),
    ("ألقى الإمام خطبة عن إسلام الوزير", "اسلام"),
    ("عبر السكان عن آمال كبيرة", "امال"),
    ("جرى ٱستقبال الوفد في المطار", "استقبال"),
    ("افتتحت مكتبة جديدة في الحي القديم", "مكتبه"),
    ("نقل الجرحى إلى مستشفى المدينة", "مستشفي"),
    ("صدر كـتـاب عن تاريخ الميناء", "كتاب"),
    ("زار الطلاب مَدْرَسَةً في القرية", "مدرسة"),
    ("تأسس النادي عام ١٩٣٨ في المدينة", "1938"),
    ("تأسست الجمعية عام 1947 بعد الحرب", "١٩٤٧"),
    ("بدأ البناء في عام ۱۹۵۲ وفق الخطة", "1952"),
    ("صلى الناس في الْقُدْسِ يوم الجمعة", "القدس"),
    ("كشفت الوثائق عن امانة الحارس", "أمانة"),
    ("أغلقت حديقة الحيوان أبوابها للصيانة", '"حديقه الحيوان"'),
]


def found(words: str, language: str = "ar") -> list[str]:
    stories = Story.objects.published().in_language(language)
    return [story.headline for story in search_stories(stories, words, language=language)]


@pytest.mark.parametrize(("text", "query"), PAIRS)
def test_spelling_variants_find_each_other(text, query):
    section = arabic_section()
    arabic_story(headline=text, section=section)
    arabic_story(headline="أمطار غزيرة على الساحل الشمالي", section=section)
    assert found(query) == [text]


def test_folding_is_the_same_in_python_and_in_postgresql():
    samples = ["أإآٱ ة ى ـ ١٩٣٨ ۱۹۴۸ مَدْرَسَةٌ", "".join(map(chr, SEARCH_FOLDS)), "Harbour ÉCOLE"]
    if connection.vendor != "postgresql":
        pytest.skip("the SQL fold is PostgreSQL's; SQLite calls the Python one")
    with connection.cursor() as cursor:
        for sample in samples:
            cursor.execute("SELECT articles_search_text(%s)", [sample])
            assert cursor.fetchone()[0] == normalize_search_text(sample)


@on_postgresql
@pytest.mark.parametrize(
    ("text", "query"), [("رحب الزوار بالقرار", "زوار"), ("زوار المعرض كثر", "الزوار")]
)
def test_the_definite_article_is_stemmed_away_on_postgresql(text, query):
    arabic_story(headline=text)
    assert found(query) == [text]


@on_postgresql
def test_each_story_is_indexed_with_its_own_languages_configuration():
    arabic = arabic_story(headline="المكتبات العامة تمدد ساعات العمل")
    english = StoryFactory(published=True, headline="Libraries extend their opening hours")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, search_document::text FROM articles_story WHERE id IN (%s, %s)",
            [arabic.pk, english.pk],
        )
        documents = dict(cursor.fetchall())
    assert "'مكتب'" in documents[arabic.pk]  # the arabic stemmer's root of المكتبات
    assert "'librari'" in documents[english.pk]  # the english stemmer's
    assert found("libraries", "en") == [english.headline]
    assert found("مكتب") == [arabic.headline]


def test_changing_a_storys_language_indexes_it_again():
    story = StoryFactory(published=True, headline="زار الوفد مكتبة المدينة")
    story.language = "ar"
    story.save()
    assert found("مكتبه") == [story.headline]


def test_the_arabic_search_page_searches_the_arabic_edition_only(client):
    arabic = arabic_story(headline="افتتاح متحف الميناء عام ١٩٣٨")
    english = StoryFactory(published=True, headline="Harbour museum opened in 1938")
    draft = arabic_story(headline="مسودة عن متحف عام 1938", published=False)
    arabic_page = client.get("/ar/search/?" + urlencode({"q": "1938"})).content.decode()
    english_page = client.get("/search/?q=1938").content.decode()
    assert arabic.headline in arabic_page and english.headline not in arabic_page
    assert english.headline in english_page and arabic.headline not in english_page
    assert draft.headline not in arabic_page


def test_the_tag_filter_takes_the_tags_name_as_well_as_its_slug(client):
    story = arabic_story(headline="توسعة الميناء تبدأ في الربيع", tags=["الميناء"])
    arabic_story(headline="توسعة المطار تتأخر", tags=["المطار"])
    tag = story.tags.get()
    for value in ["الميناء", tag.slug]:
        response = client.get("/ar/search/?" + urlencode({"q": "توسعة", "tag": value}))
        assert response.status_code == 200
        html = response.content.decode()
        assert story.headline in html and "توسعة المطار" not in html


@pytest.mark.parametrize("value", ["\x00", "وسم" * 200, "no-such-tag"])
def test_a_hostile_tag_is_a_400_not_a_500(client, value):
    arabic_story(tags=["الميناء"])
    response = client.get("/ar/search/?" + urlencode({"q": "الميناء", "tag": value}))
    assert response.status_code == 400
