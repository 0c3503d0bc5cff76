"""The editors' admin: stories, images, sources, sections, authors and corrections."""

from __future__ import annotations

from django.contrib import admin
from django.utils.html import format_html

from articles.forms import StoryAdminForm
from articles.models import Author, Correction, Image, Section, Source, Story, StoryAuthor


def thumbnail(image: Image | None, size: int = 80) -> str:
    if not image or not image.file:
        return "—"
    return format_html(
        '<img src="{}" alt="{}" style="max-width:{}px;max-height:{}px;object-fit:cover">',
        image.file.url,
        image.alt_text,
        size,
        size,
    )


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "job_title", "user"]
    search_fields = ["name", "job_title"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["photo", "user"]


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "homepage", "canonical_to_original", "auto_publish"]
    list_filter = ["kind", "canonical_to_original", "auto_publish"]
    search_fields = ["name", "homepage"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    list_display = ["preview", "__str__", "credit", "agency", "width", "height", "created_at"]
    list_display_links = ["preview", "__str__"]
    list_filter = ["agency", "created_at"]
    search_fields = ["title", "caption", "credit", "agency", "alt_text"]
    date_hierarchy = "created_at"
    readonly_fields = ["large_preview", "width", "height", "file_size", "format", "content_hash"]
    fieldsets = [
        (None, {"fields": ["file", "large_preview", "alt_text"]}),
        ("Caption and rights", {"fields": ["title", "caption", "credit", "agency",
                                           "copyright_notice", "usage_terms", "taken_at"]}),
        ("Focal point", {"fields": ["focal_x", "focal_y"]}),
        ("File", {"fields": ["width", "height", "file_size", "format", "content_hash"],
                  "classes": ["collapse"]}),
    ]  # fmt: skip

    @admin.display(description="Picture")
    def preview(self, image: Image) -> str:
        return thumbnail(image)

    @admin.display(description="Preview")
    def large_preview(self, image: Image) -> str:
        return thumbnail(image, size=400)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.uploaded_by = request.user
        super().save_model(request, obj, form, change)


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
    list_display = ["headline", "section", "status", "priority", "published_at", "source"]
    list_filter = ["status", "section", "source", "priority"]
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
