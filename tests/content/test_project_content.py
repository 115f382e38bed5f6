"""The content suite: the project's own `content/`, whatever institution it holds.

The tool's tests (tests/test_*.py) build fixture projects; these check what
this repository publishes: `content/` is valid, builds with the real
`mkdocs.yml`, and every result reaches the pages and the open data once.
An institution that replaces `content/` with its own keeps these tests.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest

from rendicion.load import load_content

from ..conftest import ROOT, broken_links, mkdocs_build

PROJECT_CONTENT = ROOT / "content"


@pytest.fixture(scope="module")
def project_content():
    return load_content(PROJECT_CONTENT)


@pytest.fixture(scope="module")
def project_site(tmp_path_factory):
    run = mkdocs_build(ROOT / "mkdocs.yml", tmp_path_factory.mktemp("project") / "site")
    assert run.returncode == 0, run.output
    return run


def test_check_passes(project_content):
    process = subprocess.run([sys.executable, "-m", "rendicion", "check"], capture_output=True, text=True, cwd=ROOT)
    assert process.returncode == 0, process.stdout + process.stderr
    assert process.stdout.startswith("Contenido correcto: ")


def test_every_result_is_on_its_page_and_in_the_open_data_once(project_site, project_content):
    ids = [r.id for r in project_content.results]
    html = "".join(p.read_text(encoding="utf-8") for p in (project_site.site_dir / "areas").rglob("index.html"))
    for result_id in ids:
        assert html.count(f' id="{result_id}"') == 1, result_id  # its anchor, on its area page
    # And exactly one page of its own, its canonical address, which every download names.
    pages = sorted(p.parent.name for p in (project_site.site_dir / "resultados").glob("*/index.html"))
    assert pages == sorted(ids)
    data = json.loads((project_site.site_dir / "datos" / "resultados.json").read_text(encoding="utf-8"))
    assert [r["id"] for r in data["results"]] == ids
    assert [r["url"] for r in data["results"]] == [f"resultados/{i}/" for i in ids]
    rows = list(csv.DictReader(io.StringIO((project_site.site_dir / "datos" / "resultados.csv").read_text("utf-8-sig"))))
    assert [row["id"] for row in rows] == ids


def test_every_internal_link_resolves(project_site):
    assert broken_links(project_site.site_dir) == []
