"""Every admin URL, for anonymous visitors, reporters and editors.

The URLs come from the admin's registry, so a newly registered model is checked too; what
each role may do is written out below, from the Reporter and Editor groups.
"""

from datetime import timedelta

import pytest
import reversion
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.models import Group
from django.utils import timezone
from reversion.models import Version
from taggit.models import Tag

from articles.models import FailedTask, Story, UserLanguage
from tests.support.factories import (
    AuthorFactory,
    ImageFactory,
    SectionFactory,
    SourceFactory,
    StoryFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

ALL = {"changelist", "add", "change", "delete", "history"}
READ = {"changelist", "change", "history"}  # the change page shows read-only with view rights
ALLOWED = {
    "reporter": {
        "articles.story": ALL - {"delete"},
        "articles.image": ALL - {"delete"},
        "articles.author": READ,
        "articles.section": READ,
        "articles.source": READ,
        "taggit.tag": READ | {"add"},
    },
    "editor": {
        "articles.story": ALL,
        "articles.image": ALL,
        "articles.author": ALL,
        "articles.section": ALL,
        "articles.source": ALL,
        "taggit.tag": ALL,
    },
}


def log_in(client, user):
    # UserFactory sets the password without saving it; the session checks the stored hash.
    user.save()
    client.force_login(user)


def registered_models() -> list[str]:
    return sorted(model._meta.label_lower for model in admin.site._registry)


def model_urls(label: str, pk: int | str) -> dict[str, str]:
    app_label, model_name = label.split(".")
    base = f"/admin/{app_label}/{model_name}/"
    return {
        "changelist": base,
        "add": f"{base}add/",
        "change": f"{base}{pk}/change/",
        "delete": f"{base}{pk}/delete/",
        "history": f"{base}{pk}/history/",
    }


@pytest.fixture
def one_of_each(editor, reporter):
    story = StoryFactory(
        lead_image=ImageFactory(), source=SourceFactory(), authors=[AuthorFactory()]
    )
    story.tags.add("harbour")
    return {
        "articles.story": story.pk,
        "articles.image": story.lead_image.pk,
        "articles.author": story.authors.first().pk,
        "articles.section": SectionFactory().pk,
        "articles.source": story.source.pk,
        "taggit.tag": Tag.objects.get(name="harbour").pk,
        "auth.user": UserFactory(username="someone-else").pk,
        "auth.group": Group.objects.get(name="Editor").pk,
        "articles.userlanguage": UserLanguage.objects.create(user=editor, language="ar").pk,
        "articles.failedtask": FailedTask.objects.create(
            task_path="articles.background.tasks.poll_source",
            call_key="0" * 64,
            error="OSError: gone",
            first_failed_at=timezone.now(),
            last_failed_at=timezone.now(),
        ).pk,
        **{
            model._meta.label_lower: model.objects.create(
                username="someone", ip_address="192.0.2.1", **extra
            ).pk
            for model, extra in [
                (AccessAttempt, {"failures_since_start": 1}),
                (AccessLog, {}),
                (AccessFailureLog, {}),
            ]
        },
    }


def test_every_registered_model_is_in_the_matrix():
    """Adding a model to the admin means deciding here who may use it."""
    # Like the users themselves, who works in which language is the superusers' to set.
    known = set(ALLOWED["editor"]) | {
        "articles.userlanguage",
        "auth.user",
        "auth.group",
        "axes.accessattempt",
        "axes.accesslog",
        "axes.accessfailurelog",
        "articles.failedtask",
    }
    assert set(registered_models()) == known


def test_anonymous_visitors_are_sent_to_the_login_page_from_every_admin_url(client, one_of_each):
    urls = ["/admin/", "/admin/articles/", "/admin/password_change/"]
    for label in registered_models():
        urls += model_urls(label, one_of_each[label]).values()
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/admin/login/?next="), url


@pytest.mark.parametrize("role", ["reporter", "editor"])
def test_staff_reach_exactly_what_their_group_allows(client, request, role, one_of_each):
    log_in(client, request.getfixturevalue(role))
    for label in registered_models():
        allowed = ALLOWED[role].get(label, set())
        for action, url in model_urls(label, one_of_each[label]).items():
            expected = 200 if action in allowed else 403
            assert client.get(url).status_code == expected, (role, url)


@pytest.mark.parametrize("role", ["reporter", "editor"])
def test_staff_see_the_desk_and_only_the_apps_they_may_use(client, request, role, one_of_each):
    log_in(client, request.getfixturevalue(role))
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/password_change/").status_code == 200
    assert client.get("/admin/articles/").status_code == 200
    assert client.get("/admin/taggit/").status_code == 200
    for app_label in ["auth", "axes"]:
        assert client.get(f"/admin/{app_label}/").status_code == 404, (role, app_label)


def test_a_reporter_cannot_delete_a_story_by_posting_either(client, reporter, one_of_each):
    log_in(client, reporter)
    story_pk = one_of_each["articles.story"]
    response = client.post(f"/admin/articles/story/{story_pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    client.post(
        "/admin/articles/story/",
        {"action": "delete_selected", "_selected_action": [story_pk], "post": "yes"},
    )
    assert Story.objects.filter(pk=story_pk).exists()


def test_a_reporter_cannot_edit_sections_sources_or_authors(client, reporter, one_of_each):
    log_in(client, reporter)
    section_pk = one_of_each["articles.section"]
    response = client.post(
        f"/admin/articles/section/{section_pk}/change/",
        {"name": "Renamed", "slug": "renamed", "position": 0},
    )
    assert response.status_code == 403


# Library images: what readers see of a photo (caption, credit, alt text, copyright) is
# live wherever a story shows it. Editors (change_any_image) change and delete any image; a
# reporter changes an image they uploaded while every story showing it is still with its
# writer (draft or returned), and deletes none (articles.images.permissions). Anyone else
# gets the read-only page, and a change posted anyway is refused.
# case: (who uploaded it, the status of a story showing it or None)
IMAGE_CASES = {
    "own, unused": ("self", None),
    "own, in a draft": ("self", Story.Status.DRAFT),
    "own, returned": ("self", Story.Status.RETURNED),
    "own, in review": ("self", Story.Status.IN_REVIEW),
    "own, ready": ("self", Story.Status.READY),
    "own, scheduled": ("self", Story.Status.SCHEDULED),
    "own, published": ("self", Story.Status.PUBLISHED),
    "own, unpublished": ("self", Story.Status.UNPUBLISHED),
    "another reporter's, unused": ("colleague", None),
    "from a feed, in a draft": (None, Story.Status.DRAFT),
}
IMAGE_CHANGES_ALLOWED = {
    "anonymous": set(),
    "reporter": {"own, unused", "own, in a draft", "own, returned"},
    "editor": set(IMAGE_CASES),
    "superuser": set(IMAGE_CASES),
}
IMAGE_DELETES_ALLOWED = {
    "anonymous": set(),
    "reporter": set(),
    "editor": set(IMAGE_CASES),
    "superuser": set(IMAGE_CASES),
}


def image_in_case(case: str, user):
    uploader, status = IMAGE_CASES[case]
    colleague = UserFactory(username="colleague")
    image = ImageFactory(
        uploaded_by={"self": user, "colleague": colleague, None: None}[uploader],
        caption="Boats in the harbour on Monday.",
    )
    if status is not None:
        published_at = timezone.now() + timedelta(hours=-1 if status != "scheduled" else 1)
        StoryFactory(lead_image=image, status=status, published_at=published_at, created_by=user)
    return image


@pytest.mark.parametrize("role", list(IMAGE_CHANGES_ALLOWED))
@pytest.mark.parametrize("case", list(IMAGE_CASES))
def test_image_changes_are_allowed_exactly_as_the_rule_says(client, request, role, case):
    if role == "anonymous":
        user = request.getfixturevalue("reporter")
    elif role == "superuser":
        user = UserFactory(username="chief", is_staff=True, is_superuser=True)
        log_in(client, user)
    else:
        user = request.getfixturevalue(role)
        log_in(client, user)
    image = image_in_case(case, user)
    change_url, delete_url = (
        f"/admin/articles/image/{image.pk}/{page}/" for page in ("change", "delete")
    )
    form = {"caption": "Changed without review.", "focal_x": "0.5", "focal_y": "0.5"}
    may_change = case in IMAGE_CHANGES_ALLOWED[role]
    may_delete = case in IMAGE_DELETES_ALLOWED[role]

    page = client.get(change_url)
    changed = client.post(change_url, form)
    delete_page = client.get(delete_url)

    image.refresh_from_db()
    assert (image.caption == "Changed without review.") == may_change, (role, case)
    if role == "anonymous":
        for response in (page, changed, delete_page):
            assert response["Location"].startswith("/admin/login/?next="), case
        return
    assert page.status_code == 200, (role, case)
    assert ('name="caption"' in page.content.decode()) == may_change, (role, case)
    assert changed.status_code == (302 if may_change else 403), (role, case)
    assert delete_page.status_code == (200 if may_delete else 403), (role, case)


# The workflow's own admin pages. Reporters hold view_story, add_story and change_story, so
# they read the desk, previews, history and revisions (read-only where the story is not
# theirs to change) and may open the recover pages; of the transitions they hold only
# submit_story, and only for their own stories (articles.editorial.workflow). Editors hold
# everything.
WORKFLOW_PAGES = ["desk", "preview", "history", "revision", "recoverlist", "recover", "picker"]
WORKFLOW_ALLOWED = {"reporter": set(WORKFLOW_PAGES), "editor": set(WORKFLOW_PAGES)}

# action: (the state a story must be in for it, the inputs it needs)
TRANSITION_CASES = {
    "submit": ("draft", {}),
    "return": ("in_review", {"note": "Check the dates."}),
    "approve": ("in_review", {}),
    "publish": ("ready", {}),
    # Within the date rules' reach (about ten years ahead).
    "schedule": ("ready", {"publish_at": f"{timezone.now().year + 2}-01-01T09:00"}),
    "unpublish": ("published", {"note": "Legal advice."}),
    "update": ("published", {}),
    "correct": ("published", {"note": "The vote was 31-29."}),
}
TRANSITIONS_ALLOWED = {
    "reporter": {("submit", "own")},
    "editor": {(action, whose) for action in TRANSITION_CASES for whose in ("own", "other")},
}


@pytest.fixture
def workflow_pages(one_of_each):
    story = Story.objects.get(pk=one_of_each["articles.story"])
    with reversion.create_revision():
        story.save()
    deleted = StoryFactory(headline="Withdrawn on legal advice")
    with reversion.create_revision():
        deleted.save()
    deleted.delete()
    revision = Version.objects.get_for_object(story).get()
    base = "/admin/articles/story/"
    return {
        "desk": f"{base}desk/",
        "preview": f"{base}{story.pk}/preview/",
        "history": f"{base}{story.pk}/history/",
        "revision": f"{base}{story.pk}/history/{revision.pk}/",
        "recoverlist": f"{base}recover/",
        "recover": f"{base}recover/{Version.objects.get_deleted(Story).get().pk}/",
        "picker": f"/admin/articles/image/{one_of_each['articles.image']}/picker/",
    }


def story_in(state: str, created_by) -> Story:
    published_at = timezone.now() - timedelta(hours=1) if state == "published" else None
    return StoryFactory(status=state, published_at=published_at, created_by=created_by)


def test_anonymous_visitors_are_sent_to_the_login_page_from_the_workflow_pages(
    client, workflow_pages, reporter
):
    for url in workflow_pages.values():
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/admin/login/?next="), url
    for action, (state, inputs) in TRANSITION_CASES.items():
        story = story_in(state, reporter)
        response = client.post(f"/admin/articles/story/{story.pk}/transition/{action}/", inputs)
        assert response.status_code == 302, action
        assert response["Location"].startswith("/admin/login/?next="), action
        story.refresh_from_db()
        assert story.status == state and not story.events.exists(), action


@pytest.mark.parametrize("role", ["reporter", "editor"])
def test_staff_reach_exactly_the_workflow_pages_their_group_allows(
    client, request, role, workflow_pages
):
    log_in(client, request.getfixturevalue(role))
    for page, url in workflow_pages.items():
        expected = 200 if page in WORKFLOW_ALLOWED[role] else 403
        assert client.get(url).status_code == expected, (role, url)


def test_a_reporter_reads_others_revisions_but_cannot_restore_or_recover_them(
    client, reporter, workflow_pages
):
    log_in(client, reporter)
    for page in ["revision", "recover"]:
        html = client.get(workflow_pages[page]).content.decode()
        assert 'name="_save"' not in html, page
        assert client.post(workflow_pages[page], {}).status_code == 403, page
    assert not Story.objects.filter(headline="Withdrawn on legal advice").exists()


@pytest.mark.parametrize("role", ["reporter", "editor"])
@pytest.mark.parametrize("whose", ["own", "other"])
@pytest.mark.parametrize("action", list(TRANSITION_CASES))
def test_transition_urls_answer_each_role_as_the_workflow_allows(
    client, request, role, whose, action, reporter
):
    user = request.getfixturevalue(role)
    log_in(client, user)
    state, inputs = TRANSITION_CASES[action]
    story = story_in(state, created_by=user if whose == "own" else UserFactory(username="writer"))
    url = f"/admin/articles/story/{story.pk}/transition/{action}/"
    assert client.get(url).status_code == 405
    response = client.post(url, inputs)
    story.refresh_from_db()
    if (action, whose) in TRANSITIONS_ALLOWED[role]:
        assert response.status_code == 302, (role, whose, action)
        assert response["Location"] == f"/admin/articles/story/{story.pk}/change/"
        assert story.events.get().action == action
    else:
        assert response.status_code == 403, (role, whose, action)
        assert story.status == state and not story.events.exists()


# Restoring a revision (History → revision → Save) is decided on the story as it is now:
# whoever may edit it now. Recovering is only for a deleted story, by whoever may add it and
# edit it as a draft; the recover address of a story that exists is not found, for anyone.
RESTORE_CASES = {"own draft": ("draft", True), "own published": ("published", True),
                 "someone else's draft": ("draft", False)}  # fmt: skip
RESTORE_ALLOWED = {"reporter": {"own draft"}, "editor": set(RESTORE_CASES)}
RECOVER_CASES = ["own deleted", "someone else's deleted", "still exists"]
RECOVER_ANSWERS = {
    "reporter": {"own deleted": 302, "someone else's deleted": 403, "still exists": 404},
    "editor": {"own deleted": 302, "someone else's deleted": 302, "still exists": 404},
}


def revision_of(story: Story) -> Version:
    with reversion.create_revision():
        story.save()
    return Version.objects.get_for_object(story).first()


@pytest.mark.parametrize("role", ["reporter", "editor"])
@pytest.mark.parametrize("case", list(RESTORE_CASES))
def test_restoring_a_revision_answers_each_role_as_the_story_now_allows(
    client, request, role, case
):
    user = request.getfixturevalue(role)
    log_in(client, user)
    state, own = RESTORE_CASES[case]
    story = story_in("draft", created_by=user if own else UserFactory(username="writer"))
    old = revision_of(story)
    story.headline = "Rewritten"
    story.status = state
    story.published_at = timezone.now() if state == "published" else None
    story.save()
    response = client.post(
        f"/admin/articles/story/{story.pk}/history/{old.pk}/", {"expected_version": story.version}
    )
    story.refresh_from_db()
    if case in RESTORE_ALLOWED[role]:
        assert response.status_code == 302, (role, case)
        assert story.events.get().action == "restore"
        assert story.headline != "Rewritten"
    else:
        assert response.status_code == 403, (role, case)
        assert story.headline == "Rewritten" and not story.events.exists()
    assert story.status == state


@pytest.mark.parametrize("role", ["reporter", "editor"])
@pytest.mark.parametrize("case", RECOVER_CASES)
def test_recovering_answers_each_role_only_for_deleted_stories(client, request, role, case):
    user = request.getfixturevalue(role)
    log_in(client, user)
    owner = UserFactory(username="writer") if case == "someone else's deleted" else user
    story = story_in("published", created_by=owner)
    version, pk = revision_of(story), story.pk
    if case != "still exists":
        story.delete()
    url = f"/admin/articles/story/recover/{version.pk}/"
    expected = RECOVER_ANSWERS[role][case]
    assert client.get(url).status_code == (404 if expected == 404 else 200), (role, case)
    assert client.post(url, {}).status_code == expected, (role, case)
    story = Story.objects.filter(pk=pk).first()
    if expected == 302:
        assert story.status == "draft" and story.events.get().action == "recover"
    elif case == "still exists":
        assert story.status == "published" and not story.events.exists()
    else:
        assert story is None


@pytest.mark.parametrize(("role", "placed"), [("reporter", False), ("editor", True)])
def test_only_the_desk_chooses_front_page_priority(client, request, role, placed):
    """A reporter's crafted POST cannot make their draft the lead story."""
    user = request.getfixturevalue(role)
    log_in(client, user)
    story = story_in("draft", created_by=user)
    form = client.get(f"/admin/articles/story/{story.pk}/change/").content.decode()
    assert ('<select name="priority" disabled' in form) is not placed
    response = client.post(
        f"/admin/articles/story/{story.pk}/change/",
        {"headline": "Lead me", "slug": story.slug, "body": story.body,
         "section": story.section_id, "priority": Story.Priority.LEAD,
         "expected_version": story.version, "storyauthor_set-TOTAL_FORMS": 0,
         "storyauthor_set-INITIAL_FORMS": 0, "corrections-TOTAL_FORMS": 0,
         "corrections-INITIAL_FORMS": 0},
    )  # fmt: skip
    assert response.status_code == 302
    response = client.post(
        "/admin/articles/story/add/",
        {"headline": "Lead me too", "slug": "lead-me-too", "body": "<p>Text.</p>",
         "section": story.section_id, "priority": Story.Priority.LEAD,
         "storyauthor_set-TOTAL_FORMS": 0, "storyauthor_set-INITIAL_FORMS": 0,
         "corrections-TOTAL_FORMS": 0, "corrections-INITIAL_FORMS": 0},
    )  # fmt: skip
    assert response.status_code == 302
    expected = Story.Priority.LEAD if placed else Story.Priority.NORMAL
    story.refresh_from_db()
    assert (story.headline, story.priority) == ("Lead me", expected)
    assert Story.objects.get(slug="lead-me-too").priority == expected


@pytest.mark.parametrize(("role", "expected"), [("reporter", 403), ("editor", 302)])
def test_only_the_desk_revokes_preview_links(client, request, role, expected):
    user = request.getfixturevalue(role)
    log_in(client, user)
    story = story_in("draft", created_by=user)
    secret = story.preview_secret
    assert client.post(f"/admin/articles/story/{story.pk}/revoke-previews/").status_code == expected
    story.refresh_from_db()
    assert (story.preview_secret != secret) is (expected == 302)
