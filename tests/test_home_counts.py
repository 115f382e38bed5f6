"""The home page's summary counts the areas that publish results, not the areas declared.

`home.html` counts «N áreas» with `Content.areas_with_results()`: an area with
no result yet is not counted, and an area whose results all moved elsewhere
stops being counted. The index agrees with a scan of the results.
"""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

from .conftest import FIXTURES, mkdocs_build, project_copy

BOLIVIA = FIXTURES / "groupings" / "bolivia"  # 5 results, 3 in planificacion and 2 in juridica


def hero(tmp_path: Path, edit) -> str:
    content = tmp_path / "content"
    shutil.copytree(BOLIVIA, content)
    edit(content)
    project = project_copy(tmp_path, content)
    run = mkdocs_build(project / "mkdocs.yml", project / "site")
    assert run.returncode == 0, run.output
    return run.html("").select_one(".rc-hero__summary").get_text(" ", strip=True)


def _empty_area(content: Path) -> None:
    (content / "areas" / "comunicacion.yml").write_text(
        "id: comunicacion\norder: 3\nname: Unidad de Comunicación\nshort_name: Comunicación\n", encoding="utf-8")


def _results_moved(content: Path) -> None:
    path = content / "results" / "2023" / "juridica.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("area: juridica", "area: planificacion"),
                    encoding="utf-8")


@pytest.mark.parametrize("edit, expected", [
    (lambda content: None, "5 resultados publicados por 2 áreas."),
    (_empty_area, "5 resultados publicados por 2 áreas."),
    (_results_moved, "5 resultados publicados por 1 área."),
], ids=["as-is", "an-area-without-results", "all-results-in-one-area"])
def test_the_home_counts_only_areas_with_results(tmp_path, edit, expected):
    assert hero(tmp_path, edit) == expected


def test_the_model_index_agrees_with_a_scan_of_the_results(content):
    assert content.areas_with_results() == {r.area for r in content.results}
    for grouping in content.groupings:
        scanned = {m for r in content.results for m in r.memberships[grouping.id]}
        assert content.named_members(grouping.id) == scanned and scanned
    fewer = dataclasses.replace(content, results=tuple(r for r in content.results if r.area != content.areas[0].id))
    assert content.areas[0].id not in fewer.areas_with_results()
    assert len(fewer.areas_with_results()) == len(content.areas) - 1
    empty = dataclasses.replace(content, results=())
    assert empty.areas_with_results() == frozenset()
    assert all(empty.named_members(g.id) == frozenset() for g in content.groupings)
