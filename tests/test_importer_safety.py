"""`rendicion import` never loses or overwrites data, and never answers with a traceback.

Every refusal is checked for its exact message, its exit status, and that the
folder it would have written to is byte for byte as it was.
"""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

import pytest
import yaml

from rendicion import importing
from rendicion.cli import main
from rendicion.importer import clean, split_lines
from rendicion.yamlfile import read_yaml

from .conftest import SEED


HEADER = "Principales resultados alcanzados\ndurante el año 2018\n"


def snapshot(folder: Path) -> dict[str, str]:
    """Every file and folder under `folder`, with a hash of each file's bytes."""
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "dir"
        for path in sorted(folder.rglob("*"))
    }


def run(capsys, *argv: str) -> tuple[int, str, str]:
    """`rendicion import …` in-process: exit status, standard output and standard error."""
    status = main(["import", *argv])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def written_entries(out: Path) -> list[dict]:
    """All result entries in the drafts under `out`, read as `rendicion check` reads them."""
    entries: list[dict] = []
    for path in sorted((out / "results").rglob("*.yml")):
        document, problems = read_yaml(path, str(path))
        assert problems == [] and document is not None
        entries += document.data
    return entries


def refused(capsys, tmp_path: Path, report: Path, message: str, *extra: str) -> None:
    """The import of `report` fails with exactly `message` and changes nothing under `tmp_path`."""
    before = snapshot(tmp_path)
    status, out, err = run(capsys, str(report), "--out", str(tmp_path / "out"), *extra)
    assert (status, out, err) == (1, "", message + "\n")
    assert snapshot(tmp_path) == before


def area(heading: str, *bullets: str) -> str:
    return f"{heading}\nPRINCIPALES RESULTADOS\n" + "".join(f"- {b}\n" for b in bullets)


# --- areas never share a file ------------------------------------------------------------


def test_two_areas_with_the_same_heading_get_distinct_files(tmp_path, capsys):
    report = tmp_path / "informe.txt"
    report.write_text(HEADER + area("Área de Comunicaciones", "Primero.", "Segundo.")
                      + area("Área de Comunicaciones", "Tercero."), encoding="utf-8")
    status, out, err = run(capsys, str(report), "--out", str(tmp_path / "out"))
    assert (status, err) == (0, "")
    assert out.splitlines()[:2] == [
        f"Importados 3 resultados de 2 áreas en {tmp_path / 'out'}/: 4 archivos escritos. "
        "Revise títulos, relaciones y cifras antes de copiarlos a content/.",
        "«Área de Comunicaciones» (línea 7) se importó como «comunicaciones-2»: "
        "otra área tiene el mismo título o empieza con las mismas seis palabras.",
    ]
    results = tmp_path / "out" / "results" / "2018"
    assert sorted(p.name for p in results.iterdir()) == ["comunicaciones-2.yml", "comunicaciones.yml"]
    entries = written_entries(tmp_path / "out")
    assert [(e["id"], e["area"], e["text"]) for e in entries] == [
        ("2018-comunicaciones-2-1", "comunicaciones-2", "Tercero."),
        ("2018-comunicaciones-1", "comunicaciones", "Primero."),
        ("2018-comunicaciones-2", "comunicaciones", "Segundo."),
    ]
    assert len({e["id"] for e in entries}) == 3


def test_headings_equal_in_their_first_six_words_get_distinct_ids(tmp_path, capsys):
    long = "Área de Fortalecimiento de Capacidades en Gobernabilidad Democrática"
    report = tmp_path / "informe.txt"
    report.write_text(HEADER + area(f"{long} Nacional", "Uno.") + area(f"{long} Municipal", "Dos.")
                      + area(f"{long} Local", "Tres."), encoding="utf-8")
    status, out, _ = run(capsys, str(report), "--out", str(tmp_path / "out"))
    assert status == 0
    assert out.startswith(f"Importados 3 resultados de 3 áreas en {tmp_path / 'out'}/: 6 archivos escritos.")
    base = "fortalecimiento-de-capacidades-en-gobernabilidad-democratica"  # cut at six words
    assert sorted(p.stem for p in (tmp_path / "out" / "areas").iterdir()) == [base, f"{base}-2", f"{base}-3"]
    ids = [e["id"] for e in written_entries(tmp_path / "out")]
    # Result ids start with the id's first 30 characters: still distinct.
    assert sorted(ids) == ["2018-fortalecimiento-de-capacidades-1", "2018-fortalecimiento-de-capacidades-2-1",
                   "2018-fortalecimiento-de-capacidades-3-1"]


def test_the_summary_counts_the_entries_written(tmp_path, capsys):
    status, out, _ = run(capsys, str(SEED), "--out", str(tmp_path / "out"))
    assert status == 0
    entries = written_entries(tmp_path / "out")
    assert len(entries) == 103 and len({e["id"] for e in entries}) == 103
    assert out.startswith(f"Importados {len(entries)} resultados de 6 áreas en {tmp_path / 'out'}/: "
                          "12 archivos escritos.")


