"""Admin for the image library."""

from __future__ import annotations

from django.contrib import admin

from articles.admin.widgets import thumbnail
from articles.forms import ImageAdminForm
from articles.models import Image


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    form = ImageAdminForm
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
