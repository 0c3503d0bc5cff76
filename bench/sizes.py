"""How large a corpus to generate; free of Django so the driver can read it before setup."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CorpusSize:
    """How much of everything to create."""

    stories: int = 100_000
    tags: int = 2_000
    authors: int = 200
    sections: int = 20
    images: int = 5_000
    sources: int = 10
