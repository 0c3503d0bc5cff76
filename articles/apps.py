"""The articles app: stories, images, sources and everything that publishes them."""

from django.apps import AppConfig


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Newsroom"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from articles import invalidation

        invalidation.connect()
