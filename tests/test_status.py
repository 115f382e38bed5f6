"""Optional status and progress of a result: shown when given, nothing when absent."""

from __future__ import annotations

import json

from bs4 import BeautifulSoup

from rendicion.cli import main

from .conftest import all_pages, project_copy
from .test_bad_input import results

ENTRY = ("- id: 2018-en-curso\n  title: Un resultado en curso\n  text: Texto.\n  area: comunicaciones\n"
         "  status: en-curso\n  progress: 40\n")


def test_absent_in_the_2018_content_and_shown_as_nothing(site):
    for name, soup in all_pages(site.site_dir).items():
        assert soup.select(".rc-status") == [], name


def test_status_and_progress_are_shown_and_exported(tmp_path):
    project = project_copy(tmp_path)
    results(ENTRY)(project)
    site = tmp_path / "site"
    assert main(["-f", str(project / "mkdocs.yml"), "build", "-d", str(site)]) == 0
    soup = BeautifulSoup((site / "areas" / "comunicaciones" / "index.html").read_text(encoding="utf-8"), "html.parser")
    card = soup.find(id="2018-en-curso").parent
    assert card.select_one(".rc-status__badge").get_text() == "En curso"
    assert card.select_one("progress")["value"] == "40"
    assert "Avance: 40 %" in card.select_one(".rc-status__progress").get_text()
    document = json.loads((site / "datos" / "resultados.json").read_text(encoding="utf-8"))
    entry = next(r for r in document["results"] if r["id"] == "2018-en-curso")
    assert (entry["status"], entry["progress"]) == ("en-curso", 40)
    assert ',en-curso,40,' in (site / "datos" / "resultados.csv").read_text(encoding="utf-8-sig")


def test_unknown_status_and_progress_over_100_are_refused(tmp_path, capsys):
    project = project_copy(tmp_path)
    results(ENTRY.replace("status: en-curso", "status: terminado").replace("progress: 40", "progress: 120"))(project)
    assert main(["-f", str(project / "mkdocs.yml"), "check"]) == 1
    err = capsys.readouterr().err
    assert "zz.yml:5:3: status [2018-en-curso]: «terminado» no es válido; se esperaba uno de: planificado, en-curso" in err
    assert "zz.yml:6:3: progress [2018-en-curso]: debe ser 100 o menos; se encontró 120" in err

