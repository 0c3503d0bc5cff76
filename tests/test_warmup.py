"""An app server's process loads the public site once, then hides it from the cyclic GC."""

from __future__ import annotations

import gc

import pytest
from django.template import engines

from newsroom.warmup import prepare_to_serve, public_template_names


@pytest.fixture
def unfrozen():
    yield
    gc.unfreeze()


def test_the_public_templates_are_listed_and_the_admins_are_not():
    names = public_template_names()
    assert {"base.html", "404.html", "articles/story_detail.html"} <= set(names)
    assert "articles/includes/teaser.html" in names
    assert not [name for name in names if name.startswith(("admin/", "articles/admin/"))]


def test_preparing_compiles_the_templates_and_freezes_what_is_loaded(unfrozen):
    cached_loader = engines["django"].engine.template_loaders[0]
    cached_loader.reset()
    gc.unfreeze()
    prepare_to_serve()
    assert set(public_template_names()) <= set(cached_loader.get_template_cache)
    # Django and the project's modules, loaded at start, are out of the collector's sight.
    assert gc.get_freeze_count() > 10_000
