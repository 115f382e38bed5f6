"""`rendicion import` of reports of other institutions: Markdown, Word, PDF and plain text.

Each fixture is a realistic report in a shape other than SEGOB's slides.
Every test checks how many results come out, that their texts are whole
paragraphs (not the last wrapped line), the areas they are filed under,
that every non-empty line is in a draft or in the printed list of ignored
lines, and that `rendicion check` accepts the drafts.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from rendicion.cli import main
from rendicion.importer import clean
from rendicion.readers import SourceLine, read_docx, read_pdf, text_lines
from rendicion.reportshapes import find_year, parse_document

from .conftest import SEED

INFORMES = Path(__file__).parent / "fixtures" / "informes"
MARKDOWN = INFORMES / "comite-agua-cochabamba-2023.md"
TEXT = INFORMES / "gerencias-acueductos-2019.txt"
SITE = 'institution:\n  name: Institución de prueba\nreport:\n  title: Informe\n  short_title: Informe\n  period: "{year}"\nlanguage: es\n'


def run(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(["import", *argv])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def drafts(out: Path) -> list[dict]:
    """The result entries written under `out`, in file order."""
    entries: list[dict] = []
    for path in sorted((out / "results").rglob("*.yml")):
        entries += yaml.safe_load(path.read_text(encoding="utf-8"))
    return entries


def area_names(out: Path) -> dict[str, str]:
    return {data["id"]: data["name"] for data in
            (yaml.safe_load(p.read_text(encoding="utf-8")) for p in (out / "areas").glob("*.yml"))}


def check_passes(out: Path, year: int, capsys) -> None:
    """`rendicion check` accepts the drafts once a site.yml is beside them."""
    (out / "site.yml").write_text(SITE.format(year=year), encoding="utf-8")
    status = main(["check", "--content", str(out)])
    captured = capsys.readouterr()
    assert status == 0, captured.err
    assert captured.out.startswith("Contenido correcto:")


def strings(value: object):
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)
    elif isinstance(value, dict) and set(value) == {"label", "value"}:  # a detail: its «Etiqueta: valor» line
        yield f"{value['label']}: {value['value']}"
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)


_MARKER = re.compile(r"^(?:#{1,6}|[-*•▪–◦]|\d{1,3}[.)]|[a-z][.)]|Resultado Nº \d+:?)\s+|\*\*")


def unaccounted(lines: list[SourceLine], out: Path, stdout: str) -> list[str]:
    """Non-empty input lines that are neither in a written draft nor listed as ignored (by where they are)."""
    written = " ".join(value for path in out.rglob("*.yml") if path.name != "site.yml"
                       for value in strings(yaml.safe_load(path.read_text(encoding="utf-8"))))
    written = " ".join(written.split())
    listed = {line.split(": ", 1)[0].strip() for line in stdout.splitlines() if line.startswith("  ")}
    missing = []
    for line in lines:
        text = " ".join(_MARKER.sub("", clean(line.text)).split())
        if text and line.where not in listed and text not in written:
            missing.append(f"{line.where}: {text}")
    return missing


# --- Markdown: a Bolivian water committee ---------------------------------------------------


def test_markdown_report_with_units_bullets_and_fields(tmp_path, capsys):
    out = tmp_path / "out"
    status, stdout, err = run(capsys, str(MARKDOWN), "--out", str(out), "--verbose")
    assert (status, err) == (0, "")
    assert stdout.startswith(f"Importados 9 resultados de 3 áreas en {out}/: 6 archivos escritos.")
    entries = drafts(out)
    assert len(entries) == 9 and {e["id"][:5] for e in entries} == {"2023-"}  # «Gestión 2023»
    assert sorted(area_names(out).values()) == ["Gestión del Servicio de Agua", "Saneamiento y Medio Ambiente",
                                                "Transparencia y Participación"]
    by_start = {e["text"].split()[0]: e for e in entries}
    # Three wrapped lines are one text; the fields under the bullet are its details.
    assert by_start["Ampliación"]["text"] == (
        "Ampliación de la red de distribución en 3,2 km hacia los barrios Villa Esperanza y Alto Tunari, "
        "con 214 nuevas conexiones domiciliarias.")
    assert by_start["Ampliación"]["details"] == [
        {"label": "Beneficiarios", "value": "214 familias (unas 890 personas)"},
        {"label": "Presupuesto", "value": "Bs 486.000"}]
    assert by_start["Construcción"]["details"][-2:] == [
        {"label": "Alcance", "value": "barrios Alto Tunari y Llave Mayu"},
        {"label": "Fecha de inicio", "value": "3 de abril de 2023"}]
    assert by_start["Habilitación"]["section"] == "atencion-a-socios"
    # A field after a blank line, under no result, is listed rather than glued to the last one.
    assert "  línea 48: Firma: Directiva 2022–2024 (dato sin resultado al que pertenezca)" in stdout
    assert "Firma" not in by_start["Publicación"]["text"]
    assert unaccounted(text_lines(MARKDOWN.read_text(encoding="utf-8")), out, stdout) == []
    check_passes(out, 2023, capsys)


# --- plain text, Latin-1: Costa Rican water utility with «Gerencia» units and numbered results ---


def test_latin1_text_with_gerencias_and_numbered_results(tmp_path, capsys):
    report = tmp_path / "informe.txt"
    report.write_bytes(TEXT.read_text(encoding="utf-8").encode("latin-1"))
    out = tmp_path / "out"
    status, stdout, err = run(capsys, str(report), "--out", str(out), "--verbose")
    assert (status, err) == (0, "")
    assert stdout.startswith(f"Importados 7 resultados de 2 áreas en {out}/ (leído como ")
    entries = drafts(out)
    assert {e["id"][:5] for e in entries} == {"2019-"}  # «año fiscal 2019»
    assert sorted(area_names(out).values()) == ["Gerencia de Operaciones", "Gerencia de Servicio al Cliente"]
    first = next(e for e in entries if e["text"].startswith("Rehabilitación"))
    assert first["text"].startswith("Rehabilitación de 14 km de tubería de asbesto cemento en los distritos de "
                                     "Ulloa y Mercedes, que reduce las roturas en la red.")
    assert first["items"] == ["distrito de San Francisco, 6 km", "distritos de Ulloa y Mercedes, 8 km"]
    assert unaccounted(text_lines(TEXT.read_text(encoding="utf-8")), out, stdout) == []
    check_passes(out, 2019, capsys)


# --- Word: a Panamanian institute's directorates ---------------------------------------------


def build_docx(path: Path) -> None:
    """A directorate report as a Word author writes it: styles, soft line breaks, a table."""
    from docx import Document

    document = Document()
    document.add_paragraph("Informe de Gestión 2022", style="Title")
    document.add_paragraph("Instituto para la Formación y Aprovechamiento de Recursos Humanos")
    document.add_paragraph("Dirección de Becas y Auxilios Económicos", style="Heading 1")
    document.add_paragraph("Resultado Nº 1: Pago del PASE-U en tres desembolsos")
    wrapped = document.add_paragraph("Se pagaron los tres desembolsos del Programa de Asistencia Social")
    wrapped.add_run().add_break()
    wrapped.add_run("Educativa Universal a estudiantes de escuelas oficiales y particulares de")
    wrapped.add_run().add_break()
    wrapped.add_run("todo el país.")
    document.add_paragraph("Beneficiarios: 612.000 estudiantes")
    document.add_paragraph("Resultado Nº 2: Becas de excelencia académica")
    document.add_paragraph("Concurso nacional de becas por puesto de honor y excelencia, con la convocatoria "
                           "en línea por primera vez.")
    document.add_paragraph("Provincias de Panamá y Colón", style="List Bullet")
    document.add_paragraph("Comarcas Ngäbe-Buglé y Guna Yala", style="List Bullet")
    table = document.add_table(rows=2, cols=2)
    for row, (label, value) in zip(table.rows, [("Presupuesto", "B/. 3.200.000"), ("Becas otorgadas", "4.812")]):
        row.cells[0].text, row.cells[1].text = label, value
    document.add_paragraph("Dirección de Crédito Educativo", style="Heading 1")
    document.add_paragraph("Créditos otorgados", style="Heading 2")
    document.add_paragraph("Aprobación de 1.140 créditos para estudios de licenciatura y posgrado en "
                           "universidades del país.", style="List Bullet")
    document.add_paragraph("Refinanciamiento de 380 créditos en mora con tasa preferencial.", style="List Bullet")
    document.add_paragraph("Oficina de Relaciones Públicas", style="Heading 1")
    document.add_paragraph("Campaña «Tu beca a un clic» en redes sociales y emisoras comunitarias.",
                           style="List Bullet")
    document.save(str(path))


def test_word_report_with_headings_results_and_a_table(tmp_path, capsys):
    report = tmp_path / "informe-ifarhu.docx"
    build_docx(report)
    out = tmp_path / "out"
    status, stdout, err = run(capsys, str(report), "--out", str(out), "--verbose")
    assert (status, err) == (0, "")
    assert stdout.startswith(f"Importados 5 resultados de 3 áreas en {out}/: 6 archivos escritos.")
    entries = drafts(out)
    names = area_names(out)
    assert sorted(names.values()) == ["Dirección de Becas y Auxilios Económicos", "Dirección de Crédito Educativo",
                                      "Oficina de Relaciones Públicas"]  # same heading level as the directorates
    first, second = [e for e in entries if e["area"] == "direccion-de-becas-y-auxilios-economicos"]
    assert first["title"] == "Pago del PASE-U en tres desembolsos"
    assert first["text"] == ("Pago del PASE-U en tres desembolsos\nSe pagaron los tres desembolsos del Programa de "
                             "Asistencia Social Educativa Universal a estudiantes de escuelas oficiales y "
                             "particulares de todo el país.")
    assert first["details"] == [{"label": "Beneficiarios", "value": "612.000 estudiantes"}]
    assert second["items"] == ["Provincias de Panamá y Colón", "Comarcas Ngäbe-Buglé y Guna Yala"]
    assert second["details"][-2:] == [{"label": "Presupuesto", "value": "B/. 3.200.000"},
                                      {"label": "Becas otorgadas", "value": "4.812"}]
    credit = [e for e in entries if e["area"] == "direccion-de-credito-educativo"]
    assert len(credit) == 2 and {e["section"] for e in credit} == {"creditos-otorgados"}
    assert "  párrafo 1: Informe de Gestión 2022 (título del documento)" in stdout
    assert {e["id"][:5] for e in entries} == {"2022-"}
    assert unaccounted(read_docx(report), out, stdout) == []
    check_passes(out, 2022, capsys)


# --- PDF: a city's commitments ----------------------------------------------------------------

PDF_PAGES = [
    [
        "Municipalidad de Heredia",
        "Informe de cumplimiento de compromisos - año fiscal 2019",
        "Eje 1: Movilidad y espacio público",
        "1. Construcción de 2,4 km de ciclovía entre el centro de Heredia y la",
        "Universidad Nacional, con señalización horizontal y vertical.",
        "Estado: cumplido",
        "2. Recuperación del parque Los Ángeles con iluminación LED y juegos",
        "infantiles accesibles.",
        "Estado: en ejecución (70 %)",
    ],
    [
        "Eje 2: Gestión ambiental",
        "1. Recolección selectiva de residuos valorizables en los cinco distritos",
        "del cantón, dos veces por semana.",
        "Toneladas recuperadas: 1.830",
        "2. Plantación de 3.000 árboles nativos en la zona protectora del río",
        "Pirro.",
    ],
]


def build_pdf(path: Path, pages: list[list[str]]) -> None:
    """A text-only PDF (Helvetica, Windows-1252) with one text line per entry: no PDF library needed."""
    objects = ["<< /Type /Catalog /Pages 2 0 R >>", "", "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
               "/Encoding /WinAnsiEncoding >>"]
    kids = []
    for lines in pages:
        body = "BT /F1 11 Tf 14 TL 50 780 Td " + " ".join(
            "(" + line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ") Tj T*" for line in lines
        ) + " ET"
        stream = body.encode("cp1252")
        objects.append(f"<< /Length {len(stream)} >>\nstream\n".encode("cp1252") + stream + b"\nendstream")
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents {len(objects)} 0 R "
                       "/Resources << /Font << /F1 3 0 R >> >> >>")
        kids.append(f"{len(objects)} 0 R")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>"
    data, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(data))
        data += f"{number} 0 obj\n".encode() + (body if isinstance(body, bytes) else body.encode("cp1252")) + b"\nendobj\n"
    xref = len(data)
    data += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    data += "".join(f"{offset:010d} 00000 n \n" for offset in offsets).encode()
    data += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    path.write_bytes(data)


def test_pdf_report_of_commitments_with_eje_units(tmp_path, capsys):
    report = tmp_path / "compromisos-heredia.pdf"
    build_pdf(report, PDF_PAGES)
    assert [line.text for line in read_pdf(report) if line.text.strip()] == [t for p in PDF_PAGES for t in p]
    out = tmp_path / "out"
    status, stdout, err = run(capsys, str(report), "--out", str(out), "--area-heading", "Eje", "--verbose")
    assert (status, err) == (0, "")
    assert stdout.startswith(f"Importados 4 resultados de 2 áreas en {out}/: 4 archivos escritos.")
    entries = drafts(out)
    assert sorted(area_names(out).values()) == ["Eje 1: Movilidad y espacio público", "Eje 2: Gestión ambiental"]
    assert [(e["text"], e["details"]) for e in entries if e["area"].startswith("eje-1")] == [
        ("Construcción de 2,4 km de ciclovía entre el centro de Heredia y la Universidad Nacional, con "
         "señalización horizontal y vertical.", [{"label": "Estado", "value": "cumplido"}]),
        ("Recuperación del parque Los Ángeles con iluminación LED y juegos infantiles accesibles.",
         [{"label": "Estado", "value": "en ejecución (70 %)"}]),
    ]
    assert "  página 1, línea 1: Municipalidad de Heredia (antes de la primera área)" in stdout
    assert {e["id"][:5] for e in entries} == {"2019-"}
    assert unaccounted(read_pdf(report), out, stdout) == []
    check_passes(out, 2019, capsys)


def test_without_the_area_heading_option_the_units_are_still_not_lost(tmp_path, capsys):
    report = tmp_path / "compromisos.pdf"
    build_pdf(report, PDF_PAGES)
    status, stdout, _ = run(capsys, str(report), "--out", str(tmp_path / "out"), "--verbose")
    assert status == 0
    assert stdout.splitlines()[1] == (
        "No se reconoció ningún título de área: todos los resultados quedaron en «Resultados». Si el informe "
        "nombra sus unidades de otro modo, indíquelo con --area-heading (p. ej. --area-heading \"Eje\").")
    assert "  página 1, línea 3: Eje 1: Movilidad y espacio público (dato sin resultado al que pertenezca)" in stdout
    assert unaccounted(read_pdf(report), tmp_path / "out", stdout) == []


@pytest.mark.parametrize("content", [b"%PDF-1.7\n" + bytes(range(256)) * 8, b"PK\x03\x04 no es un zip"],
                         ids=["pdf", "docx"])
def test_a_damaged_document_is_refused_with_a_message(tmp_path, capsys, content):
    report = tmp_path / ("informe.pdf" if content.startswith(b"%PDF") else "informe.docx")
    report.write_bytes(content)
    status, out, err = run(capsys, str(report), "--out", str(tmp_path / "out"))
    assert (status, out) == (1, "")
    assert err.startswith(f"No se pudo leer «{report}» como ") and err.endswith("No se escribió nada.\n")
    assert "Traceback" not in err and not (tmp_path / "out").exists()


def test_a_pdf_without_text_is_refused(tmp_path, capsys):
    report = tmp_path / "escaneado.pdf"
    build_pdf(report, [[]])
    status, _, err = run(capsys, str(report), "--out", str(tmp_path / "out"))
    assert status == 1
    assert err == (f"El PDF «{report}» no tiene texto (¿es un documento escaneado?): no hay nada que importar. "
                   "Pase el documento por un reconocimiento de texto (OCR) primero. No se escribió nada.\n")


def test_an_old_word_file_is_refused_with_what_to_do(tmp_path, capsys):
    report = tmp_path / "informe.doc"
    report.write_bytes(b"\xd0\xcf\x11\xe0")
    status, _, err = run(capsys, str(report), "--out", str(tmp_path / "out"))
    assert status == 1
    assert err == (f"«{report}» es un archivo .doc que no se puede importar: guárdelo como Word (.docx), PDF, "
                   "Markdown (.md) o texto (.txt) e impórtelo de nuevo.\n")


# --- SEGOB's own text in other spellings ------------------------------------------------------


def seed_variant(tmp_path: Path, old: str, new: str) -> Path:
    report = tmp_path / "variante.txt"
    report.write_text(re.sub(old, new, SEED.read_text(encoding="utf-8"), flags=re.MULTILINE), encoding="utf-8")
    return report


@pytest.mark.parametrize("old, new, extra", [
    (r"^- ", "• ", ()),
    (r"^- ", "▪ ", ()),
    (r"^Área de ", "Dirección de ", ()),
    (r"^Área de ", "Eje de ", ("--area-heading", "Eje")),
], ids=["bullet", "square", "direccion", "eje-option"])
def test_the_seed_in_other_spellings_still_gives_103_results(tmp_path, capsys, old, new, extra):
    status, out, _ = run(capsys, str(seed_variant(tmp_path, old, new)), "--out", str(tmp_path / "out"), *extra)
    assert status == 0
    assert out.startswith(f"Importados 103 resultados de 6 áreas en {tmp_path / 'out'}/")


def test_the_seed_in_latin1_is_read(tmp_path, capsys):
    report = tmp_path / "latin1.txt"
    text = SEED.read_text(encoding="utf-8")
    report.write_bytes(text.encode("latin-1", errors="replace"))
    status, out, err = run(capsys, str(report), "--out", str(tmp_path / "out"))
    assert (status, err) == (0, "")
    assert out.startswith(f"Importados 103 resultados de 6 áreas en {tmp_path / 'out'}/ (leído como ")


# --- the year ---------------------------------------------------------------------------------


@pytest.mark.parametrize("title, year", [
    ("Memoria 2017", 2017), ("Gestión 2023", 2023), ("Informe del año fiscal 2019", 2019),
    ("Resultados de enero–diciembre de 2022", 2022), ("2018", 2018),
    ("Informe 2021\nPeríodo 2021, presentado en 2022", 2021),
])
def test_the_year_is_read_as_reports_say_it(title, year):
    assert find_year(text_lines(f"{title}\n\n## Área de Prueba\n- Un resultado.\n")) == year


def test_a_year_in_the_first_line_is_enough(tmp_path, capsys):
    report = tmp_path / "informe.md"
    report.write_text("Informe de labores 2018\n\n## Unidad de Compras\n\n- Licitación pública de "
                      "uniformes escolares con 14 ofertas.\n", encoding="utf-8")
    status, out, err = run(capsys, str(report), "--out", str(tmp_path / "out"))
    assert (status, err) == (0, "")
    assert (tmp_path / "out" / "results" / "2018" / "unidad-de-compras.yml").is_file()


def test_no_results_exits_non_zero_and_explains(tmp_path, capsys):
    report = tmp_path / "acta.md"
    report.write_text("# Acta 2020\n\nSe reunió la directiva.\n", encoding="utf-8")
    status, out, err = run(capsys, str(report), "--out", str(tmp_path / "out"))
    assert (status, out) == (1, "")
    assert err.startswith(f"No se encontró ningún resultado en «{report}»; no se escribió nada.\n")
    assert not (tmp_path / "out").exists()


def test_lists_and_numbers_of_every_usual_kind():
    report = ("## Área de Prueba\n"
              "* Primero con asterisco.\n– Segundo con raya.\n◦ Tercero con círculo.\n"
              "1) Cuarto numerado\n   a. detalle del cuarto\n"
              "Resultado Nº 5 Quinto con etiqueta\nNombre: El quinto\n")
    draft = parse_document(text_lines(report))
    [area] = draft.areas
    assert [r.text for r in area.results] == ["Primero con asterisco.", "Segundo con raya.", "Tercero con círculo.",
                                              "Cuarto numerado", "Quinto con etiqueta"]
    assert area.results[3].items == ["detalle del cuarto"]
    assert area.results[4].title == "El quinto"
    assert draft.ignored == []


def test_a_result_label_alone_keeps_its_line_as_text():
    draft = parse_document(text_lines("## Dirección de Obras\n\nResultado Nº 1\n\nResultado Nº 2: Puente peatonal\n"))
    assert [(r.title, r.text) for r in draft.results] == [("Resultado Nº 1", "Resultado Nº 1"),
                                                          ("Puente peatonal", "Puente peatonal")]


def test_a_large_document_is_parsed_whole():
    """1,200 units, each with a result and a field: none lost (its speed is the benchmark's
    business, not a timed test's)."""
    units = 1200
    report = "# Informe 2020\n" + "".join(f"## Unidad de Prueba {n}\n- Resultado de la unidad {n}.\n"
                                           f"  Beneficiarios: {n}\n" for n in range(units))
    draft = parse_document(text_lines(report))
    assert len(draft.results) == units
    assert all(result.fields == [("Beneficiarios", str(n))] for n, result in enumerate(draft.results))


def test_a_wrapped_bullet_in_segob_shape_is_one_result(tmp_path, capsys):
    report = tmp_path / "informe.txt"
    report.write_text("Principales resultados alcanzados\ndurante el año 2018\nÁrea de Comunicaciones\n"
                      "PRINCIPALES RESULTADOS\n• Producción de boletines bimensuales y de la\nmemoria de labores.\n"
                      "• Segundo resultado.\nSección siguiente\n- Tercero.\n", encoding="utf-8")
    status, out, _ = run(capsys, str(report), "--out", str(tmp_path / "out"))
    assert status == 0
    assert [e["text"] for e in drafts(tmp_path / "out")] == [
        "Producción de boletines bimensuales y de la memoria de labores.", "Segundo resultado.", "Tercero."]
