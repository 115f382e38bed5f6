"""Spreadsheets both ways: `rendicion export` and `rendicion import hoja.xlsx|.csv`.

Real files, real commands: export SEGOB's results, edit cells as a comms team
would (openpyxl stands in for Excel and LibreOffice), import, and look at the
YAML bytes, the messages and the built site.
"""

from __future__ import annotations

import csv
import difflib
import hashlib
import io
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from rendicion.cli import main
from rendicion.load import load_content
from rendicion.yamledit import remove_key, set_value
from tests.conftest import mkdocs_build, project_copy

RESULT = "2018-com-archivo-digital"  # first result of content/results/2018/comunicaciones.yml
FILE = Path("content/results/2018/comunicaciones.yml")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return project_copy(tmp_path)


def cli(project: Path, *args: str) -> int:
    return main(["-f", str(project / "mkdocs.yml"), *args])


def snapshot(project: Path) -> dict[str, bytes]:
    root = project / "content"
    return {p.relative_to(project).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def tree_hash(project: Path) -> str:
    digest = hashlib.sha256()
    for name, data in snapshot(project).items():
        digest.update(name.encode() + b"\0" + data)
    return digest.hexdigest()


def changed_lines(before: dict[str, bytes], after: dict[str, bytes]) -> list[str]:
    """The diff of every file, as `-line` / `+line` (a `git diff` without context)."""
    lines = []
    for name in sorted(before.keys() | after.keys()):
        old = before.get(name, b"").decode("utf-8").splitlines()
        new = after.get(name, b"").decode("utf-8").splitlines()
        lines += [f"{name}: {line}" for line in difflib.unified_diff(old, new, lineterm="", n=0)
                  if line[:1] in "+-" and not line.startswith(("---", "+++"))]
    return lines


def edit_xlsx(path: Path, changes: dict[tuple[str, str], object]) -> None:
    """Set cells by (result id, column name), as a person in Excel would; text stays text."""
    book = load_workbook(path)
    sheet = book.active
    header = [c.value for c in sheet[1]]
    rows = {sheet.cell(r, 1).value: r for r in range(2, sheet.max_row + 1)}
    for (ident, column), value in changes.items():
        cell = sheet.cell(rows[ident], header.index(column) + 1)
        cell.value = value
        if isinstance(value, str) and not value.startswith("=FORMULA:"):
            cell.data_type = "s"
        elif isinstance(value, str):
            cell.value = "=" + value.removeprefix("=FORMULA:")  # a real formula cell
    book.save(path)


def test_xlsx_round_trip_edits_exactly_the_changed_fields_and_the_site_shows_them(project, tmp_path, capsys):
    sheet = tmp_path / "resultados.xlsx"
    assert cli(project, "export", str(sheet)) == 0
    assert "Escritos 103 resultados" in capsys.readouterr().out
    edit_xlsx(sheet, {(RESULT, "status"): "En curso", (RESULT, "progress"): 40})
    before = snapshot(project)

    assert cli(project, "import", str(sheet), "--dry-run") == 0
    assert "Simulación (--dry-run): no se escribió nada" in capsys.readouterr().out
    assert snapshot(project) == before

    assert cli(project, "import", str(sheet)) == 0
    out = capsys.readouterr().out
    assert "Sin cambios: 102" in out and "Actualizados: 1" in out and f"{RESULT}: status, progress" in out
    assert changed_lines(before, snapshot(project)) == [
        f"{FILE}: +  status: en-curso", f"{FILE}: +  progress: 40"]

    build = mkdocs_build(project / "mkdocs.yml", tmp_path / "site")
    assert build.returncode == 0, build.output
    card = build.card("comunicaciones", RESULT)
    assert "En curso" in card.get_text() and "Avance: 40 %" in card.get_text(" ", strip=True)

    # Importing the same sheet again changes nothing; exporting again is stable, byte for byte.
    assert cli(project, "import", str(sheet)) == 0
    assert "Sin cambios: 103" in capsys.readouterr().out
    again, third = tmp_path / "otra.xlsx", tmp_path / "tercera.xlsx"
    assert cli(project, "export", str(again)) == 0 and cli(project, "import", str(again)) == 0
    assert cli(project, "export", str(third)) == 0
    assert again.read_bytes() == third.read_bytes()


def test_export_refuses_to_overwrite_without_force_and_is_reproducible(project, tmp_path, capsys):
    sheet = tmp_path / "resultados.xlsx"
    assert cli(project, "export", str(sheet)) == 0
    first = sheet.read_bytes()
    assert cli(project, "export", str(sheet)) == 1
    assert f"Ya existe «{sheet}»; no se reemplazó. Use --force para reemplazarlo." in capsys.readouterr().err
    assert cli(project, "export", str(sheet), "--force") == 0
    assert sheet.read_bytes() == first
    header = [c.value for c in load_workbook(sheet).active[1]]
    site_csv = (mkdocs_build(project / "mkdocs.yml", tmp_path / "site").site_dir / "datos/resultados.csv")
    assert header == next(csv.reader(io.StringIO(site_csv.read_text(encoding="utf-8-sig"))))


def test_csv_from_excel_in_spanish_round_trip_with_hostile_text_published_escaped(project, tmp_path, capsys):
    sheet = tmp_path / "resultados.csv"
    assert cli(project, "export", str(sheet)) == 0
    rows = list(csv.reader(io.StringIO(sheet.read_text(encoding="utf-8-sig"))))
    header = rows[0]
    row = next(r for r in rows if r[0] == RESULT)
    hostile = '=HYPERLINK("http://x.example","clic") <script>alert(1)</script> {{ config }}'
    row[header.index("title")] = hostile
    row[header.index("progress")] = "97,5 %"
    # Excel set to Spanish saves «CSV (delimitado por punto y coma)» in Windows-1252.
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter=";", lineterminator="\r\n").writerows(rows)
    sheet.write_bytes(buffer.getvalue().encode("cp1252", errors="replace"))
    before = snapshot(project)

    assert cli(project, "import", str(sheet)) == 0
    out = capsys.readouterr().out
    assert "resultados.csv se leyó como Windows-1252." in out and f"{RESULT}: title, progress" in out
    assert changed_lines(before, snapshot(project)) == [
        f'{FILE}: -  title: "Archivo digital de seguimiento a los medios de comunicación"',
        f'{FILE}: +  title: "=HYPERLINK(\\"http://x.example\\",\\"clic\\") <script>alert(1)</script> {{{{ config }}}}"',
        f"{FILE}: +  progress: 97.5",
    ]
    build = mkdocs_build(project / "mkdocs.yml", tmp_path / "site")
    assert build.returncode == 0, build.output
    page = (build.site_dir / "areas/comunicaciones/index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert build.html("areas/comunicaciones/").find(id=RESULT).get_text(strip=True).startswith(
        '=HYPERLINK("http://x.example"')
    # The export neutralises that title for spreadsheets ('=HYPERLINK…) and the import reads it back as typed.
    again = tmp_path / "otra.csv"
    assert cli(project, "export", str(again)) == 0
    assert "'=HYPERLINK(" in again.read_text(encoding="utf-8-sig")
    after = snapshot(project)
    assert cli(project, "import", str(again)) == 0
    assert "Sin cambios: 103" in capsys.readouterr().out and snapshot(project) == after