# --- existing files ------------------------------------------------------------------------


def test_existing_files_are_not_overwritten_without_force(tmp_path, capsys):
    out = tmp_path / "out"
    assert run(capsys, str(SEED), "--out", str(out))[0] == 0
    (out / "areas" / "comunicaciones.yml").write_text("# corregido a mano\n", encoding="utf-8")
    existing = sorted(p for p in out.rglob("*.yml"))
    refused(capsys, tmp_path, SEED, "\n".join([
        "No se escribió nada.",
        f"Estos {len(existing)} archivos ya existen y se sobrescribirían:",
        *(f"  {path}" for path in existing),
        "Use --force para escribir de todos modos, o elija otra carpeta con --out.",
    ]))


def test_one_existing_file_among_new_ones_stops_the_whole_import(tmp_path, capsys):
    target = tmp_path / "out" / "areas" / "comunicaciones.yml"
    target.parent.mkdir(parents=True)
    target.write_text("id: comunicaciones\n", encoding="utf-8")
    refused(capsys, tmp_path, SEED, "No se escribió nada.\nEste archivo ya existe y se sobrescribiría:\n"
            f"  {target}\nUse --force para escribir de todos modos, o elija otra carpeta con --out.")


def test_force_overwrites(tmp_path, capsys):
    out = tmp_path / "out"
    assert run(capsys, str(SEED), "--out", str(out))[0] == 0
    first = snapshot(out)
    (out / "areas" / "comunicaciones.yml").write_text("# corregido a mano\n", encoding="utf-8")
    status, stdout, err = run(capsys, str(SEED), "--out", str(out), "--force")
    assert (status, err) == (0, "")
    assert stdout.startswith(f"Importados 103 resultados de 6 áreas en {out}/: "
                             "12 archivos escritos, 12 de ellos sobrescritos.")
    assert snapshot(out) == first  # the same drafts again, and no staging file left behind


def test_the_published_content_folder_needs_force_even_for_new_files(tmp_path, capsys):
    content = tmp_path / "out"
    (content / "areas").mkdir(parents=True)
    (content / "site.yml").write_text("title: Sitio\n", encoding="utf-8")
    refused(capsys, tmp_path, SEED, "\n".join([
        "No se escribió nada.",
        f"«{content}» es una carpeta de contenido publicado (contiene {content / 'site.yml'}): los borradores "
        "se importan aparte (p. ej. --out borradores) para revisarlos antes de copiarlos.",
        "Use --force para escribir de todos modos, o elija otra carpeta con --out.",
    ]))
    assert run(capsys, str(SEED), "--out", str(content), "--force")[0] == 0
    assert len(written_entries(content)) == 103


def test_a_file_in_the_way_of_a_folder_stops_everything(tmp_path, capsys):
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "results").write_text("", encoding="utf-8")
    refused(capsys, tmp_path, SEED, "No se escribió nada: estas rutas impiden escribir los borradores:\n"
            f"  {tmp_path / 'out' / 'results'} existe y no es una carpeta", "--force")


# --- reading the report ----------------------------------------------------------------------

SPANISH = HEADER + area("Área de Comunicación", "Participación en la reunión de niños y señoras.",
                        "Difusión en «redes» — 1.555 usuarios; año 2018.")


def test_a_windows_1252_file_is_read_with_its_accents(tmp_path, capsys):
    for encoding in ("latin-1", "cp1252"):
        report = tmp_path / f"informe-{encoding}.txt"
        report.write_bytes(SPANISH.encode("cp1252"))
        out = tmp_path / encoding
        status, stdout, err = run(capsys, str(report), "--out", str(out))
        assert (status, err) == (0, "")
        assert stdout.startswith(f"Importados 2 resultados de 1 área en {out}/ (leído como windows-1252):")
        assert [e["text"] for e in written_entries(out)] == [
            "Participación en la reunión de niños y señoras.", "Difusión en «redes» — 1.555 usuarios; año 2018."]
        document, _ = read_yaml(out / "areas" / "comunicacion.yml", "areas")
        assert document.data["name"] == "Área de Comunicación"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8-sig", "utf-32", "utf-16-le"])
def test_unicode_files(tmp_path, capsys, encoding):
    report = tmp_path / "informe.txt"
    report.write_bytes(SPANISH.encode(encoding))
    status, stdout, _ = run(capsys, str(report), "--out", str(tmp_path / "out"))
    assert status == 0
    read_as = {"utf-16": " (leído como utf-16)", "utf-8-sig": "", "utf-32": " (leído como utf-32)",
               "utf-16-le": " (leído como utf-16-le)"}[encoding]  # the last one without a byte-order mark
    assert stdout.startswith(f"Importados 2 resultados de 1 área en {tmp_path / 'out'}/{read_as}:")
    assert written_entries(tmp_path / "out")[0]["text"] == "Participación en la reunión de niños y señoras."


