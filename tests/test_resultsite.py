"""The result pages, written from one theme frame (rendicion/plugin/resultsite.py):
every page must be byte for byte the page an exact render gives, whatever the
titles hold, in one process or two, and a theme that shows something of its
own per page must turn the frame off rather than publish a wrong page."""

from __future__ import annotations

import gc
import json
import os
import shutil
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort

from rendicion import frames
from rendicion.plugin import resultsite

from .conftest import build_in_process, project_copy, same_trees

#: Titles the frame cannot take (a filter of the theme changes them) or must take faithfully.
TRICKY_TITLES = [
    "Llaves {{ 7*191919 }} y {% raw %}",       # braces: `&#123;` in the page, `{` in <title>
    "Dos  espacios y\u00a0no separable",        # white space that <title> collapses
    "Comillas \"dobles\" & 'simples' <b>no</b>",  # plain: escaped the same everywhere
    "<h1>Un título</h1> en el texto",
    f"rc{'0' * 16}title{'0' * 16} parece un marcador",
]


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """SEGOB's report with a few results whose titles are hard for a frame."""
    project = project_copy(tmp_path_factory.mktemp("resultsite"))
    target = project / "content" / "results" / "2018" / "asuntos-legales.yml"
    lines = target.read_text(encoding="utf-8").split("\n")
    titles = iter(TRICKY_TITLES)
    for n, line in enumerate(lines):
        if line.startswith("  title: "):
            title = next(titles, None)
            if title is None:
                break
            lines[n] = "  title: " + json.dumps(title, ensure_ascii=False)  # a YAML double-quoted string
    target.write_text("\n".join(lines), encoding="utf-8")
    return project


def _build(project: Path, site: Path, monkeypatch: pytest.MonkeyPatch) -> resultsite.Written:
    """Build `project` into `site` in this process; what the result pages' writer did."""
    seen: list[resultsite.Written] = []
    finish = resultsite.ResultPages.finish

    def spy(self: resultsite.ResultPages) -> resultsite.Written:
        seen.append(finish(self))
        return seen[-1]

    monkeypatch.setattr(resultsite.ResultPages, "finish", spy)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    build_in_process(project, site)
    assert len(seen) == 1
    return seen[0]


@pytest.fixture(scope="module")
def exact_site(project: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site with every result page rendered exactly (the frame never used)."""
    site = tmp_path_factory.mktemp("exact") / "site"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(resultsite.ResultPages, "values", lambda self, planned, body: None)
        written = _build(project, site, patch)
    assert written.framed == 0 and written.exact > 100
    return site


def test_framed_pages_are_the_exact_pages(project, exact_site, tmp_path, monkeypatch):
    written = _build(project, tmp_path / "site", monkeypatch)
    assert written.frame is not None
    assert written.framed > 90  # the frame wrote nearly all (the tricky titles were rendered exactly)
    same_trees(exact_site, tmp_path / "site")


def test_a_forked_copy_writes_the_same_pages(project, exact_site, tmp_path, monkeypatch):
    monkeypatch.setattr(resultsite, "PARALLEL_ABOVE", 3)
    _build(project, tmp_path / "site", monkeypatch)
    same_trees(exact_site, tmp_path / "site")
    assert gc.get_freeze_count() == 0  # what the build froze before forking is collectable again


def test_a_theme_showing_its_own_text_per_page_turns_the_frame_off(project, tmp_path, monkeypatch):
    themed = tmp_path / "themed"
    shutil.copytree(project, themed, ignore=shutil.ignore_patterns("site", ".cache"))
    partials = themed / "overrides" / "partials"
    partials.mkdir(parents=True, exist_ok=True)
    # A project's own footer that shows each page's title in capitals: a filter the frame cannot know.
    (partials / "copyright.html").write_text('<div class="md-copyright">{{ page.title | upper }}</div>\n',
                                             encoding="utf-8")
    written = _build(themed, tmp_path / "site", monkeypatch)
    assert written.framed == 0 and written.frame is None
    pages = sorted((tmp_path / "site" / "resultados").glob("*/index.html"))
    assert len(pages) > 100
    for page in pages[:20]:
        html = page.read_text(encoding="utf-8")
        title = html.split("<h1>", 1)[1].split("</h1>", 1)[0]
        assert f'<div class="md-copyright">{title.upper()}</div>' in html


def _build_with_a_failing_copy(project, tmp_path, monkeypatch, fail) -> None:
    """Build with the result pages shared with a forked copy in which writing a page runs `fail()`;
    the build must stop."""
    monkeypatch.setattr(resultsite, "PARALLEL_ABOVE", 3)
    parent = os.getpid()
    real = frames.write_page

    def write_page(site_dir: Path, dest_uri: str, html: str) -> None:
        if os.getpid() != parent:
            fail()
        real(site_dir, dest_uri, html)

    monkeypatch.setattr(resultsite, "write_page", write_page)
    with pytest.raises(Abort):
        _build(project, tmp_path / "site", monkeypatch)
    assert gc.get_freeze_count() == 0  # a failed build gives its frozen objects back too


def test_a_failing_forked_copy_stops_the_build(project, tmp_path, monkeypatch, caplog):
    def disk_full() -> None:
        raise OSError("disco lleno")

    _build_with_a_failing_copy(project, tmp_path, monkeypatch, disk_full)
    assert "no se pudieron escribir las fichas de resultados" in caplog.text and "disco lleno" in caplog.text


def test_frame_fills_values_without_searching_them():
    markers = frames.Markers()
    frame = frames.Frame(f"<t>{markers['title']}</t><b>{markers['body']}</b>{markers['title']}", markers)
    values = {"id": "x", "title": markers["body"], "description": "", "body": "{{ 7*7 }}"}
    assert frame.fill(values) == f"<t>{markers['body']}</t><b>{{{{ 7*7 }}}}</b>{markers['body']}"
    assert frame.slots == {"title", "body"}
    assert markers["title"] not in frame.text and "\0title\0" in frame.text


@pytest.mark.parametrize("text, plain", [
    ("Un título &amp; otro", True), ("&#39;comillas&#39; y &#34;dobles&#34;", True),
    ("dos  espacios", False), ("&#123;&#123;", False), ("\u00a0no separable", False), (" borde", False),
])
def test_plain_titles_are_those_no_filter_changes(text, plain):
    assert resultsite.plain(text) is plain


def test_a_killed_forked_copy_stops_the_build(project, tmp_path, monkeypatch, caplog):
    """A copy killed half-way (out of memory, say) leaves pages unwritten: the build must fail."""
    import signal

    _build_with_a_failing_copy(project, tmp_path, monkeypatch, lambda: os.kill(os.getpid(), signal.SIGKILL))
    assert "no se pudieron escribir las fichas de resultados" in caplog.text and "-9" in caplog.text
