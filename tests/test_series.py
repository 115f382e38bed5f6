"""Periods and series (rendicion/series.py) on a real site of another shape than SEGOB's.

A Panamanian directorate reporting on 2014–2019 (tests/fixtures/series/panama):
results in four year folders, date ranges, and two goals followed over three
years each. Then the Spanish messages for every rule, through `rendicion check`.
"""

from __future__ import annotations

import csv
import io
import json
import posixpath
import shutil
from pathlib import Path

import jsonschema
import pytest

from rendicion.errors import ContentError
from rendicion.load import load_content

from .conftest import all_pages, broken_links, built_site, check_edited, replace_once

PANAMA = Path(__file__).parent / "fixtures" / "series" / "panama"
SERIES = {
    "red-de-consejos": ["2014-red-de-consejos", "2016-red-de-consejos", "2019-red-de-consejos"],
    "sistema-de-seguimiento": ["2014-sistema-de-seguimiento", "2017-sistema-de-seguimiento",
                               "2019-sistema-de-seguimiento"],
}


@pytest.fixture(scope="module")
def panama(tmp_path_factory):
    return built_site(tmp_path_factory, PANAMA, "panama")


def _meta(card) -> dict[str, str]:
    return {div.dt.get_text(strip=True): div.dd.get_text(" ", strip=True) for div in card.select("dl.rc-meta > div")}


# -- the built site ---------------------------------------------------------------------


def test_the_site_builds_with_no_broken_links(panama):
    assert broken_links(panama.site_dir) == []
    assert {"areas/participacion/index.html", "areas/planificacion/index.html", "anos/index.html"} \
        <= set(all_pages(panama.site_dir))


def test_cards_show_date_ranges_in_words(panama):
    closed = panama.card("participacion", "2014-red-de-consejos")
    assert _meta(closed)["Periodo"] == "Del 3 de marzo de 2014 al 15 de diciembre de 2014"
    assert [t["datetime"] for t in closed.select("dd time")] == ["2014-03-03", "2014-12-15"]
    long = panama.card("planificacion", "2014-sistema-de-seguimiento")
    assert _meta(long)["Periodo"] == "Del 3 de marzo de 2014 al 31 de mayo de 2019"
    assert _meta(panama.card("participacion", "2016-red-de-consejos"))["Periodo"] == "Desde el 4 de enero de 2016"
    assert _meta(panama.card("planificacion", "2017-plan-estrategico"))["Periodo"] == "Hasta el 30 de noviembre de 2017"
    assert "Periodo" not in _meta(panama.card("participacion", "2014-talleres"))


@pytest.mark.parametrize("series", sorted(SERIES))
def test_each_card_links_the_other_years_of_its_series_in_order(panama, series):
    ids = SERIES[series]
    area = "participacion" if series == "red-de-consejos" else "planificacion"
    page = f"areas/{area}/index.html"
    for result_id in ids:
        block = panama.card(area, result_id).select_one(".rc-series")
        assert block.select_one(".rc-series__title").get_text(strip=True) == "Este objetivo en otros años:"
        links = block.select("li a")
        others = [i for i in ids if i != result_id]
        targets = []
        for link in links:
            path, _, anchor = link["href"].partition("#")
            targets.append((posixpath.normpath(posixpath.join(posixpath.dirname(page), path)) if path else page,
                            anchor))
        # Each to the other year's own page, oldest first, never itself.
        assert [path for path, _ in targets] == [f"resultados/{i}" for i in others]
        assert [link.get_text(strip=True)[:4] for link in links] == [i[:4] for i in others]  # the year
    # The state of the linked year is said beside its link.
    card = panama.card("participacion", "2014-red-de-consejos")
    items = [li.get_text(" ", strip=True) for li in card.select(".rc-series li")]
    assert items == ["2016: Red de consejos comunitarios en Coclé y Veraguas (En curso, avance 60 %)",
                     "2019: Red nacional de consejos comunitarios (Cumplido, avance 100 %)"]


def test_results_without_a_series_or_alone_in_theirs_show_no_links(panama):
    assert panama.card("participacion", "2014-talleres").select_one(".rc-series") is None
    assert panama.card("planificacion", "2019-informe-final").select_one(".rc-series") is None


