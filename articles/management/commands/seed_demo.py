"""Create a believable demo publication. Safe to run again: nothing is duplicated."""

from __future__ import annotations

import hashlib
import io
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from PIL import Image as PillowImage
from PIL import ImageDraw

from articles.images.renditions import make_page_renditions
from articles.images.uploads import create_image_from_upload
from articles.management import demo_arabic, demo_content
from articles.models import (
    Author,
    Correction,
    Image,
    LiveUpdate,
    Section,
    Source,
    Story,
    StoryAuthor,
)


def draw_demo_photo(palette: tuple[tuple[int, int, int], tuple[int, int, int]]) -> bytes:
    """A landscape-like JPEG drawn from a palette: sky gradient, hills and a sun."""
    width, height = 1600, 900
    top, bottom = palette
    picture = PillowImage.new("RGB", (width, height))
    draw = ImageDraw.Draw(picture)
    for y in range(height):
        share = y / height
        colour = tuple(int(top[i] + (bottom[i] - top[i]) * share) for i in range(3))
        draw.line([(0, y), (width, y)], fill=colour)
    draw.ellipse([1150, 120, 1350, 320], fill=(255, 236, 180))
    for offset, shade in ((0, 0.55), (180, 0.35)):
        hill = tuple(int(channel * shade) for channel in top)
        draw.polygon(
            [(0, 620 + offset // 3), (400, 480 + offset), (900, 600), (1600, 500 + offset // 2),
             (1600, 900), (0, 900)],
            fill=hill,
        )  # fmt: skip
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


class Command(BaseCommand):
    help = "Load the demo publication: sections, authors, sources, images, stories and users."

    @transaction.atomic
    def handle(self, *args, **options):
        sections = self.create_sections()
        authors = self.create_authors()
        sources = self.create_sources()
        images = self.create_images()
        created = self.create_stories(sections, authors, sources, images)
        created += self.create_arabic_edition()
        self.create_users(authors)
        self.stdout.write(self.style.SUCCESS(f"Demo content ready ({created} new stories)."))
        self.stdout.write(f"Admin: {settings.SITE_URL}/admin/")
        for username, password, group, _author in demo_content.DEMO_USERS:
            self.stdout.write(f"  {group.lower()}: {username} / {password}")

    def create_sections(self) -> dict[str, Section]:
        sections = {}
        for name, slug, description, position in demo_content.SECTIONS:
            sections[slug], _ = Section.objects.get_or_create(
                slug=slug,
                defaults={"name": name, "description": description, "position": position},
            )
        return sections

    def create_authors(self) -> dict[str, Author]:
        authors = {}
        for name, slug, job_title, bio in demo_content.AUTHORS:
            authors[slug], _ = Author.objects.get_or_create(
                slug=slug, defaults={"name": name, "job_title": job_title, "bio": bio}
            )
        return authors

    def create_sources(self) -> dict[str, Source]:
        sources = {}
        for fields in demo_content.SOURCES:
            sources[fields["slug"]], _ = Source.objects.get_or_create(
                slug=fields["slug"], defaults=fields
            )
        return sources

    def create_arabic_edition(self) -> int:
        """The Arabic edition: its sections, an Arabic-captioned photo and eight stories."""
        sections = {}
        for name, slug, description, position in demo_arabic.SECTIONS:
            sections[slug], _ = Section.objects.get_or_create(
                slug=slug,
                defaults={
                    "name": name,
                    "description": description,
                    "position": position,
                    "edition": "ar",
                },
            )
        photo = self.create_images([demo_arabic.IMAGE])[demo_arabic.IMAGE[0]]
        now = timezone.now().replace(second=0, microsecond=0)
        created_count = 0
        for position, story in enumerate(demo_arabic.STORIES):
            headline, section, dek, paragraphs, status, days, tags, translates = story
            original = Story.objects.filter(slug=translates).first() if translates else None
            _story, created = self.create_story(
                slug=None,
                section=sections[section],
                headline=headline,
                dek=dek,
                body="".join(f"<p>{paragraph}</p>" for paragraph in paragraphs),
                lead_image=photo if position == 2 else None,
                language="ar",
                translation_of=original,
                status=status,
                published_at=None if days is None else now - timedelta(days=days, hours=2),
                bylines=[],
                tags=tags,
            )
            created_count += created
        return created_count

    def create_images(self, table=None) -> dict[str, Image]:
        images = {}
        for key, title, caption, credit, agency, alt_text, palette in table or demo_content.IMAGES:
            content = draw_demo_photo(palette)
            content_hash = hashlib.sha256(content).hexdigest()
            image = Image.objects.filter(content_hash=content_hash).first()
            if image is None:
                # Through the library like an upload: size, format and hash recorded, and
                # the renditions made once committed.
                image = create_image_from_upload(
                    upload=ContentFile(content, name=f"demo-{key}.jpg"),
                    uploaded_by=None,
                    title=title,
                    caption=caption,
                    credit=credit,
                    agency=agency,
                    alt_text=alt_text,
                    copyright_notice=credit.split("/")[0],
                )
            else:
                # Seeded before renditions were made after upload.
                make_page_renditions(image)
            images[key] = image
        return images

    def create_stories(self, sections, authors, sources, images) -> int:
        now = timezone.now().replace(second=0, microsecond=0)
        created_count = 0
        for (
            slug,
            section,
            headline,
            dek,
            paragraphs,
            bylines,
            image,
            source,
            status,
            days,
            tags,
        ) in demo_content.STORIES:
            body = "".join(self.demo_paragraph(paragraph, images) for paragraph in paragraphs)
            story, created = self.create_story(
                slug=slug,
                section=sections[section],
                headline=headline,
                dek=dek,
                body=body,
                lead_image=images[image],
                source=sources.get(source),
                original_url=f"{sources[source].homepage}{slug}/" if source else "",
                status=status,
                published_at=now - timedelta(days=days, hours=3),
                bylines=[authors[author] for author in bylines],
                tags=tags,
                priority=demo_content.PRIORITIES.get(slug, Story.Priority.NORMAL),
            )
            created_count += created
        for section, headline, dek, author, status, days, tags in demo_content.BRIEFS:
            published_at = None if days is None else now - timedelta(days=days, hours=1)
            body = (
                f"<p>{dek}</p><p>The {sections[section].name.lower()} desk will add to this "
                "story as more details are confirmed.</p>"
            )
            _story, created = self.create_story(
                slug=None,
                section=sections[section],
                headline=headline,
                dek=dek,
                body=body,
                lead_image=None,
                source=None,
                original_url="",
                status=status,
                published_at=published_at,
                bylines=[authors[author]],
                tags=tags,
            )
            created_count += created
        self.add_reference_correction(now)
        self.add_related_stories()
        created_count += self.create_live_story(sections, authors, images, now)
        return created_count

    def create_live_story(self, sections, authors, images, now) -> int:
        """The live story and its updates, the latest a quarter of an hour ago."""
        live = demo_content.LIVE_STORY
        started = now - timedelta(minutes=live["started_minutes_ago"])
        story, created = self.create_story(
            slug=live["slug"],
            section=sections[live["section"]],
            headline=live["headline"],
            dek=live["dek"],
            body=live["body"],
            lead_image=images[live["image"]],
            source=None,
            original_url="",
            status=live["state"],
            published_at=started,
            live=True,
            coverage_started_at=started,
            bylines=[authors[author] for author in live["bylines"]],
            tags=live["tags"],
        )
        if story.live_updates.exists():
            return int(created)
        bylines = [authors[author] for author in live["bylines"]]
        for position, (minutes, headline, text, marks, photo) in enumerate(
            demo_content.LIVE_UPDATES
        ):
            body = text if text.startswith("<") else f"<p>{text}</p>"
            if photo:
                body += format_html('<figure data-image="{}"></figure>', images[photo].pk)
            at = now - timedelta(minutes=minutes)
            update = LiveUpdate.objects.create(
                story=story, headline=headline, body=body, published_at=at, created_at=at, **marks
            )
            update.authors.set([bylines[position % len(bylines)]])
        return int(created)

    def demo_paragraph(self, paragraph, images: dict[str, Image]) -> str:
        """A paragraph's HTML, or a body element in its stored form (docs/story-body.md).

        An embed's details are written as the editor's save would have fetched them: the
        demo asks no provider.
        """
        if isinstance(paragraph, str):
            return paragraph if paragraph.startswith("<") else f"<p>{paragraph}</p>"
        kind, *details = paragraph
        if kind == "photo":
            key, align, caption = details
            return format_html(
                '<figure data-image="{}" data-align="{}"{}></figure>',
                images[key].pk,
                align,
                format_html(' data-caption="{}"', caption) if caption else "",
            )
        if kind == "gallery":
            photos = format_html_join(
                "", '<figure data-image="{}"></figure>', ((images[key].pk,) for key in details[0])
            )
            return format_html('<div data-gallery="">{}</div>', photos)
        if kind == "embed":
            url, title, author, thumbnail = details
            return format_html(
                '<figure data-embed="{}" data-title="{}" data-author="{}" data-thumbnail="{}">'
                "</figure>",
                url,
                title,
                author,
                images[thumbnail].pk,
            )
        if kind == "quote":
            text, attribution = details
            return format_html(
                '<figure data-pull-quote=""><blockquote><p>{}</p></blockquote>'
                "<figcaption>{}</figcaption></figure>",
                text,
                attribution,
            )
        if kind == "facts":
            title, facts = details
            return format_html(
                '<aside data-fact-box=""><h3>{}</h3><ul>{}</ul></aside>',
                title,
                format_html_join("", "<li>{}</li>", ((fact,) for fact in facts)),
            )
        if kind == "story link":
            before, slug, words, after = details
            return format_html(
                '<p>{}<a data-story="{}">{}</a>{}</p>',
                before,
                Story.objects.get(slug=slug).pk,
                words,
                after,
            )
        raise ValueError(f"Unknown body element {kind!r} in the demo content.")

    def add_related_stories(self) -> None:
        for slug, related_slugs in demo_content.RELATED.items():
            story = Story.objects.get(slug=slug)
            story.related_stories.add(*Story.objects.filter(slug__in=related_slugs))

    def create_story(self, *, slug, bylines, tags, **fields) -> tuple[Story, bool]:
        """The story with this slug, or with this headline in its section when the slug is
        left to be made from the headline like any story's (briefs)."""
        if slug is None:
            match = {"headline": fields.pop("headline"), "section": fields.pop("section")}
        else:
            match = {"slug": slug}
        story, created = Story.objects.get_or_create(**match, defaults=fields)
        if created:
            StoryAuthor.objects.bulk_create(
                StoryAuthor(story=story, author=author, position=position)
                for position, author in enumerate(bylines)
            )
            story.tags.add(*tags)
        return story, created

    def add_reference_correction(self, now) -> None:
        story = Story.objects.get(slug="county-budget-passes-by-two-votes")
        Correction.objects.get_or_create(
            story=story,
            defaults={
                "text": "An earlier version of this story gave the vote as 31 to 28. "
                "It was 31 to 29.",
                "published_at": now - timedelta(days=2),
            },
        )

    def create_users(self, authors) -> None:
        User = get_user_model()
        for username, password, group_name, author_slug in demo_content.DEMO_USERS:
            user, created = User.objects.get_or_create(
                username=username, defaults={"is_staff": True}
            )
            if created:
                user.set_password(password)
                user.save()
            user.groups.add(Group.objects.get(name=group_name))
            if group_name == "Reporter":
                # The demo reporter may send live updates, which wait for the desk.
                user.user_permissions.add(
                    Permission.objects.get(content_type__app_label="articles",
                                           codename="add_liveupdate")
                )  # fmt: skip
            author = authors[author_slug]
            if author.user_id is None:
                author.user = user
                author.save(update_fields=["user"])
