"""The soak test's newsroom side, each step in a process of its own with the site's settings.

    python -m bench.soak.steps prepare --plan PLAN              # editor, wire source, URLs
    python -m bench.soak.steps editor --plan PLAN --base-url URL --seconds 55 --out FILE \
        --number 0 --editors 4
    python -m bench.soak.steps rival --plan PLAN --name A --seconds 55 --out FILE
    python -m bench.soak.steps live --plan PLAN --seconds 50 --every 3 --out FILE
    python -m bench.soak.steps pollers --plan PLAN --base-url URL --seconds 60 --interval 5 \
        --pollers 20 --out FILE
    python -m bench.soak.steps verify --plan PLAN --base-url URL --rivals A.json B.json

The editor changes stories through ``articles.editorial.workflow`` and ``Story.save()`` (with its
version check), then fetches the affected public pages through the server under load.
Two rivals save the same few stories at once, to show the version check loses no edit.
The live desk posts an update to the live story every few seconds (and deletes one now and
then) through ``articles.live.services``, while readers poll its ``live.json`` as the page does.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import threading
import time
import urllib.error
import urllib.request
from dataclasses import asdict
from pathlib import Path
from typing import Any

import django

from bench.soak.checks import (
    AcceptedEdit,
    Change,
    Expectation,
    LiveEvent,
    PageAnswer,
    Poll,
    cache_lifetime,
    check_change,
)

EDITOR_USERNAME = "soak-editor"
WIRE_SOURCE_SLUG = "soak-wire"
FETCH_TIMEOUT_SECONDS = 30
STORY_PAGES = 200
UPDATED_STORIES = 20
DRAFTS_TO_PUBLISH = 40
RIVAL_STORIES = 3
# Updates the live story has before the load, and how often the desk deletes one.
LIVE_UPDATES_BEFORE = 5
LIVE_DELETE_EVERY = 4
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
    live = steps.add_parser("live", help="post updates to the live story every few seconds")
    pollers = steps.add_parser("pollers", help="readers polling the live story's live.json")
    for step in (editor, rival, verify, live, pollers):
        step.add_argument("--plan", type=Path, required=True)
        step.add_argument("--out", type=Path, required=True)
    for step in (editor, rival, live, pollers):
        step.add_argument("--seconds", type=float, required=True)
    for step in (editor, verify, pollers):
        step.add_argument("--base-url", required=True)
    live.add_argument("--every", type=float, default=3.0, help="seconds between updates")
    pollers.add_argument("--interval", type=float, default=5.0, help="the page's poll interval")
    pollers.add_argument("--pollers", type=int, default=20, help="readers with the page open")
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
    # The live story: its page, the poll its open pages send (without an ETag here) and its feed.
    live = facts["live_slug"]
    paths += [f"/stories/{live}/"] * 10 + [f"/stories/{live}/live.json"] * 20
    paths += [f"/feeds/rss/live/{live}/"] * 3
    rng.shuffle(paths)
    return paths


def prepare(options: argparse.Namespace) -> dict:
    from django.contrib.auth.models import Group, User
    from taggit.models import Tag

    from articles.editorial.workflow import missing_for_publication
    from articles.live import services as live_services
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
    live_pk, live_slug, _ = next(story for story in published if story not in chosen)
    live_story = Story.objects.get(pk=live_pk)
    live_services.start_coverage(story=live_story, user=editor)
    for number in range(LIVE_UPDATES_BEFORE):
        live_services.post_update(
            story=live_story, user=editor, body=f"<p>Soak live update before the load {number}.</p>"
        )
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
        "live_slug": live_slug,
    }
    plan: dict[str, Any] = {
        "paths": weighted_paths(rng, facts),
        "rival_ids": [pk for pk, _, _ in rivals],
        "updated_ids": [pk for pk, _, _ in updated],
        "draft_ids": drafts,
        "wire_source": WIRE_SOURCE_SLUG,
        "live": {"id": live_pk, "slug": live_slug},
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


# live coverage -------------------------------------------------------------------------


def run_live_desk(options: argparse.Namespace) -> dict:
    """Post an update every ``--every`` seconds and, now and then, delete an earlier one;
    note when each commit returned (its page cache keys are invalidated by then)."""
    from django.contrib.auth.models import User

    from articles.live import services
    from articles.models import Story

    plan = json.loads(options.plan.read_text())
    editor = User.objects.get(username=EDITOR_USERNAME)
    story = Story.objects.get(pk=plan["live"]["id"])
    events: list[LiveEvent] = []
    posted: list[int] = []
    deadline = time.monotonic() + options.seconds
    tick = 0
    while time.monotonic() < deadline:
        started = time.monotonic()
        tick += 1
        if tick % LIVE_DELETE_EVERY == 0 and len(posted) >= 3:
            update = services.delete_update(update=story.live_updates.get(pk=posted.pop(-3)),
                                            user=editor, reason="Soak: withdrawn")  # fmt: skip
            events.append(LiveEvent("delete", update.pk, time.time()))
        else:
            update = services.post_update(
                story=story, user=editor, headline=f"Soak live {tick}",
                body=f"<p>Soaklive{tick}z: the desk's update number {tick}.</p>",
            )  # fmt: skip
            posted.append(update.pk)
            events.append(LiveEvent("post", update.pk, time.time()))
        time.sleep(max(0.0, options.every - (time.monotonic() - started)))
    options.out.write_text(json.dumps({"events": [asdict(event) for event in events]}, indent=2))
    return {"events": len(events)}


def poll_live(base_url: str, path: str, number: int, interval: float, until: float) -> dict:
    """One reader with the live page open: a poll every ``interval`` seconds, sent with the
    ETag of the last answer as the browser does; what each answer made the page know."""
    polls: list[Poll] = []
    shown: frozenset[int] = frozenset()
    deleted: frozenset[int] = frozenset()
    etag = ""
    lifetimes: set[int] = set()
    next_at = time.time()
    while next_at < until:
        time.sleep(max(0.0, next_at - time.time()))
        request = urllib.request.Request(base_url + path, headers={"Accept": "application/json"})
        if etag:
            request.add_header("If-None-Match", etag)
        started = time.time()
        try:
            with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT_SECONDS) as answer:
                status, document = answer.status, json.loads(answer.read())
                etag = answer.headers.get("ETag", "")
                lifetimes.add(cache_lifetime(answer.headers.get("Cache-Control", "")))
                shown = frozenset(u["id"] for u in document["updates"] + document["edited"])
                deleted = frozenset(document["deleted"])
        except urllib.error.HTTPError as error:
            status = error.code
        except OSError:
            status = 0
        polls.append(Poll(number, started, time.time(), status, shown, deleted))
        # A fixed rhythm, as a reader's clock; a late answer sends the next poll at once.
        next_at += interval
    return {"polls": polls, "lifetimes": lifetimes}


def run_pollers(options: argparse.Namespace) -> dict:
    """``--pollers`` readers, their first polls spread over one interval."""
    plan = json.loads(options.plan.read_text())
    path = f"/stories/{plan['live']['slug']}/live.json"
    until = time.time() + options.seconds
    results: list[dict] = [{} for _ in range(options.pollers)]

    def reader(number: int) -> None:
        time.sleep(options.interval * number / options.pollers)
        results[number] = poll_live(options.base_url, path, number, options.interval, until)

    threads = [threading.Thread(target=reader, args=(n,)) for n in range(options.pollers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    polls = [poll for result in results for poll in result.get("polls", [])]
    lifetimes = sorted(set().union(*(result.get("lifetimes", set()) for result in results)))
    document = {
        "interval": options.interval,
        "cache_lifetimes": lifetimes,
        "polls": [asdict(poll) | {"shown": sorted(poll.shown), "deleted": sorted(poll.deleted)}
                  for poll in polls],
    }  # fmt: skip
    options.out.write_text(json.dumps(document))
    return {"polls": len(polls)}


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


STEPS = {
    "prepare": prepare,
    "editor": run_editor,
    "rival": run_rival,
    "verify": verify,
    "live": run_live_desk,
    "pollers": run_pollers,
}


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    django.setup()
    options = parse_arguments(argv)
    print(json.dumps(STEPS[options.step](options)), flush=True)


if __name__ == "__main__":
    main()
