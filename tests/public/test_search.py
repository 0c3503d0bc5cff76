from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.utils import timezone

from articles.models import Story
from articles.public.search import newest_postgresql_matches, search_stories
from articles.public.search_text import ReaderQuery
from tests.support.factories import AuthorFactory, SectionFactory, SourceFactory, StoryFactory

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="ranked search runs on PostgreSQL"
)


def headlines(response) -> list[str]:
    return [story.headline for story in response.context["stories"]]


def search(client, **params):
    return client.get("/search/", params)


def test_finds_a_word_in_the_body(client):
    StoryFactory(
        published=True, headline="Council meets", body="<p>The lighthouse keeper spoke.</p>"
    )
    StoryFactory(published=True, headline="Other news", body="<p>Nothing to see.</p>")
    response = search(client, q="lighthouse")
    assert response.status_code == 200
    assert headlines(response) == ["Council meets"]


def test_finds_words_in_headline_and_standfirst(client):
    StoryFactory(published=True, headline="Regatta cancelled")
    StoryFactory(published=True, headline="Weather", dek="Storm cancels the regatta.")
    assert sorted(headlines(search(client, q="regatta"))) == ["Regatta cancelled", "Weather"]


@pytest.mark.parametrize("trait", ["draft", "scheduled", "unpublished"])
def test_never_finds_what_is_not_public(client, trait):
    StoryFactory(published=True, headline="Public lighthouse story")
    StoryFactory(**({trait: True} if trait != "draft" else {}), headline="Hidden lighthouse story")
    response = search(client, q="lighthouse")
    assert headlines(response) == ["Public lighthouse story"]
    assert "Hidden lighthouse story" not in response.content.decode()


def test_filters_by_section(client):
    sport = SectionFactory(slug="sport")
    StoryFactory(published=True, section=sport, headline="Harbour race")
    StoryFactory(published=True, headline="Harbour news")
    assert headlines(search(client, q="harbour", section="sport")) == ["Harbour race"]
    assert headlines(search(client, section="sport")) == ["Harbour race"]


def test_filters_by_tag(client):
    StoryFactory(published=True, headline="Tagged", tags=["Rowing"])
    StoryFactory(published=True, headline="Untagged")
    assert headlines(search(client, tag="rowing")) == ["Tagged"]


def test_filters_by_author(client):
    author = AuthorFactory(slug="ruth")
    StoryFactory(published=True, headline="Hers", authors=[author])
    StoryFactory(published=True, headline="Someone else's", authors=[AuthorFactory()])
    assert headlines(search(client, author="ruth")) == ["Hers"]


def test_filters_by_source(client):
    StoryFactory(published=True, headline="From the wire", source=SourceFactory(slug="wire"))
    StoryFactory(published=True, headline="Our own")
    assert headlines(search(client, source="wire")) == ["From the wire"]


def test_filters_by_date_range(client):
    tz = timezone.get_current_timezone()
    for day in (1, 10, 20):
        StoryFactory(
            published=True,
            headline=f"Day {day}",
            published_at=datetime(2025, 3, day, 12, tzinfo=tz),
        )
    assert headlines(search(client, date_from="2025-03-05")) == ["Day 20", "Day 10"]
    assert headlines(search(client, date_to="2025-03-10")) == ["Day 10", "Day 1"]
    assert headlines(search(client, date_from="2025-03-10", date_to="2025-03-10")) == ["Day 10"]


@pytest.mark.parametrize(
    "params",
    [
        {"date_from": "not-a-date"},
        {"section": "no-such-section"},
        {"author": "nobody"},
        {"date_from": "2025-03-10", "date_to": "2025-03-01"},
        {"q": "x" * 201},
    ],
)
def test_bad_input_is_explained_not_a_server_error(client, params):
    StoryFactory(published=True, headline="Anything")
    response = search(client, **params)
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
    assert headlines(response) == []


def test_empty_search_shows_the_form_and_no_list(client):
    StoryFactory(published=True, headline="Anything")
    response = search(client)
    assert response.status_code == 200
    assert headlines(response) == []
    assert 'name="q"' in response.content.decode()