def test_a_foreign_spreadsheet_with_a_column_mapping_creates_results_and_areas(project, tmp_path, capsys):
    book = Workbook()
    sheet = book.active
    sheet.append(["Código", "Nombre del logro", "Descripción", "Dirección responsable", "Consejo",
                  "Avance (%)", "Año", "Fecha de cierre"])
    sheet.append([None, "Talleres de planificación municipal", "Se realizaron 12 talleres con 1.555 personas.",
                  "Dirección de Planificación Territorial", "CONED", "97,76 %", 2018, "15/03/2018"])
    sheet.append(["2018-com-boletin", "Boletín digital", "Boletín mensual a medios.",
                  "Área de Comunicaciones", "", "100", "2018", "2018-12-01"])
    sheet.append([None, "Diálogo con juventudes", "Mesas de diálogo con juventudes en 14 departamentos.",
                  "dirección de planificación territorial", "Consejo de Juventudes", "", 2018, None])
    path = tmp_path / "logros-2018.xlsx"
    book.save(path)
    mapping = ("id=Código,title=Nombre del logro,text=Descripción,area=Dirección responsable,councils=Consejo,"
               "progress=Avance (%),year=Año,date=Fecha de cierre")

    assert cli(project, "import", str(path), "--columns", mapping) == 0
    out = capsys.readouterr().out
    assert "Nuevos: 3" in out
    assert "2018-talleres-de-planificacion-municipal → content/results/2018/direccion-de-planificacion-territorial.yml" in out
    assert "Áreas nuevas: 1" in out
    assert ("direccion-de-planificacion-territorial «Dirección de Planificación Territorial» → "
            "content/areas/direccion-de-planificacion-territorial.yml") in out
    assert "councils/consejo-de-juventudes «Consejo de Juventudes»" in out
    created = (project / "content/results/2018/direccion-de-planificacion-territorial.yml").read_text()
    assert "progress: 97.76" in created and "date: 2018-03-15" in created and "councils: [coned]" in created
    assert cli(project, "check") == 0
    assert "Contenido correcto: 106 resultados en 7 áreas." in capsys.readouterr().out


