"""Tag slugs that always make a working /tags/<slug>/ address, whatever the tag's name."""

from __future__ import annotations

import hashlib

from taggit.models import Tag


def give_tag_a_slug(sender, instance: Tag, **kwargs) -> None:
    """A name of only punctuation or symbols slugifies to nothing; name it by its digest."""
    if not instance.slug:
        digest = hashlib.sha256(instance.name.lower().encode()).hexdigest()
        instance.slug = f"tag-{digest[:12]}"
