"""The articles app: stories, images, sources and everything that publishes them."""

from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate, post_save, pre_save
from django.test.signals import setting_changed


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Newsroom"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        import reversion
        from reversion.revisions import _get_options
        from taggit.models import Tag

        from articles.background.receivers import body_saved, story_scheduled
        from articles.editorial.roles import ensure_editorial_roles
        from articles.images import receivers  # noqa: F401  (connects the receivers)
        from articles.links import forget_page_paths
        from articles.middleware import remember_admin_language
        from articles.models import LiveUpdate, Story, StoryAuthor, StoryNote
        from articles.models.listing import restore_listing_triggers
        from articles.pagecache import receivers as invalidation
        from articles.public.search_sqlite import restore_search_triggers
        from articles.public.search_text import register_sqlite_functions
        from articles.signals import story_published_changed
        from articles.slugs import give_tag_a_slug

        post_migrate.connect(ensure_editorial_roles, sender=self)
        user_logged_in.connect(remember_admin_language, dispatch_uid="articles_admin_language")
        post_migrate.connect(restore_search_triggers, sender=self)
        post_migrate.connect(restore_listing_triggers, sender=self)
        pre_save.connect(give_tag_a_slug, sender=Tag, dispatch_uid="articles_tag_slug")
        invalidation.connect()
        setting_changed.connect(forget_page_paths, dispatch_uid="articles_page_paths")
        story_published_changed.connect(story_scheduled, dispatch_uid="articles_schedule_task")
        post_save.connect(body_saved, sender=Story, dispatch_uid="articles_embed_task")
        post_save.connect(body_saved, sender=LiveUpdate, dispatch_uid="articles_update_embed_task")
        # SQLite's search triggers call Python functions, on every connection.
        connection_created.connect(register_sqlite_functions, dispatch_uid="articles_search")

        # Bylines and internal notes travel with a story's revisions (the story admin, a
        # VersionAdmin, registers the story first, following its inlines). Restoring goes
        # through the workflow, which brings back bylines but never notes or corrections.
        follow: tuple[str, ...] = ("storyauthor_set",)
        if reversion.is_registered(Story):
            follow = tuple(_get_options(Story).follow)
            if "notes" not in follow:
                reversion.unregister(Story)
        if not reversion.is_registered(StoryAuthor):
            reversion.register(StoryAuthor)
        if not reversion.is_registered(StoryNote):
            reversion.register(StoryNote)
        if not reversion.is_registered(Story):
            reversion.register(Story, follow=[*follow, "notes"])