def test_bad_cells_are_all_reported_with_row_and_column_and_nothing_is_written(project, tmp_path, capsys):
    sheet = tmp_path / "resultados.xlsx"
    assert cli(project, "export", str(sheet)) == 0
    edit_xlsx(sheet, {
        (RESULT, "progress"): "mucho",
        (RESULT, "status"): "terminado",
        ("2018-com-entrevistas", "date"): "31/02/2018",
        ("2018-com-entrevistas", "title"): "",
        ("2018-com-materiales", "area"): "Otra área",
        ("2018-com-materiales", "text"): "=FORMULA:SUMA(A1:A3)",
    })
    before = tree_hash(project)
    capsys.readouterr()
    assert cli(project, "import", str(sheet)) == 1
    err = capsys.readouterr().err
    assert err.splitlines() == [
        "La hoja tiene 6 problemas; no se importó nada:",
        "  resultados.xlsx: fila 92, columna «status»: estado desconocido «terminado»; se esperaba uno de: "
        "planificado, en-curso, cumplido, suspendido",
        "  resultados.xlsx: fila 92, columna «progress»: se esperaba un número de 0 a 100 (dice «mucho»)",
        "  resultados.xlsx: fila 93, columna «date»: «31/02/2018» no es una fecha que exista",
        "  resultados.xlsx: fila 93, columna «title»: «title» no puede quedar vacío",
        "  resultados.xlsx: fila 95, columna «text»: la celda tiene una fórmula (=SUMA(A1:A3)); escriba el valor, "
        "no la fórmula",
        "  resultados.xlsx: fila 95, columna «area»: columna de solo lectura: el contenido dice «Área de "
        "Comunicaciones»; para cambiarla, edite el archivo YAML del resultado",
    ], err
    assert tree_hash(project) == before


def test_an_edit_the_content_would_refuse_is_reported_and_nothing_is_written(project, tmp_path, capsys):
    sheet = tmp_path / "resultados.xlsx"
    assert cli(project, "export", str(sheet)) == 0
    edit_xlsx(sheet, {(RESULT, "series"): "No Es Un Id", (RESULT, "progress"): 50})
    before = tree_hash(project)
    capsys.readouterr()
    assert cli(project, "import", str(sheet)) == 1
    err = capsys.readouterr().err
    assert "Con los cambios de resultados.xlsx, el contenido tendría 1 problema; no se importó nada:" in err
    assert "content/results/2018/comunicaciones.yml:" in err and "series" in err
    assert tree_hash(project) == before


def test_a_sheet_without_the_export_columns_asks_for_a_mapping(project, tmp_path, capsys):
    path = tmp_path / "otra.csv"
    path.write_text("codigo;nombre\n1;Algo\n", encoding="utf-8")
    assert cli(project, "import", str(path)) == 1
    assert "no tiene las columnas de «rendicion export» (falta «id»)" in capsys.readouterr().err
    assert cli(project, "import", str(path), "--columns", "title=titulo") == 1
    assert "«otra.csv» no tiene la columna «titulo»; sus columnas son: «codigo», «nombre»." in \
        capsys.readouterr().err


