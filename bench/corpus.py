"""A synthetic publication of a chosen size, written with bulk inserts so 100,000 stories are quick.

Stories are realistic in shape: several paragraphs of body, one to three bylines, three to six
tags (one of them a beat, as "politics" is on many stories), a lead photo on most, a source on
some; most are published, some are drafts, in review, scheduled for later or taken down. As in
a newsroom, stories are written in about the order they are published, so ids follow time.
Photos are a few hundred small real JPEG files shared by the Image rows (their ``content_hash``
stays empty, since rows share a file).
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from taggit.models import Tag

from articles.images.renditions import make_page_renditions
from articles.models import (
    Author,
    Correction,
    Image,
    Rendition,
    Section,
    Source,
    Story,
    StoryAuthor,
    TaggedStory,
)
from bench.sizes import CorpusSize
from bench.words import (
    PHOTO_SIZE,
    WORDS,
    draw_photo,
    headline,
    paragraph,
    sentence,
    story_body,
)

BATCH_SIZE = 2_000
PHOTO_FILES = 300
PHOTO_FOLDER = "bench-corpus"

# Shares of stories by workflow state; the rest of the corpus is published.
STATUS_SHARES = (
    (Story.Status.DRAFT, 0.05),
    (Story.Status.IN_REVIEW, 0.02),
    (Story.Status.SCHEDULED, 0.03),
    (Story.Status.UNPUBLISHED, 0.02),
)
LEAD_IMAGE_SHARE = 0.85
SOURCE_SHARE = 0.3
CORRECTION_SHARE = 0.02
RELATED_SHARE = 0.3
UPDATED_SHARE = 0.1
ARCHIVE_DAYS = 3 * 365
# How far a story's publication strays from its place in the order the stories were written.
PUBLISHED_JITTER_MINUTES = 12 * 60
# The first tags (a tenth at most) are beats, one on every story: a beat lists many stories
# at every size, where the other tags, shared among the rest, list only a few in a small corpus.
BEAT_TAGS = 20

PARAGRAPH_POOL = 400
DEK_POOL = 200


@dataclass
class CorpusReport:
    """What was created and how long each part took, in seconds."""

    counts: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def total_seconds(self) -> float:
        return sum(self.seconds.values())


def batched(items: Sequence, size: int = BATCH_SIZE) -> Iterator[Sequence]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class CorpusBuilder:
    """Fills an empty database with a corpus of the given size, timing each part."""

    def __init__(
        self,
        size: CorpusSize,
        *,
        seed: int = 7,
        renditions: bool = True,
        progress: Callable[[str], None] | None = None,
    ) -> None:
        self.size = size
        self.rng = random.Random(seed)
        self.renditions = renditions
        self.progress = progress or (lambda message: None)
        self.now = timezone.now().replace(microsecond=0)
        self.report = CorpusReport()

    def build(self) -> CorpusReport:
        if Story.objects.exists():
            raise ValueError("The database already holds stories; use an empty database.")
        self.timed("sections", self.create_sections)
        self.timed("images", self.create_images)
        if self.renditions:
            self.timed("renditions", self.create_renditions)
        self.timed("authors", self.create_authors)
        self.timed("sources", self.create_sources)
        self.timed("tags", self.create_tags)
        self.timed("stories", self.create_stories)
        self.timed("statistics", self.analyze, in_transaction=False)
        return self.report

    def analyze(self) -> int:
        """Gather planner statistics and, on PostgreSQL, mark the tables' pages all-visible,
        as autovacuum would on a live database after bulk loads: index-only scans (a count,
        the sitemap's) then read no table page. VACUUM cannot run inside a transaction (a
        test's): there, the statistics alone."""
        vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")
        return 1

    def timed(self, part: str, create: Callable[[], int], *, in_transaction: bool = True) -> None:
        started = time.perf_counter()
        with transaction.atomic() if in_transaction else nullcontext():
            count = create()
        self.report.seconds[part] = round(time.perf_counter() - started, 2)
        self.report.counts[part] = count
        self.progress(f"{part}: {count:,} in {self.report.seconds[part]:.1f} s")

    def create_sections(self) -> int:
        names = [f"{self.rng.choice(WORDS).title()} desk {n}" for n in range(self.size.sections)]
        self.sections = Section.objects.bulk_create(
            Section(name=name, slug=slugify(name), position=n, description=sentence(self.rng, 12))
            for n, name in enumerate(names)
        )
        return len(self.sections)

    def create_images(self) -> int:
        folder = Path(settings.MEDIA_ROOT) / PHOTO_FOLDER
        folder.mkdir(parents=True, exist_ok=True)
        files = []
        for n in range(min(PHOTO_FILES, self.size.images)):
            content = draw_photo(self.rng)
            (folder / f"photo-{n:03}.jpg").write_bytes(content)
            files.append((f"{PHOTO_FOLDER}/photo-{n:03}.jpg", len(content)))
        rows = []
        for n in range(self.size.images):
            name, file_size = files[n % len(files)]
            rows.append(
                Image(
                    file=name,
                    width=PHOTO_SIZE[0],
                    height=PHOTO_SIZE[1],
                    file_size=file_size,
                    format="JPEG",
                    title=sentence(self.rng, 5)[:-1],
                    caption=sentence(self.rng, 18),
                    credit=f"Agency/Photographer {n % 97}/Handout via Wire",
                    agency="Wire",
                    copyright_notice="Agency",
                    alt_text=sentence(self.rng, 8)[:-1],
                )
            )
        self.images = Image.objects.bulk_create(rows, batch_size=BATCH_SIZE)
        return len(self.images)

    def create_renditions(self) -> int:
        """Every image gets the renditions an upload makes, as in production.

        They are made once per distinct file; rows sharing a file share its rendition files.
        """
        originals = self.images[:PHOTO_FILES]
        for image in originals:
            make_page_renditions(image)
        made = {image.pk: list(Rendition.objects.filter(image=image)) for image in originals}
        copies = [
            Rendition(
                image=image,
                width=rendition.width,
                height=rendition.height,
                ratio=rendition.ratio,
                format=rendition.format,
                file=rendition.file.name,
            )
            for n, image in enumerate(self.images[PHOTO_FILES:], start=PHOTO_FILES)
            for rendition in made[originals[n % len(originals)].pk]
        ]
        Rendition.objects.bulk_create(copies, batch_size=BATCH_SIZE)
        return len(copies) + sum(len(renditions) for renditions in made.values())

    def create_authors(self) -> int:
        self.authors = Author.objects.bulk_create(
            Author(
                name=f"{self.rng.choice(WORDS).title()} Reporter {n}",
                slug=f"reporter-{n}",
                job_title="Reporter",
                bio=sentence(self.rng, 20),
                photo=self.images[n % len(self.images)] if n % 2 and self.images else None,
            )
            for n in range(self.size.authors)
        )
        return len(self.authors)

    def create_sources(self) -> int:
        self.sources = Source.objects.bulk_create(
            Source(
                name=f"Partner Paper {n}",
                slug=f"partner-paper-{n}",
                kind=Source.Kind.WIRE if n % 3 == 0 else Source.Kind.PARTNER,
                homepage=f"https://partner-{n}.example.org/",
                usage_terms="Republished with permission.",
            )
            for n in range(self.size.sources)
        )
        return len(self.sources)

    def create_tags(self) -> int:
        names = [
            f"{self.rng.choice(WORDS)} {self.rng.choice(WORDS)} {n}" for n in range(self.size.tags)
        ]
        self.tags = Tag.objects.bulk_create(
            (Tag(name=name, slug=slugify(name)) for name in names), batch_size=BATCH_SIZE
        )
        beat_count = max(1, min(BEAT_TAGS, len(self.tags) // 10))
        self.beats, self.other_tags = self.tags[:beat_count], self.tags[beat_count:]
        return len(self.tags)

    def pick_status(self) -> str:
        draw = self.rng.random()
        for status, share in STATUS_SHARES:
            if draw < share:
                return status
            draw -= share
        return Story.Status.PUBLISHED

    def story_state(self, number: int) -> tuple[str, datetime | None]:
        """A state, and a publication time that follows the story's ``number`` over the archive."""
        status = self.pick_status()
        if status == Story.Status.SCHEDULED:
            return status, self.now + timedelta(hours=self.rng.randint(1, 24 * 14))
        if status in (Story.Status.PUBLISHED, Story.Status.UNPUBLISHED):
            still_to_come = (self.size.stories - number) / self.size.stories
            minutes_ago = still_to_come * ARCHIVE_DAYS * 1440
            minutes_ago += self.rng.randint(-PUBLISHED_JITTER_MINUTES, PUBLISHED_JITTER_MINUTES)
            return status, self.now - timedelta(minutes=max(1, int(minutes_ago)))
        return status, None

    def story_tags(self) -> list[Tag]:
        """A beat, and two to five of the other tags."""
        others = self.other_tags
        return [
            self.rng.choice(self.beats),
            *self.rng.sample(others, min(len(others), self.rng.randint(2, 5))),
        ]

    def new_story(self, number: int, paragraphs: Sequence[str], deks: Sequence[str]) -> Story:
        rng = self.rng
        status, published_at = self.story_state(number)
        updated_at = None
        if published_at and status == Story.Status.PUBLISHED and rng.random() < UPDATED_SHARE:
            updated_at = min(self.now, published_at + timedelta(hours=rng.randint(1, 48)))
        source = rng.choice(self.sources) if self.sources and rng.random() < SOURCE_SHARE else None
        text = headline(rng)
        return Story(
            headline=text,
            slug=f"{slugify(text)[:200]}-{number}",
            dek=rng.choice(deks),
            body=story_body(rng, paragraphs),
            lead_image=(
                rng.choice(self.images) if self.images and rng.random() < LEAD_IMAGE_SHARE else None
            ),
            section=rng.choice(self.sections),
            source=source,
            original_url=f"{source.homepage}stories/{number}/" if source else "",
            dateline=rng.choice(WORDS).upper(),
            status=status,
            priority=Story.Priority.TOP if rng.random() < 0.02 else Story.Priority.NORMAL,
            published_at=published_at,
            updated_at=updated_at,
        )

    def create_stories(self) -> int:
        rng = self.rng
        paragraphs = [paragraph(rng) for _ in range(PARAGRAPH_POOL)]
        deks = [sentence(rng, rng.randint(18, 30)) for _ in range(DEK_POOL)]
        related = Story.related_stories.through
        earlier_ids: list[int] = []
        created = 0
        for numbers in batched(range(self.size.stories)):
            stories = Story.objects.bulk_create(
                [self.new_story(number, paragraphs, deks) for number in numbers]
            )
            bylines, taggings, corrections, links = [], [], [], []
            for story in stories:
                for position, author in enumerate(rng.sample(self.authors, rng.randint(1, 3))):
                    bylines.append(StoryAuthor(story=story, author=author, position=position))
                for tag in self.story_tags():
                    taggings.append(TaggedStory(content_object=story, tag=tag))
                if story.status == Story.Status.PUBLISHED and rng.random() < CORRECTION_SHARE:
                    corrections.append(
                        Correction(
                            story=story,
                            text=sentence(rng, 16),
                            published_at=min(self.now, story.published_at + timedelta(days=1)),
                        )
                    )
                if earlier_ids and rng.random() < RELATED_SHARE:
                    for other_id in {rng.choice(earlier_ids) for _ in range(rng.randint(1, 3))}:
                        links.append(related(from_story_id=story.pk, to_story_id=other_id))
            StoryAuthor.objects.bulk_create(bylines)
            TaggedStory.objects.bulk_create(taggings)
            Correction.objects.bulk_create(corrections)
            related.objects.bulk_create(links)
            earlier_ids.extend(story.pk for story in stories)
            created += len(stories)
            self.progress(f"  stories: {created:,} of {self.size.stories:,}")
        return created