def test_odd_search_syntax_is_harmless(client):
    StoryFactory(published=True, headline="Harbour plan", body="<p>Dredging starts.</p>")
    for text in ['"harbour', "harbour & | !", "-", "or or", "('"]:
        assert search(client, q=text).status_code == 200


def test_results_are_paginated_and_keep_the_query(client, settings):
    settings.STORIES_PER_PAGE = 20
    StoryFactory.create_batch(21, published=True, body="<p>lighthouse</p>")
    first = search(client, q="lighthouse")
    assert len(first.context["stories"]) == 20
    assert 'href="?q=lighthouse&amp;page=2"' in first.content.decode()
    second = client.get("/search/?q=lighthouse&page=2")
    assert len(second.context["stories"]) == 1


@pytest.mark.parametrize("count", [1, 30])
def test_search_queries_do_not_grow(client, django_assert_max_num_queries, count):
    section, author = SectionFactory(slug="news"), AuthorFactory(slug="ann")
    for _ in range(count):
        StoryFactory(published=True, section=section, authors=[author], body="<p>lighthouse</p>")
    with django_assert_max_num_queries(10):
        response = search(client, q="lighthouse", section="news", author="ann")
    assert response.context["page_obj"].paginator.count == count


def test_ranks_headline_matches_first():
    StoryFactory(
        published=True,
        headline="Other news",
        body="<p>lighthouse</p>",
        published_at=timezone.now() - timedelta(minutes=1),
    )
    StoryFactory(
        published=True,
        headline="Lighthouse restored",
        published_at=timezone.now() - timedelta(days=3),
    )
    found = list(search_stories(Story.objects.published(), "lighthouses"))
    assert [story.headline for story in found] == ["Lighthouse restored", "Other news"]
    assert found[0].rank > found[1].rank


@on_postgresql
def test_postgresql_search_uses_the_stored_document_and_its_gin_index():
    StoryFactory(published=True, body="<p>lighthouse</p>")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
    lighthouse = ReaderQuery.parse("lighthouse")
    matches = newest_postgresql_matches(Story.objects.all(), lighthouse, walk_newest=False)
    plan = matches.explain()
    assert "story_search_document_idx" in plan
    assert "to_tsvector" not in str(matches.query)


def test_choice_selects_render_as_djangos_select_does():
    from django import forms

    from articles.public.filters import QuickSelect

    choices = [("", "All sections"), ("a&b", "Arts & <b>books</b>"), ("news", "News")]
    for value in ("", "a&b", None, "news", "missing"):
        django_html = forms.Select(choices=choices, attrs={"id": "id_section"}).render("s", value)
        quick_html = QuickSelect(choices=choices, attrs={"id": "id_section"}).render("s", value)
        assert quick_html.replace("\n\n", "\n") == django_html.replace("\n\n", "\n")


def test_author_choices_name_only_authors_of_public_stories(client):
    StoryFactory(published=True, authors=[AuthorFactory(name="Ruth Abara", slug="ruth")])
    StoryFactory(authors=[AuthorFactory(name="Hidden Writer", slug="hidden")])
    html = search(client, q="headline").content.decode()
    assert "Ruth Abara" in html and "Hidden Writer" not in html
    assert search(client, q="headline", author="hidden").status_code == 400


def test_words_and_a_tag_narrow_together(client):
    StoryFactory(published=True, headline="Regatta results", tags=["Rowing", "Sport"])
    StoryFactory(published=True, headline="Regatta traffic", tags=["Roads"])
    StoryFactory(published=True, headline="Rowing club dinner", tags=["Rowing"])
    assert headlines(search(client, q="regatta", tag="rowing")) == ["Regatta results"]


def test_search_reads_the_stored_index_not_the_bodies(client):
    from django.test.utils import CaptureQueriesContext

    StoryFactory(published=True, headline="Keepers", body="<p>lighthouse</p>")
    with CaptureQueriesContext(connection) as queries:
        assert headlines(search(client, q="lighthouse")) == ["Keepers"]
    assert not [query["sql"] for query in queries if '"body"' in query["sql"]]