def test_yamledit_keeps_styles_and_everything_else():
    text = ('# comentario\n- id: a\n  title: "Uno"  # nota\n  text: >-\n    Texto largo.\n  area: x\n\n'
            '- id: b\n  title: Dos\n  text: "Otro"\n  area: x\n  councils:\n    - c1\n    - c2\n  date: 2018-01-01\n')
    edited = set_value(text, 0, "text", "Texto nuevo: sí", "f.yml")
    assert edited == text.replace("    Texto largo.", "    Texto nuevo: sí")
    edited = set_value(edited, 0, "title", 'Con "comillas"\ny salto', "f.yml")
    assert '  title: "Con \\"comillas\\"\\ny salto"  # nota\n' in edited
    edited = set_value(edited, 1, "councils", ["c3"], "f.yml")
    assert "  councils: [c3]\n  date: 2018-01-01\n" in edited
    edited = remove_key(edited, 1, "date", "f.yml")
    assert edited.endswith("  councils: [c3]\n")
    assert set_value(text, 0, "progress", 12.5, "f.yml").startswith(
        '# comentario\n- id: a\n  title: "Uno"  # nota\n  text: >-\n    Texto largo.\n  area: x\n  progress: 12.5\n\n')


def test_control_characters_in_a_csv_are_refused_with_row_and_column(project, tmp_path, capsys):
    sheet = tmp_path / "resultados.csv"
    assert cli(project, "export", str(sheet)) == 0
    rows = list(csv.reader(io.StringIO(sheet.read_text(encoding="utf-8-sig"))))
    row = next(i for i, r in enumerate(rows) if r[0] == RESULT)
    rows[row][rows[0].index("text")] = "Con un carácter \x07 invisible"
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    sheet.write_text(buffer.getvalue(), encoding="utf-8")
    before = tree_hash(project)
    capsys.readouterr()
    assert cli(project, "import", str(sheet)) == 1
    assert (f"resultados.csv: fila {row + 1}, columna «text»: carácter de control U+0007 no permitido; "
            "quítelo o escríbalo como texto") in capsys.readouterr().err
    assert tree_hash(project) == before


EXAMPLE = Path(__file__).resolve().parent.parent / "examples"
EXAMPLE_MAPPING = ("id=Código,title=Nombre del logro,text=Descripción,area=Dirección responsable,councils=Consejo,"
                   "status=Estado,progress=Avance,date=Fecha de cierre,year=Año")


def test_the_example_spreadsheet_is_current_and_imports_with_its_documented_mapping(project, capsys):
    import runpy

    generator = runpy.run_path(str(EXAMPLE / "generar_ejemplo.py"))
    from rendicion.sheets import write_xlsx

    # The same cells (the bytes also depend on whether openpyxl finds lxml installed).
    committed = load_workbook(EXAMPLE / "resultados-ejemplo.xlsx").active
    generated = load_workbook(io.BytesIO(write_xlsx(generator["HEADER"], generator["ROWS"]))).active
    assert [[c.value for c in row] for row in committed.iter_rows()] == \
        [[c.value for c in row] for row in generated.iter_rows()]
    assert EXAMPLE_MAPPING in (EXAMPLE / "generar_ejemplo.py").read_text(encoding="utf-8")
    before = tree_hash(project)
    assert cli(project, "import", str(EXAMPLE / "resultados-ejemplo.xlsx"), "--dry-run", "--columns", EXAMPLE_MAPPING) == 0
    assert tree_hash(project) == before
    assert cli(project, "import", str(EXAMPLE / "resultados-ejemplo.xlsx"), "--columns", EXAMPLE_MAPPING) == 0
    out = capsys.readouterr().out
    assert "Nuevos: 3" in out and "Áreas nuevas: 1" in out
    assert cli(project, "check") == 0


@pytest.mark.parametrize("typed, locale, number", [
    ("97,76 %", "es_BO", 97.76), ("97,76 %", "es_SV", 97.76), ("97.76", "es_SV", 97.76), ("40", "es_SV", 40),
    ("1.5", "es_BO", 1.5), (" 75 % ", "es_MX", 75),
])
def test_numbers_as_typed_in_spanish_speaking_countries(typed, locale, number):
    from rendicion.cellvalues import number as read_number
    from rendicion.sheets import Cell

    assert read_number(Cell(typed), locale) == number


def test_percent_cells_dates_and_bad_values():
    import datetime

    from rendicion.cellvalues import BadCell, date, number
    from rendicion.sheets import Cell

    assert number(Cell(0.9776, number_format="0.00%"), "es_SV") == 97.76
    assert date(Cell(datetime.datetime(2018, 3, 15))) == "2018-03-15"
    assert date(Cell("5/3/2018")) == "2018-03-05" and date(Cell("2018-03-15")) == "2018-03-15"
    for bad in ("1.555", "mucho", "-3", "150"):
        with pytest.raises(BadCell, match="se esperaba un número de 0 a 100"):
            number(Cell(bad), "es_BO")
    with pytest.raises(BadCell, match="se esperaba una fecha como 15/03/2018 o 2018-03-15"):
        date(Cell("marzo 2018"))


