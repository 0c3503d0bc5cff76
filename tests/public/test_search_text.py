"""The reader's query parsed once and written for each database; text made searchable."""

import pytest
from django.core.exceptions import ValidationError

from articles.public.search_text import (
    ReaderQuery,
    html_search_text,
    validate_search_words,
    words_in,
)


@pytest.mark.parametrize(
    "text,required,excluded",
    [
        ("harbour plan", (("harbour",), ("plan",)), ()),
        ('"harbour plan" dredging', (("harbour plan",), ("dredging",)), ()),
        ("ferry or bus strike", (("ferry", "bus"), ("strike",)), ()),
        ("council -budget", (("council",),), ("budget",)),
        ('council -"budget cuts"', (("council",),), ("budget cuts",)),
        ("covid-19 rules", (("covid 19",), ("rules",)), ()),
        ('"unclosed phrase', (("unclosed phrase",),), ()),
        ("or harbour or", (("harbour",),), ()),
        ("NEAR(a b) headline:x *", (("NEAR a",), ("b",), ("headline x",)), ()),
        ("البلدية تعلن", (("البلدية",), ("تعلن",)), ()),
        ("-harbour", (), ("harbour",)),
        ("- ( ' \" *", (), ()),
    ],
)
def test_parse_keeps_words_phrases_choices_and_exclusions(text, required, excluded):
    query = ReaderQuery.parse(text)
    assert (query.required, query.excluded) == (required, excluded)


def test_a_query_with_nothing_required_finds_nothing():
    assert not ReaderQuery.parse("-harbour")
    assert not ReaderQuery.parse("'\"()")
    assert ReaderQuery.parse("harbour")


def test_fts5_form_is_only_quoted_strings_and_our_operators():
    query = ReaderQuery.parse('ferry or "bus strike" NEAR -council')
    assert query.as_fts5() == '("ferry" OR "bus strike") AND ("NEAR") NOT ("council")'


def test_websearch_form_quotes_every_phrase():
    query = ReaderQuery.parse('ferry or "bus strike" -council or')
    assert query.as_websearch() == '"ferry" or "bus strike" -"council"'


def test_arabic_vowel_marks_stay_inside_their_word():
    assert words_in("مَدِينَة الميناء") == ["مَدِينَة", "الميناء"]


def test_word_count_counts_every_word_of_every_phrase():
    assert ReaderQuery.parse('"one two" three -four or').word_count == 4


def test_validation_refuses_more_words_than_allowed(settings):
    settings.SEARCH_MAX_WORDS = 3
    validate_search_words("one two three")
    with pytest.raises(ValidationError, match="at most 3 words"):
        validate_search_words("one two three four")


def test_a_body_is_indexed_as_its_words_without_markup():
    text = html_search_text('<p>Fish &amp; <a href="https://example.org/x">chips</a></p><p>Tea</p>')
    assert words_in(text) == ["Fish", "chips", "Tea"]
