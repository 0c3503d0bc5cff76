"""Admin for stories: the form editors and reporters write in, and the desk they work from.

Every change of state goes through `articles.editorial.workflow`, restoring a revision and
recovering a deleted story included; this module only offers the steps a user may take and
turns refusals into clear messages or 403s.
"""

from __future__ import annotations

from datetime import datetime
from typing import cast

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import (
    Http404,
    HttpResponseBadRequest,
    HttpResponseNotAllowed,
    HttpResponseRedirect,
    JsonResponse,
)
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import ngettext
from reversion.admin import VersionAdmin
from reversion.models import Version

from articles import translations
from articles.admin import live as live_panel
from articles.admin.filters import AuthorFilter, MineFilter
from articles.admin.forms import (
    DATETIME_LOCAL_FORMATS,
    StoryAdminForm,
    WithoutControlCharacters,
    stale_edit_message,
)
from articles.body.embeds import waiting_addresses
from articles.editorial import autosave as autosaves
from articles.editorial import compare as revisions_compare
from articles.editorial import locks as edit_locks
from articles.editorial import notes as story_notes
from articles.editorial import workflow
from articles.editorial.preview import StoryPreviewView, preview_url
from articles.middleware import media_with_nonce
from articles.models import (
    Correction,
    StaleStoryError,
    Story,
    StoryAuthor,
    StoryEvent,
    StoryNote,
)
from articles.models.visibility import embargoed_q

DESK_GROUP_SIZE = 50
# The class that puts a fieldset of the story form in the side panel of the writing layout.
WRITING_SIDE = "in-side-panel"


class StoryAuthorInline(admin.TabularInline):
    model = StoryAuthor
    extra = 1
    autocomplete_fields = ["author"]
    fields = ["author", "position"]

    # A revision page shows the revision's bylines; restoring brings them back as they were.
    def has_add_permission(self, request, obj=None):
        return not shows_a_revision(request) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not shows_a_revision(request) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not shows_a_revision(request) and super().has_delete_permission(request, obj)


class CorrectionInline(admin.TabularInline):
    """Corrections are public records: added through the workflow, never edited here."""

    model = Correction
    extra = 0
    readonly_fields = ("published_at", "text", "created_by")
    fields = readonly_fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


def shows_a_revision(request) -> bool:
    """Whether this request renders an old revision (History → revision, or Recover)."""
    return hasattr(request, "story_as_now")


class StoryNoteForm(WithoutControlCharacters, forms.Form):
    """A new internal note: text, and optionally the body paragraph it is about."""

    text = forms.CharField(
        label="Note", max_length=StoryNote.MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 3})
    )
    paragraph = forms.IntegerField(
        label="About paragraph",
        required=False,
        min_value=1,
        max_value=10_000,
        help_text="Optional: the number of the body paragraph the note is about.",
    )

    def clean_paragraph(self):
        raw = self.data.get("paragraph", "")
        if isinstance(raw, str) and not raw.isascii():
            raise forms.ValidationError("Write the paragraph number with the digits 0-9.")
        return self.cleaned_data.get("paragraph")


class CompareForm(forms.Form):
    """Which two revisions to compare: version ids of this story, or "current"."""

    old = forms.ChoiceField(label="Compare")
    new = forms.ChoiceField(label="with")

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("old", "new"):
            cast(forms.ChoiceField, self.fields[name]).choices = choices


class WorkflowInputForm(forms.Form):
    """What a note- or time-taking transition asks for from a list action or a direct POST."""

    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    publish_at = forms.DateTimeField(
        required=False,
        input_formats=DATETIME_LOCAL_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )


def workflow_action(action: str):
    """A list action that runs one workflow transition on every selected story."""
    rule = workflow.RULES[action]

    def run(modeladmin, request, queryset):
        return modeladmin.run_workflow_action(request, queryset, rule)

    run.__name__ = f"workflow_{action}"
    return admin.action(description=f"{rule.label}: selected stories")(run)


