"""Generated pages' bodies wait compressed until their page is written (plugin/buildstate.py: Build.set_aside):
the site is byte for byte the one a build holding every body in place writes."""

from __future__ import annotations

import pytest

from rendicion.plugin import buildstate, plugin as plugin_module

from .conftest import build_in_process, project_copy, same_trees, set_plugin_option


@pytest.mark.parametrize("backend", ["pagefind", "material"])
def test_bodies_set_aside_give_the_same_site(tmp_path, monkeypatch, backend):
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    project = project_copy(tmp_path)
    set_plugin_option(project, "search", backend)
    set_aside = []
    real = buildstate.Build.set_aside
    monkeypatch.setattr(buildstate.Build, "set_aside", lambda self, html: set_aside.append(1) or real(self, html))
    build_in_process(project, tmp_path / "aside")
    # Material's search reads every page's content: then bodies stay in place.
    assert (len(set_aside) > 10) == (backend == "pagefind")
    monkeypatch.setattr(plugin_module, "ASIDE_SAFE_PLUGINS", set())
    build_in_process(project, tmp_path / "in-place")
    same_trees(tmp_path / "in-place", tmp_path / "aside")
    home = (tmp_path / "aside" / "index.html").read_text(encoding="utf-8")
    assert home.count("<h1") == 1 and "rendicion-aside" not in home


def test_a_plugin_that_may_read_page_content_keeps_bodies_in_place(tmp_path, monkeypatch):
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    project = project_copy(tmp_path)
    set_plugin_option(project, "search", "pagefind")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("plugins:\n", "plugins:\n  - tags\n", 1),
                      encoding="utf-8")
    set_aside = []
    real = buildstate.Build.set_aside
    monkeypatch.setattr(buildstate.Build, "set_aside", lambda self, html: set_aside.append(1) or real(self, html))
    build_in_process(project, tmp_path / "site")
    assert not set_aside
