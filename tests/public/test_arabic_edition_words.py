"""Every public page of the Arabic edition speaks Arabic: no English word of the site's own
is left in what a reader sees or hears (text, alt, title, aria-label, placeholder)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser

import pytest
from django.db import OperationalError, connection
from django.utils import timezone

from articles.editorial.preview import preview_url
from articles.models import Story
from tests.support.arabic import BODY, arabic_section, arabic_story
from tests.support.factories import (
    AuthorFactory,
    CorrectionFactory,
    ImageFactory,
    LiveStoryFactory,
    LiveUpdateFactory,
    SectionFactory,
    SourceFactory,
    StoryFactory,
)

pytestmark = pytest.mark.django_db

VIDEO = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
# Latin words a reader may rightly see on an Arabic page: a language's own name in the
# "also in" link, and the name of the provider of an embedded video.
ALLOWED_LATIN = {"English", "YouTube"}
READ_ATTRIBUTES = ("alt", "title", "aria-label", "placeholder")


class ReaderWords(HTMLParser):
    """What a reader sees or a screen reader says: text outside scripts, styles and the
    head, and the attributes read aloud."""

    def __init__(self, html: str):
        super().__init__()
        self.words: list[str] = []
        self._skip = 0
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "style", "head"}:
            self._skip += 1
        if not self._skip:
            self.words += [value or "" for name, value in attrs if name in READ_ATTRIBUTES]

    def handle_endtag(self, tag):
        if tag in {"script", "style", "head"}:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.words.append(data)


def english_left(html: str) -> set[str]:
    text = " ".join(ReaderWords(html).words)
    return set(re.findall(r"[A-Za-z]{2,}", text)) - ALLOWED_LATIN


@pytest.fixture
def edition(settings):
    """An Arabic edition with every kind of page, all its content in Arabic."""
    settings.SITE_NAME = "صحيفة غرفة الأخبار"
    section = arabic_section(slug="akhbar", description="أخبار المدينة والميناء")
    author = AuthorFactory(
        name="ليلى حداد", slug="layla", job_title="مراسلة", bio="تكتب عن الميناء."
    )
    source = SourceFactory(
        name="الشرق الأوسط", slug="awsat", homepage="", usage_terms="يعاد نشرها بإذن."
    )
    photo = ImageFactory(
        caption="قوارب الصيادين في الميناء صباح الاثنين.",
        credit="وكالة/سامي نور",
        agency="وكالة",
        alt_text="قوارب في الميناء",
    )
    english = StoryFactory(
        published=True,
        language="en",
        headline="Council approves harbour",
        section=SectionFactory(edition="en"),
    )
    story = arabic_story(
        section=section,
        authors=[author],
        source=source,
        lead_image=photo,
        tags=["الميناء"],
        dateline="صيدا",
        body=BODY + f'<figure data-embed="{VIDEO}" data-title="العاصفة فوق الميناء"></figure>',
        published_at=timezone.now() - timedelta(days=2),
        updated_at=timezone.now() - timedelta(days=1),
    )
    english.translation_of = story
    english.save()
    CorrectionFactory(story=story, text="ذكرت نسخة سابقة اسم رئيس البلدية خطأً.")
    for n in range(3):
        arabic_story(section=section, headline=f"خبر رقم {n} عن الميناء")
    live = LiveStoryFactory(
        language="ar",
        section=section,
        headline="تغطية مباشرة للعاصفة",
        slug="",
        dek="العاصفة تقترب.",
        body=BODY,
    )
    for n, extra in enumerate(
        [
            {"key_event": True, "headline": "إغلاق الميناء"},
            {"pinned": True},
            {"edited_at": timezone.now(), "correction": "ذكرت نسخة سابقة الطريق الخطأ."},
        ]
    ):
        LiveUpdateFactory(
            story=live,
            body=f"<p>تحديث رقم {n} من الميناء.</p>",
            published_at=timezone.now() - timedelta(minutes=10 - n),
            **extra,
        )
    ended = LiveStoryFactory(
        language="ar", section=section, headline="انتهت التغطية", slug="", dek="انتهت.", body=BODY
    )
    ended.coverage_ended_at = timezone.now() - timedelta(minutes=5)
    ended.save()
    LiveUpdateFactory(story=ended, body="<p>آخر تحديث.</p>")
    return {
        "story": story,
        "section": section,
        "author": author,
        "source": source,
        "live": live,
        "ended": ended,
    }


def test_every_page_of_the_arabic_edition_is_in_arabic(client, edition, monkeypatch):
    from articles.public import views

    monkeypatch.setattr(views.SectionView, "paginate_by", 2)
    story, section = edition["story"], edition["section"]
    month = timezone.localtime(story.published_at)
    pages = {
        "front": "/ar/",
        "story": story.get_absolute_url(),
        "live story": edition["live"].get_absolute_url(),
        "ended live story": edition["ended"].get_absolute_url(),
        "section": section.get_absolute_url(),
        "section, page 2": section.get_absolute_url() + "?page=2",
        "tag": f"/ar/tags/{story.tags.get().slug}/",
        "author": "/ar/authors/layla/",
        "source": "/ar/sources/awsat/",
        "archive": "/ar/archive/",
        "archive month": f"/ar/archive/{month:%Y}/{month:%m}/",
        "search": "/ar/search/?q=" + "الميناء",
        "search, nothing found": "/ar/search/?q=" + "زلزال",
        "not found": "/ar/no-such-page/",
    }
    for name, url in pages.items():
        response = client.get(url)
        assert response.status_code in (200, 404), (name, response.status_code)
        assert english_left(response.content.decode()) == set(), name


def test_an_older_stories_page_says_so_in_arabic(client, edition, monkeypatch):
    from articles.public import views

    monkeypatch.setattr(views.SectionView, "paginate_by", 2)
    first = client.get(edition["section"].get_absolute_url()).content.decode()
    older = re.search(r'href="(\?before=[^"]+)"', first).group(1)
    html = client.get(edition["section"].get_absolute_url() + older.replace("&amp;", "&"))
    html = html.content.decode()
    assert "(قصص أقدم)" in html and "أحدث القصص" in html
    assert english_left(html) == set()


def test_the_live_page_tells_its_script_the_arabic_words_for_new_updates(client, edition):
    html = client.get(edition["live"].get_absolute_url()).content.decode()
    assert "أبرز الأحداث" in html and "مثبّت" in html and "حدث بارز" in html
    counts = re.search(r'data-counts="([^"]+)"', html).group(1)
    assert "تحديثان جديدان" in counts and "%(count)s تحديثات جديدة" in counts
    poll = client.get(edition["live"].get_absolute_url() + "live.json").json()
    assert all(english_left(update["html"]) == set() for update in poll["updates"])


def test_a_removed_story_and_previews_speak_arabic(client, edition):
    gone = arabic_story(status=Story.Status.UNPUBLISHED, headline="قصة سُحبت")
    assert english_left(client.get(gone.get_absolute_url()).content.decode()) == set()
    draft = arabic_story(published=False, headline="مسودة عن الميناء")
    html = client.get(preview_url(draft)).content.decode()
    assert "معاينة قصة حالتها" in html
    assert english_left(html) == set()
    refused = client.get("/ar/preview/not-a-token/")
    assert refused.status_code == 403
    assert english_left(refused.content.decode()) == set()


def test_the_archive_month_counts_and_names_in_arabic(client, settings):
    settings.SITE_NAME = "صحيفة غرفة الأخبار"
    section = arabic_section(slug="akhbar")
    for n in range(2):
        arabic_story(section=section, published_at=datetime(2025, 11, 10 + n, tzinfo=UTC))
    html = client.get("/ar/archive/").content.decode()
    assert "نوفمبر 2025" in html and "(قصتان)" in html
    html = client.get("/ar/archive/2025/11/").content.decode()
    assert "قصتان" in html and english_left(html) == set()


def test_server_errors_speak_the_editions_language(client, settings, monkeypatch):
    from articles.public import views

    settings.SITE_NAME = "صحيفة غرفة الأخبار"

    def broken(self, **kwargs):
        raise ValueError("a bug")

    monkeypatch.setattr(views.FrontPageView, "get_context_data", broken)
    client.raise_request_exception = False
    response = client.get("/ar/")
    assert response.status_code == 500
    assert '<html lang="ar" dir="rtl">' in response.content.decode()
    assert english_left(response.content.decode()) == set()


def test_an_outage_page_speaks_the_editions_language(client, settings):
    settings.SITE_NAME = "صحيفة غرفة الأخبار"

    def database_down(execute, sql, params, many, context):
        raise OperationalError("could not connect to server")

    with connection.execute_wrapper(database_down):
        response = client.get("/ar/")
    assert response.status_code == 503
    assert english_left(response.content.decode()) == set()