def test_an_export_with_absolute_addresses_imports_unchanged(project, tmp_path, capsys):
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert 'site_url: ""\n' in text
    config.write_text(text.replace('site_url: ""\n', "site_url: https://transparencia.example/segob/\n"),
                      encoding="utf-8")
    sheet = tmp_path / "resultados.csv"
    assert cli(project, "export", str(sheet)) == 0
    assert "https://transparencia.example/segob/resultados/2018-com-archivo-digital/" in sheet.read_text(
        encoding="utf-8-sig")
    assert cli(project, "import", str(sheet)) == 0
    assert "Sin cambios: 103" in capsys.readouterr().out


def test_a_foreign_csv_in_windows_1252_with_two_new_areas(project, tmp_path, capsys):
    path = tmp_path / "metas.csv"
    path.write_bytes("Meta;Detalle;Unidad;% avance;Año\r\n"
                     "Ferias de empleo;Tres ferias de empleo en San Miguel.;Dirección de Empleo;45,5;2018\r\n"
                     "Guía de trámites;Guía de trámites municipales en línea.;Unidad de Trámites;;2018\r\n"
                     .encode("cp1252"))
    assert cli(project, "import", str(path), "--columns",
               "title=Meta,text=Detalle,area=Unidad,progress=% avance,year=Año") == 0
    out = capsys.readouterr().out
    assert "metas.csv se leyó como Windows-1252." in out and "Áreas nuevas: 2" in out
    assert cli(project, "check") == 0
    assert "progress: 45.5" in (project / "content/results/2018/direccion-de-empleo.yml").read_text()


def test_a_file_that_is_not_a_spreadsheet_is_refused(project, tmp_path, capsys):
    path = tmp_path / "hoja.xlsx"
    path.write_bytes(b"PK\x03\x04 no es un libro")
    assert cli(project, "import", str(path)) == 1
    assert ("«hoja.xlsx» no es un libro de Excel (.xlsx) válido; ábralo y guárdelo de nuevo como «Libro de "
            "Excel (.xlsx)». No se importó nada.") in capsys.readouterr().err


def test_figure_values_are_updated_in_bulk_and_nothing_else_of_a_figure(project, tmp_path, capsys):
    """A quarter's new numbers typed over the export's «valor unidad (etiqueta)»: only those
    digits change in the YAML; a changed unit or a removed figure is refused with its place."""
    ident, file = "2018-conasav-vinculacion-poa", "content/results/2018/procesos-de-dialogo.yml"
    label = "21 unidades (Unidades de Planificación Institucional que vincularon su planificación)"
    sheet = tmp_path / "resultados.xlsx"
    assert cli(project, "export", str(sheet)) == 0
    capsys.readouterr()
    before = snapshot(project)
    edit_xlsx(sheet, {(ident, "figures"): label.replace("21", "25", 1)})
    assert cli(project, "import", str(sheet)) == 0
    assert f"{ident}: figures" in capsys.readouterr().out
    removed, added = changed_lines(before, snapshot(project))
    assert removed.replace("value: 21", "value: 25").replace(f"{file}: -", f"{file}: +") == added
    build = mkdocs_build(project / "mkdocs.yml", tmp_path / "site")
    assert build.returncode == 0, build.output
    card = build.card("procesos-de-dialogo", ident)
    assert "25 Unidades de Planificación Institucional" in card.get_text(" ", strip=True)

    edit_xlsx(sheet, {(ident, "figures"): label.replace("unidades", "talleres")})
    after = snapshot(project)
    assert cli(project, "import", str(sheet)) == 1
    err = capsys.readouterr().err
    assert "resultados.xlsx: fila 6, columna «figures»: cifra 1: se esperaba «… unidades (" in err
    assert "no se importó nada" in err
    assert snapshot(project) == after


# -- The outside review's cases -----------------------------------------------------------


