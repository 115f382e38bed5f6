"""The live preview's incremental rebuilds show exactly what a full build would.

- Loading with `LoadCache` (only changed files re-read) gives what a fresh
  `load_content` gives, the same model or the same problems, whatever the edits.
- A serve-mode rebuild after an edit (MkDocs' dirty build, as `mkdocs serve`
  runs it once the plugin wraps its builder) leaves the site folder byte for
  byte as a fresh build of the edited content, in-process. The preview's own
  check (RENDICION_PREVIEW_VERIFY) also renders every page it skips and stops
  if one of them had changed.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rendicion.errors import ContentError
from rendicion.load import load_content
from rendicion.loadcache import LoadCache
from rendicion.plugin.preview import VERIFY, dirty_builds

from .conftest import CONTENT, FIXTURES, project_copy, set_plugin_option

SERVE_URL = "http://127.0.0.1:8000/"


# -- loading ----------------------------------------------------------------------


def _outcome(load, root: Path) -> object:
    """The loaded content, or the problems as the editor reads them."""
    try:
        return load(root)
    except ContentError as error:
        return [str(p) for p in error.problems]


def _edit(root: Path, operation: str, index: int, step: int) -> None:
    files = sorted((root / "results").rglob("*.yml")) + sorted((root / "areas").glob("*.yml"))
    path = files[index % len(files)]
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if operation == "retitle":
        path.write_text(text.replace("title: ", f"title: Editado {step} · ", 1), encoding="utf-8")
    elif operation == "break":
        path.write_text(text + "\n- id: roto\n  title: [sin cerrar\n", encoding="utf-8")
    elif operation == "unknown-area":
        path.write_text(text.replace("area: ", "area: x", 1), encoding="utf-8")
    elif operation == "duplicate-id":
        # Another file's first id, again in this (list) file.
        other = files[(index + 1) % len(files)]
        ident = next((line.split("id: ", 1)[1] for line in other.read_text(encoding="utf-8").splitlines()
                      if line.startswith("- id: ")), None)
        area = next((line for line in text.splitlines() if line.startswith("  area: ")), None)
        if ident and area:
            path.write_text(f"{text}\n- id: {ident}\n  title: D\n  text: D\n{area}\n", encoding="utf-8")
    elif operation == "delete":
        path.unlink(missing_ok=True)
    elif operation == "empty":
        path.write_text("", encoding="utf-8")


EDITS = st.lists(
    st.tuples(st.sampled_from(["retitle", "break", "unknown-area", "duplicate-id", "delete", "empty", "restore"]),
              st.integers(0, 30)),
    min_size=1, max_size=5,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edits=EDITS)
def test_a_cached_load_after_any_edits_equals_a_fresh_load(edits):
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "content"
        shutil.copytree(FIXTURES / "series" / "panama", root)
        cache = LoadCache()
        assert _outcome(cache.load, root) == _outcome(load_content, root)
        for step, (operation, index) in enumerate(edits):
            if operation == "restore":
                shutil.rmtree(root)
                shutil.copytree(FIXTURES / "series" / "panama", root)
            else:
                _edit(root, operation, index, step)
            assert _outcome(cache.load, root) == _outcome(load_content, root), (operation, index)


def test_the_cache_reads_again_only_the_file_that_changed(tmp_path):
    root = tmp_path / "content"
    shutil.copytree(CONTENT, root)
    cache = LoadCache()
    cache.load(root)
    assert cache.parsed == len(list(root.rglob("*.yml")))
    edited = root / "results" / "2018" / "comunicaciones.yml"
    edited.write_text(edited.read_text(encoding="utf-8").replace("title: ", "title: Nuevo · ", 1), encoding="utf-8")
    content = cache.load(root)
    assert cache.parsed == 1
    assert content == load_content(root)
    assert any(r.title.startswith("Nuevo · ") for r in content.results)


def test_results_of_unchanged_files_are_the_last_loads_objects(tmp_path):
    """The downloads' memo and the preview compare results: unchanged ones are the same object."""
    root = tmp_path / "content"
    shutil.copytree(CONTENT, root)
    cache = LoadCache()
    before = {r.id: r for r in cache.load(root).results}
    edited = root / "results" / "2018" / "comunicaciones.yml"
    edited.write_text(edited.read_text(encoding="utf-8").replace("title: ", "title: Nuevo · ", 1), encoding="utf-8")
    after = cache.load(root).results
    for result in after:
        if result.origin.file.endswith("comunicaciones.yml"):
            assert result is not before[result.id]
        else:
            assert result is before[result.id]


# -- rendering ----------------------------------------------------------------------


def _config(project: Path, site: Path):
    from mkdocs.config import load_config

    config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(site))
    config.site_url = SERVE_URL
    return config


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


