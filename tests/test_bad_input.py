"""A corpus of broken and hostile content: each gets a clear message, a non-zero
exit, no traceback, and nothing written (`rendicion build`, in-process)."""

from __future__ import annotations

import json
import time
import tracemalloc
from pathlib import Path
from typing import Callable

import pytest

from macros.cli import main

from .conftest import project_copy

VALID = "- id: 2018-prueba\n  title: Un resultado\n  text: Texto de prueba.\n  area: comunicaciones\n"


def results(text: str, name: str = "zz.yml", year: str = "2018") -> Callable[[Path], None]:
    def setup(project: Path) -> None:
        folder = project / "content" / "results" / year
        folder.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return setup


def raw(data: bytes, name: str = "zz.yml") -> Callable[[Path], None]:
    def setup(project: Path) -> None:
        (project / "content" / "results" / "2018" / name).write_bytes(data)
    return setup


def edit(relative: str, old: str, new: str) -> Callable[[Path], None]:
    def setup(project: Path) -> None:
        path = project / "content" / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, (relative, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return setup


def without(field: str) -> Callable[[Path], None]:
    lines = [line for line in VALID.splitlines() if not line.lstrip("- ").startswith(f"{field}:")]
    text = "\n".join(lines) + "\n"
    if not text.startswith("-"):
        text = "- " + text.lstrip()
    return results(text)


def field(line: str) -> Callable[[Path], None]:
    return results(VALID + line + "\n")


LAUGHS = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(9)
)

