"""WSGI entry point, used by gunicorn: ``gunicorn newsroom.wsgi``."""

import os

from django.core.wsgi import get_wsgi_application

from newsroom.warmup import prepare_to_serve

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

application = get_wsgi_application()
prepare_to_serve()
