"""The corpus's text and photos, drawn from a fixed vocabulary by a seeded random generator.

Free of Django, so the Wagtail peer (bench/peers/wagtail/) builds the same kind of stories.
"""

from __future__ import annotations

import io
import random
from collections.abc import Sequence

from PIL import Image as PillowImage
from PIL import ImageDraw

PHOTO_SIZE = (800, 533)

# Every headline carries this word, so the search target matches many stories.
# Searched for by the benchmark; in about one headline in fifty, as a real query would be.
SEARCH_TERM = "lighthouse"
SEARCH_SHARE = 0.02

VOCABULARY = (
    "harbour council budget river bridge school hospital election mayor police court "
    "festival market rail station flood storm farmers housing rent library museum theatre "
    "football cricket league final coach season injury transfer record result village "
    "town city county district ward parish road bypass cycle lane bus route airport port "
    "ferry strike union wage jobs factory closure opening plan inquiry report review vote "
    "motion debate minister government tax levy fund grant charity volunteers residents "
    "neighbours protest petition heritage castle church bells summer winter spring autumn "
    "rain heat drought water supply energy solar wind turbine grid prices shop high "
    "street pub cafe restaurant chef award prize gallery exhibition concert band choir "
    "orchestra students teachers exams results university college research science "
    "climate wildlife birds beach coast cliff path walkers "
)
WORDS = tuple(VOCABULARY.split())


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def paragraph(rng: random.Random) -> str:
    return " ".join(sentence(rng, rng.randint(12, 24)) for _ in range(rng.randint(3, 5)))


def headline(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(5, 9))]
    if rng.random() < SEARCH_SHARE:
        words.insert(rng.randrange(len(words)), SEARCH_TERM)
    text = " ".join(words)
    return text[0].upper() + text[1:]


def story_body(rng: random.Random, paragraphs: Sequence[str]) -> str:
    """Several paragraphs with the markup editors use: a subheading, a quote, a link."""
    chosen = rng.sample(paragraphs, rng.randint(4, 8))
    parts = [f"<p>{text}</p>" for text in chosen]
    parts.insert(2, f"<h2>{sentence(rng, 4)[:-1]}</h2>")
    parts.insert(4, f"<blockquote><p>{sentence(rng, 14)}</p></blockquote>")
    parts.append(
        f'<p>Read the <a href="https://example.org/reports/{rng.randint(1, 999)}">full '
        "report</a>.</p>"
    )
    return "".join(parts)


def draw_photo(rng: random.Random) -> bytes:
    """A small real JPEG: a coloured field with a few shapes, so files differ in content."""
    picture = PillowImage.new("RGB", PHOTO_SIZE, tuple(rng.randrange(256) for _ in range(3)))
    draw = ImageDraw.Draw(picture)
    for _ in range(6):
        x, y = rng.randrange(PHOTO_SIZE[0]), rng.randrange(PHOTO_SIZE[1])
        box = [x, y, x + rng.randint(40, 300), y + rng.randint(40, 200)]
        draw.ellipse(box, fill=tuple(rng.randrange(256) for _ in range(3)))
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=80)
    return buffer.getvalue()
