"""macros/load.py: the real content loads; broken content is reported precisely."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from macros.errors import ContentError
from macros.load import load_content, term_anchor

from .conftest import CONTENT

FIXTURES = Path(__file__).parent / "fixtures" / "broken"

#: (fixture, line, field, words the message must contain)
BROKEN = [
    ("unknown_council", 5, "councils[0]", ["consejo desconocido «conasab»", "¿Quiso decir «conasav»?"]),
    ("duplicate_id", 5, "id", ["2018-conasav-plantaton", "ya se usa en content/results/2018/procesos-de-dialogo.yml"]),
    ("missing_title", 1, "title", ["falta el campo obligatorio «title»"]),
    ("wrong_type", 6, "figures[0].value", ["se esperaba un número", "«muchos»"]),
    ("syntax_error", 3, "", ["YAML no válido", "sangría"]),
]


def content_with(tmp_path: Path, name: str, text: str) -> Path:
    """A copy of the real content with one more results file."""
    root = tmp_path / "content"
    shutil.copytree(CONTENT, root)
    (root / "results" / "2018" / name).write_text(text, encoding="utf-8")
    return root


def problems_of(root: Path) -> list:
    with pytest.raises(ContentError) as raised:
        load_content(root)
    return raised.value.problems


def test_the_seed_report_loads_whole(content):
    assert len(content.results) == 103
    assert [a.id for a in content.areas] == [
        "procesos-de-dialogo", "fortalecimiento-de-capacidades", "es-calidad",
        "monitoreo-y-analisis", "asuntos-legales", "comunicaciones",
    ]
    assert [c.acronym for c in content.councils] == ["CONASAV", "CONED", "CNSCC"]
    assert {p.id for p in content.plans} == {"pess", "pese", "pes-sustentable", "agenda-2030"}
    assert content.years == (2018,)


def test_counts_per_area_match_the_report(content):
    counts = {a.id: len(content.results_of_area(a.id)) for a in content.areas}
    assert counts == {
        "procesos-de-dialogo": 33, "fortalecimiento-de-capacidades": 7, "es-calidad": 29,
        "monitoreo-y-analisis": 4, "asuntos-legales": 17, "comunicaciones": 13,
    }


def test_result_text_is_the_yaml_text_unchanged(content):
    raw = {}
    for path in sorted((CONTENT / "results").glob("*/*.yml")):
        raw.update({entry["id"]: entry for entry in yaml.safe_load(path.read_text(encoding="utf-8"))})
    assert set(raw) == {r.id for r in content.results}
    for result in content.results:
        assert result.text == raw[result.id]["text"]
        assert list(result.items) == raw[result.id].get("items", [])


def test_other_areas_report_for_councils(content):
    """Cross-links exist because areas other than Procesos de Diálogo report for councils."""
    legal = {c for r in content.results_of_area("asuntos-legales") for c in r.councils}
    assert legal == {"conasav", "cnscc", "coned"}
    assert "cnscc" in content.result("2018-reconocimiento-experiencias-exitosas").councils


def test_figures_are_structured(content):
    plantaton = content.result("2018-conasav-plantaton")
    assert [(f.value, f.unit) for f in plantaton.figures] == [
        (17_000_000, "árboles"), (390, "sitios"), (75, "%"), (6300, "USD"),
    ]
    assert content.result("2018-com-usuarios-redes").figures[0].value == 1555


@pytest.mark.parametrize("fixture, line, field, words", BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_content_names_file_line_and_field(tmp_path, fixture, line, field, words):
    root = content_with(tmp_path, "zz-prueba.yml", (FIXTURES / f"{fixture}.yml").read_text(encoding="utf-8"))
    [problem] = problems_of(root)
    assert problem.file == "content/results/2018/zz-prueba.yml"
    assert problem.line == line
    assert problem.field == field
    for word in words:
        assert word in problem.message
    assert f"content/results/2018/zz-prueba.yml:{line}:" in str(problem)


def test_all_problems_are_reported_at_once(tmp_path):
    text = "".join((FIXTURES / f"{name}.yml").read_text(encoding="utf-8") for name in
                   ("unknown_council", "missing_title", "wrong_type"))
    problems = problems_of(content_with(tmp_path, "zz-prueba.yml", text))
    assert [p.field for p in problems] == ["councils[0]", "title", "figures[0].value"]


def test_unknown_field_lists_the_known_ones(tmp_path):
    root = content_with(tmp_path, "zz.yml", "- id: 2018-x\n  title: T\n  text: X\n  area: comunicaciones\n  councills: [cnscc]\n")
    [problem] = problems_of(root)
    assert (problem.line, problem.field) == (5, "councills")
    assert "campo desconocido «councills»" in problem.message
    assert "¿Quiso decir «councils»?" in problem.message
    assert "title, text, area, section" in problem.message


def test_impossible_dates_and_unsafe_urls_are_refused(tmp_path):
    text = (
        "- id: 2018-x\n  title: T\n  text: X\n  area: comunicaciones\n  date: 2018-02-30\n"
        "  sources:\n    - {title: Fuente, url: \"javascript:alert(1)\"}\n"
    )
    problems = problems_of(content_with(tmp_path, "zz.yml", text))
    assert [(p.line, p.field) for p in problems] == [(5, "date"), (7, "sources[0].url")]
    assert "no es una fecha válida" in problems[0].message
    assert "http:// o https://" in problems[1].message


def test_ids_must_be_url_safe(tmp_path):
    problems = problems_of(content_with(tmp_path, "zz.yml", "- id: 2018 Año/../X\n  title: T\n  text: X\n  area: comunicaciones\n"))
    assert problems[0].field == "id"
    assert "no es un identificador válido" in problems[0].message


def test_unknown_section_of_the_area(tmp_path):
    root = content_with(tmp_path, "zz.yml", "- id: 2018-x\n  title: T\n  text: X\n  area: es-calidad\n  section: conasav\n")
    [problem] = problems_of(root)
    assert problem.field == "section"
    assert "apartado del área «es-calidad» desconocido «conasav»" in problem.message


def test_names_that_become_page_titles_cannot_carry_markup(tmp_path):
    root = tmp_path / "content"
    shutil.copytree(CONTENT, root)
    area = root / "areas" / "comunicaciones.yml"
    area.write_text(area.read_text(encoding="utf-8").replace(
        "short_name: Comunicaciones", "short_name: <img src=x onerror=alert(1)>"), encoding="utf-8")
    [problem] = problems_of(root)
    assert (problem.file, problem.field) == ("content/areas/comunicaciones.yml", "short_name")


def test_an_area_file_must_be_named_after_its_id(tmp_path):
    root = tmp_path / "content"
    shutil.copytree(CONTENT, root)
    (root / "areas" / "comunicaciones.yml").rename(root / "areas" / "comunicacion.yml")
    problems = problems_of(root)
    assert problems[0].file == "content/areas/comunicacion.yml"
    assert "se esperaba «comunicacion»" in problems[0].message


def test_glossary_term_repeating_a_partner_acronym_is_reported(tmp_path):
    root = tmp_path / "content"
    shutil.copytree(CONTENT, root)
    with (root / "glossary.yml").open("a", encoding="utf-8") as glossary:
        glossary.write("- term: COMURES\n  expansion: Otra cosa\n")
    [problem] = problems_of(root)
    assert problem.field == "term"
    assert "ya está definida" in problem.message


def test_missing_site_file(tmp_path):
    root = tmp_path / "content"
    root.mkdir()
    [problem] = problems_of(root)
    assert "site.yml" in problem.file


def test_term_anchor():
    assert term_anchor("O.E.") == "o-e"
    assert term_anchor("LPELP") == "lpelp"
    assert term_anchor("ÑÚ") == "nu"


SEED = CONTENT.parent.parent / "shared" / "seed" / "000_cc695f724f0064e2.txt"


@pytest.mark.skipif(not SEED.exists(), reason="the seed report lies beside the repository (../shared/seed)")
def test_every_text_is_verbatim_from_the_seed_report(content):
    """Nothing reworded: each text, item and lead is a line of the report, up to its
    bullet marker, Markdown bold and an escaped dollar sign."""
    lines = {
        re.sub(r"^(?:- )?(?:✓ )?(?:\d+\. )?", "", line.strip()).replace("**", "").replace("\\$", "$")
        for line in SEED.read_text(encoding="utf-8").splitlines()
    }
    for result in content.results:
        assert result.text in lines, result.id
        for item in result.items:
            assert item in lines, result.id
    for area in content.areas:
        for section in area.sections:
            assert section.lead is None or section.lead in lines


@pytest.mark.skipif(not SEED.exists(), reason="the seed report lies beside the repository (../shared/seed)")
def test_every_bullet_of_the_seed_report_is_a_result(content):
    """Nothing lost: each top-level bullet of the report is some result's text."""
    texts = {r.text for r in content.results}
    bullets = [
        re.sub(r"^- (?:✓ )?", "", line.strip()).replace("**", "").replace("\\$", "$")
        for line in SEED.read_text(encoding="utf-8").splitlines()
        if line.startswith("- ")
    ]
    assert len(bullets) == 99  # plus the four paragraphs of Monitoreo y Análisis
    assert [b for b in bullets if b not in texts] == []
    assert len(content.results_of_area("monitoreo-y-analisis")) == 4


def test_a_misplaced_file_is_reported_not_ignored(tmp_path):
    root = tmp_path / "content"
    shutil.copytree(CONTENT, root)
    (root / "resultados.yml").write_text("- id: x\n", encoding="utf-8")
    (root / "results" / "2018" / "notas.txt").write_text("x", encoding="utf-8")
    problems = problems_of(root)
    assert [p.file for p in problems] == ["content/resultados.yml", "content/results/2018/notas.txt"]
