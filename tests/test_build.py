"""`mkdocs build` with broken or hostile content: clear errors, nothing written, nothing injected."""

from __future__ import annotations

import json
import shutil

import pytest

from .conftest import mkdocs_build, project_copy
from .test_load import BROKEN, FIXTURES


@pytest.mark.parametrize("fixture, line, field, words", BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_content_fails_the_build_before_writing(tmp_path, fixture, line, field, words):
    project = project_copy(tmp_path)
    shutil.copy(FIXTURES / f"{fixture}.yml", project / "content" / "results" / "2018" / "zz-prueba.yml")
    run = mkdocs_build(project / "mkdocs.yml", tmp_path / "site")
    assert run.returncode != 0
    assert f"content/results/2018/zz-prueba.yml:{line}:" in run.output
    assert field in run.output
    assert "Traceback" not in run.output
    assert not (tmp_path / "site").exists()


def test_a_failed_build_leaves_the_previous_site_alone(tmp_path):
    project = project_copy(tmp_path)
    site_dir = tmp_path / "site"
    assert mkdocs_build(project / "mkdocs.yml", site_dir).returncode == 0
    before = {p: p.read_bytes() for p in site_dir.rglob("*") if p.is_file()}
    shutil.copy(FIXTURES / "unknown_council.yml", project / "content" / "results" / "2018" / "zz.yml")
    assert mkdocs_build(project / "mkdocs.yml", site_dir).returncode != 0
    assert {p: p.read_bytes() for p in site_dir.rglob("*") if p.is_file()} == before


HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_markup_in_content_is_published_as_text(tmp_path):
    project = project_copy(tmp_path)
    (project / "content" / "results" / "2018" / "zz-hostil.yml").write_text(
        "- id: 2018-hostil\n"
        "  title: Título con comillas \" y & ampersand\n"
        f"  text: '{HOSTILE}'\n"
        "  area: comunicaciones\n"
        "  councils: [cnscc]\n"
        f"  items: ['{HOSTILE}']\n"
        f"  figures: [{{value: 1, unit: u, label: 'x'}}]\n",
        encoding="utf-8",
    )
    run = mkdocs_build(project / "mkdocs.yml", tmp_path / "site")
    assert run.returncode == 0, run.output
    for page in ("areas/comunicaciones/index.html", "consejos/cnscc/index.html"):
        html = (tmp_path / "site" / page).read_text(encoding="utf-8")
        assert "<script>alert" not in html
        assert "<img src=x" not in html
        assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;" in html
    index = json.loads((tmp_path / "site" / "search" / "search_index.json").read_text(encoding="utf-8"))
    [doc] = [d for d in index["docs"] if d["location"].endswith("#2018-hostil")]
    assert "<script>" not in doc["text"] and "&lt;script&gt;" in doc["text"]
