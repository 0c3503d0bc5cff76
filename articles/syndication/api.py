"""A read-only content API for partners: published stories as IPTC ninjs 2.1 JSON.

``/api/v1/stories/`` lists them newest first with cursor pagination and filters;
``/api/v1/stories/<id>/`` is one story. Both answer conditional GETs (ETag, Last-Modified).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from datetime import datetime

import django_filters
from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.cache import get_conditional_response
from django.utils.decorators import method_decorator
from django.utils.http import http_date, urlencode
from django.views import View
from django.views.decorators.csrf import csrf_exempt

from articles import topics
from articles.body.rendering import Output, story_body
from articles.dates import (
    PUBLICATION,
    PublicationDayFilter,
    PublicationMomentFilter,
    require_ascii_digits,
)
from articles.images.renditions import image_versions
from articles.languages import activation_code, language_codes
from articles.links import absolute_url
from articles.live.selectors import attach_public_updates, latest_moment
from articles.models import Image, Story
from articles.models.querysets import StoryQuerySet
from articles.pagecache import keys as cache_keys
from articles.pagecache.fragments import API_ITEM, output_variant, story_outputs
from articles.pagecache.store import mark_public
from articles.sanitize import strip_all_html
from articles.syndication.common import image_uri, printed_keys, story_uri, tag_uri
from articles.translations import attach_public_links, public_links

NINJS_VERSION = "2.1"
NINJS_SCHEMA = "http://www.iptc.org/std/ninjs/ninjs-schema_2.1.json"
DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
MAX_STORY_ID = 2**63 - 1


class PageSizeField(forms.IntegerField):
    """How many stories a page holds: 1 to MAX_PAGE_SIZE, in the digits 0-9."""

    def __init__(self, **kwargs):
        super().__init__(min_value=1, max_value=MAX_PAGE_SIZE, required=False, **kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            require_ascii_digits(value)
        return super().to_python(value)


class CursorField(forms.CharField):
    """The opaque ``next`` cursor, read back into the publish time and id it was made from."""

    default_error_messages = {"invalid": "This cursor is not one this API gave out."}

    def to_python(self, value) -> tuple[datetime, int] | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        try:
            raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)).decode()
            published_at, pk = raw.split("|")
            require_ascii_digits(raw)
            moment = PUBLICATION.check_moment(datetime.fromisoformat(published_at))
            story_id = int(pk)
        except (binascii.Error, UnicodeDecodeError, ValueError, ValidationError):
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None
        if not 0 < story_id <= MAX_STORY_ID:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return moment, story_id


class LanguageField(forms.CharField):
    """An edition's language, as ninjs writes it ("en-gb") or as ``LANGUAGES`` does ("en")."""

    def to_python(self, value) -> str:
        text = (super().to_python(value) or "").strip().lower()
        if not text:
            return ""
        for code in language_codes():
            if text in (code, activation_code(code).lower()):
                return code
        raise ValidationError(
            "No stories are published in %(language)s here; choose one of %(choices)s.",
            code="invalid",
            params={"language": repr(text[:35]), "choices": ", ".join(language_codes())},
        )


class LanguageFilter(django_filters.Filter):
    """The stories written in one language (one edition)."""

    field_class = LanguageField

    def filter(self, qs, value):
        return qs.in_language(value) if value else qs


class StoryApiForm(forms.Form):
    """The filters' fields, plus the size of a page: it shapes the page, it chooses no story."""

    page_size = PageSizeField()


class CursorFilter(django_filters.Filter):
    """The stories after the one a cursor names, in the list's order (newest first)."""

    field_class = CursorField

    def filter(self, qs, value):
        if not value:
            return qs
        published_at, pk = value
        return qs.filter(Q(published_at__lt=published_at) | Q(published_at=published_at, pk__lt=pk))


class StoryApiFilter(django_filters.FilterSet):
    """Every parameter a partner may send to the story list, each checked here (400 if wrong);
    unknown slugs match nothing."""

    section = django_filters.CharFilter(method="filter_topic")
    tag = django_filters.CharFilter(method="filter_topic")
    author = django_filters.CharFilter(method="filter_topic")
    source = django_filters.CharFilter(method="filter_topic")
    updated_since = PublicationMomentFilter(field_name="modified_at", lookup_expr="gte")
    published_from = PublicationDayFilter(field_name="published_at", lookup_expr="gte")
    published_to = PublicationDayFilter(field_name="published_at", lookup_expr="lte")
    language = LanguageFilter()
    cursor = CursorFilter()

    class Meta:
        model = Story
        fields: list[str] = []
        form = StoryApiForm

    def filter_topic(self, stories: QuerySet, name: str, slug: str) -> QuerySet:
        """Stories about the public topic with ``slug``, its kind named by the parameter."""
        return topics.BY_NAME[name].stories_about_slug(stories, slug)

    def filter_queryset(self, queryset):
        for name, story_filter in self.filters.items():
            queryset = story_filter.filter(queryset, self.form.cleaned_data.get(name))
        return queryset.newest_first()

    @property
    def page_size(self) -> int:
        return self.form.cleaned_data.get("page_size") or DEFAULT_PAGE_SIZE


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def picture_to_ninjs(
    image: Image, *, name: str = "featureimage", caption: str | None = None
) -> dict:
    """A picture as a ninjs association: caption, credit, rights and renditions.

    The lead picture is ``featureimage``; a body photo is named as the body's
    ``<figure data-association="...">`` that refers to it, with the caption it has there.
    """
    caption = image.caption if caption is None else caption
    association = {
        "name": name,
        "uri": image_uri(image),
        "type": "picture",
        "by": image.credit,
        "copyrightholder": image.agency,
        "copyrightnotice": image.copyright_notice,
        "usageterms": image.usage_terms,
        "descriptions": [
            {"role": role, "contenttype": "text/plain", "value": value}
            for role, value in (("caption", caption), ("alt", image.alt_text))
            if value
        ],
        "renditions": [
            {
                "name": f"w{version.width}",
                "href": absolute_url(version.url),
                "contenttype": version.mime_type,
                "width": version.width,
                "height": version.height,
            }
            for version in image_versions(image)
        ],
    }
    return {key: value for key, value in association.items() if value not in ("", [])}


