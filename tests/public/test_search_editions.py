"""An edition's search offers and accepts its own authors, sources and tags only."""

import pytest

from tests.support.arabic import arabic_story
from tests.support.factories import AuthorFactory, SourceFactory, StoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_editions():
    ruth = AuthorFactory(name="Ruth Abara", slug="ruth")
    layla = AuthorFactory(name="ليلى حداد", slug="layla")
    courier = SourceFactory(name="Harbour Courier", slug="courier")
    asharq = SourceFactory(name="الشرق الأوسط", slug="asharq")
    english = StoryFactory(published=True, authors=[ruth], tags=["harbour"], source=courier)
    arabic = arabic_story(authors=[layla], tags=["الميناء"], source=asharq)
    arabic_story(published=False, headline="مسودة لم تنشر", authors=[AuthorFactory(slug="draft")])
    return english, arabic


def offered(client, path: str) -> str:
    return client.get(path).content.decode()


def test_each_edition_offers_only_its_own_authors_and_sources(client, two_editions):
    english_form, arabic_form = offered(client, "/search/"), offered(client, "/ar/search/")
    assert 'value="ruth"' in english_form and 'value="courier"' in english_form
    assert 'value="layla"' not in english_form and 'value="asharq"' not in english_form
    assert 'value="layla"' in arabic_form and 'value="asharq"' in arabic_form
    assert 'value="ruth"' not in arabic_form and 'value="courier"' not in arabic_form
    assert 'value="draft"' not in arabic_form  # only a draft has this author


def test_an_editions_own_choices_find_its_stories(client, two_editions):
    _, arabic = two_editions
    for choice in ({"author": "layla"}, {"source": "asharq"}, {"tag": "الميناء"}):
        answer = client.get("/ar/search/", choice)
        assert answer.status_code == 200, choice
        assert arabic.headline in answer.content.decode(), choice


@pytest.mark.parametrize("choice", [{"author": "ruth"}, {"source": "courier"}, {"tag": "harbour"}])
def test_another_editions_choice_is_refused_with_the_reason(client, two_editions, choice):
    answer = client.get("/ar/search/", choice)
    assert answer.status_code == 400
    [name] = choice
    assert answer.context["filterset"].form.errors[name]
