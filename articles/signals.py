"""The app's own signals, declared in one place; receivers live beside what they serve."""

from django.dispatch import Signal

#: Sent after the commit whenever what readers can see of a story may have changed.
#: Arguments: ``story`` and ``action`` (a ``StoryEvent.Action`` value).
story_published_changed = Signal()