#: (case, setup, where the message must point, words it must contain)
CASES = [
    ("yaml-syntax", results("- id: 2018-x\n  title: T\n   text: mal\n"), "zz.yml:3:", ["YAML no válido", "sangría"]),
    ("tab", results("- id: 2018-x\n\ttitle: T\n"), "zz.yml:2:", ["tabulador"]),
    ("not-utf8", raw("- id: 2018-x\n  title: Educación\n".encode("latin-1")), "zz.yml:2:", ["UTF-8"]),
    ("empty-file", results(""), "zz.yml:1:", ["vacío"]),
    ("mapping-not-list", results("id: 2018-x\ntitle: T\n"), "zz.yml:1:", ["se esperaba una lista"]),
    ("missing-id", without("id"), "zz.yml:1:", ["falta el campo obligatorio «id»"]),
    ("missing-title", without("title"), "zz.yml:1:", ["falta el campo obligatorio «title»"]),
    ("missing-text", without("text"), "zz.yml:1:", ["falta el campo obligatorio «text»"]),
    ("missing-area", without("area"), "zz.yml:1:", ["falta el campo obligatorio «area»"]),
    ("number-for-text", results(VALID.replace("title: Un resultado", "title: 123")), "zz.yml:2:", ["se esperaba texto", "el número 123"]),
    ("text-for-number", field("  figures: [{value: muchos, unit: u, label: l}]"), "zz.yml:5:", ["se esperaba un número"]),
    ("list-for-scalar", results(VALID.replace("area: comunicaciones", "area: [comunicaciones]")), "zz.yml:4:", ["se esperaba texto", "una lista"]),
    ("unknown-area", results(VALID.replace("area: comunicaciones", "area: comunicacion")), "zz.yml:4:", ["área desconocida «comunicacion»", "¿Quiso decir «comunicaciones»?"]),
    ("unknown-council", field("  councils: [conasab]"), "zz.yml:5:", ["consejo desconocido «conasab»", "«conasav»"]),
    ("unknown-plan", field("  plans: [pes]"), "zz.yml:5:", ["plan desconocido «pes»"]),
    ("unknown-partner", field("  partners: [comure]"), "zz.yml:5:", ["socio desconocido «comure»", "«comures»"]),
    ("duplicate-id-in-file", results(VALID + VALID), "zz.yml:5:", ["ya se usa en content/results/2018/zz.yml:1"]),
    ("duplicate-id-across-files", results(VALID.replace("2018-prueba", "2018-conasav-plantaton")), "zz.yml:1:", ["procesos-de-dialogo.yml"]),
    ("duplicate-id-across-years", results(VALID.replace("2018-prueba", "2018-conasav-plantaton"), year="2019"), "2019/zz.yml:1:", ["ya se usa"]),
    ("id-with-space", results(VALID.replace("2018-prueba", "2018 prueba")), "zz.yml:1:", ["no es un identificador válido"]),
    ("id-with-capitals", results(VALID.replace("2018-prueba", "2018-Prueba")), "zz.yml:1:", ["no es un identificador válido"]),
    ("id-with-slash", results(VALID.replace("2018-prueba", "2018/prueba")), "zz.yml:1:", ["no es un identificador válido"]),
    ("id-with-dotdot", results(VALID.replace("2018-prueba", "../prueba")), "zz.yml:1:", ["no es un identificador válido"]),
    ("id-non-ascii", results(VALID.replace("2018-prueba", "2018-educación")), "zz.yml:1:", ["no es un identificador válido"]),
    ("invalid-date", field("  date: 2018-13-01"), "zz.yml:5:", ["«2018-13-01» no es una fecha válida"]),
    ("impossible-date", field("  date: 2018-02-30"), "zz.yml:5:", ["«2018-02-30» no es una fecha válida"]),
    ("negative-figure", field("  figures: [{value: -5, unit: u, label: l}]"), "zz.yml:5:", ["debe ser 0 o más"]),
    ("infinite-figure", field("  figures: [{value: .inf, unit: u, label: l}]"), "zz.yml:5:", ["número finito"]),
    ("unknown-field", field("  councills: [cnscc]"), "zz.yml:5:", ["campo desconocido «councills»", "los campos válidos son: id, title, text"]),
    ("billion-laughs", results(LAUGHS), "zz.yml:2:", ["alias"]),
    ("python-tag", results("- id: !!python/object/apply:os.system ['echo hola']\n"), "zz.yml:1:", ["etiqueta YAML no permitida"]),
    ("javascript-url", field("  sources: [{title: x, url: 'javascript:alert(1)'}]"), "zz.yml:5:", ["debe empezar por http:// o https://"]),
    ("data-url", field("  sources: [{title: x, url: 'data:text/html,<script>alert(1)</script>'}]"), "zz.yml:5:", ["http:// o https://"]),
    ("duplicate-key", results(VALID + "  title: Otra vez\n"), "zz.yml:5:", ["está repetido"]),
    ("two-documents", results(VALID + "---\n" + VALID), "zz.yml:5:", ["más de un documento"]),
    ("deep-nesting", results("- id: 2018-x\n  items: " + "[" * 60 + "]" * 60 + "\n"), "zz.yml:2:", ["anida"]),
    ("markup-in-area-name", edit("areas/comunicaciones.yml", "short_name: Comunicaciones", "short_name: <b>Comunicaciones</b>"),
     "areas/comunicaciones.yml:", ["contiene < o >"]),
    ("jinja-in-area-name", edit("areas/comunicaciones.yml", "short_name: Comunicaciones", "short_name: \"Comunicaciones {{ config }}\""),
     "areas/comunicaciones.yml:", ["llaves de plantilla"]),
    ("misplaced-file", raw(b"x", name="notas.txt"), "results/2018/notas.txt:1:", ["solo se esperan archivos .yml"]),
    ("unknown-section", field("  section: conasav"), "zz.yml:5:", ["apartado del área «comunicaciones» desconocido"]),
]


@pytest.mark.parametrize("case, setup, where, words", CASES, ids=[c[0] for c in CASES])
def test_bad_input_is_refused_clearly(tmp_path, capsys, case, setup, where, words):
    project = project_copy(tmp_path)
    setup(project)
    site = tmp_path / "site"
    started = time.perf_counter()
    status = main(["-f", str(project / "mkdocs.yml"), "build", "-d", str(site)])
    err = capsys.readouterr().err
    assert status == 1
    assert where in err, err
    for word in words:
        assert word in err, err
    assert "Traceback" not in err
    assert "No se publicó nada" in err
    assert not site.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".site")] == []  # no staging left
    assert time.perf_counter() - started < 10


