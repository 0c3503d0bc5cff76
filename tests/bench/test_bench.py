"""The benchmark harness: the corpus generator at a tiny size and the report's pure functions."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.utils import timezone
from taggit.models import Tag

from articles.models import Author, Image, Section, Source, Story, StoryAuthor
from bench.corpus import CorpusBuilder
from bench.load import LoadFigures, median_figures, parse_wrk_summary
from bench.probe import corpus_facts, full_month
from bench.report import (
    format_count,
    format_ms,
    format_ratio,
    goal_rows,
    machine_was_busy,
    markdown_table,
    render_report,
    target_rows,
)
from bench.sizes import CorpusSize
from bench.targets import STATIC_COPY_NAME, TARGETS, CorpusFacts
from bench.words import SEARCH_TERM
from tests.support.factories import StoryFactory

TINY = CorpusSize(stories=60, tags=12, authors=5, sections=3, images=8, sources=2)


@pytest.fixture
def corpus(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return CorpusBuilder(TINY, seed=3).build()


def test_corpus_creates_the_asked_counts(corpus):
    assert Story.objects.count() == 60
    assert Tag.objects.count() == 12
    assert Author.objects.count() == 5
    assert Section.objects.count() == 3
    assert Image.objects.count() == 8
    assert Source.objects.count() == 2
    assert corpus.counts["stories"] == 60
    assert set(corpus.seconds) >= {"stories", "images", "tags"}


def test_corpus_is_mostly_published_and_every_story_is_whole(corpus):
    published = Story.objects.published()
    assert published.count() > Story.objects.count() / 2
    assert Story.objects.exclude(status=Story.Status.PUBLISHED).exists()
    assert not Story.objects.filter(section__isnull=True).exists()
    for story in Story.objects.all():
        assert 1 <= StoryAuthor.objects.filter(story=story).count() <= 3
        assert 3 <= story.tags.count() <= 6
        assert story.body.count("<p>") >= 4


def test_corpus_stories_are_written_in_the_order_they_are_published(corpus):
    times = list(
        Story.objects.filter(status=Story.Status.PUBLISHED)
        .order_by("pk")
        .values_list("published_at", flat=True)
    )
    assert len(times) > 30
    assert times == sorted(times)


def test_corpus_busiest_tag_is_a_beat_with_a_full_page(corpus, settings):
    facts = corpus_facts()
    tagged = Story.objects.published().filter(tags__slug=facts.tag_slug)
    assert tagged.count() >= settings.STORIES_PER_PAGE
    assert Story.objects.exclude(tags__slug=facts.tag_slug).count() == 0


def test_corpus_photos_are_real_files(corpus, settings):
    image = Image.objects.first()
    path = settings.MEDIA_ROOT / image.file.name
    assert path.read_bytes()[:3] == b"\xff\xd8\xff"
    assert Image.objects.exclude(content_hash="").count() == 0


def test_corpus_refuses_a_database_that_holds_stories(corpus):
    with pytest.raises(ValueError, match="already holds stories"):
        CorpusBuilder(TINY).build()


def test_corpus_facts_make_real_urls(corpus):
    facts = corpus_facts()
    story = Story.objects.published().get(slug=facts.story_slug)
    assert story.lead_image_id is not None
    section_stories = Story.objects.published().filter(section__slug=facts.section_slug).count()
    assert (facts.section_pages - 1) * 20 < section_stories <= facts.section_pages * 20
    urls = {target.name: target.url_for(facts) for target in TARGETS}
    assert urls["story"] == f"/stories/{facts.story_slug}/"
    assert urls["section deepest page"].endswith(f"?page={facts.section_pages}")


@pytest.mark.django_db
def test_archive_target_is_the_newest_full_month():
    zone = timezone.get_current_timezone()
    newest = datetime(2026, 3, 2, 9, tzinfo=zone)
    StoryFactory(published=True, published_at=newest)
    for day in range(1, 21):
        StoryFactory(published=True, published_at=datetime(2026, 1, day, 9, tzinfo=zone))
    assert full_month(newest) == (2026, 1)
    assert full_month(datetime(2025, 6, 1, 9, tzinfo=zone)) == (2025, 6)


def test_target_names_are_unique():
    names = [target.name for target in TARGETS] + [STATIC_COPY_NAME]
    assert len(names) == len(set(names))


WRK_OUTPUT = """Running 4s test @ http://127.0.0.1:8000/
  1 threads and 4 connections
