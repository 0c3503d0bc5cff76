"""Admin for the publication's directory: sections, authors and sources."""

from django.contrib import admin

from articles.models import Author, Section, Source


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
    list_display = [
        "name",
        "kind",
        "homepage",
        "canonical_to_original",
        "auto_publish",
        "poll_interval",
        "last_polled_at",
        "poll_ok",
    ]
    list_filter = ["kind", "canonical_to_original", "auto_publish"]
    search_fields = ["name", "homepage"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["ingest_section"]
    readonly_fields = ["last_polled_at", "last_poll_error", "next_poll_at"]

    @admin.display(description="Last poll OK", boolean=True)
    def poll_ok(self, source: Source) -> bool | None:
        if source.last_polled_at is None:
            return None
        return not source.last_poll_error