def translation_to_ninjs(other: Story, story: Story) -> dict:
    """An association naming a translation ("translation") or the original ("original")."""
    return {
        "name": "original" if other.pk == story.translation_of_id else "translation",
        "uri": story_uri(other),
        "type": "text",
        "language": activation_code(other.language),
        "headlines": [{"role": "main", "value": other.headline}],
    }


def story_to_ninjs(story: Story) -> dict:
    """One published story as a ninjs 2.1 news item."""
    body = story_body(story)
    body_text = strip_all_html(story.body)
    subjects = [
        {
            "name": story.section.name,
            "rel": "section",
            "literal": story.section.slug,
            "uri": absolute_url(story.section.get_absolute_url()),
        },
        *(
            {
                "name": tag.name,
                "rel": "tag",
                "literal": tag.slug,
                "uri": absolute_url(topics.TAG.url(tag)),
            }
            for tag in story.tags.all()
        ),
    ]
    item = {
        "uri": story_uri(story),
        "standard": {"name": "ninjs", "version": NINJS_VERSION, "schema": NINJS_SCHEMA},
        "type": "text",
        "representationtype": "full",
        "version": str(story.version),
        "firstcreated": _iso(story.published_at),
        "versioncreated": _iso(version_created(story)),
        "pubstatus": "usable",
        "language": activation_code(story.language),
        "headlines": [{"role": "main", "value": story.headline}],
        "slugline": story.slug,
        "by": story.byline,
        "located": story.dateline,
        "descriptions": (
            [{"role": "summary", "contenttype": "text/plain", "value": story.dek}]
            if story.dek
            else []
        ),
        "bodies": [
            {
                "role": "main",
                "contenttype": "text/html",
                "value": body.html(Output.NINJS),
                "charcount": len(body_text),
                "wordcount": len(body_text.split()),
            }
        ],
        "subjects": subjects,
        "people": [
            {
                "name": byline.author.name,
                "rel": "author",
                "literal": byline.author.slug,
                "uri": absolute_url(byline.author.get_absolute_url()),
            }
            for byline in story.bylines
        ],
        "infosources": (
            [
                {
                    "name": source.name,
                    "role": "originator",
                    "literal": source.slug,
                    **({"uri": source.homepage} if source.homepage else {}),
                }
            ]
            if (source := story.source)
            else []
        ),
        "copyrightholder": source.name if source else settings.SITE_NAME,
        "usageterms": story.effective_usage_terms,
        "altids": [
            {"role": "url", "value": absolute_url(story.get_absolute_url())},
            *([{"role": "original", "value": story.original_url}] if story.original_url else []),
        ],
        "associations": [
            *(
                [picture_to_ninjs(story.lead_image, caption=story.lead_caption)]
                if story.lead_image
                else []
            ),
            *(
                picture_to_ninjs(photo.image, name=photo.association_name, caption=photo.caption)
                for photo in body.photos
            ),
            *(translation_to_ninjs(other, story) for other in public_links(story)),
            *(live_update_to_ninjs(update) for update in getattr(story, "public_updates", ())),
        ],
    }
    if story.updated_at:
        item["contentcreated"] = _iso(story.published_at)
    # Only public stories get here, so an embargo shown is one that has passed.
    if story.embargo_until is not None and not story.is_embargoed:
        item["embargoed"] = _iso(story.embargo_until)
    return {key: value for key, value in item.items() if value not in ("", [], None)}


def printed_links(story: Story) -> set[str]:
    """The keys of what an item prints besides the story: its public translations and
    original, and its live updates' photos, links and authors."""
    keys = {cache_keys.story(other.pk) for other in public_links(story)}
    for update in getattr(story, "public_updates", ()):
        keys |= story_body(update).surrogate_keys()
        keys.update(cache_keys.author(author.pk) for author in update.authors.all())
    return keys


