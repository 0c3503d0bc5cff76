"""Fill an empty peer site with the benchmark's corpus, written in bulk.

The same text generator and shares as bench/corpus.py: sections of article pages, most
live, with a lead photo on most, a source on some, three to six tags, a byline and
corrections on a few. Every article has four related articles chosen among earlier live
ones, as our story page always lists four (picked, or sharing a tag or the section).
Wagtail's page tree (materialised paths) is written directly, path by path, because adding
100,000 pages one by one through ``add_child`` takes hours. Prints one JSON object:
counts, seconds, an article's URL.
"""

import json
import random
import time
import uuid
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from taggit.models import Tag
from wagtail.models import Collection, Locale, Page, Site

from bench.words import PHOTO_SIZE, WORDS, draw_photo, headline, paragraph, sentence, story_body
from news.models import (
    ArticlePage,
    ArticlePageTag,
    Correction,
    HomePage,
    NewsImage,
    SectionPage,
    Source,
)

BATCH_SIZE = 2_000
PHOTO_FILES = 300
LIVE_SHARE = 0.88
LEAD_IMAGE_SHARE = 0.85
SOURCE_SHARE = 0.3
CORRECTION_SHARE = 0.02
RELATED_PAGES = 4
UPDATED_SHARE = 0.1
ARCHIVE_DAYS = 3 * 365