class Preview:
    """`mkdocs serve`'s builds, in-process: a first full build, then dirty rebuilds."""

    def __init__(self, project: Path, site: Path) -> None:
        from mkdocs.commands.build import build

        self.project, self.site, self.build = project, site, build
        config = _config(project, site)
        config.plugins.on_startup(command="serve", dirty=False)
        build(config, serve_url=SERVE_URL)

    def rebuild(self):
        config = _config(self.project, self.site)
        with dirty_builds():
            self.build(config, serve_url=SERVE_URL, dirty=True)
        return config.plugins["rendicion"]


def fresh_build(project: Path, site: Path) -> dict[str, bytes]:
    """What a new `serve` session's first build writes for the content as it is now."""
    from mkdocs.commands.build import build

    config = _config(project, site)
    config.plugins.on_startup(command="serve", dirty=False)
    build(config, serve_url=SERVE_URL)
    return _files(site)


@pytest.fixture
def preview_env(monkeypatch):
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # sitemap.xml.gz and build dates
    monkeypatch.setenv(VERIFY, "1")


def _retitle(project: Path) -> None:
    path = project / "content" / "results" / "2018" / "comunicaciones.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("title: ", "title: Editado · ", 1), encoding="utf-8")


def _rename_area(project: Path) -> None:
    path = project / "content" / "areas" / "comunicaciones.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("short_name: ", "short_name: Nuevo ", 1),
                    encoding="utf-8")


def _add_result(project: Path) -> None:
    path = project / "content" / "results" / "2018" / "comunicaciones.yml"
    path.write_text(path.read_text(encoding="utf-8") + "\n- id: 2018-comunicaciones-nuevo\n"
                    "  title: Un resultado nuevo\n  text: Su texto.\n  area: comunicaciones\n", encoding="utf-8")


def _retitle_first_council_result(project: Path, title: Callable[[str], str]) -> None:
    """The first result related to a council gets `title(its title as its YAML writes it)`."""
    for path in sorted((project / "content" / "results").rglob("*.yml")):
        text = path.read_text(encoding="utf-8")
        head, found, tail = text.partition("\n  councils:")
        if found:
            start = head.rfind("  title: ") + len("  title: ")
            end = head.find("\n", start)
            end = len(head) if end < 0 else end
            path.write_text(head[:start] + title(head[start:end]) + head[end:] + found + tail, encoding="utf-8")
            return
    raise AssertionError("no result relates to a council")


def _retitle_council_result(project: Path) -> None:
    """A result related to a council: its area page and the council's page change."""
    _retitle_first_council_result(project, lambda old: f"Consejo editado · {old}")


def test_a_rebuild_writes_only_the_changed_result_pages_and_share_images(tmp_path, preview_env):
    project = project_copy(tmp_path)
    site = tmp_path / "preview"
    preview = Preview(project, site)
    stamps = {p.relative_to(site).as_posix(): p.stat().st_mtime_ns for p in (site / "resultados").rglob("*")
              if p.is_file()}
    _retitle(project)
    preview.rebuild()
    edited = next(r for r in load_content(project / "content").results if r.title.startswith("Editado · "))
    changed = {path for path, stamp in stamps.items() if (site / path).stat().st_mtime_ns != stamp}
    # The edited result's page and image (and its series' pages, if any), nothing else.
    assert f"resultados/{edited.id}/index.html" in changed and f"resultados/{edited.id}.png" in changed
    assert len(changed) <= 4, sorted(changed)


def _retitle_partner_result(project: Path) -> None:
    """A result with a partner, retitled: its partner's page changes, no other partner's."""
    path = project / "content" / "results" / "2018" / "asuntos-legales.yml"
    text = path.read_text(encoding="utf-8")
    assert 'title: "Borrador' in text and "  partners: [secretaria-juridica]\n" in text
    path.write_text(text.replace('title: "Borrador', 'title: "Editado · Borrador', 1), encoding="utf-8")


def test_partner_pages_follow_an_edit_of_their_results(tmp_path, preview_env, monkeypatch):
    monkeypatch.setattr("rendicion.pages.PARTNER_ENTRIES_PER_PAGE", 1)  # one page per partner
    project = project_copy(tmp_path)
    preview = Preview(project, tmp_path / "preview")
    assert (tmp_path / "preview" / "socios" / "marn" / "index.html").exists()
    before = (tmp_path / "preview" / "socios" / "marn" / "index.html").stat().st_mtime_ns
    _retitle_partner_result(project)
    plugin = preview.rebuild()  # VERIFY: a skipped page whose body changed stops the build
    assert plugin.preview.rebuilt < 20
    assert (tmp_path / "preview" / "socios" / "marn" / "index.html").stat().st_mtime_ns == before
    assert "Editado · Borrador" in (tmp_path / "preview" / "socios" / "secretaria-juridica" / "index.html").read_text()
    assert _files(tmp_path / "preview") == fresh_build(project, tmp_path / "fresh")


def _restatus_council_result(project: Path) -> None:
    """A council result's status: the filters of its year page, the council's counts."""
    for path in sorted((project / "content" / "results").rglob("*.yml")):
        text = path.read_text(encoding="utf-8")
        head, found, tail = text.partition("\n  councils:")
        if found:
            path.write_text(head + "\n  status: en-curso" + found + tail, encoding="utf-8")
            return
    raise AssertionError("no result relates to a council")


