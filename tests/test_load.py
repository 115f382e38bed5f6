"""rendicion/load.py: the real content loads; broken content is reported precisely."""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

import pytest
import yaml

from rendicion import contentfiles
from rendicion.errors import ContentError
from rendicion.load import load_content, term_anchor

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
    assert [c.acronym for c in content.members_of("councils")] == ["CONASAV", "CONED", "CNSCC"]
    assert {p.id for p in content.members_of("plans")} == {"pess", "pese", "pes-sustentable", "agenda-2030"}
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
    legal = {c for r in content.results_of_area("asuntos-legales") for c in r.memberships["councils"]}
    assert legal == {"conasav", "cnscc", "coned"}
    assert "cnscc" in content.result("2018-reconocimiento-experiencias-exitosas").memberships["councils"]


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


def test_a_misplaced_file_is_reported_not_ignored(tmp_path):
    root = tmp_path / "content"
    shutil.copytree(CONTENT, root)
    (root / "resultados.yml").write_text("- id: x\n", encoding="utf-8")
    (root / "results" / "2018" / "notas.txt").write_text("x", encoding="utf-8")
    problems = problems_of(root)
    assert [p.file for p in problems] == ["content/resultados.yml", "content/results/2018/notas.txt"]


# -- YAML 1.2 values reach the model unchanged -----------------------------------------

def test_numbers_are_read_as_yaml_1_2(tmp_path):
    root = tmp_path / "content"
    shutil.copytree(CONTENT, root)
    (root / "results" / "2018" / "zz.yml").write_text(
        "- id: 2018-x\n  title: No\n  text: 'on'\n  area: comunicaciones\n  items: [yes, 1:20, 1_000]\n"
        "  figures: [{value: 017, unit: u, label: l, highlight: true}, {value: 0x10, unit: u, label: l}]\n",
        encoding="utf-8")
    result = load_content(root).result("2018-x")
    assert (result.title, result.text, result.items) == ("No", "on", ("yes", "1:20", "1_000"))
    assert [(f.value, f.highlight) for f in result.figures] == [(17, True), (16, False)]


def test_a_number_where_text_is_expected_shows_how_it_was_written(tmp_path):
    [problem] = problems_of(content_with(tmp_path, "zz.yml", "- id: 2018-x\n  title: 0o17\n  text: X\n  area: comunicaciones\n"))
    assert (problem.line, problem.column, problem.field) == (2, 3, "title")
    assert problem.message == 'se esperaba texto; se encontró el número 15 (escrito «0o17»); si es un texto, escríbalo entre comillas: "0o17"'


# -- every entry of content/ is accounted for -----------------------------------------

