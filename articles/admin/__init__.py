"""The editors' admin, one module per concern."""

from articles.admin import directory, failed_task, image, story  # noqa: F401  (registers the ModelAdmins)
