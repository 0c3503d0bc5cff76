"""Arabic stories for tests: real sentences, an Arabic edition section, and a helper."""

from __future__ import annotations

from articles.models import Section, Story
from tests.support.factories import SectionFactory, StoryFactory

HEADLINE = "المجلس البلدي يوافق على توسعة الميناء"
STANDFIRST = "تبدأ أعمال الحفر في الربيع وتستمر عامين، بحسب رئيس البلدية."
BODY = (
    "<p>وافق المجلس البلدي مساء الاثنين على خطة توسعة الميناء بعد نقاش استمر ثلاث ساعات.</p>"
    "<p>وقال رئيس البلدية إن المشروع سيوفر مئات الوظائف للصيادين وأسرهم.</p>"
)


def arabic_section(**kwargs) -> Section:
    return SectionFactory(**{"name": "أخبار", "edition": "ar", **kwargs})


def arabic_story(**kwargs) -> Story:
    """A published Arabic story in an Arabic-edition section, unless told otherwise."""
    values = {
        "headline": HEADLINE,
        "slug": "",
        "dek": STANDFIRST,
        "body": BODY,
        "language": "ar",
        "published": True,
    }
    values.update(kwargs)
    if "section" not in values:
        values["section"] = arabic_section()
    return StoryFactory(**values)
