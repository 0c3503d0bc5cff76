"""Steps that run inside Django, each in a process of its own with the settings of one setup.

    python -m bench.steps corpus --stories 1000      # fill an empty database
    python -m bench.steps probe --story-html FILE     # facts, status and queries per target
    python -m bench.steps timing --requests 20        # in-process latency per target
    python -m bench.steps rendition-source            # add the 24-megapixel photo
    python -m bench.steps rendition --image ID --format webp

Each prints one JSON object on its last line of output.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from dataclasses import fields
from pathlib import Path

import django

from bench.sizes import CorpusSize


def run_step_process(command: list[str], *, env: dict[str, str], cwd: Path) -> dict:
    """Run a step in a process of its own (ours or the peer's manage.py); the JSON object
    on its last line of output, if any."""
    finished = subprocess.run(
        command, env=env, cwd=cwd, stdout=subprocess.PIPE, text=True, check=True
    )
    lines = finished.stdout.strip().splitlines()
    return json.loads(lines[-1]) if lines and lines[-1].startswith("{") else {}


def comma_list(text: str) -> list[str]:
    return [item.strip() for item in text.split(",") if item.strip()]


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.steps")
    steps = parser.add_subparsers(dest="step", required=True)
    corpus = steps.add_parser("corpus", help="fill an empty database with a synthetic corpus")
    for size_field in fields(CorpusSize):
        corpus.add_argument(f"--{size_field.name}", type=int, default=size_field.default)
    corpus.add_argument("--seed", type=int, default=7)
    corpus.add_argument("--no-renditions", action="store_true", help="skip image versions")
    probe = steps.add_parser("probe", help="status, size and queries per target")
    probe.add_argument("--story-html", type=Path, help="write the story page's HTML here")
    probe.add_argument("--targets", type=comma_list, help="target names, comma-separated")
    timing = steps.add_parser("timing", help="in-process latency of each target")
    timing.add_argument("--requests", type=int, default=20, help="timed requests per target")
    timing.add_argument("--targets", type=comma_list, help="target names, comma-separated")
    steps.add_parser("rendition-source", help="add a 24-megapixel photo; print its id")
    rendition = steps.add_parser("rendition", help="time one rendition of the photo")
    rendition.add_argument("--image", type=int, required=True)
    rendition.add_argument("--format", default="webp")
    return parser.parse_args(argv)


def run_step(options: argparse.Namespace) -> dict:
    if options.step == "corpus":
        from bench.corpus import CorpusBuilder

        size = CorpusSize(**{f.name: getattr(options, f.name) for f in fields(CorpusSize)})
        builder = CorpusBuilder(
            size,
            seed=options.seed,
            renditions=not options.no_renditions,
            progress=lambda message: print(message, file=sys.stderr, flush=True),
        )
        report = builder.build()
        return {"counts": report.counts, "seconds": report.seconds}
    if options.step == "probe":
        from bench.probe import probe_targets

        result = probe_targets(options.targets)
        story_html = result.pop("story_html")
        if options.story_html:
            options.story_html.write_text(story_html)
        return result
    if options.step == "timing":
        from bench.timing import time_targets

        return {"timings": time_targets(options.targets, options.requests)}
    if options.step == "rendition-source":
        from bench.rendition import create_source_image

        return {"image_id": create_source_image()}
    from bench.rendition import measure_rendition

    return measure_rendition(options.image, options.format)


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    django.setup()
    print(json.dumps(run_step(parse_arguments(argv))))


if __name__ == "__main__":
    main()
