"""The project's URLs plus uploaded media, so the live server can show the photos."""

from django.conf import settings
from django.urls import re_path
from django.views.static import serve

from newsroom.urls import urlpatterns as project_urlpatterns


def media(request, path):
    # MEDIA_ROOT changes per test, so it is read on each request.
    return serve(request, path, document_root=settings.MEDIA_ROOT)


urlpatterns = [
    re_path(r"^media/(?P<path>.*)$", media),
    *project_urlpatterns,
]
