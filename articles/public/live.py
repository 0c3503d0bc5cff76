"""The small endpoint a live story's open page polls for its newest updates.

``/stories/<slug>/live.json`` answers the newest ``LIVE_POLL_LENGTH`` public updates, each
with its rendered HTML, older ones edited since (to refresh where a page shows them), the ids
of updates deleted since readers saw them (to remove), and whether coverage goes on. It is
page-cached under the story's ``live-<id>`` key (moved by every update) and carries an ETag,
so a poll that finds nothing new is a 304 with no body.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.cache import patch_cache_control

from articles.body.rendering import story_body
from articles.live import selectors
from articles.models import Story
from articles.pagecache import keys as cache_keys
from articles.pagecache.store import mark_public
from articles.syndication.api import conditional_json
from articles.templatetags.live import render_update


def poll(request: HttpRequest, slug: str) -> HttpResponse:
    story = get_object_or_404(Story.objects.published().only(*POLL_FIELDS), slug=slug)
    if not story.live:
        raise Http404("This story is not covered live.")
    answer = selectors.poll_answer(story)
    keys = {cache_keys.story(story.pk), cache_keys.live(story.pk)}
    for update in [*answer.newest, *answer.edited]:
        keys |= story_body(update).surrogate_keys()
    mark_public(request, keys)
    document = {
        "live": story.is_live_now,
        "ended_at": story.coverage_ended_at,
        "updates": [poll_entry(update) for update in answer.newest],
        "edited": [poll_entry(update) for update in answer.edited],
        "deleted": answer.deleted,
    }
    response = conditional_json(request, document, None)
    if response.status_code == 200:
        patch_cache_control(response, public=True, no_cache=True)
    return response


def poll_entry(update) -> dict:
    return {
        "id": update.pk,
        "anchor": update.anchor,
        "pinned": update.pinned,
        "published_at": update.published_at,
        "edited_at": update.edited_at,
        "version": update.version,
        "html": render_update(update),
    }


POLL_FIELDS = ("pk", "slug", "status", "published_at", "live", "coverage_ended_at")