@pytest.mark.parametrize("edit", [_retitle_council_result, _restatus_council_result, _add_result],
                         ids=["retitle", "status", "add-result"])
def test_year_pages_follow_an_edit_of_their_results(tmp_path, preview_env, edit):
    """Split pages (a few results a page): only the year pages listing the edited result, or
    whose pager changed, are rendered again; VERIFY renders the others and compares."""
    project = project_copy(tmp_path)
    set_plugin_option(project, "results_per_page", 4)
    preview = Preview(project, tmp_path / "preview")
    assert len(list((tmp_path / "preview" / "consejos").rglob("index.html"))) > 10
    edit(project)
    plugin = preview.rebuild()
    if edit is not _add_result:  # a new result is a new page: the site is written anew
        assert plugin.preview.rebuilt < len(plugin.current.plan.pages) / 2
    assert _files(tmp_path / "preview") == fresh_build(project, tmp_path / "fresh")


#: A title from many hands: template syntax, markup and entities (tests/hostile.py's payloads).
HOSTILE_TITLE = "{{ 7*191919 }} </title><x-inj data-inj=1> &#123;&#123; {% raw %} \" data-inj=\"1 <!--"


def _retitle_hostile(project: Path) -> None:
    """A council result retitled with payloads: the rebuild's pages, feeds and cards must equal a fresh build's."""
    _retitle_first_council_result(project, lambda old: json.dumps(HOSTILE_TITLE))


@pytest.mark.parametrize("edit", [_retitle, _rename_area, _add_result, _retitle_council_result, _retitle_hostile],
                         ids=["retitle", "rename-area", "add-result", "council-result", "hostile-title"])
def test_a_serve_rebuild_writes_what_a_fresh_build_writes(tmp_path, preview_env, edit):
    project = project_copy(tmp_path)
    preview = Preview(project, tmp_path / "preview")
    edit(project)
    plugin = preview.rebuild()
    rebuilt, pages = plugin.preview.rebuilt, len(plugin.current.plan.pages)
    served = _files(tmp_path / "preview")
    assert served == fresh_build(project, tmp_path / "fresh")
    assert not any(b"1343433" in data for data in served.values())  # no template ran the payload
    if edit is _retitle_hostile:  # the payload is shown, as text
        assert any(b"&lt;/title&gt;&lt;x-inj data-inj=1&gt;" in data for data in served.values())
    if edit in (_retitle, _retitle_council_result):
        # Only the pages that show the edited result were rendered again.
        assert 0 < rebuilt < pages / 2


def test_an_unchanged_rebuild_rewrites_no_generated_page(tmp_path, preview_env):
    project = project_copy(tmp_path)
    preview = Preview(project, tmp_path / "preview")
    before = _files(tmp_path / "preview")
    plugin = preview.rebuild()
    assert plugin.preview.rebuilt == 0
    assert _files(tmp_path / "preview") == before


def test_a_broken_edit_keeps_the_last_good_pages_with_the_banner_then_the_fix_shows(tmp_path, preview_env):
    project = project_copy(tmp_path)
    preview = Preview(project, tmp_path / "preview")
    path = project / "content" / "results" / "2018" / "comunicaciones.yml"
    original = path.read_text(encoding="utf-8")
    path.write_text(original + "- id: 2018-roto\n  title: [sin cerrar\n", encoding="utf-8")
    preview.rebuild()
    for page in ("index.html", "areas/comunicaciones/index.html", "datos/index.html"):
        assert "rc-preview-problems" in (tmp_path / "preview" / page).read_text(encoding="utf-8"), page
    path.write_text(original.replace("title: ", "title: Recuperado · ", 1), encoding="utf-8")
    preview.rebuild()
    served = _files(tmp_path / "preview")
    assert not any(b"rc-preview-problems" in data for name, data in served.items() if name.endswith(".html"))
    assert b"Recuperado \xc2\xb7 " in served["areas/comunicaciones/index.html"]
    assert served == fresh_build(project, tmp_path / "fresh")


def test_with_pagefind_a_rebuild_indexes_the_site_in_the_background(tmp_path, preview_env):
    project = project_copy(tmp_path)
    config = project / "mkdocs.yml"
    setting = "  - rendicion:\n      content_dir: content\n"
    config.write_text(config.read_text(encoding="utf-8").replace(setting, f"{setting}      search: pagefind\n"),
                      encoding="utf-8")
    preview = Preview(project, tmp_path / "preview")
    _retitle(project)
    plugin = preview.rebuild()
    indexing = plugin.preview.pagefind
    assert indexing is not None  # started, not waited for
    assert indexing.wait(timeout=120) == 0
    assert (tmp_path / "preview" / "pagefind" / "pagefind.js").is_file()
    served = {k: v for k, v in _files(tmp_path / "preview").items() if not k.startswith("pagefind/")}
    fresh = {k: v for k, v in fresh_build(project, tmp_path / "fresh").items() if not k.startswith("pagefind/")}
    assert served == fresh
