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
    list_display = ["name", "kind", "homepage", "canonical_to_original", "auto_publish"]
    list_filter = ["kind", "canonical_to_original", "auto_publish"]
    search_fields = ["name", "homepage"]
    prepopulated_fields = {"slug": ["name"]}
