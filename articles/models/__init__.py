"""The newsroom's domain: stories and what they are made of."""

from articles.models.author import Author
from articles.models.image import Image, Rendition
from articles.models.section import Section
from articles.models.source import Source
from articles.models.story import Correction, Story, StoryAuthor, StorySlug

__all__ = [
    "Author",
    "Correction",
    "Image",
    "Rendition",
    "Section",
    "Source",
    "Story",
    "StoryAuthor",
    "StorySlug",
]