@pytest.mark.parametrize("content", [
    b"%PDF-1.7\n" + bytes(range(256)) * 8,
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200),
    bytes(range(1, 32)) * 40,  # no NUL byte, but nothing but control characters
], ids=["pdf", "png", "controls"])
def test_a_binary_file_is_refused(tmp_path, capsys, content):
    # Named .txt: a .pdf goes to the PDF reader (tests/test_import_documents.py).
    report = tmp_path / "informe.txt"
    report.write_bytes(content)
    refused(capsys, tmp_path, report, f"«{report}» no parece un archivo de texto (¿un PDF, una imagen o un "
            "documento de Word?). Guarde el informe como texto (.txt) e impórtelo de nuevo.")


def test_a_missing_file(tmp_path, capsys):
    refused(capsys, tmp_path, tmp_path / "no-existe.txt", f"No existe el archivo «{tmp_path / 'no-existe.txt'}».")


def test_a_folder_as_the_report(tmp_path, capsys):
    (tmp_path / "carpeta").mkdir()
    refused(capsys, tmp_path, tmp_path / "carpeta",
            f"«{tmp_path / 'carpeta'}» es una carpeta; indique el archivo de texto del informe.")


@pytest.mark.parametrize("content", [b"", b"\n \n\t\n", b"\xef\xbb\xbf"], ids=["empty", "blank", "bom"])
def test_an_empty_file(tmp_path, capsys, content):
    report = tmp_path / "informe.txt"
    report.write_bytes(content)
    refused(capsys, tmp_path, report, f"El informe «{report}» está vacío: no hay nada que importar.")


def test_a_report_without_results(tmp_path, capsys):
    report = tmp_path / "informe.txt"
    report.write_text("Acta de la reunión\n\nSe aprobó el presupuesto\nÁrea de Comunicaciones\n", encoding="utf-8")
    refused(capsys, tmp_path, report, "\n".join([
        f"No se encontró ningún resultado en «{report}»; no se escribió nada.",
        "Se esperaba un informe con un título por área («Área de …», «Dirección de …», «## …» en Markdown "
        "o un estilo Título en Word; otros nombres con --area-heading, p. ej. --area-heading \"Eje\") "
        "y debajo cada resultado en una viñeta («- …», «• …»), numerado («1.», «Resultado Nº 1») "
        "o en un párrafo terminado en punto.",
    ]))


def test_a_report_without_a_year(tmp_path, capsys):
    report = tmp_path / "informe.txt"
    report.write_text(area("Área de Comunicaciones", "Uno."), encoding="utf-8")
    refused(capsys, tmp_path, report, "El informe no dice su año; indíquelo con --year AAAA. No se escribió nada.")
    assert run(capsys, str(report), "--out", str(tmp_path / "out"), "--year", "2019")[0] == 0
    assert (tmp_path / "out" / "results" / "2019" / "comunicaciones.yml").is_file()


