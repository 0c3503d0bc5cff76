"""Admin for stories: the form editors and reporters write in."""

from __future__ import annotations

from django.contrib import admin
from django.utils.html import format_html

from articles.admin.widgets import thumbnail
from articles.forms import StoryAdminForm
from articles.models import Correction, Story, StoryAuthor


class StoryAuthorInline(admin.TabularInline):
    model = StoryAuthor
    extra = 1
    autocomplete_fields = ["author"]
    fields = ["author", "position"]


class CorrectionInline(admin.StackedInline):
    model = Correction
    extra = 0
    fields = ["published_at", "text"]


@admin.register(Story)
class StoryAdmin(admin.ModelAdmin):
    form = StoryAdminForm
    list_display = ["headline", "section", "status", "priority", "published_at", "source",
                    "attention_reason"]  # fmt: skip
    list_filter = ["status", "section", "source", "priority", "needs_attention"]
    search_fields = ["headline", "dek", "slug"]
    date_hierarchy = "published_at"
    autocomplete_fields = ["lead_image", "section", "source", "related_stories"]
    prepopulated_fields = {"slug": ["headline"]}
    readonly_fields = ["lead_image_preview", "created_at", "modified_at", "created_by"]
    inlines = [StoryAuthorInline, CorrectionInline]
    list_select_related = ["section", "source"]
    fieldsets = [
        (None, {"fields": ["headline", "slug", "dek", "body"]}),
        ("Lead image", {"fields": ["lead_image", "lead_image_preview"]}),
        ("Placement", {"fields": ["section", "tags", "new_tags", "priority", "related_stories"]}),
        ("Byline and source", {"fields": ["byline_override", "dateline", "source",
                                          "original_url", "usage_terms"]}),
        ("Publishing", {"fields": ["status", "published_at", "updated_at"]}),
        ("Search engines", {"fields": ["seo_title", "seo_description"], "classes": ["collapse"]}),
        ("Record", {"fields": ["created_at", "modified_at", "created_by"],
                    "classes": ["collapse"]}),
    ]  # fmt: skip

    @admin.display(description="Preview")
    def lead_image_preview(self, story: Story) -> str:
        image = story.lead_image
        if not image:
            return "—"
        return format_html(
            "{}<p>{}</p><p><strong>Credit:</strong> {}</p>",
            thumbnail(image, size=240),
            image.caption,
            image.credit or "missing",
        )

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