@admin.register(Story)
class StoryAdmin(VersionAdmin):
    form = StoryAdminForm
    change_form_template = "admin/articles/story/change_form.html"
    change_list_template = "admin/articles/story/change_list.html"
    revision_form_template = "admin/articles/story/revision_form.html"
    object_history_template = "admin/articles/story/object_history.html"
    recover_form_template = "admin/articles/story/recover_form.html"
    history_latest_first = True
    list_display = ["headline", "section", "status_badge", "priority", "published_at",
                    "embargo", "created_by", "attention_reason"]  # fmt: skip
    list_filter = [MineFilter, "status", "section", AuthorFilter, "source", "priority",
                   "needs_attention"]  # fmt: skip
    search_fields = ["headline", "dek", "slug"]
    date_hierarchy = "published_at"
    autocomplete_fields = ["lead_image", "section", "source", "related_stories"]
    readonly_fields = ["status_badge", "published_at", "updated_at",
                       "attention_reason", "ingest_guid",
                       "preview_links", "workflow_log", "created_at", "modified_at",
                       "created_by"]  # fmt: skip
    inlines = [StoryAuthorInline, CorrectionInline]
    list_select_related = ["section", "created_by"]
    actions = [workflow_action(action) for action in workflow.RULES]
    # The writing layout (change_form.html): fieldsets marked WRITING_SIDE go in the side
    # panel beside the text, the status at its top; the rest in the main column.
    fieldsets = [
        (None, {"fields": ["headline", "slug", "language", "dek", "body"],
                "classes": ["writing-text"]}),
        ("Byline and source", {"fields": ["byline_override", "dateline", "source",
                                          "original_url", "usage_terms"]}),
        ("Status", {"fields": ["status_badge"], "classes": [WRITING_SIDE, "side-panel-status"]}),
        ("Publishing", {"fields": ["published_at", "embargo_until", "updated_at",
                                   "preview_links"], "classes": [WRITING_SIDE]}),
        ("Placement", {"fields": ["section", "tags", "new_tags", "priority", "related_stories"],
                       "classes": [WRITING_SIDE]}),
        ("Lead image", {"fields": ["lead_image"], "classes": [WRITING_SIDE]}),
        ("Workflow log", {"fields": ["workflow_log"], "classes": [WRITING_SIDE]}),
        ("Search engines", {"fields": ["seo_title", "seo_description"], "classes": ["collapse"]}),
        ("Ingest", {"fields": ["needs_attention", "attention_reason", "ingest_guid"],
                    "classes": ["collapse"]}),
        ("Record", {"fields": ["created_at", "modified_at", "created_by"],
                    "classes": ["collapse"]}),
    ]  # fmt: skip

    class Media:
        css = {"all": ["articles/admin/workflow.css", "articles/admin/writing.css"]}
        js = [
            "articles/admin/autosave.js",
            "articles/admin/shortcuts.js",
            "articles/admin/accessible_names.js",
        ]

    # Display

    @admin.display(description="Embargo until", ordering="embargo_until")
    def embargo(self, story: Story) -> str:
        if story.embargo_until is None:
            return "—"
        moment = timezone.localtime(story.embargo_until)
        return format_html(
            '<time datetime="{}" class="{}">{}</time>',
            story.embargo_until.isoformat(),
            "embargo embargo-active" if story.is_embargoed else "embargo",
            moment.strftime("%d %b %Y %H:%M"),
        )

    @admin.display(description="Status", ordering="status")
    def status_badge(self, story: Story) -> str:
        return format_html(
            '<span class="story-status story-status-{}">{}</span>',
            story.status,
            story.get_status_display(),
        )

    @admin.display(description="Preview")
    def preview_links(self, story: Story) -> str:
        if not story.pk:
            return "—"
        staff_preview = reverse("admin:articles_story_preview", args=[story.pk])
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">Preview this story</a>'
            "<p>Link for someone without an account (works for {} hours, or until the story "
            "is unpublished or its links are revoked): "
            '<input type="text" readonly class="vLargeTextField preview-link" value="{}" '
            'aria-label="Preview link for someone without an account"></p>'
            '<p><a href="{}" class="revoke-preview-links">Revoke preview links</a></p>',
            staff_preview,
            settings.PREVIEW_LINK_MAX_AGE // 3600,
            f"{settings.SITE_URL}{preview_url(story)}",
            reverse("admin:articles_story_revoke_previews", args=[story.pk]),
        )

    @admin.display(description="Workflow log")
    def workflow_log(self, story: Story) -> str:
        if not story.pk:
            return "—"
        events = story.events.all()[:20]
        if not events:
            return "No workflow steps yet."
        return format_html(
            "<ul class='workflow-log'>{}</ul>",
            format_html_join(
                "",
                "<li><time datetime='{}'>{}</time> {} by {}{}</li>",
                (
                    (
                        event.created_at.isoformat(),
                        timezone.localtime(event.created_at).strftime("%d %b %Y %H:%M"),
                        event.get_action_display(),
                        event.actor,
                        f" — {event.note}" if event.note else "",
                    )
                    for event in events
                ),
            ),
        )

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if workflow.can_hand_out_previews(request.user) and not shows_a_revision(request):
            return fieldsets
        # Only the desk hands out preview links to people without an account.
        return [
            (name, {**options, "fields": [f for f in options["fields"] if f != "preview_links"]})
            for name, options in fieldsets
        ]

    # Permissions: reporters change their own stories while they are theirs to work on.

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        if obj is None:
            return True
        # A revision page has the old revision in the database while it renders: who may
        # restore it is decided on the story as it is now (a deleted one comes back a draft).
        if shows_a_revision(request):
            now = request.story_as_now
            if now is None:
                return workflow.can_recover(request.user, obj)
            return workflow.can_edit(request.user, now)
        return workflow.can_edit(request.user, obj)

    def get_actions(self, request):
        actions = super().get_actions(request)
        for action, rule in workflow.RULES.items():
            if not request.user.has_perm(f"articles.{rule.permission}"):
                actions.pop(f"workflow_{action}", None)
        return actions

    def response_action(self, request, queryset):
        name = request.POST.get("action", "")
        if name.startswith("workflow_") and name not in self.get_actions(request):
            raise PermissionDenied("You may not make this workflow change.")
        return super().response_action(request, queryset)

    # The change form: version check, transitions, soft lock.

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        now = getattr(request, "story_as_now", None)
        return type(
            form.__name__,
            (form,),
            {
                "user": request.user,
                "shows_a_revision": shows_a_revision(request),
                "current_version": now.version if now else None,
                "lost_a_race": getattr(request, "story_save_lost_a_race", False),
            },
        )

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        else:
            obj.version = form.cleaned_data["expected_version"]
        super().save_model(request, obj, form, change)
        waiting = len(waiting_addresses(obj.body))
        if waiting:
            messages.info(
                request,
                ngettext(
                    "The embed's details are asked of its provider in the background; "
                    "readers see a link to it until they arrive.",
                    "The details of %(count)d embeds are asked of their providers in the "
                    "background; readers see links to them until they arrive.",
                    waiting,
                )
                % {"count": waiting},
            )
        edit_locks.release(obj, request.user)
        # The story now holds what the form had: the private copy has done its job.
        autosaves.discard(user=request.user, story=obj if change else None)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if form.requested_transition:
            self.perform_transition(
                request,
                [form.instance],
                form.requested_transition,
                note=form.cleaned_data.get("transition_note") or "",
                publish_at=form.cleaned_data.get("transition_publish_at"),
            )

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except StaleStoryError:
            # Another save of the same version committed between this form's version check
            # and its own save, and everything this request wrote is rolled back. Answer as
            # the check would have: the form again, with the editor's text and the refusal.
            request.story_save_lost_a_race = True
            return super().changeform_view(request, object_id, form_url, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        story = self.get_object(request, object_id)
        extra_context = extra_context or {}
        if story is not None and self.has_change_permission(request, story):
            if request.method == "GET":
                lock = edit_locks.open_for_editing(story, request.user)
                extra_context["edit_lock"] = lock
                extra_context["can_take_over"] = lock is not None and edit_locks.can_take_over(
                    request.user, story
                )
                extra_context["lock_url"] = reverse("admin:articles_story_lock", args=[story.pk])
                extra_context.update(self._autosave_context(request, story))
            extra_context["workflow_rules"] = workflow.allowed_actions(request.user, story)
        if story is not None:
            members = translations.translation_set_members(story)
            extra_context["translation_set"] = members
            if workflow.can_translate(request.user, story):
                present = {story.language, *(member.language for member in members)}
                extra_context["translatable_into"] = [
                    (code, name) for code, name in settings.LANGUAGES if code not in present
                ]
        if story is not None and self.has_view_permission(request, story):
            extra_context["live_panel"] = live_panel.panel_context(request, story)
        return super().change_view(request, object_id, form_url, extra_context)

    def add_view(self, request, form_url="", extra_context=None):
        extra_context = extra_context or {}
        extra_context["workflow_rules"] = workflow.allowed_actions(
            request.user, Story(status=Story.Status.DRAFT)
        )
        if request.method == "GET":
            extra_context.update(self._autosave_context(request, None))
        return super().add_view(request, form_url, extra_context)

    def _autosave_context(self, request, story: Story | None) -> dict:
        """Where the form keeps its copy, and the copy to offer back if there is one."""
        args = [] if story is None else [story.pk]
        suffix = "_new" if story is None else ""
        context = {
            "autosave_url": reverse(f"admin:articles_story_autosave{suffix}", args=args),
            "autosave_discard_url": reverse(
                f"admin:articles_story_discard_autosave{suffix}", args=args
            ),
            "autosave_seconds": settings.STORY_AUTOSAVE_SECONDS,
        }
        offer = autosaves.pending(request.user, story)
        if offer is not None:
            context["autosave_offer"] = offer
            context["autosave_restoring"] = request.GET.get("autosave") == "restore"
            context["autosave_outdated"] = (
                story is not None
                and offer.base_version is not None
                and offer.base_version != story.version
            )
        return context

    def get_object(self, request, object_id, from_field=None):
        story = super().get_object(request, object_id, from_field)
        # "Restore unsaved changes": the form opens filled from the user's private copy;
        # nothing is stored until they save it.
        if story is not None and request.method == "GET" and self._restores_autosave(request):
            offer = autosaves.pending(request.user, story)
            for name, value in (offer.fields if offer else {}).items():
                setattr(story, name, value)
        return story

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        if self._restores_autosave(request):
            offer = autosaves.pending(request.user, None)
            initial.update(offer.fields if offer else {})
        return initial

    @staticmethod
    def _restores_autosave(request) -> bool:
        return request.GET.get("autosave") == "restore" and not shows_a_revision(request)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # Revision and recover pages are rendered inside the view, while the old revision is
        # briefly in the database, so the CSP middleware cannot add the nonce afterwards.
        context["media"] = media_with_nonce(request, context.get("media"))
        if obj is not None and obj.pk and story_notes.can_read_notes(request.user, obj):
            # Read here, while a revision page has its revision in the database: the notes
            # shown are the ones that revision kept.
            now = getattr(request, "story_as_now", obj)
            context["story_notes"] = [
                (note, not shows_a_revision(request) and story_notes.can_remove(request.user, note))
                for note in obj.notes.select_related("story")
            ]
            context["note_form"] = (
                StoryNoteForm(auto_id="id_note_%s")
                if not shows_a_revision(request) and story_notes.can_note(request.user, now)
                else None
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    # History and recovery: reversion shows a revision in the form (inside a transaction it
    # rolls back); restoring or recovering it is a workflow step.

    def revision_view(self, request, object_id, version_id, extra_context=None):
        story = self.get_object(request, unquote(object_id))
        if story is None:
            raise Http404("No such story.")
        version = get_object_or_404(workflow.story_versions(story.pk), pk=version_id)
        if not self.has_view_or_change_permission(request, story):
            raise PermissionDenied
        request.story_as_now = story
        if request.method != "POST":
            return super().revision_view(request, object_id, version_id, extra_context)
        if not workflow.can_edit(request.user, story):
            raise PermissionDenied("You may not change this story now.")
        inputs = RestoreForm(request.POST)
        if not inputs.is_valid():
            return HttpResponseBadRequest("The restore form was not sent whole; reload the page.")
        try:
            event = workflow.restore_revision(
                story=story,
                version=version,
                user=request.user,
                expected_version=inputs.cleaned_data["expected_version"],
            )
        except StaleStoryError:
            context = {**self.admin_site.each_context(request), "opts": self.model._meta,
                       "title": "Not restored", "story": story,
                       "reason": stale_edit_message(story), "retry": request.path}  # fmt: skip
            return TemplateResponse(request, "admin/articles/story/restore_refused.html", context)
        except workflow.TransitionInvalid as error:
            messages.error(request, str(error))
            return HttpResponseRedirect(request.path)
        report_done(request, event, story)
        return HttpResponseRedirect(reverse("admin:articles_story_change", args=[story.pk]))

    def recover_view(self, request, version_id, extra_context=None):
        version = get_object_or_404(Version.objects.get_deleted(Story), pk=version_id)
        if not self.has_add_permission(request):
            raise PermissionDenied
        request.story_as_now = None
        if request.method != "POST":
            return super().recover_view(request, version_id, extra_context)
        try:
            event = workflow.recover_as_draft(version=version, user=request.user)
        except workflow.TransitionInvalid as error:
            messages.error(request, str(error))
            return HttpResponseRedirect(reverse("admin:articles_story_recoverlist"))
        report_done(request, event, event.story)
        return HttpResponseRedirect(reverse("admin:articles_story_change", args=[event.story_id]))

    # Extra views: the desk, direct transitions and the staff preview.

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("desk/", wrap(self.desk_view), name="articles_story_desk"),
            path(
                "<path:object_id>/transition/<str:action>/",
                wrap(self.transition_view),
                name="articles_story_transition",
            ),
            path("<path:object_id>/preview/", wrap(self.preview_view),
                 name="articles_story_preview"),
            path("<path:object_id>/revoke-previews/", wrap(self.revoke_previews_view),
                 name="articles_story_revoke_previews"),
            path("<path:object_id>/translate/<str:language>/", wrap(self.translate_view),
                 name="articles_story_translate"),
            path("autosave/", wrap(self.autosave_view), name="articles_story_autosave_new"),
            path("autosave/discard/", wrap(self.discard_autosave_view),
                 name="articles_story_discard_autosave_new"),
            path("<path:object_id>/autosave/", wrap(self.autosave_view),
                 name="articles_story_autosave"),
            path("<path:object_id>/autosave/discard/", wrap(self.discard_autosave_view),
                 name="articles_story_discard_autosave"),
            path("<path:object_id>/compare/", wrap(self.compare_view),
                 name="articles_story_compare"),
            path("<path:object_id>/take-over/", wrap(self.take_over_view),
                 name="articles_story_take_over"),
            path("<path:object_id>/lock/", wrap(self.lock_view), name="articles_story_lock"),
            path("<path:object_id>/notes/", wrap(self.add_note_view),
                 name="articles_story_add_note"),
            path("<path:object_id>/notes/<int:note_id>/remove/", wrap(self.remove_note_view),
                 name="articles_story_remove_note"),
        ] + live_panel.urls(self) + super().get_urls()  # fmt: skip

    def desk_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        stories = Story.objects.select_related("section", "created_by").only(
            "headline", "status", "published_at", "embargo_until", "modified_at",
            "section__name", "created_by__username",
        ).annotate(note_count=Count("notes"))  # fmt: skip
        status = Story.Status
        groups = [
            ("In review", stories.filter(status=status.IN_REVIEW).order_by("modified_at")),
            ("Ready", stories.filter(status=status.READY).order_by("modified_at")),
            (
                "Embargoed",
                stories.embargoed().exclude(status=status.UNPUBLISHED).order_by("embargo_until"),
            ),
            ("Scheduled", stories.upcoming().exclude(embargoed_q()).order_by("published_at")),
            ("Recently published", stories.published().order_by("-published_at")),
        ]
        context = {
            **self.admin_site.each_context(request),
            "title": "Desk",
            "opts": self.model._meta,
            "groups": [(name, list(queryset[:DESK_GROUP_SIZE])) for name, queryset in groups],
        }
        return TemplateResponse(request, "admin/articles/story/desk.html", context)

    def transition_view(self, request, object_id, action):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        story = self.get_object(request, object_id)
        if story is None:
            raise Http404("No such story.")
        inputs = WorkflowInputForm(request.POST)
        inputs.is_valid()
        self.perform_transition(
            request,
            [story],
            action,
            note=inputs.cleaned_data.get("note") or "",
            publish_at=inputs.cleaned_data.get("publish_at"),
        )
        return HttpResponseRedirect(reverse("admin:articles_story_change", args=[story.pk]))

    def translate_view(self, request, object_id, language):
        """Start the translation of a story into ``language`` and open it (POST only)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        story = self.get_object(request, object_id)
        if story is None:
            raise Http404("No such story.")
        try:
            translation = workflow.start_translation(
                story=story, language=language, user=request.user
            )
        except workflow.TransitionInvalid as refusal:
            self.message_user(request, str(refusal), messages.ERROR)
            return HttpResponseRedirect(reverse("admin:articles_story_change", args=[story.pk]))
        self.message_user(
            request,
            f"Translation started: a draft linked to “{story.headline}”. Write it, then send it "
            "through the desk as usual.",
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:articles_story_change", args=[translation.pk]))

    def _autosaved_story(self, request, object_id) -> Story | None:
        """The story an autosave is for; None for a story not yet saved."""
        return None if object_id is None else self._story(request, object_id)

    def _story(self, request, object_id) -> Story:
        story = self.get_object(request, object_id)
        if story is None:
            raise Http404("No such story.")
        return story

    def autosave_view(self, request, object_id=None):
        """Keep the user's private copy of the form; JSON, as the form's script asks."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        story = self._autosaved_story(request, object_id)
        version = request.POST.get("expected_version", "")
        base_version = int(version) if version.isascii() and version.isdigit() else None
        try:
            kept = autosaves.keep(
                user=request.user,
                story=story,
                data=request.POST,
                base_version=base_version if base_version and base_version < 2**31 else None,
            )
        except ValidationError as error:
            return JsonResponse({"error": " ".join(error.messages)}, status=400)
        except PermissionDenied as error:
            return JsonResponse({"error": str(error)}, status=403)
        answer = {"saved_at": kept.saved_at.isoformat()}
        if story is not None:
            answer |= edit_locks.keep_alive(story, request.user, acquire=False)
        return JsonResponse(answer)

    def compare_view(self, request, object_id):
        """Two revisions, or a revision and the story now, word by word (GET ?old=&new=)."""
        story = self._story(request, object_id)
        if not self.has_view_or_change_permission(request, story):
            raise PermissionDenied
        versions = list(workflow.story_versions(story.pk).select_related("revision"))
        choices = [("current", "The story now")] + [
            (str(version.pk), f"{timezone.localtime(version.revision.date_created):%d %b %Y %H:%M}"
             f" — {version.revision.get_comment() or 'saved'}")
            for version in versions
        ]  # fmt: skip
        previous = str(versions[1].pk) if len(versions) > 1 else "current"
        form = CompareForm(request.GET or {"old": previous, "new": "current"}, choices=choices)
        if not form.is_valid():
            reasons = "; ".join(" ".join(map(str, errors)) for errors in form.errors.values())
            return HttpResponseBadRequest(f"Choose two revisions from the lists: {reasons}")
        by_pk = {str(version.pk): version for version in versions}

        def side(choice: str) -> revisions_compare.Side:
            if choice == "current":
                return revisions_compare.current_side(story)
            return revisions_compare.version_side(by_pk[choice])

        old, new = side(form.cleaned_data["old"]), side(form.cleaned_data["new"])
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"Compare revisions of “{story.headline}”",
            "story": story,
            "original": story,
            "form": form,
            "old": old,
            "new": new,
            "rows": revisions_compare.compare(old, new),
        }
        return TemplateResponse(request, "admin/articles/story/compare.html", context)

    def lock_view(self, request, object_id):
        """The open form's heartbeat: refresh the user's lock, or release it (``release``)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        story = self._story(request, object_id)
        if not workflow.can_edit(request.user, story):
            raise PermissionDenied("You may not edit this story.")
        if request.POST.get("release"):
            edit_locks.release(story, request.user)
            return JsonResponse({"lock": "released"})
        return JsonResponse(edit_locks.keep_alive(story, request.user))

    def take_over_view(self, request, object_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        story = self._story(request, object_id)
        edit_locks.take_over(story, request.user)
        messages.success(request, "You took over this story; the other editor's form is told.")
        return HttpResponseRedirect(reverse("admin:articles_story_change", args=[story.pk]))

    def discard_autosave_view(self, request, object_id=None):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        story = self._autosaved_story(request, object_id)
        if not autosaves.can_autosave(request.user, story):
            raise PermissionDenied("You may not edit this story.")
        autosaves.discard(user=request.user, story=story)
        messages.info(request, "The unsaved changes were discarded.")
        if story is None:
            return HttpResponseRedirect(reverse("admin:articles_story_add"))
        return HttpResponseRedirect(reverse("admin:articles_story_change", args=[story.pk]))

    def add_note_view(self, request, object_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        story = self.get_object(request, object_id)
        if story is None:
            raise Http404("No such story.")
        if not story_notes.can_note(request.user, story):
            raise PermissionDenied("You may not leave notes on this story.")
        form = StoryNoteForm(request.POST)
        if not form.is_valid():
            reasons = "; ".join(
                f"{form.fields[name].label}: {' '.join(map(str, errors))}"
                for name, errors in form.errors.items()
            )
            return HttpResponseBadRequest(f"The note was not added. {reasons}")
        story_notes.add_note(
            story=story,
            user=request.user,
            text=form.cleaned_data["text"],
            paragraph=form.cleaned_data["paragraph"],
        )
        messages.success(request, "Your note was added.")
        return HttpResponseRedirect(
            reverse("admin:articles_story_change", args=[story.pk]) + "#story-notes"
        )

    def remove_note_view(self, request, object_id, note_id):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        story = self.get_object(request, object_id)
        if story is None:
            raise Http404("No such story.")
        note = get_object_or_404(story.notes.select_related("story"), pk=note_id)
        story_notes.remove_note(note=note, user=request.user)
        messages.success(request, "The note was removed.")
        return HttpResponseRedirect(
            reverse("admin:articles_story_change", args=[story.pk]) + "#story-notes"
        )

    def revoke_previews_view(self, request, object_id):
        story = self.get_object(request, object_id)
        if story is None:
            raise Http404("No such story.")
        if not workflow.can_hand_out_previews(request.user):
            raise PermissionDenied
        if request.method == "POST":
            event = workflow.revoke_preview_links(story=story, user=request.user)
            report_done(request, event, story)
            return HttpResponseRedirect(reverse("admin:articles_story_change", args=[story.pk]))
        context = {**self.admin_site.each_context(request), "opts": self.model._meta,
                   "title": "Revoke preview links", "story": story}  # fmt: skip
        return TemplateResponse(request, "admin/articles/story/revoke_previews.html", context)

    def preview_view(self, request, object_id):
        story = self.get_object(request, object_id)
        if story is None:
            raise Http404("No such story.")
        if not self.has_view_permission(request, story):
            raise PermissionDenied
        return StoryPreviewView.as_view(story_pk=story.pk)(request)

    def run_workflow_action(self, request, queryset, rule: workflow.Rule):
        inputs = WorkflowInputForm(request.POST if "apply" in request.POST else None)
        if (rule.needs_note or rule.needs_time) and not inputs.is_valid():
            context = {
                **self.admin_site.each_context(request),
                "title": rule.label,
                "opts": self.model._meta,
                "rule": rule,
                "stories": queryset,
                "inputs": inputs,
                "action_name": f"workflow_{rule.action}",
            }
            return TemplateResponse(request, "admin/articles/story/workflow_action.html", context)
        chosen = inputs.cleaned_data if inputs.is_bound and inputs.is_valid() else {}
        self.perform_transition(
            request,
            list(queryset),
            rule.action,
            note=chosen.get("note") or "",
            publish_at=chosen.get("publish_at"),
        )
        return None

    def perform_transition(
        self,
        request,
        stories: list[Story],
        action: str,
        *,
        note: str = "",
        publish_at: datetime | None = None,
    ) -> None:
        """Make one transition on each story and tell the user what happened.

        A refusal is a message; a transition the user may not make on the one story of a
        button or URL answers 403, while in a list action it is one message among others.
        """
        refusals = workflow.WorkflowError if len(stories) > 1 else workflow.TransitionInvalid
        events = []
        for story in stories:
            try:
                events.append(
                    workflow.perform(action, story, request.user, note=note, publish_at=publish_at)
                )
            except refusals as error:
                messages.error(request, str(error))
        if len(events) == 1:
            report_done(request, events[0], stories[0])
        elif events:
            messages.success(request, f"{events[0].get_action_display()}: {len(events)} stories.")


class RestoreForm(forms.Form):
    """What a revision page posts: the version of the story it was opened on."""

    expected_version = forms.IntegerField(min_value=1)


def report_done(request, event: StoryEvent, story: Story) -> None:
    messages.success(request, f"{event.get_action_display()}: “{story.headline}”.")