def test_an_oversized_file_is_refused(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(importing, "MAX_BYTES", 1024 * 1024)
    report = tmp_path / "informe.txt"
    report.write_bytes(b"x" * (1024 * 1024 + 1))
    refused(capsys, tmp_path, report, f"«{report}» ocupa 1.0 MB; el límite es 1 MB. Un informe de texto es "
            "mucho menor: ¿es el archivo correcto? Si lo es, divídalo en partes.")


# --- what is written --------------------------------------------------------------------------

HOSTILE = [
    "clave: valor con dos puntos",
    "texto # con almohadilla",
    "\"entre comillas\" y 'simples'",
    "- guion inicial",
    "* asterisco inicial",
    "@arroba inicial y `acento grave`",
    "{{ macro }} y {% bloque %} y {# comentario #}",
    "control \x01 campana \x07 escape \x1b[31m rojo",
    "tabulador\tmedio y salto\x0cde página",
    "barra \\ invertida y \\n literal",
    "&ancla *alias !etiqueta ?pregunta |tubería >mayor %por",
    "NEL\x85 separador\u2028párrafo\u2029 marca\ufeff borrado\x7f",
    "yes", "null", "2018-01-01", "0x1F", "~", "[lista, no]", "{mapa: no}",
    "emoji 😀 y no-carácter \U0001fffe",
    "---",
    "...",
]
#: What the drafts hold: spacing controls become spaces, the other invisible
#: control characters (which content files refuse) are dropped.
IMPORTED = [
    *HOSTILE[:7],
    "control  campana  escape [31m rojo",
    "tabulador\tmedio y salto de página",
    *HOSTILE[9:11],
    "NEL  separador párrafo  marca\ufeff borrado",
    *HOSTILE[12:],
]


def test_hostile_texts_round_trip(tmp_path, capsys):
    report = tmp_path / "informe.txt"
    report.write_text(HEADER + "Área de Pruebas: \"raras\" # y más\nPRINCIPALES RESULTADOS\n"
                      + "".join(f"- {text}\n" for text in HOSTILE)
                      + "    1. sub: ítem # con \"todo\" {{ raro }}\n", encoding="utf-8")
    status, out, err = run(capsys, str(report), "--out", str(tmp_path / "out"))
    assert (status, err) == (0, ""), err
    entries = written_entries(tmp_path / "out")
    assert [e["text"] for e in entries] == IMPORTED
    assert "Se quitaron 4 caracteres de control invisibles" in out
    assert entries[-1]["items"] == ["sub: ítem # con \"todo\" {{ raro }}"]
    assert all(e["title"] == " ".join(e["text"].split()[:10]) for e in entries if len(e["text"].split()) <= 10)
    [areas_file] = (tmp_path / "out" / "areas").iterdir()
    document, problems = read_yaml(areas_file, "areas")
    assert problems == [] and document.data["name"] == "Área de Pruebas: \"raras\" # y más"


def test_every_line_is_in_a_draft_or_in_the_list_of_ignored_lines(tmp_path, capsys):
    status, out, _ = run(capsys, str(SEED), "--out", str(tmp_path / "out"), "--verbose")
    assert status == 0
    written: set[str] = set()
    for path in (tmp_path / "out").rglob("*.yml"):
        written |= {value for value in _strings(yaml.safe_load(path.read_text(encoding="utf-8")))}
    listed = {int(line.split(":")[0].removeprefix("  línea ")) for line in out.splitlines()
              if line.startswith("  línea ")}
    missing = []
    for number, line in enumerate(split_lines(SEED.read_text(encoding="utf-8-sig")), start=1):
        text = clean(line)
        if text and number not in listed and not any(text.removeprefix("- ").removeprefix("✓ ") in value
                                                     or value in text for value in written if len(value) > 3):
            missing.append((number, text))
    assert missing == []
    assert "  línea 113: Consejo Nacional de Seguridad Ciudadana y Convivencia (CNSCC) (título sin resultados debajo)" in out


def test_ignored_lines_are_listed_with_numbers_and_shortened_without_verbose(tmp_path, capsys):
    status, out, _ = run(capsys, str(SEED), "--out", str(tmp_path / "out"))
    assert status == 0
    assert out.splitlines()[1:] == [
        "91 líneas del informe no están en los borradores (85 son encabezados de diapositiva):",
        "  línea 61: Consejo Nacional de Sustentabilidad Ambiental y Vulnerabilidad (CONASAV) "
        "(título repetido de la sección anterior)",
        "  línea 77: Consejo Nacional de Educación (CONED) (título repetido de la sección anterior)",
        "  línea 103: Consejo Nacional de Seguridad Ciudadana y Convivencia (CNSCC) "
        "(título repetido de la sección anterior)",
        "  línea 113: Consejo Nacional de Seguridad Ciudadana y Convivencia (CNSCC) (título sin resultados debajo)",
        "  línea 117: CNSCC incidió en la política pública: (título sin resultados debajo)",
        "  línea 147: Programa de Apoyo a la Gobernabilidad Municipal (nombre de programa repetido)",
        "  … y 85 más; use --verbose para verlas todas.",
    ]


def _strings(value: object):
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)


# --- time -------------------------------------------------------------------------------------


def synthetic_report(sections: int) -> str:
    """The seed's bullets, one per section, under a few areas.

    Many sections in one area made the old parser quadratic: it scanned all
    the area's results for every heading and every section.
    """
    bullets = [line for line in SEED.read_text(encoding="utf-8").splitlines() if line.startswith("- ")]
    parts = [HEADER]
    for number in range(2):
        parts.append(f"Área de Prueba número {number}\n")
        parts += [f"Sección {section} del área:\n{bullets[section % len(bullets)]}\n" for section in range(sections)]
    return "".join(parts)


def test_a_large_report_is_imported_in_linear_time(tmp_path, capsys):
    timings, counts = [], []
    for sections in (1000, 4000):
        report = tmp_path / f"informe-{sections}.txt"
        report.write_text(synthetic_report(sections), encoding="utf-8")
        start = time.perf_counter()
        status, out, _ = run(capsys, str(report), "--out", str(tmp_path / f"out-{sections}"))
        timings.append(time.perf_counter() - start)
        assert status == 0
        counts.append(len(written_entries(tmp_path / f"out-{sections}")))
        assert out.startswith(f"Importados {counts[-1]} resultados de 2 áreas")
    assert counts[1] == 4 * counts[0]
    assert timings[1] / timings[0] < 8, timings
