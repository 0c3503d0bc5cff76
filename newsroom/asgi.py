"""ASGI entry point for servers that speak ASGI."""

import os

from django.core.asgi import get_asgi_application

from newsroom.warmup import prepare_to_serve

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

application = get_asgi_application()
prepare_to_serve()
