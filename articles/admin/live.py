"""The live coverage panel on a story's admin page: add, edit, publish, pin and delete updates.

The panel sits above the story's own form (a form of its own, newest update first). Every
change calls ``articles.live.services``, which checks permission on the story as it is now;
a refusal is a message, or the form again with the editor's text and the reason.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles.admin.forms import (
    WithoutControlCharacters,
    configure_body_editor,
    refuse_missing_photos,
)
from articles.editorial.workflow import TransitionForbidden, WorkflowError
from articles.live import services
from articles.models import LiveUpdate, Story

#: How many updates the panel lists; older ones are on the public page.
PANEL_LENGTH = 100


class LiveUpdateForm(WithoutControlCharacters, forms.ModelForm):
    """An update's text, bylines and, for the desk, its pin and key-event marks."""

    prefix = "live"

    class Meta:
        model = LiveUpdate
        fields = ["headline", "body", "authors", "pinned", "key_event", "correction"]
        widgets = {
            "authors": AutocompleteSelectMultiple(
                LiveUpdate._meta.get_field("authors"), admin.site
            ),
        }

    def __init__(self, *args, user=None, adding: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        configure_body_editor(self.fields["body"])
        self.fields["authors"].help_text = _("Empty: your own byline.")
        self.fields["authors"].required = False
        if adding:
            del self.fields["correction"]
        if not services.is_desk(user):
            del self.fields["pinned"], self.fields["key_event"]

    def clean_body(self) -> str:
        return refuse_missing_photos(self.cleaned_data.get("body") or "")


def panel_context(request, story: Story) -> dict:
    """What the panel shows a user for ``story``: its updates, the form and the buttons."""
    user = request.user
    updates = list(
        story.live_updates.not_deleted()
        .select_related("created_by")
        .prefetch_related("authors")
        .order_by("-created_at", "-pk")[:PANEL_LENGTH]
    )
    for update in updates:
        update.may_change = services.can_change(user, update)
        update.may_delete = services.can_delete(user, update)
    return {
        "story": story,
        "desk": services.is_desk(user),
        "may_post": services.can_post(user, story),
        "form": LiveUpdateForm(user=user),
        "updates": updates,
    }


def urls(model_admin) -> list:
    wrap = model_admin.admin_site.admin_view
    views = LiveViews(model_admin)
    return [
        path("<path:object_id>/live/start/", wrap(views.start), name="articles_story_live_start"),
        path("<path:object_id>/live/end/", wrap(views.end), name="articles_story_live_end"),
        path("<path:object_id>/live/post/", wrap(views.post), name="articles_story_live_post"),
        path(
            "<path:object_id>/live/<int:update_id>/edit/",
            wrap(views.edit),
            name="articles_story_live_edit",
        ),
        path(
            "<path:object_id>/live/<int:update_id>/<str:action>/",
            wrap(views.act),
            name="articles_story_live_act",
        ),
    ]


class LiveViews:
    """The panel's views, bound to the story admin for its object lookup and permissions."""

    ACTIONS = {
        "publish": lambda update, user: services.publish_update(update=update, user=user),
        "pin": lambda update, user: services.edit_update(update=update, user=user, pinned=True),
        "unpin": lambda update, user: services.edit_update(update=update, user=user, pinned=False),
        "key": lambda update, user: services.edit_update(update=update, user=user, key_event=True),
        "unkey": lambda update, user: services.edit_update(
            update=update, user=user, key_event=False
        ),
        "delete": lambda update, user: services.delete_update(update=update, user=user),
    }
    DONE = {
        "publish": gettext_lazy("Update published."),
        "pin": gettext_lazy("Update pinned."),
        "unpin": gettext_lazy("Update unpinned."),
        "key": gettext_lazy("Marked as a key event."),
        "unkey": gettext_lazy("No longer a key event."),
        "delete": gettext_lazy("Update deleted: it is gone from the page, the feeds and the API."),
    }

    def __init__(self, model_admin):
        self.model_admin = model_admin

    def story(self, request, object_id) -> Story:
        story = self.model_admin.get_object(request, object_id)
        if story is None:
            raise Http404("No such story.")
        if not self.model_admin.has_view_permission(request, story):
            raise PermissionDenied
        return story

    def update(self, story: Story, update_id: int) -> LiveUpdate:
        return get_object_or_404(story.live_updates.not_deleted(), pk=update_id)

    def back(self, story: Story) -> HttpResponseRedirect:
        url = reverse("admin:articles_story_change", args=[story.pk])
        return HttpResponseRedirect(f"{url}#live-coverage")

    def start(self, request, object_id):
        return self.story_step(
            request, object_id, services.start_coverage, _("Live coverage started.")
        )

    def end(self, request, object_id):
        return self.story_step(request, object_id, services.end_coverage, _("Live coverage ended."))

    def story_step(self, request, object_id, service, done: str):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        story = self.story(request, object_id)
        try:
            service(story=story, user=request.user)
        except TransitionForbidden:
            raise
        except WorkflowError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, done)
        return self.back(story)

    def post(self, request, object_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        story = self.story(request, object_id)
        form = LiveUpdateForm(request.POST, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                update = services.post_update(
                    story=story,
                    user=request.user,
                    body=data["body"],
                    headline=data["headline"],
                    authors=data["authors"],
                    pinned=data.get("pinned", False),
                    key_event=data.get("key_event", False),
                )
            except TransitionForbidden:
                raise
            except WorkflowError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    _("Update posted. It waits for the desk to publish it.")
                    if update.is_held
                    else _("Update posted."),
                )
                return self.back(story)
        return self.form_page(request, story, form, _("Post a live update"))

    def edit(self, request, object_id, update_id: int):
        story = self.story(request, object_id)
        update = self.update(story, update_id)
        if not services.can_change(request.user, update):
            raise PermissionDenied
        if request.method != "POST":
            form = LiveUpdateForm(instance=update, user=request.user, adding=False)
            return self.form_page(request, story, form, _("Edit a live update"), update)
        form = LiveUpdateForm(request.POST, instance=update, user=request.user, adding=False)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.edit_update(
                    update=update,
                    user=request.user,
                    body=data["body"],
                    headline=data["headline"],
                    authors=data["authors"],
                    correction=data["correction"],
                    pinned=data.get("pinned"),
                    key_event=data.get("key_event"),
                )
            except TransitionForbidden:
                raise
            except WorkflowError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Update saved."))
                return self.back(story)
        return self.form_page(request, story, form, _("Edit a live update"), update)

    def act(self, request, object_id, update_id: int, action: str):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if action not in self.ACTIONS:
            raise Http404("No such step for an update.")
        story = self.story(request, object_id)
        update = self.update(story, update_id)
        try:
            self.ACTIONS[action](update, request.user)
        except TransitionForbidden:
            raise
        except WorkflowError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, self.DONE[action])
        return self.back(story)

    def form_page(self, request, story, form, title: str, update: LiveUpdate | None = None):
        admin_site = self.model_admin.admin_site
        context = {
            **admin_site.each_context(request),
            "opts": Story._meta,
            "title": title,
            "story": story,
            "form": form,
            "update": update,
            "media": self.model_admin.media + form.media,
        }
        return TemplateResponse(request, "admin/articles/story/live_update_form.html", context)
