"""Stories, their ordered bylines, their former slugs and their public corrections."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorField
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from articles.dates import validate_publication_moment
from articles.languages import activation_code, default_language, language_choices
from articles.links import page_path
from articles.models import visibility
from articles.models.fields import CalendarDateTimeField
from articles.models.listing import ListingCopy
from articles.models.querysets import StoryQuerySet
from articles.models.visibility import DATED_STATUSES, StoryStatus, public_status_q
from articles.sanitize import sanitize_html
from articles.slugs import unique_story_slug


def new_preview_secret() -> str:
    return secrets.token_urlsafe(16)


class StaleStoryError(Exception):
    """Raised when a story is saved from a version someone else has already replaced."""


class Story(models.Model):
    """A news story: text, bylines, lead photo, source and where it is in the workflow."""

    Status = StoryStatus

    # Set on a page of stories by ``articles.translations.attach_public_links``.
    public_original: Story | None
    public_translations: list[Story]

    class Priority(models.IntegerChoices):
        NORMAL = 0, _("Normal")
        TOP = 1, _("Top story")
        LEAD = 2, _("Lead story")

    headline = models.CharField(_("headline"), max_length=255)
    slug = models.SlugField(
        _("slug"),
        max_length=255,
        unique=True,
        allow_unicode=True,
        help_text=_("The story's address; old ones keep redirecting."),
    )
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=language_choices,
        default=default_language,
        help_text=_("The language the story is written in; it appears in that edition."),
    )
    translation_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="translations",
        editable=False,
        help_text=_("The story this one translates; every translation points to the original."),
    )
    dek = models.TextField(
        _("standfirst"), blank=True, help_text=_("One or two sentences under the headline.")
    )
    body = ProseEditorField(
        _("body"),
        blank=True,
        config={"extensions": settings.PROSE_EDITOR_BODY_EXTENSIONS},
        sanitize=sanitize_html,
    )
    lead_image = models.ForeignKey(
        "articles.Image",
        verbose_name=_("lead image"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="lead_stories",
    )
    lead_image_caption = models.TextField(
        _("lead photo caption"),
        blank=True,
        help_text=_(
            "The lead photo's caption in this story's language; empty: the library's caption."
        ),
    )
    section = models.ForeignKey(
        "articles.Section",
        verbose_name=_("section"),
        on_delete=models.PROTECT,
        related_name="stories",
    )
    tags = TaggableManager(_("tags"), through="articles.TaggedStory", blank=True)
    authors = models.ManyToManyField(
        "articles.Author",
        verbose_name=_("authors"),
        through="articles.StoryAuthor",
        blank=True,
        related_name="stories",
    )
    byline_override = models.CharField(
        _("byline override"),
        max_length=255,
        blank=True,
        help_text=_("Printed instead of the authors' names when set."),
    )
    source = models.ForeignKey(
        "articles.Source",
        verbose_name=_("source"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="stories",
        help_text=_("The partner or agency that supplied the text."),
    )
    original_url = models.URLField(_("original URL"), max_length=500, blank=True)
    usage_terms = models.TextField(
        _("usage terms"),
        blank=True,
        help_text=_("Copyright and usage terms, if not the source's default."),
    )
    dateline = models.CharField(
        _("dateline"), max_length=100, blank=True, help_text=_("Where the story was filed.")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    priority = models.PositiveSmallIntegerField(
        _("front-page priority"), choices=Priority.choices, default=Priority.NORMAL
    )
    published_at = CalendarDateTimeField(
        _("publish time"),
        null=True,
        blank=True,
        validators=[validate_publication_moment],
        help_text=_("When the story first went, or is scheduled to go, public."),
    )
    embargo_until = CalendarDateTimeField(
        _("embargo until"),
        null=True,
        blank=True,
        validators=[validate_publication_moment],
        help_text=_("Nothing about the story is public before this time, even once published."),
    )
    updated_at = CalendarDateTimeField(
        _("significantly updated"),
        null=True,
        blank=True,
        validators=[validate_publication_moment],
        help_text=_("Shown to readers as Updated."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    modified_at = models.DateTimeField(_("last saved"), auto_now=True)
    seo_title = models.CharField(_("SEO title"), max_length=255, blank=True)
    seo_description = models.CharField(_("SEO description"), max_length=300, blank=True)
    related_stories = models.ManyToManyField(
        "self", verbose_name=_("related stories"), symmetrical=False, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="stories_created",
        verbose_name=_("created by"),
    )
    version = models.PositiveIntegerField(
        default=1, editable=False, help_text=_("Raised on every save, to refuse stale edits.")
    )
    ingest_guid = models.CharField(
        _("GUID at the source"),
        max_length=500,
        blank=True,
        editable=False,
        help_text=_("The feed item's GUID or ninjs URI this story was ingested from."),
    )
    ingested_hash = models.CharField(
        max_length=64,
        blank=True,
        editable=False,
        help_text=_("SHA-256 of the story as ingested; it differs once a person edits the story."),
    )
    source_revision = models.CharField(
        max_length=64,
        blank=True,
        editable=False,
        help_text=_("SHA-256 of the source's item as last read, to notice when it changes."),
    )
    needs_attention = models.BooleanField(
        _("needs attention"),
        default=False,
        help_text=_("Set by ingest when the source changed a story edited here."),
    )
    attention_reason = models.CharField(_("why it needs attention"), max_length=500, blank=True)
    live = models.BooleanField(
        _("live coverage"),
        default=False,
        editable=False,
        help_text=_("Covered as a live page of timestamped updates (articles.live)."),
    )
    coverage_started_at = CalendarDateTimeField(_("live coverage started"), null=True, blank=True)
    coverage_ended_at = CalendarDateTimeField(_("live coverage ended"), null=True, blank=True)
    preview_secret = models.CharField(
        max_length=32,
        default=new_preview_secret,
        editable=False,
        help_text=_("Signed into every preview link; a new one withdraws the links handed out."),
    )

    objects = StoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("story")
        verbose_name_plural = _("stories")
        ordering = ["-published_at", "-created_at"]
        get_latest_by = "published_at"
        permissions = [
            ("submit_story", "Can submit stories for review"),
            ("review_story", "Can return stories and mark them ready"),
            ("publish_story", "Can publish, schedule and unpublish stories"),
            ("correct_story", "Can add corrections and significant updates"),
            ("edit_any_story", "Can edit any story in any state"),
        ]
        # Partial indexes over public stories, newest first: the condition is the one
        # published() writes, so SQLite and PostgreSQL both match them to its queries. They
        # end with the other columns published() and an edition filter on, so counting a
        # list's stories (a paginator, the sitemap index) reads the index alone.
        indexes = [
            models.Index(
                fields=["-published_at", "-id", "embargo_until", "language"],
                condition=public_status_q(),
                name="story_public_newest_idx",
            ),
            models.Index(
                fields=["section", "-published_at", "-id", "embargo_until", "language"],
                condition=public_status_q(),
                name="story_section_newest_idx",
            ),
            models.Index(
                fields=["source", "-published_at", "-id", "embargo_until", "language"],
                condition=public_status_q(),
                name="story_source_newest_idx",
            ),
            models.Index(fields=["-modified_at"], name="story_modified_idx"),
            # The few live stories, which the sitemaps look up among all.
            models.Index(fields=["id"], condition=Q(live=True), name="story_live_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status__in=list(DATED_STATUSES)) | Q(published_at__isnull=False),
                name="story_public_has_publish_time",
            ),
            models.CheckConstraint(
                condition=Q(updated_at__isnull=True)
                | Q(published_at__isnull=False, updated_at__gte=models.F("published_at")),
                name="story_updated_after_published",
            ),
            models.CheckConstraint(
                condition=Q(live=False, coverage_started_at__isnull=True)
                | Q(live=True, coverage_started_at__isnull=False),
                name="story_live_has_start",
            ),
            models.CheckConstraint(
                condition=Q(coverage_ended_at__isnull=True)
                | Q(live=True, coverage_ended_at__gte=models.F("coverage_started_at")),
                name="story_live_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["source", "ingest_guid"],
                condition=~Q(ingest_guid=""),
                name="story_ingest_guid_unique_per_source",
            ),
            # One translation per language of an original (articles.translations).
            models.UniqueConstraint(
                fields=["translation_of", "language"],
                condition=Q(translation_of__isnull=False),
                name="story_one_translation_per_language",
            ),
            models.CheckConstraint(
                condition=~Q(translation_of=F("pk")), name="story_not_its_own_translation"
            ),
        ]

    def __str__(self) -> str:
        return self.headline

    def save(self, *args, **kwargs) -> None:
        self.body = sanitize_html(self.body)
        if not self.slug:
            self.slug = unique_story_slug(self.headline, story_id=self.pk)
        created = self._state.adding
        with transaction.atomic():
            if self.pk and not self._state.adding:
                self._claim_next_version()
                if kwargs.get("update_fields") is not None:
                    kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
                self._remember_old_slug()
            super().save(*args, **kwargs)
            # A slug that is current is never also a redirect.
            StorySlug.objects.filter(slug=self.slug).delete()
            if kwargs.get("update_fields") is None or "body" in kwargs["update_fields"]:
                from articles.body.uses import sync_body_images

                sync_body_images(self, created=created)

    def get_absolute_url(self) -> str:
        """The story's address in its own edition: ``/stories/<slug>/`` or ``/ar/stories/...``."""
        return page_path("articles:story", self.slug, language=activation_code(self.language))

    def _claim_next_version(self) -> None:
        """Raise the stored version by one, but only if it is still the one this copy has."""
        claimed = Story.objects.filter(pk=self.pk, version=self.version).update(
            version=F("version") + 1
        )
        if not claimed:
            raise StaleStoryError(
                f"“{self.headline}” was changed by someone else after version {self.version} "
                "was opened; reload it before saving."
            )
        self.version += 1

    def _remember_old_slug(self) -> None:
        old_slug = Story.objects.filter(pk=self.pk).values_list("slug", flat=True).first()
        if old_slug and old_slug != self.slug:
            StorySlug.objects.update_or_create(slug=old_slug, defaults={"story_id": self.pk})

    @property
    def byline(self) -> str:
        """The byline as printed: the override, else the authors' names in order."""
        if self.byline_override:
            return self.byline_override
        names = [byline.author.name for byline in self.bylines]
        if len(names) > 1:
            return f"{', '.join(names[:-1])} and {names[-1]}"
        return names[0] if names else ""

    @property
    def bylines(self) -> list[StoryAuthor]:
        """Ordered bylines, from the prefetch when the queryset made one."""
        if hasattr(self, "ordered_bylines"):
            return self.ordered_bylines
        return list(self.storyauthor_set.select_related("author").order_by("position"))

    @property
    def lead_caption(self) -> str:
        """The lead photo's caption as this story prints it: its own, else the library's."""
        if self.lead_image_caption:
            return self.lead_image_caption
        return self.lead_image.caption if self.lead_image else ""

    @property
    def effective_usage_terms(self) -> str:
        if self.usage_terms:
            return self.usage_terms
        return self.source.usage_terms if self.source else ""

    @property
    def is_public(self) -> bool:
        """Whether readers may see the story now: ``published()``'s rule, in memory."""
        return visibility.is_public(self.status, self.published_at, self.embargo_until)

    @property
    def is_live_now(self) -> bool:
        """A live story whose coverage has not ended: readers' pages keep updating."""
        return self.live and self.coverage_ended_at is None

    @property
    def is_upcoming(self) -> bool:
        """Whether the story will go public by itself when its publish time comes."""
        return visibility.is_upcoming(self.status, self.published_at, self.embargo_until)

    @property
    def is_embargoed(self) -> bool:
        """Whether the story's embargo time is still ahead."""
        return self.embargo_until is not None and self.embargo_until > timezone.now()


