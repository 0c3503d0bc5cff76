"""The page cache's keys: the exact strings CDNs and the docs rely on, and that no module
outside ``articles/pagecache/keys.py`` spells one."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from articles.pagecache import keys as cache_keys

PROJECT = Path(__file__).resolve().parents[2]
SCANNED = [PROJECT / "articles", PROJECT / "newsroom"]
KEYS_MODULE = PROJECT / "articles" / "pagecache" / "keys.py"
# Strings shaped like keys that are something else, with what they are.
NOT_KEYS = {
    ("articles/slugs.py", "tag-{}"): "the slug of a tag whose name gives none",
}
PLACEHOLDER = "{}"


def test_the_key_strings_never_change():
    """CDN rules, purge scripts and docs/caching.md name these exact strings."""
    assert [key(12) for key in cache_keys.PER_OBJECT] == [
        "story-12",
        "corrections-12",
        "live-12",
        "image-12",
        "section-12",
        "tag-12",
        "author-12",
        "source-12",
        "list-section-12",
        "list-tag-12",
        "list-author-12",
        "list-source-12",
    ]
    assert cache_keys.FIXED == (
        "front",
        "feeds-latest",
        "archive",
        "sitemap",
        "api",
        "search",
        "nav",
        "robots",
    )
    assert cache_keys.EPOCH == "page-cache:epoch"
    assert cache_keys.NEXT_PUBLISH == "page-cache:next-publish"
    assert cache_keys.version("story-12") == "page-cache:key:story-12"
    assert re.fullmatch(r"page-cache:page:[0-9a-f]{64}", cache_keys.page("https://x.org/?a=1"))
    assert cache_keys.page("https://x.org/?a=1") != cache_keys.page("https://x.org/?a=2")


def key_prefixes() -> tuple[str, ...]:
    return tuple(key(PLACEHOLDER).removesuffix(PLACEHOLDER) for key in cache_keys.PER_OBJECT)


def shape(node: ast.JoinedStr) -> str:
    """An f-string with each replacement field written as ``{}``."""
    return "".join(
        part.value if isinstance(part, ast.Constant) else PLACEHOLDER for part in node.values
    )


def looks_like_a_key(text: str) -> bool:
    prefixes = "|".join(re.escape(prefix) for prefix in key_prefixes())
    return (
        text in cache_keys.FIXED
        or text.startswith(cache_keys.STORE_PREFIX)
        or re.fullmatch(rf"(?:{prefixes})(?:\d*|%s|%d|\{{\}})", text) is not None
        or re.match(rf"(?:{prefixes})\{{\}}", text) is not None
        # A key built from a kind: f"{kind}-{pk}", f"list-{kind}-{pk}".
        or text in ("{}-{}", "list-{}-{}")
    )


def key_literals(source: str) -> list[tuple[int, str]]:
    """Where ``source`` spells something shaped like a cache key, and what."""
    tree = ast.parse(source)
    inside_fstrings = {
        id(part)
        for node in ast.walk(tree)
        if isinstance(node, ast.JoinedStr)
        for part in node.values
    }
    url_names = {
        id(keyword.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        for keyword in node.keywords
        if keyword.arg == "name"
    }
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            text = shape(node)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            if id(node) in inside_fstrings or id(node) in url_names:
                continue
            text = node.value
        else:
            continue
        if looks_like_a_key(text):
            found.append((node.lineno, text))
    return found


@pytest.mark.parametrize(
    "source",
    [
        'mark_public(request, {"front"})',
        'invalidate({"sitemap", "api"})',
        'keys.add(f"story-{story.pk}")',
        'keys.add(f"list-tag-{tag.pk}")',
        'keys.add(f"{kind}-{pk}")',
        'keys.add(f"list-{kind}-{pk}")',
        'key = "list-author-" + str(author_id)',
        'key = "image-%s" % image_id',
        'key = "corrections-{}".format(story_id)',
        'cache.get("page-cache:epoch")',
        'NAV = "nav"',
    ],
)
def test_the_scan_finds_every_way_of_spelling_a_key(source):
    assert key_literals(source), source


def test_the_scan_lets_other_strings_be():
    source = 'path("", view, name="front")\nclass_name = "story-status"\nslug = f"{base}x{n}"\n'
    assert key_literals(source) == []


def test_no_module_spells_a_cache_key_outside_the_keys_module():
    """A typo in a key would leave stale pages without a trace: keys come from functions."""
    spelled = {}
    for folder in SCANNED:
        for path in sorted(folder.rglob("*.py")):
            if path == KEYS_MODULE:
                continue
            relative = path.relative_to(PROJECT).as_posix()
            for line, text in key_literals(path.read_text()):
                if (relative, text) not in NOT_KEYS:
                    spelled[f"{relative}:{line}"] = text
    assert spelled == {}


def test_every_exception_to_the_scan_is_still_needed():
    for relative, text in NOT_KEYS:
        assert text in {found for _, found in key_literals((PROJECT / relative).read_text())}


def test_the_docs_table_lists_every_key():
    """docs/caching.md's table of surrogate keys names each key the code can make, no more."""
    text = (PROJECT / "docs" / "caching.md").read_text()
    section = text.split("\n## Surrogate keys\n")[1].split("\n## ")[0]
    table = [line for line in section.splitlines() if line.startswith("| `")]
    documented = {key for row in table for key in re.findall(r"`([^`]+)`", row.split("|")[1])}
    expected = {key("<id>") for key in cache_keys.PER_OBJECT} | set(cache_keys.FIXED)
    assert documented == expected
