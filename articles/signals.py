"""The app's own signals, declared in one place; receivers live beside what they serve."""

from django.dispatch import Signal

#: Sent after the commit whenever what readers can see of a story may have changed.
#: Arguments: ``story`` and ``action`` (a ``StoryEvent.Action`` value).
story_published_changed = Signal()

#: Sent by ``StoryQuerySet.update()``, which sends no model signals, when it changed a field
#: that decides where stories are listed or whether readers see them, or their body
#: (the embed details a background task fills in). Arguments: ``before``,
#: one dict per story updated with its ``pk``, ``status``, ``section_id`` and ``source_id``
#: as they were, and ``using``.
stories_updated = Signal()
