"""Who may change a library image: its caption, credit and rights are what readers see.

An image's fields are live wherever a story shows it, with no workflow step in between,
so the rule follows the story's own: editors (``change_any_image``) change every image;
a writer with ``change_image`` changes the images they uploaded for as long as every
story that shows them is still in its writer's hands (draft or returned), just as they
change their own stories only then. Once a story using the photo has gone to the desk
(in review, ready, scheduled, published or unpublished), only an editor changes it.
The admin asks here for changing and deleting alike.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from articles.editorial.workflow import WRITER_EDITABLE
from articles.models import Image, Story


def image_locked_because(user, image: Image) -> str:
    """Why ``user`` may not change ``image``, in the desk's words; empty when they may."""
    if not getattr(user, "is_authenticated", False) or not user.has_perm("articles.change_image"):
        return _("You may not change library images.")
    if user.has_perm("articles.change_any_image") or image.pk is None:
        return ""
    if image.uploaded_by_id != user.pk:
        return _("Only an editor may change a photo someone else added to the library.")
    if is_used_beyond_writers(image):
        return _("Only an editor may change this photo now: a story on the desk shows it.")
    return ""


def can_change_image(user, image: Image) -> bool:
    return not image_locked_because(user, image)


def is_used_beyond_writers(image: Image) -> bool:
    """Whether a story no longer in its writer's hands shows ``image``."""
    beyond_writers = Story.objects.exclude(status__in=WRITER_EDITABLE)
    return Image.objects.filter(pk=image.pk).used_by(beyond_writers).exists()
