"""Project URLs: the admin, the public site (articles) and media in development."""

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

handler500 = "articles.public.views.server_error"

admin.site.site_header = f"{settings.SITE_NAME} — newsroom"
admin.site.site_title = settings.SITE_NAME
admin.site.index_title = "Desk"

urlpatterns: list[URLPattern | URLResolver] = [
    path("admin/", admin.site.urls),
    path("", include("articles.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
