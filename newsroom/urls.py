"""Project URLs: the admin, the public site (articles) per edition and media in development."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path
from django.utils.translation import gettext_lazy

handler500 = "articles.public.views.server_error"

admin.site.site_header = f"{settings.SITE_NAME} — newsroom"
admin.site.site_title = settings.SITE_NAME
admin.site.index_title = gettext_lazy("Desk")

# The default edition (LANGUAGE_CODE) has no prefix; every other language of LANGUAGES is an
# edition under /<code>/ (articles.middleware.EditionMiddleware; docs/multilingual.md).
urlpatterns: list[URLPattern | URLResolver] = [
    path("admin/", admin.site.urls),
    *i18n_patterns(path("", include("articles.urls")), prefix_default_language=False),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
