"""factory-boy factories for the newsroom's models."""

from __future__ import annotations

import io
from datetime import timedelta

import factory
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image as PillowImage

from articles.models import (
    Author,
    Correction,
    Image,
    LiveUpdate,
    Section,
    Source,
    Story,
    StoryAuthor,
    StoryEvent,
)


def jpeg_bytes(width: int = 64, height: int = 48, colour=(120, 80, 40)) -> bytes:
    buffer = io.BytesIO()
    PillowImage.new("RGB", (width, height), colour).save(buffer, "JPEG")
    return buffer.getvalue()


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    is_staff = True
    password = factory.django.Password("correct-horse-battery")


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    name = factory.Sequence(lambda n: f"Section {n}")
    slug = factory.Sequence(lambda n: f"section-{n}")


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Author

    name = factory.Sequence(lambda n: f"Reporter {n}")
    slug = factory.Sequence(lambda n: f"reporter-{n}")


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    name = factory.Sequence(lambda n: f"Partner Paper {n}")
    slug = factory.Sequence(lambda n: f"partner-paper-{n}")
    homepage = "https://partner.example.org/"
    usage_terms = "Republished with permission."


class ImageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Image

    file = factory.LazyFunction(lambda: ContentFile(jpeg_bytes(), name="photo.jpg"))
    # Stored under a random name; the name it was given is kept, as an upload's is.
    original_name = factory.LazyAttribute(lambda image: image.file.name)
    caption = "Boats in the harbour on Monday."
    credit = "Agency/Jo Bloggs/Handout via Wire"
    agency = "Wire"
    alt_text = "Boats in a harbour"


class StoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Story
        skip_postgeneration_save = True

    headline = factory.Sequence(lambda n: f"Headline number {n}")
    slug = factory.Sequence(lambda n: f"story-{n}")
    dek = "A short standfirst."
    body = "<p>Body text of the story.</p>"
    section = factory.SubFactory(SectionFactory)
    status = Story.Status.DRAFT

    class Params:
        published = factory.Trait(
            status=Story.Status.PUBLISHED,
            published_at=factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1)),
        )
        scheduled = factory.Trait(
            status=Story.Status.SCHEDULED,
            published_at=factory.LazyFunction(lambda: timezone.now() + timedelta(days=1)),
        )
        unpublished = factory.Trait(
            status=Story.Status.UNPUBLISHED,
            published_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=1)),
        )

    @factory.post_generation
    def authors(self, create, extracted, **kwargs):
        if create and extracted:
            for position, author in enumerate(extracted):
                StoryAuthor.objects.create(story=self, author=author, position=position)

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if create and extracted:
            self.tags.add(*extracted)


class CorrectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Correction

    story = factory.SubFactory(StoryFactory, published=True)
    text = "An earlier version misspelled the mayor's name."
    published_at = factory.LazyFunction(timezone.now)


class StoryEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StoryEvent

    story = factory.SubFactory(StoryFactory)
    action = StoryEvent.Action.SUBMIT
    from_status = Story.Status.DRAFT
    to_status = Story.Status.IN_REVIEW
    actor = "user"


class UploadedImageFactory(ImageFactory):
    """An image as it is after its upload committed: its public renditions are made."""

    class Meta:
        skip_postgeneration_save = True

    @factory.post_generation
    def renditions(image, create, extracted, **kwargs):
        if create:
            from articles.images.renditions import make_page_renditions

            make_page_renditions(image)


class LiveStoryFactory(StoryFactory):
    """A published story whose live coverage started an hour ago."""

    status = Story.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))
    live = True
    coverage_started_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))


class LiveUpdateFactory(factory.django.DjangoModelFactory):
    """A published update of a live story, posted a minute ago."""

    class Meta:
        model = LiveUpdate

    story = factory.SubFactory(LiveStoryFactory)
    headline = ""
    body = factory.Sequence(lambda n: f"<p>Live update number {n}.</p>")
    published_at = factory.LazyFunction(lambda: timezone.now() - timedelta(minutes=1))