def test_the_years_page_follows_each_series_across_years(panama):
    page = panama.html("anos/")
    heading = page.find(id="objetivos-por-anio")
    assert heading is not None
    table = heading.find_next("table")
    assert [th.get_text(strip=True) for th in table.thead.find_all("th")] == ["Objetivo", "2014", "2016", "2017", "2019"]
    rows = {tr.th.get_text(strip=True): [td.get_text(" ", strip=True) for td in tr.find_all("td")]
            for tr in table.tbody.find_all("tr")}
    assert rows == {  # named by the latest result; the lone series has no row
        "Sistema de seguimiento abierto al público":
            ["2014 (En curso, avance 20 %)", "—", "2017 (En curso, avance 65.5 %)", "2019 (Cumplido)"],
        "Red nacional de consejos comunitarios":
            ["2014 (Cumplido)", "2016 (En curso, avance 60 %)", "—", "2019 (Cumplido, avance 100 %)"],
    }


def test_the_declared_period_is_shown_on_the_data_page(panama):
    page = panama.html("datos/")
    facts = {div.dt.get_text(strip=True): div.dd.get_text(strip=True) for div in page.select(".rc-facts > div")}
    assert facts["Periodo"] == "2014–2019"  # the default label
    dataset = json.loads(page.find("script", type="application/ld+json").string)
    assert dataset["temporalCoverage"] == "2014/2019"  # an ISO 8601 interval
    assert "2014–2019" in panama.html("areas/planificacion/").get_text()


# -- exports ----------------------------------------------------------------------------


def test_json_exports_ranges_series_and_the_period(panama):
    data = panama.site_dir / "datos"
    document = json.loads((data / "resultados.json").read_text(encoding="utf-8"))
    jsonschema.validate(document, json.loads((data / "resultados.schema.json").read_text(encoding="utf-8")))
    results = {r["id"]: r for r in document["results"]}
    assert (results["2014-sistema-de-seguimiento"]["start"], results["2014-sistema-de-seguimiento"]["end"]) \
        == ("2014-03-03", "2019-05-31")
    assert (results["2016-red-de-consejos"]["start"], results["2016-red-de-consejos"]["end"]) == ("2016-01-04", None)
    assert results["2014-talleres"]["series"] is None
    assert results["2019-red-de-consejos"]["series"] == "red-de-consejos"
    assert {s["id"]: s["results"] for s in document["series"]} == {**SERIES, "informe-final": ["2019-informe-final"]}
    assert document["report"]["period"] == "2014–2019" and document["report"]["years"] == [2014, 2019]


def test_csv_columns_and_the_data_package(panama):
    data = panama.site_dir / "datos"
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO((data / "resultados.csv").read_text(encoding="utf-8-sig")))}
    assert (rows["2014-red-de-consejos"]["start"], rows["2014-red-de-consejos"]["end"],
            rows["2014-red-de-consejos"]["series"]) == ("2014-03-03", "2014-12-15", "red-de-consejos")
    assert (rows["2014-talleres"]["start"], rows["2014-talleres"]["end"], rows["2014-talleres"]["series"]) == ("", "", "")
    area = list(csv.DictReader(io.StringIO((data / "areas" / "participacion.csv").read_text(encoding="utf-8-sig"))))
    assert {r["series"] for r in area} == {"red-de-consejos", ""}
    package = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
    fields = {f["name"]: f["type"] for f in package["resources"][0]["schema"]["fields"]}
    assert (fields["start"], fields["end"], fields["series"]) == ("date", "date", "string")
    header = next(csv.reader(io.StringIO((data / "resultados.csv").read_text(encoding="utf-8-sig"))))
    assert header == list(fields)  # the package describes the file as it is


def test_the_editors_schema_describes_the_new_fields(panama):
    content_schema = json.loads((panama.site_dir / "datos" / "schema.json").read_text(encoding="utf-8"))
    result = content_schema["$defs"]["results"]["items"]["properties"]
    assert {"start", "end", "series"} <= set(result)
    period = content_schema["$defs"]["site"]["properties"]["report"]["properties"]["period"]
    assert period["type"] == ["string", "object"]


# -- the model --------------------------------------------------------------------------