def add_row(path: Path, cells: dict[str, object]) -> None:
    """Append a row to the exported sheet, by column name."""
    book = load_workbook(path)
    sheet = book.active
    header = [c.value for c in sheet[1]]
    sheet.append([cells.get(name) for name in header])
    book.save(path)


def test_a_row_added_without_id_is_imported_once_and_a_typo_in_its_area_is_an_error(project, tmp_path, capsys):
    sheet = tmp_path / "resultados.xlsx"
    assert cli(project, "export", str(sheet)) == 0
    add_row(sheet, {"title": "Campaña nueva", "text": "Se hizo una campaña nueva.", "area_id": "comunicaciones",
                    "year": 2018})
    assert cli(project, "import", str(sheet)) == 0 and "Nuevos: 1" in capsys.readouterr().out
    after_first = snapshot(project)
    assert cli(project, "import", str(sheet)) == 0  # the same sheet again: no copy of the new result
    assert "Nuevos: 0" in capsys.readouterr().out and snapshot(project) == after_first
    add_row(sheet, {"title": "Otro", "text": "Otro texto.", "area_id": "comunicacion", "year": 2018,
                    "figures": "3 talleres (talleres)"})
    assert cli(project, "import", str(sheet)) == 1
    err = capsys.readouterr().err
    assert "columna «area_id»: área desconocida «comunicacion»; ¿quiso decir «comunicaciones»?" in err
    assert snapshot(project) == after_first


def test_a_new_row_cannot_carry_what_only_the_yaml_holds_nor_a_changed_id(project, tmp_path, capsys):
    sheet = tmp_path / "resultados.xlsx"
    assert cli(project, "export", str(sheet)) == 0
    add_row(sheet, {"title": "Con cifras", "text": "Texto.", "area_id": "comunicaciones", "year": 2018,
                    "figures": "3 talleres (talleres)"})
    edit_xlsx(sheet, {(RESULT, "id"): "2018-otro-id"})
    before = snapshot(project)
    assert cli(project, "import", str(sheet)) == 1
    err = capsys.readouterr().err
    assert "un resultado nuevo no toma «figures» de la hoja" in err
    assert "el id «2018-otro-id» no existe y la fila repite el título de «2018-com-archivo-digital»" in err
    assert snapshot(project) == before


def test_merged_cells_are_refused_and_windows_line_endings_are_kept(project, tmp_path, capsys):
    sheet = tmp_path / "resultados.xlsx"
    assert cli(project, "export", str(sheet)) == 0
    book = load_workbook(sheet)
    book.active.merge_cells("Q2:Q3")
    book.save(tmp_path / "combinada.xlsx")
    before = snapshot(project)
    assert cli(project, "import", str(tmp_path / "combinada.xlsx")) == 1
    assert "tiene celdas combinadas (Q2:Q3)" in capsys.readouterr().err and snapshot(project) == before
    crlf = project / FILE
    crlf.write_bytes(crlf.read_bytes().replace(b"\n", b"\r\n"))
    edit_xlsx(sheet, {(RESULT, "status"): "Cumplido"})
    assert cli(project, "import", str(sheet)) == 0
    data = crlf.read_bytes()
    assert b"  status: cumplido\r\n" in data and data.count(b"\n") == data.count(b"\r\n")


def test_a_folded_text_is_edited_and_the_summary_names_what_the_sheet_does_not_use(project, tmp_path, capsys):
    yml = project / FILE
    yml.write_text(yml.read_text(encoding="utf-8").replace("  text: >-\n", "  text: >\n", 1), encoding="utf-8")
    sheet = tmp_path / "resultados.xlsx"
    assert cli(project, "export", str(sheet)) == 0
    edit_xlsx(sheet, {(RESULT, "text"): "Un texto corregido."})
    book = load_workbook(sheet)
    book.active.cell(1, book.active.max_column + 1).value = "Comentarios"
    book.active.delete_rows(book.active.max_row)
    book.save(sheet)
    assert cli(project, "import", str(sheet)) == 0
    out = capsys.readouterr().out
    assert f"{RESULT}: text" in out and "Columnas que no se usan: «Comentarios»" in out
    assert "Resultados que no están en la hoja: 1 (no se borran" in out
    assert load_content(project / "content").result(RESULT).text == "Un texto corregido."
    assert cli(project, "import", str(sheet), "--columns", "title=title,title=text") == 1
    assert "el campo «title» aparece dos veces" in capsys.readouterr().err
