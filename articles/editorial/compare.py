"""Compare two revisions of a story, or a revision and the story as it is now, word by word.

What is compared is what an editor reads: headline, standfirst, the body's text, the bylines
and the placement (section, source, front-page priority, byline override, dateline).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from reversion.models import Version

from articles.models import Author, Section, Source, Story, StoryAuthor
from articles.sanitize import strip_all_html


@dataclass(frozen=True)
class Side:
    """One side of a comparison: the compared texts, by label."""

    label: str
    texts: dict[str, str]


def _placement(section_id, source_id, priority, byline_override: str, dateline: str) -> str:
    section = Section.objects.filter(pk=section_id).values_list("name", flat=True).first()
    source = Source.objects.filter(pk=source_id).values_list("name", flat=True).first()
    priority_label = dict(Story.Priority.choices).get(priority, str(priority))
    return (
        f"Section: {section or '—'}; Source: {source or '—'}; Priority: {priority_label}; "
        f"Byline override: {byline_override or '—'}; Dateline: {dateline or '—'}"
    )


def _texts(fields: dict, byline_names: list[str]) -> dict[str, str]:
    return {
        "Headline": fields.get("headline", ""),
        "Standfirst": fields.get("dek", ""),
        "Body": strip_all_html(fields.get("body", "") or ""),
        "Bylines": ", ".join(byline_names) or "—",
        "Placement": _placement(
            fields.get("section_id"),
            fields.get("source_id"),
            fields.get("priority", 0),
            fields.get("byline_override", ""),
            fields.get("dateline", ""),
        ),
    }


def version_side(version: Version) -> Side:
    bylines = sorted(
        (
            other.field_dict
            for other in version.revision.version_set.filter(
                content_type=ContentType.objects.get_for_model(StoryAuthor)
            )
        ),
        key=lambda byline: byline["position"],
    )
    names = Author.objects.in_bulk([byline["author_id"] for byline in bylines])
    byline_names = [
        names[byline["author_id"]].name for byline in bylines if byline["author_id"] in names
    ]
    label = f"Revision of {version.revision.date_created:%d %b %Y %H:%M}"
    return Side(label, _texts(version.field_dict, byline_names))


def current_side(story: Story) -> Side:
    fields = {
        "headline": story.headline, "dek": story.dek, "body": story.body,
        "section_id": story.section_id, "source_id": story.source_id,
        "priority": story.priority, "byline_override": story.byline_override,
        "dateline": story.dateline,
    }  # fmt: skip
    names = [byline.author.name for byline in story.bylines]
    return Side("The story now", _texts(fields, names))


def word_diff(old: str, new: str) -> SafeString:
    """``new`` with the words added in <ins> and those removed from ``old`` in <del>."""
    old_words, new_words = old.split(), new.split()
    parts: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(a=old_words, b=new_words, autojunk=False)
    for operation, a_start, a_end, b_start, b_end in matcher.get_opcodes():
        if operation in ("delete", "replace"):
            parts.append(("del", " ".join(old_words[a_start:a_end])))
        if operation in ("insert", "replace"):
            parts.append(("ins", " ".join(new_words[b_start:b_end])))
        if operation == "equal":
            parts.append(("", " ".join(old_words[a_start:a_end])))
    return format_html_join(
        " ",
        "{}",
        (
            (format_html("<{0}>{1}</{0}>", tag, words) if tag else format_html("{}", words),)
            for tag, words in parts
        ),
    )


def compare(old: Side, new: Side) -> list[tuple[str, bool, SafeString]]:
    """Each compared field: its label, whether it changed, and the marked-up difference."""
    return [
        (label, old.texts[label] != new.texts[label], word_diff(old.texts[label], text))
        for label, text in new.texts.items()
    ]
