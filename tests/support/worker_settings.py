"""The site's settings for a test's worker process, with YouTube's oEmbed on a local server.

``TEST_OEMBED_URL`` names the endpoint; everything else is ``newsroom.settings``.
"""

import os

from newsroom.settings import *  # noqa: F403
from newsroom.settings import EMBED_PROVIDERS

EMBED_PROVIDERS = {
    **EMBED_PROVIDERS,
    "youtube": {**EMBED_PROVIDERS["youtube"], "oembed": os.environ["TEST_OEMBED_URL"]},
}
