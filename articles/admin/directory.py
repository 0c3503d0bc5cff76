"""Admin for the publication's directory: sections, authors and sources; and who works in
which language."""

from django.contrib import admin
from django.utils.translation import gettext_lazy

from articles.middleware import ADMIN_LANGUAGE_SESSION_KEY
from articles.models import Author, Section, Source, UserLanguage


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "edition", "position"]
    list_filter = ["edition"]
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
    list_filter = ["kind", "language", "canonical_to_original", "auto_publish"]
    search_fields = ["name", "homepage"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["ingest_section"]
    readonly_fields = ["last_polled_at", "last_poll_error", "next_poll_at"]

    @admin.display(description=gettext_lazy("Last poll OK"), boolean=True)
    def poll_ok(self, source: Source) -> bool | None:
        if source.last_polled_at is None:
            return None
        return not source.last_poll_error


@admin.register(UserLanguage)
class UserLanguageAdmin(admin.ModelAdmin):
    """The admin's language per user; it takes effect at their next login (their own at once)."""

    list_display = ["user", "language"]
    list_filter = ["language"]
    autocomplete_fields = ["user"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if obj.user_id == request.user.pk:
            request.session[ADMIN_LANGUAGE_SESSION_KEY] = obj.language
