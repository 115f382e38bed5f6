"""Targets, baselines, budgets and labelled details (rendicion/measures.py) on a real site.

A Bolivian ministry reporting on 2023 in `es_BO` (tests/fixtures/measures/bolivia):
figures against their targets (one exceeded, one with a target of 0), baselines,
budgets in bolivianos (one with a single amount) and the ministry's own fields.
Then the exports, and the Spanish messages for bad values, through `rendicion check`.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import jsonschema
import pytest

from rendicion.exportschemas import content_schema

from .conftest import broken_links, built_site, check_edited, mkdocs_build, project_copy, replace_once

BOLIVIA = Path(__file__).parent / "fixtures" / "measures" / "bolivia"
NBSP = "\u00a0"


@pytest.fixture(scope="module")
def bolivia(tmp_path_factory):
    return built_site(tmp_path_factory, BOLIVIA, "bolivia")


def _figures(card) -> list[str]:
    return [li.get_text(" ", strip=True) for li in card.select(".rc-result__figures > li")]


def _dl(card, selector: str) -> dict[str, str]:
    return {div.dt.get_text(strip=True): div.dd.get_text(" ", strip=True) for div in card.select(f"{selector} > div")}


def _csv(run, name: str) -> list[dict[str, str]]:
    data = (run.site_dir / "datos" / name).read_bytes()
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


# -- the cards ------------------------------------------------------------------------------


def test_the_site_builds_with_no_broken_links(bolivia):
    assert broken_links(bolivia.site_dir) == []


def test_a_figure_with_a_target_shows_achieved_of_target_and_a_progress_bar(bolivia):
    card = bolivia.card("agua-potable", "2023-conexiones-domiciliarias")
    # Numbers as Bolivia writes them: 1.200, 116,7 %.
    assert _figures(card) == [
        "1.200 de 1.500 conexiones domiciliarias instaladas (80 %) · línea base: 400 80 %",
        "35 de 30 comités de agua capacitados (116,7 %) 116,7 %",
    ]
    bars = card.select(".rc-result__figures progress.rc-goal")
    assert [(b["max"], b["value"]) for b in bars] == [("1500", "1200"), ("30", "30")]  # exceeded: a full bar
    assert [b["aria-label"] for b in bars] == [
        "conexiones domiciliarias instaladas: 80 % de la meta", "comités de agua capacitados: 116,7 % de la meta"]
    assert card.select_one(".rc-result__figures strong").get_text() == "1.200"


def test_a_target_of_zero_has_no_percentage_and_a_baseline_alone_is_shown(bolivia):
    card = bolivia.card("agua-potable", "2023-calidad-del-agua")
    assert _figures(card) == ["2 brotes de enfermedades hídricas (meta: 0)", "480 muestras analizadas · línea base: 310"]
    assert card.select("progress") == []


def test_decimals_and_a_baseline_of_zero(bolivia):
    card = bolivia.card("riego", "2023-riego-tecnificado")
    assert _figures(card) == ["850,5 de 1.000 hectáreas bajo riego (85 %) · línea base: 0 85 %"]
    assert card.select_one("progress")["value"] == "850.5"


def test_budgets_in_the_locales_money_with_the_share_executed(bolivia):
    meta = _dl(bolivia.card("agua-potable", "2023-conexiones-domiciliarias"), "dl.rc-meta")
    assert meta["Presupuesto"] == f"Bs{NBSP}557.018 programado · Bs{NBSP}544.520,50 ejecutado (97,8 %)"
    assert _dl(bolivia.card("agua-potable", "2023-calidad-del-agua"), "dl.rc-meta")["Presupuesto"] \
        == f"Bs{NBSP}120.000 programado"
    assert _dl(bolivia.card("riego", "2023-riego-tecnificado"), "dl.rc-meta")["Presupuesto"] \
        == f"Bs{NBSP}2.350.000 ejecutado"
    assert "Presupuesto" not in _dl(bolivia.card("riego", "2023-cuencas"), "dl.rc-meta")


def test_details_are_a_definition_list_of_text(bolivia):
    card = bolivia.card("agua-potable", "2023-conexiones-domiciliarias")
    assert _dl(card, "dl.rc-details") == {
        "Código POA": "3.2.1", "Beneficiarios": "1.200 familias", "Municipios": "El Alto y Viacha"}
    assert bolivia.card("riego", "2023-cuencas").select("dl.rc-details") == []


def test_a_card_without_measures_is_unchanged(bolivia):
    card = bolivia.card("riego", "2023-cuencas")
    assert [str(li) for li in card.select(".rc-result__figures > li")] \
        == ["<li><strong>3</strong> planes directores aprobados</li>"]


# -- the exports ----------------------------------------------------------------------------


def test_the_figures_csv_has_targets_and_baselines(bolivia):
    rows = {(r["result_id"], r["label"]): r for r in _csv(bolivia, "cifras.csv")}
    assert [*next(iter(rows.values()))][:4] == ["result_id", "value", "target", "baseline"]
    first = rows[("2023-conexiones-domiciliarias", "conexiones domiciliarias instaladas")]
    assert (first["value"], first["target"], first["baseline"]) == ("1200", "1500", "400")
    assert rows[("2023-calidad-del-agua", "brotes de enfermedades hídricas")]["target"] == "0"
    samples = rows[("2023-calidad-del-agua", "muestras analizadas")]
    assert (samples["target"], samples["baseline"]) == ("", "310")
    assert rows[("2023-riego-tecnificado", "hectáreas bajo riego")]["value"] == "850.5"


def test_the_results_csv_has_budget_and_details_columns(bolivia):
    rows = {r["id"]: r for r in _csv(bolivia, "resultados.csv")}
    first = rows["2023-conexiones-domiciliarias"]
    assert (first["budget_planned"], first["budget_executed"], first["budget_currency"]) \
        == ("557018", "544520.5", "BOB")
    assert first["details"] == "Código POA: 3.2.1; Beneficiarios: 1.200 familias; Municipios: El Alto y Viacha"
    assert (rows["2023-riego-tecnificado"]["budget_planned"], rows["2023-riego-tecnificado"]["budget_executed"]) \
        == ("", "2350000")
    assert {rows["2023-cuencas"][k] for k in ("budget_planned", "budget_executed", "budget_currency", "details")} \
        == {""}
    # The area CSVs have the same columns.
    assert _csv(bolivia, "areas/riego.csv")[0]["details"] == "Programa: Mi Riego (MIRIEGO)"


def test_the_json_and_its_schema(bolivia):
    data = bolivia.site_dir / "datos"
    document = json.loads((data / "resultados.json").read_text(encoding="utf-8"))
    jsonschema.validate(document, json.loads((data / "resultados.schema.json").read_text(encoding="utf-8")))
    results = {r["id"]: r for r in document["results"]}
    first = results["2023-conexiones-domiciliarias"]
    assert first["budget"] == {"planned": 557018, "executed": 544520.5, "currency": "BOB"}
    assert first["details"][0] == {"label": "Código POA", "value": "3.2.1"}
    assert first["figures"][0] == {"value": 1200, "target": 1500, "baseline": 400, "unit": "conexiones",
                                    "label": "conexiones domiciliarias instaladas", "highlight": True}
    assert results["2023-cuencas"]["budget"] is None and results["2023-cuencas"]["details"] == []
    assert results["2023-riego-tecnificado"]["budget"]["planned"] is None


def test_the_data_package_validates(bolivia):
    frictionless = pytest.importorskip("frictionless")
    report = frictionless.validate(str(bolivia.site_dir / "datos" / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    package = json.loads((bolivia.site_dir / "datos" / "datapackage.json").read_text(encoding="utf-8"))
    fields = {r["name"]: {f["name"]: f["type"] for f in r["schema"]["fields"]} for r in package["resources"]}
    assert {k: fields["resultados"][k] for k in ("budget_planned", "budget_executed", "budget_currency", "details")} \
        == {"budget_planned": "number", "budget_executed": "number", "budget_currency": "string", "details": "string"}
    assert (fields["cifras"]["target"], fields["cifras"]["baseline"]) == ("number", "number")


def test_the_fixture_validates_against_the_editors_schema():
    validator = jsonschema.Draft202012Validator(content_schema(), format_checker=jsonschema.FormatChecker())
    for path in sorted((BOLIVIA / "results").rglob("*.yml")):
        validator.validate(load_yaml(path))


def load_yaml(path: Path):
    from rendicion.yamlfile import read_yaml

    document, problems = read_yaml(path, str(path))
    assert document is not None, problems
    return document.data


def test_detail_text_is_published_as_text_and_csv_cells_neutralised(tmp_path):
    project = project_copy(tmp_path, BOLIVIA)
    replace_once(project / "content/results/2023/riego.yml", '{label: Programa, value: "Mi Riego (MIRIEGO)"}',
             '{label: "<b>Programa</b>", value: "=HYPERLINK(\\"https://evil.example\\")"}\n'
             '    - {label: "=1+1", value: "<script>alert(1)</script>"}')
    run = mkdocs_build(project / "mkdocs.yml", project / "site")
    assert run.returncode == 0, run.output
    card = run.card("riego", "2023-riego-tecnificado")
    assert card.select("dl.rc-details b, dl.rc-details script") == []
    assert _dl(card, "dl.rc-details") == {"<b>Programa</b>": '=HYPERLINK("https://evil.example")',
                                          "=1+1": "<script>alert(1)</script>"}
    row = next(r for r in _csv(run, "resultados.csv") if r["id"] == "2023-riego-tecnificado")
    # A label after «; » starts a cell of its own where spreadsheets split on «;»: neutralised there too.
    assert row["details"] == '<b>Programa</b>: =HYPERLINK("https://evil.example"); \'=1+1: <script>alert(1)</script>'
    document = json.loads((run.site_dir / "datos" / "resultados.json").read_text(encoding="utf-8"))
    result = next(r for r in document["results"] if r["id"] == "2023-riego-tecnificado")
    assert result["details"][1] == {"label": "=1+1", "value": "<script>alert(1)</script>"}


# -- the Spanish messages -------------------------------------------------------------------




WATER = "results/2023/agua-potable.yml"
IRRIGATION = "results/2023/riego.yml"


@pytest.mark.parametrize(("file", "old", "new", "where", "message"), [
    (WATER, "target: 1500", "target: mil quinientas",
     f"{WATER}:9:21: figures[0].target [2023-conexiones-domiciliarias]", "se esperaba un número"),
    (WATER, "target: 1500", 'target: "1.500"',
     f"{WATER}:9:21: figures[0].target [2023-conexiones-domiciliarias]",
     "escriba el número solo con cifras"),
    (WATER, "baseline: 400", "baseline: -5",
     f"{WATER}:9:35: figures[0].baseline [2023-conexiones-domiciliarias]", "debe ser 0 o más; se encontró -5"),
    (WATER, "target: 1500", "target: .nan",
     f"{WATER}:9:21: figures[0].target [2023-conexiones-domiciliarias]", "se esperaba un número finito"),
    (WATER, "target: 1500", "target: 1e16",
     f"{WATER}:9:21: figures[0].target [2023-conexiones-domiciliarias]", "debe ser 1000000000000000 o menos"),
    (WATER, "currency: BOB}\n  details", "currency: XBS}\n  details",
     f"{WATER}:11:49: budget.currency [2023-conexiones-domiciliarias]",
     "«XBS» no es un código de moneda conocido; se esperaba un código de moneda de la norma ISO 4217"),
    (WATER, "currency: BOB}\n  details", "currency: Bs}\n  details",
     f"{WATER}:11:49: budget.currency [2023-conexiones-domiciliarias]", "«Bs» no tiene la forma esperada"),
    (WATER, "{planned: 120000, currency: BOB}", "{planned: 120000}",
     f"{WATER}:25:3: budget.currency [2023-calidad-del-agua]", "falta el campo obligatorio «currency»"),
    (WATER, "{planned: 120000, currency: BOB}", "{currency: BOB}",
     f"{WATER}:25:3: budget [2023-calidad-del-agua]",
     "falta la cantidad: indique planned (programado), executed (ejecutado) o ambas"),
    (WATER, "{planned: 120000, currency: BOB}", "{planned: .inf, currency: BOB}",
     f"{WATER}:25:12: budget.planned [2023-calidad-del-agua]", "se esperaba un número finito"),
    (WATER, "{planned: 120000, currency: BOB}", "{planned: 120000, currency: BOB, spent: 3}",
     f"{WATER}:25:44: budget.spent [2023-calidad-del-agua]", "campo desconocido «spent»"),
    (WATER, '{label: Código POA, value: "3.2.1"}', '{value: "3.2.1"}',
     f"{WATER}:13:7: details[0].label [2023-conexiones-domiciliarias]", "falta el campo obligatorio «label»"),
    (WATER, '{label: Código POA, value: "3.2.1"}', "{label: Código POA, value: 321}",
     f"{WATER}:13:27: details[0].value [2023-conexiones-domiciliarias]",
     'si es un texto, escríbalo entre comillas: "321"'),
    (WATER, '{label: Código POA, value: "3.2.1"}', '{label: "  ", value: "3.2.1"}',
     f"{WATER}:13:8: details[0].label [2023-conexiones-domiciliarias]", "no puede estar vacío"),
    (WATER, "{label: Municipios,", "{label: beneficiarios ,",
     f"{WATER}:15:8: details[2].label [2023-conexiones-domiciliarias]",
     "la etiqueta «beneficiarios» ya se usa en otro dato de este resultado"),
    (IRRIGATION, "  details:\n", "  details: Programa MIRIEGO\n  otros:\n",
     f"{IRRIGATION}:9:3: details [2023-riego-tecnificado]", "se esperaba una lista"),
], ids=["target-word", "target-separators", "baseline-negative", "target-nan", "target-too-big",
        "currency-unknown", "currency-symbol", "budget-without-currency", "budget-without-amount",
        "budget-inf", "budget-unknown-field", "detail-without-label", "detail-number", "detail-blank-label",
        "detail-repeated-label", "details-not-a-list"])
def test_bad_values_are_reported_in_spanish_with_their_place(tmp_path, file, old, new, where, message):
    status, output = check_edited(tmp_path, BOLIVIA, lambda content: replace_once(content / file, old, new))
    assert status == 1, output
    line = next((line for line in output.splitlines() if where in line), None)
    assert line is not None, output
    assert line.strip().startswith("content/") and message in line, output


def test_the_fixture_passes_check(tmp_path):
    status, output = check_edited(tmp_path, BOLIVIA, lambda content: None)
    assert status == 0, output


# -- in the browser -------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_cards_pass_axe_and_the_bars_are_named(bolivia, new_page, scheme):
    from axe_playwright_python.sync_playwright import Axe

    from .conftest import serve_directory

    with serve_directory(bolivia.site_dir) as url:
        page = new_page(color_scheme=scheme)
        page.goto(url + "areas/agua-potable/")
        bars = page.get_by_role("progressbar")
        assert bars.count() == 2
        assert bars.first.get_attribute("aria-label") == "conexiones domiciliarias instaladas: 80 % de la meta"
        assert bars.first.is_visible()
        violations = Axe().run(page).response["violations"]
        serious = [(v["id"], [n["html"][:80] for n in v["nodes"][:3]]) for v in violations
                   if v["impact"] in ("serious", "critical")]
        assert serious == []


def test_the_home_page_charts_how_far_each_figure_got_toward_its_target(bolivia):
    """Every figure with a target (not 0) is a bar, as a percentage of it, in the locale's digits;
    its table and description say the same."""
    home = bolivia.html("")
    chart = home.find("figure", attrs={"aria-labelledby": "grafico-metas-cumplidas-titulo"})
    assert chart is not None
    description = chart.find("desc").get_text()
    assert "conexiones domiciliarias instaladas (Conexiones domiciliarias de agua potable): 80" in description
    assert "comités de agua capacitados (Conexiones domiciliarias de agua potable): 116,7" in description
    assert "brotes" not in description  # a target of 0 gives no percentage