Requests/sec:    500.00
{"requests": 2000, "duration_us": 4000000, "bytes": 1, "p50_us": 7500, "p95_us": 20000, \
"p99_us": 42100, "max_us": 50000, "errors": 0, "non_2xx": 3}
"""


def test_parse_wrk_summary_reads_the_lua_line():
    figures = parse_wrk_summary(WRK_OUTPUT)
    assert figures.requests_per_second == 500
    assert (figures.p50_ms, figures.p95_ms, figures.p99_ms) == (7.5, 20, 42.1)
    assert figures.non_2xx == 3


def test_parse_wrk_summary_refuses_output_without_summary():
    with pytest.raises(ValueError, match="no summary"):
        parse_wrk_summary("Running 4s test\n")


def test_median_figures_takes_each_median():
    runs = [LoadFigures(100, rate, rate / 10, 1, 2) for rate in (300.0, 100.0, 200.0)]
    figures = median_figures(runs)
    assert figures.requests_per_second == 200
    assert figures.p50_ms == 20


def test_formatting_of_figures():
    assert format_count(100000) == "100,000"
    assert format_count(None) == "–"
    assert format_ms(7.456) == "7.5"
    assert format_ms(1234.4) == "1,234"
    assert format_ratio(2.345) == "2.35x"
    assert markdown_table(("a", "b"), [(1, 2)]) == "| a | b |\n| --- | --- |\n| 1 | 2 |"


def measured(name, rate, p95=10.0, queries=5, status=200):
    load = {
        "requests": 100,
        "requests_per_second": rate,
        "p50_ms": 5.0,
        "p95_ms": p95,
        "p99_ms": 20.0,
        "errors": 0,
        "non_2xx": 0,
    }
    return {
        "name": name,
        "url": f"/{name}/",
        "status": status,
        "bytes": 8000,
        "queries_first": queries,
        "queries_repeat": queries,
        "error": "",
        "load": load if status < 400 else None,
    }


def timed(url, p95):
    return {"url": url, "status": 200, "requests": 20, "p50_ms": p95 / 2, "p95_ms": p95,
            "max_ms": p95 * 2}  # fmt: skip


def results_at(size):
    facts = CorpusFacts("s", "sec", 220, "t", "a", "src", "council", 2026, 11)
    setups = [
        {
            "size": size,
            "database": database,
            "cache": cache,
            "facts": facts.__dict__,
            "in_process": (
                {
                    "story": timed("/s/", p95=40.0),
                    "search": timed("/search/?q=lighthouse", p95=50.0),
                    "search council": timed("/search/?q=council", p95=70.0),
                }
                if cache == "off"
                else {}
            ),
            "targets": [
                measured("story", 400 if cache == "off" else 1000),
                measured("search", 50, p95=80.0),
                measured("sitemap index", 0, status=404),
                measured(STATIC_COPY_NAME, 2000),
            ],
        }
        for database in ("sqlite", "postgres")
        for cache in ("off", "redis")
    ]
    return {
        "command": "python -m bench.run",
        "started": "2026-11-25 10:00 UTC",
        "elapsed_seconds": 60,
        "machine": {"CPU": "test"},
        "settings": {
            "workers": 2,
            "load": {
                "threads": 1,
                "connections": 4,
                "warmup_seconds": 1,
                "runs": 3,
                "duration_seconds": 4,
            },  # fmt: skip
            "sizes": [size],
            "databases": ["sqlite", "postgres"],
            "caches": {"off": "dummy", "redis": "Redis"},
            "stories_per_page": 20,
            "static_copy": "bench/story-copy.html",
        },
        "corpora": [],
        "setups": setups,
        "renditions": [
            {
                "format": "webp",
                "seconds": 0.5,
                "peak_mb": 150.0,
                "baseline_mb": 50.0,
                "widths": [1280],
                "mime_types": ["image/webp"],
                "rendered": True,
            },
        ],  # fmt: skip
    }


def test_goals_are_judged_at_the_full_size():
    rows = goal_rows(results_at(100_000))
    assert [row[2] for row in rows] == ["met", "met", "met", "met", "met"]
    assert "slowest search (search council) p95 70.0 ms, 1.75x" in rows[3][1]


def test_goals_are_missed_by_slow_figures():
    results = results_at(100_000)
    for setup in results["setups"]:
        setup["targets"][0] = measured("story", 200 if setup["cache"] == "off" else 500)
        if setup["in_process"]:
            setup["in_process"]["search council"] = timed("/search/?q=council", p95=90.0)
    results["renditions"][0]["peak_mb"] = 250.0
    rows = goal_rows(results)
    assert [row[2] for row in rows] == ["missed", "missed", "met", "missed", "missed"]
    assert "static/story 4.00x" in rows[0][1]


def test_goals_at_a_small_size_say_not_measured():
    rows = goal_rows(results_at(1000))
    assert rows[1][2] == "not measured at 100,000 stories"
    assert rows[2][2] == "not measured at 100,000 stories"
    assert rows[3][2] == "not measured at 100,000 stories"


def test_rendition_that_returns_the_original_is_not_measurable():
    results = results_at(100_000)
    results["renditions"][0].update(widths=[6000], rendered=False)
    assert goal_rows(results)[4][2] == "not measurable yet"


def test_unavailable_targets_are_reported_not_measured():
    setup = results_at(1000)["setups"][0]
    rows = {row[0]: row for row in target_rows(setup)}
    assert rows["sitemap index"][2] == "not available (404)"
    assert rows["story"][5] == "400"


def test_render_report_has_every_section():
    report = render_report(results_at(100_000))
    for heading in ("## Goals", "## Machine", "## Settings", "## Corpus", "## Scaling",
                    "## Deep pagination", "## Rendition"):  # fmt: skip
        assert heading in report
    assert "## 100,000 stories, postgres, cache redis" in report


def test_a_busy_machine_is_flagged_in_the_report():
    assert machine_was_busy({"cores": "2", "load average at end": "3.10 2.00 1.00"})
    assert not machine_was_busy({"cores": "2", "load average at start": "0.50 0.40 0.30"})
    results = results_at(1000)
    results["machine"] = {"cores": "2", "load average at start": "7.00 5.00 3.00"}
    assert "**Caution:** the machine was busy" in render_report(results)
    results["machine"]["load average at start"] = "0.20 0.10 0.10"
    assert "Caution" not in render_report(results)


def test_the_search_term_is_in_a_few_headlines_not_all():
    import random

    from bench.words import headline

    rng = random.Random(3)
    share = sum(SEARCH_TERM in headline(rng).lower() for _ in range(2000)) / 2000
    assert 0.005 < share < 0.05


def test_search_goal_without_in_process_figures_says_not_measured():
    results = results_at(100_000)
    for setup in results["setups"]:
        setup["in_process"] = {}
    assert goal_rows(results)[3][2] == "not measured"


def test_in_process_figures_and_the_peer_are_reported():
    results = results_at(100_000)
    page = {"queries_first": 23, "queries_repeat": 17, "bytes": 10664, "p50_ms": 30.0,
            "p95_ms": 45.0}  # fmt: skip
    results["peers"] = [
        {"peer": "wagtail", "size": 100_000, "database": "sqlite", "page": page,
         "load": measured("wagtail", 120)["load"]},
    ]  # fmt: skip
    report = render_report(results)
    assert (
        "| search council | `/search/?q=council` | 200 | 20 | 35.0 | 70.0 | 140 | 1.75x |" in report
    )
    assert "## Story page beside a Wagtail site" in report
    assert "| 100,000 | sqlite | Wagtail article | 23 / 17 | 10,664 | 30.0 | 45.0 | 120 |" in report
    assert "| 100,000 | sqlite | Newsroom story | 5 / 5 | 8,000 | 20.0 | 40.0 | 400 |" in report


def test_common_searches_are_words_of_the_corpus():
    from bench.targets import COMMON_SEARCHES
    from bench.words import WORDS

    assert all(word in WORDS for words in COMMON_SEARCHES for word in words.split())


def test_targets_can_be_chosen_by_name():
    from bench.targets import chosen_targets

    assert [target.name for target in chosen_targets(["story", "search council"])] == [
        "story",
        "search council",
    ]
    assert chosen_targets([]) == TARGETS
    with pytest.raises(ValueError, match="Unknown target"):
        chosen_targets(["no such page"])


def test_percentile_is_the_nearest_rank():
    from bench.timing import percentile

    values = [float(value) for value in range(1, 21)]
    assert percentile(values, 0.95) == 19.0
    assert percentile(values, 0.5) == 10.0
    assert percentile([7.0], 0.95) == 7.0


def test_in_process_timing_requests_each_chosen_target(corpus):
    from bench.timing import time_targets

    timings = time_targets(["story", "search council", "search river court"], requests=2)
    assert set(timings) == {"story", "search council", "search river court"}
    assert all(
        figures["status"] == 200 and figures["requests"] == 2 for figures in timings.values()
    )
    assert timings["search river court"]["url"] == "/search/?q=river+court"
    assert timings["story"]["p50_ms"] <= timings["story"]["p95_ms"] <= timings["story"]["max_ms"]
