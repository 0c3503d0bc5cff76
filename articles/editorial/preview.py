"""Previews of unpublished stories, exactly as readers will see them.

Staff preview from the change form; anyone holding a signed, expiring link can preview
without an account. A link carries the story's preview secret, so giving the story a new
one (unpublishing does, and so does the desk's "Revoke preview links") withdraws every link
handed out before. Previews are never indexed and never cached by shared caches.
"""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _
from django.views.generic import DetailView

from articles.languages import edition
from articles.models import Story
from articles.public.views import StoryDetailView

SALT = "articles.preview"


class PreviewWithdrawn(signing.BadSignature):
    """A well-signed link whose story has since been given a new preview secret."""


def make_preview_token(story: Story) -> str:
    return signing.dumps({"story": story.pk, "secret": story.preview_secret}, salt=SALT)


def preview_url(story: Story) -> str:
    """The path of a signed preview link for `story`, valid for PREVIEW_LINK_MAX_AGE."""
    return reverse("articles:preview", kwargs={"token": make_preview_token(story)})


def story_pk_from_token(token: str) -> int:
    """The story a token names; raises `signing.BadSignature` (or SignatureExpired, or
    `PreviewWithdrawn`), or `Http404` if the story is gone."""
    payload = signing.loads(token, salt=SALT, max_age=settings.PREVIEW_LINK_MAX_AGE)
    if (
        not isinstance(payload, dict)
        or not isinstance(payload.get("story"), int)
        or not isinstance(payload.get("secret"), str)
    ):
        raise signing.BadSignature("The preview token names no story.")
    secret = (
        Story.objects.filter(pk=payload["story"]).values_list("preview_secret", flat=True).first()
    )
    if secret is None:
        raise Http404("No such story.")
    if not constant_time_compare(secret, payload["secret"]):
        raise PreviewWithdrawn("The story's preview links have been withdrawn.")
    return payload["story"]


def private_and_unindexed(response):
    add_never_cache_headers(response)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


class StoryPreviewView(StoryDetailView):
    """The public story page for a story in any state, marked as a preview."""

    template_name = "articles/story_preview.html"
    shared_caching = False
    story_pk = None

    def get_stories(self):
        return Story.objects.all()

    def get_object(self, queryset=None):
        return get_object_or_404(self.get_queryset(), pk=self.story_pk)

    def get(self, request, *args, **kwargs):
        return private_and_unindexed(DetailView.get(self, request, *args, **kwargs))

    def render_to_response(self, context, **response_kwargs):
        # The preview's address has no edition: it speaks the story's language.
        with edition(self.object.language):
            return super().render_to_response(context, **response_kwargs).render()


def signed_preview(request, token):
    """Preview through a signed link; a bad or expired link gets a clear 403 page."""
    try:
        story_pk = story_pk_from_token(token)
    except signing.SignatureExpired:
        return refused(request, _("This preview link has expired. Ask the desk for a new one."))
    except PreviewWithdrawn:
        return refused(
            request, _("This preview link has been withdrawn. Ask the desk for a new one.")
        )
    except signing.BadSignature:
        return refused(
            request, _("This preview link is not valid. Check that it was copied whole.")
        )
    return StoryPreviewView.as_view(story_pk=story_pk)(request)


def refused(request, reason: str):
    response = TemplateResponse(
        request, "articles/preview_refused.html", {"reason": reason}, status=403
    )
    return private_and_unindexed(response)
