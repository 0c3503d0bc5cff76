"""The newsroom's domain: stories and what they are made of."""

from articles.models.author import Author
from articles.models.autosave import StoryAutosave
from articles.models.body_image import BodyImage
from articles.models.edit_lock import StoryEditLock
from articles.models.failed_task import FailedTask
from articles.models.image import Image, Rendition
from articles.models.live_update import LiveUpdate
from articles.models.section import Section
from articles.models.source import Source
from articles.models.story import (
    Correction,
    StaleStoryError,
    Story,
    StoryAuthor,
    StorySlug,
    TaggedStory,
)
from articles.models.story_event import StoryEvent
from articles.models.story_note import StoryNote
from articles.models.user_language import UserLanguage

__all__ = [
    "Author",
    "BodyImage",
    "Correction",
    "FailedTask",
    "Image",
    "LiveUpdate",
    "Rendition",
    "Section",
    "Source",
    "StaleStoryError",
    "Story",
    "StoryAuthor",
    "StoryAutosave",
    "StoryEditLock",
    "StoryEvent",
    "StoryNote",
    "StorySlug",
    "TaggedStory",
    "UserLanguage",
]