def test_billion_laughs_is_refused_quickly_in_little_memory(tmp_path):
    from macros.yamlfile import parse_yaml

    tracemalloc.start()
    started = time.perf_counter()
    document, problems = parse_yaml(LAUGHS, "zz.yml")
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert document is None and problems
    assert elapsed < 1
    assert peak < 5 * 1024 * 1024


def test_a_byte_order_mark_is_accepted(tmp_path, capsys):
    project = project_copy(tmp_path)
    raw(b"\xef\xbb\xbf" + VALID.encode("utf-8"))(project)
    assert main(["-f", str(project / "mkdocs.yml"), "check"]) == 0
    assert "104 resultados" in capsys.readouterr().out


def test_a_very_large_text_is_published_whole(tmp_path):
    project = project_copy(tmp_path)
    text = ("Texto largo con tildes: educación, participación. " * 21000)[:1_000_000]
    results(f"- id: 2018-enorme\n  title: Texto de un mega\n  text: {json.dumps(text)}\n  area: comunicaciones\n")(project)
    assert main(["-f", str(project / "mkdocs.yml"), "build", "-d", str(tmp_path / "site")]) == 0
    document = json.loads((tmp_path / "site" / "datos" / "resultados.json").read_text(encoding="utf-8"))
    assert next(r for r in document["results"] if r["id"] == "2018-enorme")["text"] == text


def test_a_file_with_50000_results_is_checked_without_crashing(tmp_path, capsys):
    project = project_copy(tmp_path)
    entries = "".join(
        f"- id: 2018-masivo-{n}\n  title: Resultado {n}\n  text: Texto del resultado número {n}.\n"
        f"  area: comunicaciones\n  councils: [cnscc]\n"
        for n in range(50_000)
    )
    results(entries)(project)
    started = time.perf_counter()
    assert main(["-f", str(project / "mkdocs.yml"), "check"]) == 0
    assert "50103 resultados" in capsys.readouterr().out
    assert time.perf_counter() - started < 60


PAYLOAD = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def test_markup_payloads_are_escaped_in_html_json_and_feed(tmp_path):
    project = project_copy(tmp_path)
    results(
        f"- id: 2018-hostil\n  title: {json.dumps(PAYLOAD)}\n  text: {json.dumps(PAYLOAD)}\n"
        f"  area: comunicaciones\n  councils: [cnscc]\n  items: [{json.dumps(PAYLOAD)}]\n"
        f"  figures: [{{value: 1, unit: {json.dumps(PAYLOAD)}, label: {json.dumps(PAYLOAD)}}}]\n"
    )(project)
    site = tmp_path / "site"
    assert main(["-f", str(project / "mkdocs.yml"), "build", "-d", str(site)]) == 0
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "<script>alert" not in html and "onerror=alert(1)>" not in html.replace("&gt;", ""), page
    area = (site / "areas" / "comunicaciones" / "index.html").read_text(encoding="utf-8")
    assert area.count("&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;") >= 4  # title, text, item, label
    document = json.loads((site / "datos" / "resultados.json").read_text(encoding="utf-8"))
    assert next(r for r in document["results"] if r["id"] == "2018-hostil")["text"] == PAYLOAD
    feed = (site / "datos" / "resultados.atom").read_text(encoding="utf-8")
    assert "<script>" not in feed and "&lt;script&gt;" in feed
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert all("<script>" not in d["title"] + d["text"] for d in index["docs"])


def test_template_syntax_in_results_is_published_as_written(tmp_path):
    """Result texts never pass through Jinja: `{{ 6*7 }}` stays `{{ 6*7 }}`."""
    project = project_copy(tmp_path)
    text = "Con {{ 6*7 }} y {% raw %} y {# nota #} tal cual."
    results(f"- id: 2018-plantilla\n  title: {json.dumps(text)}\n  text: {json.dumps(text)}\n  area: comunicaciones\n")(project)
    site = tmp_path / "site"
    assert main(["-f", str(project / "mkdocs.yml"), "build", "-d", str(site)]) == 0
    html = (site / "areas" / "comunicaciones" / "index.html").read_text(encoding="utf-8")
    assert html.count("Con {{ 6*7 }} y {% raw %} y {# nota #} tal cual.") >= 2
    assert "Con 42 y" not in html