class Command(BaseCommand):
    help = "Fill an empty peer site with a corpus of article pages."

    def add_arguments(self, parser):
        parser.add_argument("--stories", type=int, default=1000)
        parser.add_argument("--tags", type=int, default=2000)
        parser.add_argument("--authors", type=int, default=200)
        parser.add_argument("--sections", type=int, default=20)
        parser.add_argument("--images", type=int, default=5000)
        parser.add_argument("--sources", type=int, default=10)
        parser.add_argument("--seed", type=int, default=7)

    def handle(self, *args, **options):
        if ArticlePage.objects.exists():
            raise CommandError("The database already holds articles; use an empty database.")
        self.rng = random.Random(options["seed"])
        self.now = timezone.now().replace(microsecond=0)
        self.seconds = {}
        counts = {}
        for part, create in [
            ("sections", lambda: self.create_sections(options["sections"])),
            ("images", lambda: self.create_images(options["images"])),
            ("sources", lambda: self.create_sources(options["sources"])),
            ("tags", lambda: self.create_tags(options["tags"])),
            ("stories", lambda: self.create_articles(options["stories"], options["authors"])),
        ]:
            started = time.perf_counter()
            with transaction.atomic():
                counts[part] = create()
            self.seconds[part] = round(time.perf_counter() - started, 2)
            self.stderr.write(f"{part}: {counts[part]:,} in {self.seconds[part]:.1f} s")
        # As autovacuum would on a live database after bulk loads, and as our corpus does.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
        article = (
            ArticlePage.objects.live()
            .filter(lead_image__isnull=False)
            .order_by("-first_published_at")
            .first()
        )
        self.stdout.write(
            json.dumps({"counts": counts, "seconds": self.seconds, "article_url": article.url})
        )

    def create_sections(self, count: int) -> int:
        root = Page.get_first_root_node()
        for page in root.get_children():
            page.delete()
        root.refresh_from_db()
        self.home = root.add_child(instance=HomePage(title="Front page", slug="home"))
        Site.objects.all().delete()
        Site.objects.create(
            hostname="127.0.0.1",
            root_page=self.home,
            is_default_site=True,
            site_name=settings.WAGTAIL_SITE_NAME,
        )
        self.sections = []
        for number in range(count):
            title = f"{self.rng.choice(WORDS).title()} desk {number}"
            self.sections.append(
                self.home.add_child(instance=SectionPage(title=title, slug=slugify(title)))
            )
            self.home.refresh_from_db()
        return len(self.sections)

    def create_images(self, count: int) -> int:
        folder = Path(settings.MEDIA_ROOT) / "original_images"
        folder.mkdir(parents=True, exist_ok=True)
        files = []
        for number in range(min(PHOTO_FILES, count)):
            content = draw_photo(self.rng)
            (folder / f"bench-{number:03}.jpg").write_bytes(content)
            files.append((f"original_images/bench-{number:03}.jpg", len(content)))
        collection = Collection.get_first_root_node()
        rows = []
        for number in range(count):
            name, size = files[number % len(files)]
            rows.append(
                NewsImage(
                    title=sentence(self.rng, 5)[:-1],
                    file=name,
                    width=PHOTO_SIZE[0],
                    height=PHOTO_SIZE[1],
                    file_size=size,
                    collection=collection,
                    caption=sentence(self.rng, 18),
                    credit=f"Agency/Photographer {number % 97}/Handout via Wire",
                    agency="Wire",
                    alt_text=sentence(self.rng, 8)[:-1],
                )
            )
        self.images = NewsImage.objects.bulk_create(rows, batch_size=BATCH_SIZE)
        return len(self.images)

    def create_sources(self, count: int) -> int:
        self.sources = Source.objects.bulk_create(
            Source(
                name=f"Partner Paper {number}",
                homepage=f"https://partner-{number}.example.org/",
                usage_terms="Republished with permission.",
            )
            for number in range(count)
        )
        return len(self.sources)

    def create_tags(self, count: int) -> int:
        names = [
            f"{self.rng.choice(WORDS)} {self.rng.choice(WORDS)} {number}" for number in range(count)
        ]
        self.tags = Tag.objects.bulk_create(
            (Tag(name=name, slug=slugify(name)) for name in names), batch_size=BATCH_SIZE
        )
        return len(self.tags)

    def byline(self, authors: int) -> str:
        names = [
            f"{WORDS[number % len(WORDS)].title()} Reporter {number}"
            for number in self.rng.sample(range(authors), self.rng.randint(1, 3))
        ]
        return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]

    def create_articles(self, count: int, authors: int) -> int:
        rng = self.rng
        paragraphs = [paragraph(rng) for _ in range(400)]
        standfirsts = [sentence(rng, rng.randint(18, 30)) for _ in range(200)]
        content_type = ContentType.objects.get_for_model(ArticlePage)
        locale = Locale.get_default()
        children = {section.pk: 0 for section in self.sections}
        related = ArticlePage.related_pages.through
        earlier: list[int] = []
        earlier_live: list[int] = []
        for start in range(0, count, BATCH_SIZE):
            pages, articles = [], []
            for number in range(start, min(start + BATCH_SIZE, count)):
                section = rng.choice(self.sections)
                children[section.pk] += 1
                title = headline(rng)
                slug = f"{slugify(title)[:200]}-{number}"
                live = rng.random() < LIVE_SHARE
                published = self.now - timedelta(minutes=rng.randint(1, ARCHIVE_DAYS * 1440))
                pages.append(
                    Page(
                        title=title,
                        draft_title=title,
                        slug=slug,
                        content_type=content_type,
                        locale=locale,
                        translation_key=uuid.uuid4(),
                        live=live,
                        has_unpublished_changes=not live,
                        first_published_at=published if live else None,
                        last_published_at=published if live else None,
                        latest_revision_created_at=published,
                        path=Page._get_path(section.path, section.depth + 1, children[section.pk]),
                        depth=section.depth + 1,
                        numchild=0,
                        url_path=f"{section.url_path}{slug}/",
                    )
                )
                source = rng.choice(self.sources) if rng.random() < SOURCE_SHARE else None
                articles.append(
                    {
                        "standfirst": rng.choice(standfirsts),
                        "byline": self.byline(authors),
                        "lead_image_id": (
                            rng.choice(self.images).pk if rng.random() < LEAD_IMAGE_SHARE else None
                        ),
                        "source_id": source.pk if source else None,
                        "original_url": f"{source.homepage}stories/{number}/" if source else "",
                        "dateline": rng.choice(WORDS).upper(),
                        "body": story_body(rng, paragraphs),
                        "updated_at": (
                            min(self.now, published + timedelta(hours=rng.randint(1, 48)))
                            if live and rng.random() < UPDATED_SHARE
                            else None
                        ),
                    }
                )
            Page.objects.bulk_create(pages)
            for page, fields in zip(pages, articles, strict=True):
                fields["page_ptr_id"] = page.pk
            insert_rows(ArticlePage, articles)
            taggings, links, corrections = [], [], []
            for page in pages:
                for tag in rng.sample(self.tags, min(len(self.tags), rng.randint(3, 6))):
                    taggings.append(ArticlePageTag(content_object_id=page.pk, tag=tag))
                for other in rng.sample(earlier_live, min(RELATED_PAGES, len(earlier_live))):
                    links.append(related(from_articlepage_id=page.pk, to_articlepage_id=other))
                if page.live:
                    earlier_live.append(page.pk)
                if page.live and rng.random() < CORRECTION_SHARE:
                    corrections.append(
                        Correction(
                            page_id=page.pk,
                            sort_order=0,
                            text=sentence(rng, 16),
                            published_at=min(self.now, page.first_published_at + timedelta(days=1)),
                        )
                    )
            ArticlePageTag.objects.bulk_create(taggings)
            related.objects.bulk_create(links)
            Correction.objects.bulk_create(corrections)
            earlier.extend(page.pk for page in pages)
            self.stderr.write(f"  stories: {len(earlier):,} of {count:,}")
        for section in self.sections:
            Page.objects.filter(pk=section.pk).update(numchild=children[section.pk])
        return len(earlier)


def insert_rows(model, rows: list[dict]) -> None:
    """Insert rows of a page model's own table: bulk_create cannot, for multi-table models."""
    fields = [model._meta.get_field(name) for name in rows[0]]
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    table = connection.ops.quote_name(model._meta.db_table)
    values = [
        [field.get_db_prep_save(row[field.attname], connection) for field in fields] for row in rows
    ]
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", values)
