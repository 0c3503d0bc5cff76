"""axe-core (bundled by axe-playwright-python, so it runs offline) over a page in the browser.

A check fails on every violation but the few listed in ``ALLOWED``: each belongs to Django's
own admin templates or CSS, which the project does not override, and names where it may occur.
"""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe

AXE = Axe()

# rule id -> (what each node's target or markup starts with, why it is allowed).
ALLOWED: dict[str, tuple[tuple[str, ...], str]] = {
    "link-in-text-block": (
        (".breadcrumbs",),
        "Django's admin CSS sets breadcrumb links apart from their separators by colour alone.",
    ),
    "empty-table-header": (
        ('<th class="original">', "<th>"),
        "Django's tabular inline template heads its hidden 'original' column, and the delete "
        "column of an inline nobody may delete from, with an empty th (a best practice, minor).",
    ),
}


def allowed(violation: dict) -> bool:
    """Whether every node of a violation is one the allow-list names."""
    rule = ALLOWED.get(violation["id"])
    if rule is None:
        return False
    starts = rule[0]
    return all(
        str(node["html"]).startswith(starts)
        or any(str(target).startswith(starts) for target in node["target"])
        for node in violation["nodes"]
    )


def violations(page) -> list[str]:
    """What axe finds on the page as it is now, less the allowed: one line per rule."""
    results = AXE.run(page)
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} at "
        + "; ".join(", ".join(node["target"]) for node in violation["nodes"][:5])
        for violation in results.response["violations"]
        if not allowed(violation)
    ]