class TaggedStory(ListingCopy, TaggedItemBase):
    """A tag on a story, joined by a real foreign key so tag pages use an index."""

    content_object: models.ForeignKey[Story, Story] = models.ForeignKey(
        Story, on_delete=models.CASCADE, related_name="taggings"
    )

    class Meta:
        verbose_name = _("story tag")
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="taggedstory_once"),
        ]
        indexes = [
            models.Index(fields=["tag", "content_object"], name="taggedstory_tag_idx"),
            # A tag's newest public stories in one edition, from the story's copied listing.
            models.Index(
                fields=[
                    "tag",
                    "story_language",
                    "-story_listed_at",
                    "-content_object",
                    "story_embargo_until",
                ],
                name="taggedstory_listed_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.tag} on {self.content_object}"


class StoryAuthor(ListingCopy):
    """One byline on a story, in the order it is printed."""

    story = models.ForeignKey(Story, on_delete=models.CASCADE)
    author = models.ForeignKey("articles.Author", on_delete=models.PROTECT)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        verbose_name = _("byline")
        constraints = [
            models.UniqueConstraint(fields=["story", "author"], name="storyauthor_once_per_story"),
        ]
        indexes = [
            # An author's newest public stories in one edition, from the copied listing.
            models.Index(
                fields=[
                    "author",
                    "story_language",
                    "-story_listed_at",
                    "-story",
                    "story_embargo_until",
                ],
                name="storyauthor_listed_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.author} on {self.story}"


class StorySlug(models.Model):
    """A slug a story used to have, kept so old links redirect to the current address."""

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="former_slugs")
    slug = models.SlugField(max_length=255, unique=True, allow_unicode=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("former slug")

    def __str__(self) -> str:
        return self.slug


class Correction(models.Model):
    """A dated, public note that corrects a published story."""

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="corrections")
    text = models.TextField(help_text=_("What was wrong and what is right now; shown to readers."))
    published_at = CalendarDateTimeField(_("dated"), validators=[validate_publication_moment])
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["published_at"]
        indexes = [models.Index(fields=["story", "published_at"], name="correction_story_idx")]

    def __str__(self) -> str:
        return f"Correction to {self.story} ({self.published_at:%Y-%m-%d})"
