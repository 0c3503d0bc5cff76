"""The articles app: stories, images, sources and everything that publishes them."""

from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Newsroom"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        import reversion

        from articles.roles import ensure_editorial_roles

        post_migrate.connect(ensure_editorial_roles, sender=self)

        from articles.models import Story, StoryAuthor

        # Bylines travel with a story's revisions; corrections do not, because restoring
        # an old text must never take back a public correction.
        if not reversion.is_registered(Story):
            reversion.register(StoryAuthor)
            reversion.register(Story, follow=["storyauthor_set"])
        from articles import invalidation
        from articles.images import signals  # noqa: F401  (connects the receivers)

        invalidation.connect()
