"""The editors' admin, one module per concern."""

from articles.admin import directory, image, story  # noqa: F401  (registers the ModelAdmins)
