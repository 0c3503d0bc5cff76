"""Searchable text: one normalization for stories and queries, and the reader's query parsed.

A reader's words are parsed here once, into words and phrases that must all appear (``or``
between two of them offers a choice) and ones that must not (``-word``), and written out
again for each database. Nothing the reader types reaches a database's query syntax as
syntax, so no query is ever a syntax error.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from html import unescape

from django.conf import settings
from django.core.exceptions import ValidationError

_TERMS = re.compile(r'(-?)"([^"]*)"?|(\S+)')
_TAG = re.compile(r"<[^>]*>")


def _arabic_folds() -> dict[int, str | None]:
    folds: dict[int, str | None] = {ord(alef): "ا" for alef in "أإآٱ"}
    folds[ord("ة")] = "ه"  # taa marbuta, often written as haa
    folds[ord("ى")] = "ي"  # alef maqsura, often written as yaa
    for zero in (0x0660, 0x06F0):  # Arabic-Indic and Eastern Arabic-Indic digits
        folds.update({zero + value: str(value) for value in range(10)})
    for low, high in SEARCH_REMOVED_RANGES:
        folds.update(dict.fromkeys(range(low, high + 1)))
    return folds


#: Marks searches ignore: tatweel (the stretching stroke), tashkeel (vowel and other marks,
#: the madda and hamza above included) and the Quranic annotation signs.
SEARCH_REMOVED_RANGES = (
    (0x0610, 0x061A),
    (0x0640, 0x0640),
    (0x064B, 0x065F),
    (0x0670, 0x0670),
    (0x06D6, 0x06DC),
    (0x06DF, 0x06E8),
    (0x06EA, 0x06ED),
)
SEARCH_FOLDS = _arabic_folds()


def normalize_search_text(text: str) -> str:
    """Text as it is indexed and searched for: the one place to fold it.

    Arabic spelling variants meet: every alef with a hamza or madda (أ إ آ ٱ) is a bare
    alef, taa marbuta (ة) is haa, alef maqsura (ى) is yaa, tatweel and diacritics go, and
    Arabic-Indic digits (١٩٣٨) are ASCII digits. Stories and queries are folded alike.
    PostgreSQL's equivalent is the SQL function ``articles_search_text`` (migration
    0016_search_languages), which its trigger applies to stories and ``articles.public.search``
    to queries; the two must fold the same way (a test compares them), and changing either
    means indexing every story again.
    """
    return text.translate(SEARCH_FOLDS)


def postgresql_translate_arguments() -> tuple[str, str]:
    """The ``from`` and ``to`` of the SQL ``translate()`` that folds as this module does.

    ``translate`` deletes the characters of ``from`` that have no partner in ``to``, so the
    folded characters come first and the removed ones after them.
    """
    mapped = {code: to for code, to in SEARCH_FOLDS.items() if to is not None}
    removed = [code for code, to in SEARCH_FOLDS.items() if to is None]
    source = "".join(chr(code) for code in [*mapped, *removed])
    return source, "".join(mapped.values())


def html_search_text(html: str) -> str:
    """A body's words for the index: tags become spaces, entities their characters."""
    return normalize_search_text(unescape(_TAG.sub(" ", html)))


def register_sqlite_functions(sender, connection, **kwargs) -> None:
    """Give a new SQLite connection the functions its search triggers call."""
    if connection.vendor != "sqlite":
        return
    connection.connection.create_function(
        "articles_search_text", 1, _or_empty(normalize_search_text), deterministic=True
    )
    connection.connection.create_function(
        "articles_search_html", 1, _or_empty(html_search_text), deterministic=True
    )


def _or_empty(fold):
    return lambda text: fold(text) if text else ""


def words_in(text: str) -> list[str]:
    """The words of ``text``: runs of letters, digits and combining marks (Arabic vowels)."""
    words, current = [], []
    for character in text:
        if character.isalnum() or unicodedata.category(character).startswith("M"):
            current.append(character)
        elif current:
            words.append("".join(current))
            current = []
    if current:
        words.append("".join(current))
    return words


@dataclass(frozen=True)
class ReaderQuery:
    """A reader's search: every group must match one of its phrases; no exclusion may match.

    A phrase is one or more words, space-separated, that must appear together in order.
    """

    required: tuple[tuple[str, ...], ...] = ()
    excluded: tuple[str, ...] = ()

    @classmethod
    def parse(cls, text: str) -> ReaderQuery:
        """Words, ``"quoted phrases"``, ``or`` between two of them and ``-excluded`` ones."""
        required: list[list[str]] = []
        excluded: list[str] = []
        offers_choice = False
        for match in _TERMS.finditer(text):
            dash, quoted, bare = match.groups()
            if bare is not None and bare.lower() == "or":
                offers_choice = bool(required)
                continue
            if bare is not None:
                negated, words = bare.startswith("-"), words_in(bare.lstrip("-"))
            else:
                negated, words = bool(dash), words_in(quoted)
            if not words:
                continue
            phrase = " ".join(words)
            if negated:
                excluded.append(phrase)
            elif offers_choice:
                required[-1].append(phrase)
            else:
                required.append([phrase])
            offers_choice = False
        return cls(tuple(tuple(group) for group in required), tuple(excluded))

    def __bool__(self) -> bool:
        """Whether there is anything to find: exclusions alone find nothing."""
        return bool(self.required)

    @property
    def word_count(self) -> int:
        phrases = [*(phrase for group in self.required for phrase in group), *self.excluded]
        return sum(len(phrase.split()) for phrase in phrases)

    def as_websearch(self) -> str:
        """For PostgreSQL's ``websearch_to_tsquery``; every phrase quoted, so ``or`` is a word."""
        groups = [" or ".join(f'"{phrase}"' for phrase in group) for group in self.required]
        return " ".join([*groups, *(f'-"{phrase}"' for phrase in self.excluded)])

    def as_fts5(self) -> str:
        """For SQLite's FTS5 ``MATCH``: only quoted strings, so nothing is read as syntax."""

        def quoted(phrase: str) -> str:
            return '"' + normalize_search_text(phrase).replace('"', '""') + '"'

        required = " AND ".join(
            "(" + " OR ".join(quoted(phrase) for phrase in group) + ")" for group in self.required
        )
        if not self.excluded:
            return required
        return f"{required} NOT ({' OR '.join(quoted(phrase) for phrase in self.excluded)})"


def validate_search_words(text: str) -> None:
    """Refuse a query of more words than a search may take (each word costs a lookup)."""
    limit = settings.SEARCH_MAX_WORDS
    if ReaderQuery.parse(text).word_count > limit:
        raise ValidationError(
            "Search for at most %(limit)d words.", code="too_many_words", params={"limit": limit}
        )