def version_created(story: Story) -> datetime:
    """When the story last changed for a partner: its own save or its newest live update."""
    latest = latest_moment(getattr(story, "public_updates", []))
    return max(story.modified_at, latest) if latest else story.modified_at


def live_update_to_ninjs(update) -> dict:
    """A live update as a ninjs association of its story: a short text item of its own.

    Its photos are printed as absolute pictures with caption and credit inside its body (as
    in feeds), so their names cannot clash with the story's own body photos.
    """
    association = {
        "name": f"live-update-{update.pk}",
        "uri": tag_uri(update.created_at, f"live-update:{update.pk}"),
        "type": "text",
        "representationtype": "full",
        "firstcreated": _iso(update.published_at),
        "versioncreated": _iso(update.edited_at or update.published_at),
        "pubstatus": "usable",
        "by": update.byline,
        "headlines": [{"role": "main", "value": update.headline}] if update.headline else [],
        "bodies": [
            {
                "role": "main",
                "contenttype": "text/html",
                "value": story_body(update).html(Output.FEED),
            }
        ],
        "descriptions": (
            [{"role": "correction", "contenttype": "text/plain", "value": update.correction}]
            if update.correction
            else []
        ),
        "altids": [
            {
                "role": "url",
                "value": absolute_url(f"{update.story.get_absolute_url()}#{update.anchor}"),
            }
        ],
    }
    return {key: value for key, value in association.items() if value not in ("", [], None)}


def _encode_cursor(story: Story) -> str:
    raw = f"{story.published_at.isoformat()}|{story.pk}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def conditional_json(request: HttpRequest, document: dict, last_modified: datetime | None):
    """The document as JSON with an ETag of its bytes; 304 when the partner already has it."""
    body = json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False).encode()
    etag = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
    timestamp = int(last_modified.timestamp()) if last_modified else None
    not_modified = get_conditional_response(request, etag=etag, last_modified=timestamp)
    if not_modified is not None:
        return not_modified
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["ETag"] = etag
    if timestamp is not None:
        response["Last-Modified"] = http_date(timestamp)
    return response


def api_error(message, status: int) -> JsonResponse:
    return JsonResponse({"error": message}, status=status)


@method_decorator(csrf_exempt, name="dispatch")
class StoryApiView(View):
    """Read-only: GET and HEAD answer, every other method is 405."""

    http_method_names = ["get", "head", "options"]

    def published_stories(self) -> StoryQuerySet:
        # Lead photos' renditions only for the items not kept as fragments.
        return Story.objects.published().for_syndication(renditions=False)


class StoryListApiView(StoryApiView):
    """Published stories, newest first, in pages joined by an opaque cursor.

    A page's translations are one query: a translation flag on the list would be worked
    out by PostgreSQL for every public story (a hashed scan, 40 ms at 100,000) before the
    page is taken.
    """

    def get(self, request):
        filterset = StoryApiFilter(request.GET, queryset=self.published_stories())
        if not filterset.is_valid():
            return api_error(filterset.errors, status=400)
        page_size = filterset.page_size
        page = list(filterset.qs[: page_size + 1])
        next_url = None
        if len(page) > page_size:
            page = page[:page_size]
            query = request.GET.copy()
            query["cursor"] = _encode_cursor(page[-1])
            next_url = absolute_url(f"{request.path}?{urlencode(query, doseq=True)}")
        attach_public_links(page)
        attach_public_updates(page)
        items = story_outputs(
            API_ITEM,
            output_variant(request, "ninjs"),
            page,
            lambda stories: [story_to_ninjs(story) for story in stories],
            extra_keys=printed_links,
            # A live story's updates go public at their time, with no write to invalidate.
            storable=lambda story: not story.live,
        )
        mark_public(request, {cache_keys.API} | items.keys)
        document = {"items": items.values, "next": next_url}
        return conditional_json(request, document, self.last_change())

    def last_change(self) -> datetime | None:
        """When the public list last changed: a public story changed, one went public, or one
        was taken down. Drafts and stories yet to come are left out, so editing them shows
        nowhere. A story taken down goes on counting while it is down: a full answer, no leak.
        """
        # Each the first of an index read from its newest end, not the most of every row:
        # taking a story down is a change, so what went public is found among public ones.
        changed = (
            Story.objects.public_or_taken_down()
            .order_by("-modified_at")
            .values_list("modified_at", flat=True)
            .first()
        )
        went_public = (
            Story.objects.published().newest_first().values_list("published_at", flat=True).first()
        )
        return max(filter(None, (changed, went_public)), default=None)


class StoryDetailApiView(StoryApiView):
    """One published story; unknown, draft, scheduled and taken-down ids are all 404."""

    def get(self, request, pk: int):
        # Flagged: a story in no translation set then costs no query for its links.
        story = self.published_stories().with_translation_flag().filter(pk=pk).first()
        if story is None:
            return api_error("No published story with this id.", status=404)
        attach_public_links([story])
        mark_public(request, printed_keys([story]))
        attach_public_updates([story])
        return conditional_json(request, story_to_ninjs(story), version_created(story))
