"""A partner feed's language makes its stories that language's drafts, in that edition."""

from __future__ import annotations

import json

import pytest

from articles.ingest.service import ingest_document
from articles.models import Story
from tests.support.arabic import arabic_section
from tests.support.factories import SectionFactory, SourceFactory

pytestmark = pytest.mark.django_db

ARABIC_HEADLINE = "ارتفاع صادرات التمور بنسبة عشرين في المئة"
ARABIC_BODY = "<p>قالت وزارة الزراعة إن صادرات التمور ارتفعت هذا العام.</p>"


def rss(language: str | None, item_language: str = "") -> bytes:
    channel_language = f"<language>{language}</language>" if language else ""
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>الشرق</title><link>https://partner.example/</link>
<description>أخبار</description>{channel_language}
<item><guid>urn:partner:1</guid><title>{ARABIC_HEADLINE}</title>
<description><![CDATA[{ARABIC_BODY}]]></description></item>
</channel></rss>""".encode()


@pytest.fixture
def sections():
    return SectionFactory(name="News", slug="news", edition="en"), arabic_section(slug="akhbar")


@pytest.mark.parametrize("language", ["ar", "ar-SA", "AR"])
def test_an_rss_feed_in_arabic_becomes_arabic_drafts_in_the_arabic_edition(sections, language):
    source = SourceFactory(ingest_section=sections[0])
    ingest_document(rss(language), source)
    story = Story.objects.get(ingest_guid="urn:partner:1")
    assert story.language == "ar" and story.status == Story.Status.DRAFT
    assert story.section == sections[1]
    assert story.slug == "ارتفاع-صادرات-التمور-بنسبة-عشرين-في-المئة"


def test_an_atom_feeds_xml_lang_sets_the_language(sections):
    content = ARABIC_BODY.replace("<", "&lt;")
    atom = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="ar"><title>الشرق</title>
<id>urn:partner</id><updated>2026-11-30T10:00:00Z</updated>
<entry><id>urn:partner:atom-1</id><title>{ARABIC_HEADLINE}</title>
<updated>2026-11-30T10:00:00Z</updated><content type="html">{content}</content>
</entry></feed>""".encode()
    ingest_document(atom, SourceFactory())
    assert Story.objects.get(ingest_guid="urn:partner:atom-1").language == "ar"


def test_ninjs_language_sets_the_language(sections):
    item = {
        "uri": "urn:partner:ninjs-1",
        "language": "ar",
        "headlines": [{"role": "main", "value": ARABIC_HEADLINE}],
    }
    ingest_document(json.dumps(item).encode(), SourceFactory())
    story = Story.objects.get(ingest_guid="urn:partner:ninjs-1")
    assert story.language == "ar" and story.section.edition == "ar"


def test_a_source_may_declare_its_default_language(sections):
    ingest_document(rss(None), SourceFactory(language="ar"))
    assert Story.objects.get(ingest_guid="urn:partner:1").language == "ar"


@pytest.mark.parametrize("language", [None, "tlh", "x" * 500, "١٢"])
def test_a_feed_without_a_known_language_keeps_the_sites(sections, language):
    ingest_document(rss(language), SourceFactory())
    story = Story.objects.get(ingest_guid="urn:partner:1")
    assert story.language == "en" and story.section == sections[0]
