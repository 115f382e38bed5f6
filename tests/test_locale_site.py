"""Every number a built site shows is written by its locale (`site.locale`, rendicion/localeformat.py).

A Bolivian site (`es_BO`: `1.555`, `97,76 %`, `Bs 557.018`) built from the
no-groupings fixture plus a second year, a one-result area and one grouping;
and the SEGOB site (`es_SV`), which must keep writing `1,555` and `$6,300`.
Machine-readable files (CSV, JSON, feeds) keep raw numbers and unit codes.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from functools import lru_cache
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from rendicion.cli import main
from rendicion.errors import ContentError
from rendicion.load import load_content
from .conftest import all_pages, broken_links, built_site, mkdocs_build, project_copy

BOLIVIA = Path(__file__).parent / "fixtures" / "groupings" / "bolivia"
NBSP = "\u00a0"

GROUPING = """
groupings:
  - id: ejes
    name: Ejes estratégicos
    singular: eje estratégico
    plural: ejes estratégicos
    gender: masculino
"""
#: A one-result area, with money, a share, a big count and a date.
COMMUNICATION = """\
- id: 2023-campana
  title: Campaña de sensibilización
  text: Se difundió la campaña en radios comunitarias.
  area: comunicacion
  ejes: [inclusion]
  date: 2023-11-25
  figures:
    - {value: 557018, unit: BOB, label: invertidos en la campaña, highlight: true}
    - {value: 97.76, unit: "%", label: de ejecución presupuestaria, highlight: true}
    - {value: 1555, unit: personas, label: personas registradas, highlight: true}
    - {value: 6300.5, unit: USD, label: donados, highlight: true}
"""
#: The second year: the same figure again (years page) and more `personas` (a unit chart).
SECOND_YEAR = """\
- id: 2024-registro
  title: Registro ampliado
  text: Se amplió el registro a los nueve departamentos.
  area: planificacion
  ejes: [inclusion]
  figures:
    - {value: 2100, unit: personas, label: personas registradas}
    - {value: 1200, unit: personas, label: personas capacitadas}