def copy(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(CONTENT, root)
    return root


def test_a_link_inside_content_is_followed(tmp_path):
    root = copy(tmp_path)
    (root / ".borradores").mkdir()  # hidden folders are skipped, not reported
    (root / ".borradores" / "zz.yml").write_text(
        "- id: 2018-enlazado\n  title: T\n  text: X\n  area: comunicaciones\n", encoding="utf-8")
    (root / "results" / "2018" / "zz.yml").symlink_to("../../.borradores/zz.yml")
    (root / "results" / "2018" / ".DS_Store").write_bytes(b"\x00\x01")  # hidden, not YAML: skipped
    assert load_content(root).result("2018-enlazado").origin.file == "content/results/2018/zz.yml"


def test_links_out_of_content_are_refused_even_through_a_folder(tmp_path):
    root = copy(tmp_path)
    outside = tmp_path / "fuera"
    outside.mkdir()
    (outside / "x.yml").write_text("- id: 2018-fuera\n  title: T\n  text: X\n  area: comunicaciones\n", encoding="utf-8")
    (root / "results" / "2019").symlink_to(outside)
    (root / "results" / "2018" / "zz.yml").symlink_to(outside / "x.yml")
    problems = problems_of(root)
    assert [(p.file, p.line, p.column) for p in problems] == [
        ("content/results/2018/zz.yml", 1, 1), ("content/results/2019", 1, 1)]
    assert all("apunta fuera de content/" in p.message for p in problems)


def test_a_fifo_among_areas_is_reported_not_waited_on(tmp_path):
    root = copy(tmp_path)
    os.mkfifo(root / "areas" / "zz.yml")
    [problem] = problems_of(root)
    assert problem.file == "content/areas/zz.yml" and "FIFO" in problem.message


def test_an_unlistable_folder_is_reported(tmp_path, monkeypatch):
    root = copy(tmp_path)
    real_listdir = os.listdir

    def refusing(path):
        if Path(path) == root / "councils":
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_listdir(path)

    monkeypatch.setattr(contentfiles.os, "listdir", refusing)
    problems = problems_of(root)
    assert problems[0].file == "content/councils"
    assert problems[0].message == "no se puede leer la carpeta: permiso denegado"


@pytest.mark.parametrize("name, accepted", [
    ("1900", True), ("2100", True), ("1899", False), ("2101", False), ("0000", False),
    ("٢٠١٨", False), ("２０１８", False), ("218", False), ("02018", False), ("2018a", False),
])
def test_year_folders(tmp_path, name, accepted):
    root = copy(tmp_path)
    (root / "results" / name).mkdir()
    (root / "results" / name / "x.yml").write_text(
        f"- id: y{name.encode().hex()}\n  title: T\n  text: X\n  area: comunicaciones\n", encoding="utf-8")
    if accepted:
        assert int(name) in load_content(root).years
    else:
        [problem] = problems_of(root)
        assert problem.file == f"content/results/{name}"


@pytest.mark.parametrize("setup, file, words", [
    (lambda root: shutil.rmtree(root), "content", "no existe"),
    (lambda root: (shutil.rmtree(root), root.write_text("x")), "content", "es un archivo"),
    (lambda root: (root / "site.yml").unlink(), "content/site.yml", "falta el archivo site.yml"),
    (lambda root: ((root / "glossary.yml").unlink(), (root / "glossary.yml").mkdir()), "content/glossary.yml", "es una carpeta"),
    (lambda root: (shutil.rmtree(root / "results"), (root / "results").write_text("x")), "content/results", "es un archivo"),
    (lambda root: shutil.rmtree(root / "results"), "content/results", "falta la carpeta results/"),
    (lambda root: (root / "results" / "2019").write_text("x"), "content/results/2019", "es un archivo"),
    (lambda root: (root / "results" / "2018" / ".x.yaml").write_text("x"), "content/results/2018/.x.yaml", "archivo oculto"),
    (lambda root: (root / "results" / "2018" / "zz.yml").write_bytes(b"\x00" * 10), "content/results/2018/zz.yml", "carácter nulo"),
])
def test_every_broken_entry_is_a_problem_not_a_traceback(tmp_path, setup, file, words):
    root = copy(tmp_path)
    setup(root)
    problems = problems_of(root)
    assert problems[0].file == file and (problems[0].line, problems[0].column) == (1, 1)
    assert words in problems[0].message


def test_the_real_content_loads_as_before(content):
    """YAML 1.2 changes nothing in the real content: every figure is the number written."""
    values = [f.value for r in content.results for f in r.figures]
    assert all(isinstance(v, int) and not isinstance(v, bool) for v in values)
    assert len(content.results) == 103


def test_a_results_file_of_comments_only_publishes_nothing_yet(tmp_path, content):
    """A new area's file, or `rendicion init`'s commented model: no result, no error."""
    root = content_with(tmp_path, "zz.yml", "# Resultados del área, todavía sin publicar.\n# - id: 2018-x\n")
    assert len(load_content(root).results) == len(content.results)


def test_a_results_file_with_nothing_at_all_is_refused(tmp_path):
    """A file left empty may be a save that failed: it is reported, not read as «no results»."""
    problems = problems_of(content_with(tmp_path, "zz.yml", "\n"))
    assert any(p.file.endswith("zz.yml") and "vacío" in p.message for p in problems)
