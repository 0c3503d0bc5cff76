"""The soak test's newsroom side, each step in a process of its own with the site's settings.

    python -m bench.soak.steps prepare --plan PLAN              # editor, wire source, URLs
    python -m bench.soak.steps editor --plan PLAN --base-url URL --seconds 55 --out FILE \
        --number 0 --editors 4
    python -m bench.soak.steps rival --plan PLAN --name A --seconds 55 --out FILE
    python -m bench.soak.steps verify --plan PLAN --base-url URL --rivals A.json B.json

The editor changes stories through ``articles.editorial.workflow`` and ``Story.save()`` (with its
version check), then fetches the affected public pages through the server under load.
Two rivals save the same few stories at once, to show the version check loses no edit.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import time
import urllib.error
import urllib.request
from dataclasses import asdict
from pathlib import Path
from typing import Any

import django

from bench.soak.checks import AcceptedEdit, Change, Expectation, PageAnswer, check_change

EDITOR_USERNAME = "soak-editor"
WIRE_SOURCE_SLUG = "soak-wire"
FETCH_TIMEOUT_SECONDS = 30
STORY_PAGES = 200
UPDATED_STORIES = 20
DRAFTS_TO_PUBLISH = 40
RIVAL_STORIES = 3
# The editor's cycle: publish a draft, edit and mark a story updated, correct one, take the
# story just published down, then put it back.
CYCLE = ("publish", "update", "correct", "unpublish", "republish")


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.soak.steps")
    steps = parser.add_subparsers(dest="step", required=True)
    prepare = steps.add_parser("prepare", help="create the editor and wire source; plan URLs")
    prepare.add_argument("--plan", type=Path, required=True)
    prepare.add_argument("--seed", type=int, default=11)
    editor = steps.add_parser("editor", help="change stories and check their public pages")
    rival = steps.add_parser("rival", help="save the rival stories again and again")
    verify = steps.add_parser("verify", help="count lost edits; check ingested stories")
    for step in (editor, rival, verify):
        step.add_argument("--plan", type=Path, required=True)
        step.add_argument("--out", type=Path, required=True)
    for step in (editor, rival):
        step.add_argument("--seconds", type=float, required=True)
    for step in (editor, verify):
        step.add_argument("--base-url", required=True)
    editor.add_argument("--interval", type=float, default=1.0)
    editor.add_argument("--number", type=int, default=0, help="this editor's number, from 0")
    editor.add_argument("--editors", type=int, default=1, help="how many editors share the plan")
    rival.add_argument("--name", required=True)
    verify.add_argument("--rivals", type=Path, nargs="+", required=True)
    return parser.parse_args(argv)


def http_fetcher(base_url: str):
    """A fetch that asks the server as a reader would, with no cache-busting headers."""

    def fetch(path: str) -> PageAnswer:
        try:
            with urllib.request.urlopen(base_url + path, timeout=FETCH_TIMEOUT_SECONDS) as answer:
                return PageAnswer(answer.status, answer.read().decode("utf-8", "replace"))
        except urllib.error.HTTPError as error:
            return PageAnswer(error.code, error.read().decode("utf-8", "replace"))

    return fetch


# prepare -------------------------------------------------------------------------------


def weighted_paths(rng: random.Random, facts: dict) -> list[str]:
    """The mix of public URLs wrk walks: stories most, then lists, search, feeds, API, sitemaps."""
    paths = [f"/stories/{slug}/" for slug in facts["story_slugs"]]
    paths += ["/"] * 40
    for slug in facts["section_slugs"]:
        paths += [f"/sections/{slug}/"] * 3 + [f"/sections/{slug}/?page=2"]
        paths.append(f"/feeds/rss/sections/{slug}/")
    paths += [f"/tags/{slug}/" for slug in facts["tag_slugs"]]
    # Few searches, as on a news site; "council" is in every headline, the costliest search.
    for words in ("council", "harbour bridge", "flood", "school exams", "rail station"):
        paths.append(f"/search/?q={words.replace(' ', '+')}")
    paths += ["/feeds/rss/"] * 10 + ["/feeds/atom/"] * 5 + ["/feeds/json/"] * 5
    paths += ["/api/v1/stories/"] * 10
    paths += [f"/api/v1/stories/{pk}/" for pk in facts["api_story_ids"]]
    paths += ["/sitemap.xml"] * 3 + ["/sitemap-news.xml"] * 3
    rng.shuffle(paths)
    return paths


def prepare(options: argparse.Namespace) -> dict:
    from django.contrib.auth.models import Group, User
    from taggit.models import Tag

    from articles.editorial.workflow import missing_for_publication
    from articles.models import Section, Source, Story
    from articles.models.visibility import public_q

    rng = random.Random(options.seed)
    editor, _ = User.objects.get_or_create(username=EDITOR_USERNAME, defaults={"is_staff": True})
    editor.groups.add(Group.objects.get(name="Editor"))
    sections = list(Section.objects.order_by("position", "name"))
    Source.objects.update_or_create(
        slug=WIRE_SOURCE_SLUG,
        defaults={"name": "Soak wire", "auto_publish": True, "ingest_section": sections[0]},
    )
    published = list(
        Story.objects.published().order_by("pk").values_list("pk", "slug", "section__slug")
    )
    chosen = rng.sample(published, STORY_PAGES)
    rivals = chosen[:RIVAL_STORIES]
    updated = chosen[RIVAL_STORIES : RIVAL_STORIES + UPDATED_STORIES]
    drafts = [
        story.pk
        for story in Story.objects.filter(status=Story.Status.DRAFT)
        .select_related("lead_image")
        .order_by("pk")
        if not missing_for_publication(story)
    ][:DRAFTS_TO_PUBLISH]
    tag_slugs = list(
        Tag.objects.filter(public_q("articles_taggedstory_items__content_object"))
        .order_by("slug")
        .values_list("slug", flat=True)
        .distinct()[:30]
    )
    facts = {
        "story_slugs": [slug for _, slug, _ in chosen],
        "section_slugs": [section.slug for section in sections],
        "tag_slugs": tag_slugs,
        "api_story_ids": [pk for pk, _, _ in chosen[:20]],
    }
    plan: dict[str, Any] = {
        "paths": weighted_paths(rng, facts),
        "rival_ids": [pk for pk, _, _ in rivals],
        "updated_ids": [pk for pk, _, _ in updated],
        "draft_ids": drafts,
        "wire_source": WIRE_SOURCE_SLUG,
        "stories": Story.objects.count(),
        "published": len(published),
    }
    options.plan.write_text(json.dumps(plan, indent=2))
    return {"paths": len(plan["paths"]), "drafts": len(drafts), "published": len(published)}


# editor --------------------------------------------------------------------------------


class Editor:
    """Makes one change a tick through the real workflow and checks what readers then see.

    Several editors share a plan, each with its own stories, so no check sees another's change.
    """

    def __init__(self, plan: dict, base_url: str, number: int = 0, editors: int = 1) -> None:
        from django.contrib.auth.models import User

        self.user = User.objects.get(username=EDITOR_USERNAME)
        self.fetch = http_fetcher(base_url)
        self.number = number
        self.drafts = plan["draft_ids"][number::editors]
        self.updated = plan["updated_ids"][number::editors]
        self.published_here: list[tuple[int, str]] = []
        self.unpublished_here: list[tuple[int, str]] = []
        self.tick = 0

    def marker(self, kind: str) -> str:
        """A word found only where this change shows: "Soakpub1x2z" is not within "Soakpub1x23z"."""
        return f"Soak{kind}{self.number}x{self.tick}z"

    def story(self, pk: int):
        from articles.models import Story

        return Story.objects.select_related("section").get(pk=pk)

    def listing_paths(self, story) -> list[str]:
        return [f"/sections/{story.section.slug}/", "/", "/feeds/rss/"]

    def publish(self) -> list[Change]:
        from articles.editorial import workflow

        story = self.story(self.drafts.pop(0))
        marker = self.marker("pub")
        story.headline = f"{story.headline} {marker}"[:255]
        story.save()
        workflow.publish(story, self.user)
        self.published_here.append((story.pk, marker))
        return [self.check_public("publish", story, marker)]

    def check_public(self, action: str, story, marker: str) -> Change:
        expectations = [
            Expectation(story.get_absolute_url(), present=(marker,)),
            Expectation(f"/api/v1/stories/{story.pk}/", present=(marker,)),
            *(Expectation(path, present=(marker,)) for path in self.listing_paths(story)),
        ]
        return check_change(action, story.pk, expectations, self.fetch)

    def update(self) -> list[Change]:
        from articles.editorial import workflow

        story = self.story(self.updated[self.tick // len(CYCLE) % len(self.updated)])
        marker = self.marker("upd")
        story.headline = f"{story.headline} {marker}"[:255]
        story.body += f"<p>{marker} new paragraph.</p>"
        story.save()
        page = story.get_absolute_url()
        edited = check_change(
            "edit", story.pk, [Expectation(page, present=(marker, f"{marker} new paragraph."))],
            self.fetch,
        )  # fmt: skip
        workflow.significant_update(story, self.user, note=f"{marker} update")
        updated = check_change(
            "significant update",
            story.pk,
            [
                Expectation(page, present=(marker, "Updated")),
                Expectation(f"/api/v1/stories/{story.pk}/", present=(marker,)),
            ],
            self.fetch,
        )
        return [edited, updated]

    def correct(self) -> list[Change]:
        from articles.editorial import workflow

        turn = self.tick // len(CYCLE) + len(self.updated) // 2
        story = self.story(self.updated[turn % len(self.updated)])
        marker = self.marker("fix")
        workflow.add_correction(story, self.user, f"{marker}: the figure was 12, not 21.")
        expectations = [Expectation(story.get_absolute_url(), present=(marker,))]
        return [check_change("correction", story.pk, expectations, self.fetch)]

    def unpublish(self) -> list[Change]:
        from articles.editorial import workflow

        if not self.published_here:
            return []
        pk, marker = self.published_here.pop()
        story = self.story(pk)
        workflow.unpublish(story, self.user, reason=f"{marker} withdrawn for checking")
        self.unpublished_here.append((pk, marker))
        expectations = [
            Expectation(story.get_absolute_url(), status=410),
            Expectation(f"/api/v1/stories/{pk}/", status=404),
            *(Expectation(path, absent=(marker,)) for path in self.listing_paths(story)),
        ]
        return [check_change("unpublish", pk, expectations, self.fetch)]

    def republish(self) -> list[Change]:
        from articles.editorial import workflow

        if not self.unpublished_here:
            return []
        pk, marker = self.unpublished_here.pop()
        story = self.story(pk)
        workflow.publish(story, self.user)
        self.published_here.append((pk, marker))
        return [self.check_public("republish", story, marker)]

    def step(self) -> list[Change]:
        action = CYCLE[self.tick % len(CYCLE)]
        if action == "publish" and not self.drafts:
            action = "update"
        changes = getattr(self, action)()
        self.tick += 1
        return changes


def run_editor(options: argparse.Namespace) -> dict:
    from articles.models import StaleStoryError

    plan = json.loads(options.plan.read_text())
    editor = Editor(plan, options.base_url, options.number, options.editors)
    deadline = time.monotonic() + options.seconds
    changes: list[Change] = []
    refused = 0
    while time.monotonic() < deadline:
        started = time.monotonic()
        try:
            changes += editor.step()
        except StaleStoryError:
            refused += 1
        time.sleep(max(0.0, options.interval - (time.monotonic() - started)))
    result = {
        "changes": [asdict(change) for change in changes],
        "editor_refused": refused,
    }
    options.out.write_text(json.dumps(result, indent=2))
    return {"changes": len(changes), "stale": sum(change.stale for change in changes)}


# rivals --------------------------------------------------------------------------------


def run_rival(options: argparse.Namespace) -> dict:
    """Load a story, think a moment, append a paragraph and save; again until time is up."""
    from articles.models import StaleStoryError, Story

    plan = json.loads(options.plan.read_text())
    rng = random.Random(options.name)
    accepted: list[AcceptedEdit] = []
    refused = 0
    deadline = time.monotonic() + options.seconds
    number = 0
    while time.monotonic() < deadline:
        number += 1
        story = Story.objects.get(pk=rng.choice(plan["rival_ids"]))
        # The pause between reading and saving is when the other editor may save first.
        time.sleep(rng.uniform(0, 0.05))
        marker = f"soak edit {options.name}-{number}."
        story.body += f"<p>{marker}</p>"
        try:
            story.save()
        except StaleStoryError:
            refused += 1
        else:
            accepted.append(AcceptedEdit(story.pk, marker, story.version))
        time.sleep(rng.uniform(0.05, 0.2))
    result = {"name": options.name, "accepted": [asdict(edit) for edit in accepted]}
    result["refused"] = refused
    options.out.write_text(json.dumps(result, indent=2))
    return {"accepted": len(accepted), "refused": refused}


# verify --------------------------------------------------------------------------------


def verify(options: argparse.Namespace) -> dict:
    from articles.models import FailedTask, Story
    from bench.soak.checks import listing_paths, lost_edits, repeated_versions
    from bench.soak.feeds import HOSTILE_MARKERS

    plan = json.loads(options.plan.read_text())
    accepted, refused = [], 0
    for path in options.rivals:
        rival = json.loads(path.read_text())
        accepted += [AcceptedEdit(**edit) for edit in rival["accepted"]]
        refused += rival["refused"]
    bodies = dict(Story.objects.filter(pk__in=plan["rival_ids"]).values_list("pk", "body"))
    lost = lost_edits(accepted, bodies)
    ingested = Story.objects.filter(source__slug=plan["wire_source"])
    fetch = http_fetcher(options.base_url)
    pages = []
    for story in ingested.published():
        answer = fetch(story.get_absolute_url())
        left = [marker for marker in HOSTILE_MARKERS if marker in answer.text]
        pages.append({"story": story.pk, "status": answer.status, "hostile_markup": left})
    sections = {story.section.get_absolute_url() for story in ingested.select_related("section")}
    listings = listing_paths(plan["wire_source"], sections)
    failed_tasks = [
        {"task": failed.task_path, "error": failed.error[:300]}
        for failed in FailedTask.objects.all()
    ]
    result = {
        "failed_tasks": failed_tasks,
        "accepted": len(accepted),
        "refused": refused,
        "lost": [asdict(edit) for edit in lost],
        "repeated_versions": repeated_versions(accepted),
        "ingested_stories": ingested.count(),
        "ingested_pages": pages,
        # Where the ingested stories (hostile dates among them) are listed.
        "listing_pages": [
            {"path": path, "status": fetch(path).status} for path in sorted(listings)
        ],
    }
    options.out.write_text(json.dumps(result, indent=2))
    return {"accepted": len(accepted), "refused": refused, "lost": len(lost)}


STEPS = {"prepare": prepare, "editor": run_editor, "rival": run_rival, "verify": verify}


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    django.setup()
    options = parse_arguments(argv)
    print(json.dumps(STEPS[options.step](options)), flush=True)


if __name__ == "__main__":
    main()