def test_a_free_text_period_stays_valid_and_unchecked(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(PANAMA, content)
    site = content / "site.yml"
    text = site.read_text(encoding="utf-8")
    site.write_text(text.replace("  period:\n    start: 2014\n    end: 2019\n", '  period: "Gestión 2014 y más"\n'),
                    encoding="utf-8")
    report = load_content(content).site.report
    assert (report.period, report.years) == ("Gestión 2014 y más", None)
    site.write_text(text.replace("    end: 2019\n", "    end: 2019\n    label: cinco años\n"), encoding="utf-8")
    report = load_content(content).site.report
    assert (report.period, report.years) == ("cinco años", (2014, 2019))


# -- the Spanish messages ---------------------------------------------------------------




def test_the_fixture_passes_check(tmp_path):
    status, output = check_edited(tmp_path, PANAMA, lambda content: None)
    assert status == 0, output


@pytest.mark.parametrize(("edit", "where", "message"), [
    (lambda c: replace_once(c / "results/2014/participacion.yml", "end: 2014-12-15", "end: 2014-02-28"),
     "results/2014/participacion.yml:7:3: end [2014-red-de-consejos]",
     "la fecha de fin (2014-02-28) es anterior a la de inicio (2014-03-03)"),
    (lambda c: replace_once(c / "results/2014/participacion.yml", "start: 2014-03-03", "start: 1850-03-03"),
     "results/2014/participacion.yml:6:3: start [2014-red-de-consejos]",
     "la fecha 1850-03-03 está fuera de los años admitidos; se esperaba una fecha entre 1900 y 2100"),
    (lambda c: replace_once(c / "results/2016/participacion.yml", "start: 2016-01-04", "start: 2016-02-30"),
     "results/2016/participacion.yml:6:3: start [2016-red-de-consejos]",
     "«2016-02-30» no es una fecha válida"),
    (lambda c: replace_once(c / "results/2016/participacion.yml", "start: 2016-01-04", "start: 2016-05"),
     "results/2016/participacion.yml:6:3: start [2016-red-de-consejos]",
     "«2016-05» no es una fecha válida; se esperaba una fecha real con la forma AAAA-MM-DD"),
    (lambda c: replace_once(c / "results/2014/participacion.yml", "- id: 2014-talleres\n",
                        "- id: 2014-talleres\n  series: red-de-consejos\n"),
     "results/2014/participacion.yml:12:3: series [2014-talleres]",
     "la serie «red-de-consejos» ya tiene un resultado en 2014: «2014-red-de-consejos» "
     "(content/results/2014/participacion.yml:1); una serie sigue un objetivo con un resultado por año"),
    (lambda c: replace_once(c / "results/2017/planificacion.yml", "series: sistema-de-seguimiento",
                        "series: sistema-de-seguimento"),
     "results/2017/planificacion.yml:5:3: series [2017-sistema-de-seguimiento]",
     "la serie «sistema-de-seguimento» solo la usa este resultado; ¿quiso decir «sistema-de-seguimiento» "
     "(la usan los resultados de 2014, 2019)?"),
    (lambda c: (c / "results/2021").mkdir() or (c / "results/2021/planificacion.yml").write_text(
        "- {id: 2021-cierre, title: Cierre, text: Se cerró el periodo., area: planificacion}\n", encoding="utf-8"),
     "results/2021:1:1: (documento)",
     "la carpeta results/2021/ está fuera del periodo del informe, de 2014 a 2019 "
     "(report.period en content/site.yml:9)"),
    (lambda c: replace_once(c / "site.yml", "end: 2019", "end: 2013"),
     "site.yml:11:5: report.period.end",
     "el último año del informe (2013) es anterior al primero (2014)"),
    (lambda c: replace_once(c / "site.yml", "end: 2019", "fin: 2019"),
     "site.yml:9:3: report.period.end",
     "falta el campo obligatorio «end»"),
    (lambda c: replace_once(c / "site.yml", "start: 2014", "start: 14"),
     "site.yml:10:5: report.period.start",
     "debe ser 1900 o más; se encontró 14"),
], ids=["end-before-start", "year-1850", "not-a-day", "year-month", "same-year", "typo", "outside-period",
        "period-backwards", "period-missing-end", "period-short-year"])
def test_rules_are_reported_in_spanish_with_their_place(tmp_path, edit, where, message):
    status, output = check_edited(tmp_path, PANAMA, edit)
    assert status == 1, output
    line = next((line for line in output.splitlines() if where in line), None)
    assert line is not None, output
    assert line.strip().startswith("content/") and message in line, output


def test_a_lone_series_without_a_near_twin_is_fine():
    content = load_content(PANAMA)
    assert content.results_of_series("informe-final") == (content.result("2019-informe-final"),)


def test_the_loader_refuses_with_a_content_error(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(PANAMA, content)
    replace_once(content / "results/2019/planificacion.yml", "series: informe-final", "series: red-de-consejos")
    with pytest.raises(ContentError) as caught:
        load_content(content)
    assert "la serie «red-de-consejos» ya tiene un resultado en 2019" in str(caught.value)