"""


def bolivian_content(folder: Path) -> Path:
    """The Bolivian fixture with a grouping, a one-result area and a second year, in `folder`."""
    shutil.copytree(BOLIVIA, folder)
    with (folder / "site.yml").open("a", encoding="utf-8") as site:
        site.write(GROUPING)
    (folder / "ejes").mkdir()
    (folder / "ejes" / "inclusion.yml").write_text("id: inclusion\nname: Inclusión laboral\n", encoding="utf-8")
    (folder / "areas" / "comunicacion.yml").write_text(
        "id: comunicacion\norder: 3\nname: Unidad de Comunicación\nshort_name: Comunicación\n", encoding="utf-8")
    (folder / "results" / "2023" / "comunicacion.yml").write_text(COMMUNICATION, encoding="utf-8")
    (folder / "results" / "2024").mkdir()
    (folder / "results" / "2024" / "planificacion.yml").write_text(SECOND_YEAR, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def bolivia(tmp_path_factory) -> Path:
    content = bolivian_content(tmp_path_factory.mktemp("contenido") / "bolivia")
    return built_site(tmp_path_factory, content, "bolivia-locale").site_dir


@lru_cache(maxsize=None)
def all_pages_cache(site: Path) -> dict[str, BeautifulSoup]:
    """`all_pages`, parsed once per built site (the tests only read them)."""
    return all_pages(site)


def _text(site: Path, page: str) -> str:
    return " ".join(all_pages_cache(site)[page].get_text(" ").split())


def test_bolivian_area_page_writes_bolivian_numbers(bolivia):
    page = all_pages_cache(bolivia)["areas/comunicacion/index.html"]
    values = [s.get_text() for s in page.select(".rc-result__figures strong")]
    # CLDR's es_BO has no symbol of its own for USD: the code, kept apart from the digits.
    assert values == [f"Bs{NBSP}557.018", "97,76 %", "1.555", f"USD{NBSP}6.300,50"], values
    assert page.select_one("time[datetime='2023-11-25']").get_text() == "25/11/2023"
    text = _text(bolivia, "areas/comunicacion/index.html")
    assert "1 resultado en 2023" in text and "1 resultados" not in text


def test_bolivian_home_figures_charts_and_counts(bolivia):
    home = all_pages_cache(bolivia)["index.html"]
    figures = [s.get_text() for s in home.select(".rc-figure__value")]
    assert f"Bs{NBSP}557.018" in figures and "97,76 %" in figures and "1.555" in figures
    hero = home.select_one(".rc-hero__summary").get_text(" ", strip=True)
    assert hero.startswith("7 resultados publicados por 3 áreas, relacionados con 1 eje estratégico.")
    chart = home.find(id="grafico-personas-titulo").parent
    values = [t.get_text() for t in chart.select(".rc-chart__value")]
    assert sorted(values) == ["1.200", "1.555", "2.100"]
    table = " ".join(chart.find("table").get_text(" ").split())
    assert "1.555" in table and "1555" not in table and "1,555" not in table
    # The description screen readers hear, too.
    description = chart.find(id="grafico-personas-svg-desc").get_text()
    assert "personas registradas (Campaña de sensibilización): 1.555" in description


def test_bolivian_member_page_agrees_in_number(bolivia):
    text = _text(bolivia, "ejes/inclusion/index.html")
    assert "2 resultados relacionados, de 2 áreas" in text
    assert "1 resultado publicado por la Unidad de Comunicación" in text
    assert "1 resultado publicado por la Unidad de Planificación" in text
    assert "publicados por el" not in text
    description = all_pages_cache(bolivia)["ejes/inclusion/index.html"].find("meta", attrs={"name": "description"})
    assert description["content"].startswith("Inclusión laboral: 2 resultados relacionados, de todas")


def test_bolivian_years_and_data_pages(bolivia):
    years = _text(bolivia, "anos/index.html")
    assert re.search(r"personas registradas \(personas\) 1\.555 2\.100", years), years
    data = all_pages_cache(bolivia)["datos/index.html"]
    sizes = re.findall(r"\((\d+(?:,\d)? (?:bytes|kB|MB))\)", " ".join(data.get_text(" ").split()))
    assert sizes and any("," in size for size in sizes), sizes
    assert not re.search(r"\d\.\d kB", data.get_text())
    assert broken_links(bolivia) == []


def test_bolivian_exports_keep_raw_numbers_and_codes(bolivia):
    rows = list(csv.DictReader(io.StringIO((bolivia / "datos" / "cifras.csv").read_text(encoding="utf-8-sig"))))
    by_label = {row["label"]: row for row in rows}
    assert (by_label["invertidos en la campaña"]["value"], by_label["invertidos en la campaña"]["unit"]) == ("557018", "BOB")
    assert by_label["de ejecución presupuestaria"]["value"] == "97.76"
    assert by_label["donados"]["value"] == "6300.5"
    results = (bolivia / "datos" / "resultados.csv").read_text(encoding="utf-8-sig")
    assert "557018 BOB (invertidos en la campaña)" in results and "Bs" not in results
    document = json.loads((bolivia / "datos" / "resultados.json").read_text(encoding="utf-8"))
    campaign = next(r for r in document["results"] if r["id"] == "2023-campana")
    assert campaign["figures"][0]["value"] == 557018 and campaign["figures"][0]["unit"] == "BOB"
    assert campaign["date"] == "2023-11-25"
    for name in ("resultados.atom", "feed.json"):
        assert "1.555" not in (bolivia / "datos" / name).read_text(encoding="utf-8")


def test_segob_keeps_el_salvador_numbers(site):
    pages = all_pages_cache(site.site_dir)
    figures = [s.get_text() for s in pages["index.html"].select(".rc-figure__value")]
    assert "1,555" in figures and "$6,300" in figures and "17 millones" in figures and "75 %" in figures
    conasav = " ".join(pages["consejos/conasav/index.html"].get_text(" ").split())
    assert "1 resultado publicado por el Área de Monitoreo y Análisis" in conasav
    assert "1 resultado publicados" not in conasav
    form = pages["areas/comunicaciones/index.html"].select_one("form[data-rc-filter]")
    assert form["data-rc-locale"] == "es-SV"


def test_check_agrees_with_one_area(tmp_path, capsys):
    content = bolivian_content(tmp_path / "bolivia")
    for name in ("juridica", "comunicacion"):
        (content / "areas" / f"{name}.yml").unlink()
        (content / "results" / "2023" / f"{name}.yml").unlink()
    for member in (content / "results").rglob("*.yml"):
        member.write_text(member.read_text(encoding="utf-8").replace("  ejes: [inclusion]\n", ""), encoding="utf-8")
    assert main(["check", "--content", str(content)]) == 0
    assert capsys.readouterr().out == "Contenido correcto: 4 resultados en 1 área.\n"


def test_a_three_letter_unit_that_is_no_currency_is_refused(tmp_path):
    content = bolivian_content(tmp_path / "bolivia")
    file = content / "results" / "2023" / "comunicacion.yml"
    file.write_text(file.read_text(encoding="utf-8").replace("unit: USD", "unit: UDS"), encoding="utf-8")
    with pytest.raises(ContentError) as error:
        load_content(content)
    message = str(error.value)
    assert "comunicacion.yml:11:" in message and "figures[3].unit" in message
    assert "«UDS»" in message and "ISO 4217" in message


def test_one_result_agrees_on_the_home_page(tmp_path):
    """«1 resultado publicado por 1 área, relacionado con 2 consejos…»: the areas that published and
    the members results name are counted (not those merely declared), and the participle agrees."""
    project = project_copy(tmp_path)
    results = project / "content" / "results" / "2018"
    kept = (results / "procesos-de-dialogo.yml").read_text(encoding="utf-8").split("\n\n- id:")[0]
    for path in results.glob("*.yml"):
        path.unlink()
    (results / "procesos-de-dialogo.yml").write_text(kept + "\n", encoding="utf-8")
    build = mkdocs_build(project / "mkdocs.yml", tmp_path / "site")
    assert build.returncode == 0, build.output
    home = BeautifulSoup((tmp_path / "site" / "index.html").read_text(encoding="utf-8"), "html.parser")
    summary = " ".join(home.select_one(".rc-hero__summary").get_text(" ").split())
    assert summary == "1 resultado publicado por 1 área, relacionado con 2 consejos nacionales y 2 planes nacionales.", summary
