"""A corpus of broken and hostile content: each gets a clear message, a non-zero
exit, no traceback, and nothing written (`rendicion build`, in-process)."""

from __future__ import annotations

import json
import os
import shutil
import stat
import time
import tracemalloc
from pathlib import Path
from typing import Callable

import pytest

from rendicion.cli import main

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


def symlink(relative: str, target: str) -> Callable[[Path], None]:
    """Make `content/<relative>` a symbolic link to `target` (relative to the link, or absolute)."""
    def setup(project: Path) -> None:
        link = project / "content" / relative
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(target)
    return setup


def special(relative: str, mode: int) -> Callable[[Path], None]:
    """Make `content/<relative>` a FIFO, socket or device node (`mode` as for os.mknod)."""
    def setup(project: Path) -> None:
        try:
            os.mknod(project / "content" / relative, 0o600 | mode, os.makedev(1, 3) if stat.S_ISCHR(mode) else 0)
        except PermissionError:
            pytest.skip("creating device nodes needs privileges")
    return setup


def as_folder(relative: str) -> Callable[[Path], None]:
    """Replace `content/<relative>` (a file, or nothing) by an empty folder."""
    def setup(project: Path) -> None:
        path = project / "content" / relative
        if path.is_dir():
            shutil.rmtree(path)
        path.unlink(missing_ok=True)
        path.mkdir(parents=True)
    return setup


def as_file(relative: str, text: str = "x: 1\n") -> Callable[[Path], None]:
    """Replace `content/<relative>` (a folder, a file or nothing) by a file."""
    def setup(project: Path) -> None:
        path = project / "content" / relative
        if path.is_dir():
            shutil.rmtree(path)
        path.write_text(text, encoding="utf-8")
    return setup


def no_content(project: Path) -> None:
    shutil.rmtree(project / "content")


def site_edit(old: str, new: str) -> Callable[[Path], None]:
    """Replace `old` with `new` in content/site.yml."""
    def setup(project: Path) -> None:
        site = project / "content" / "site.yml"
        text = site.read_text(encoding="utf-8")
        assert old in text
        site.write_text(text.replace(old, new, 1), encoding="utf-8")
    return setup


def several(*setups: Callable[[Path], None]) -> Callable[[Path], None]:
    def setup(project: Path) -> None:
        for one in setups:
            one(project)
    return setup


def escaped(escape: str) -> Callable[[Path], None]:
    """A result whose title holds a YAML escape (double-quoted), on line 2, column 10."""
    return results(VALID.replace("title: Un resultado", f'title: "Un{escape}resultado"'))


def raw_title(character: str) -> Callable[[Path], None]:
    """A result whose title holds `character` as written (raw), at line 2, column 12."""
    return raw(VALID.replace("title: Un resultado", f"title: Un{character}resultado").encode("utf-8"))


def figure(value: str) -> Callable[[Path], None]:
    """A result with one figure whose value is written as `value`: line 5, the value key at column 14."""
    return field(f"  figures: [{{value: {value}, unit: u, label: l}}]")


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
    ("nan-figure", field("  figures: [{value: .nan, unit: u, label: l}]"), "zz.yml:5:", ["número finito"]),
    ("nan-progress", field("  progress: .nan"), "zz.yml:5:", ["progress", "se esperaba un número de 0 a 100"]),
    ("huge-figure", field("  figures: [{value: 1" + "0" * 400 + ", unit: u, label: l}]"), "zz.yml:5:",
     ["debe ser 1000000000000000 o menos"]),
    ("millions-of-mistakes", results("- x\n" * 200_000), "zz.yml:1:1:", ["más de 100 problemas", "se listan los primeros"]),
    ("unknown-field", field("  councills: [cnscc]"), "zz.yml:5:", ["campo desconocido «councills»", "los campos válidos son: id, title, text"]),
    ("billion-laughs", results(LAUGHS), "zz.yml:2:", ["alias"]),
    ("python-tag", results("- id: !!python/object/apply:os.system ['echo hola']\n"), "zz.yml:1:", ["etiqueta YAML no permitida"]),
    ("javascript-url", field("  sources: [{title: x, url: 'javascript:alert(1)'}]"), "zz.yml:5:", ["debe empezar por http:// o https://"]),
    ("data-url", field("  sources: [{title: x, url: 'data:text/html,<script>alert(1)</script>'}]"), "zz.yml:5:", ["http:// o https://"]),
    ("duplicate-key", results(VALID + "  title: Otra vez\n"), "zz.yml:5:", ["está repetido"]),
    ("two-documents", results(VALID + "---\n" + VALID), "zz.yml:5:", ["más de un documento"]),
    ("deep-nesting", results("- id: 2018-x\n  items: " + "[" * 60 + "]" * 60 + "\n"), "zz.yml:2:", ["anida"]),
    ("misplaced-file", raw(b"x", name="notas.txt"), "results/2018/notas.txt:1:", ["solo se esperan archivos .yml"]),
    ("unknown-section", field("  section: conasav"), "zz.yml:5:", ["apartado del área «comunicaciones» desconocido"]),
    # -- YAML 1.2 core schema: nothing changes silently -------------------------------
    ("octal-looking-title", results(VALID.replace("title: Un resultado", "title: 017")), "zz.yml:2:3:",
     ["se esperaba texto", "el número 17 (escrito «017»)", 'entre comillas: "017"']),
    ("hex-title", results(VALID.replace("title: Un resultado", "title: 0x1F")), "zz.yml:2:3:", ["el número 31 (escrito «0x1F»)"]),
    ("octal-title", results(VALID.replace("title: Un resultado", "title: 0o17")), "zz.yml:2:3:", ["el número 15 (escrito «0o17»)"]),
    ("exponent-title", results(VALID.replace("title: Un resultado", "title: 1e3")), "zz.yml:2:3:", ["el número 1000.0 (escrito «1e3»)"]),
    ("true-title", results(VALID.replace("title: Un resultado", "title: TRUE")), "zz.yml:2:3:", ["se esperaba texto", "«true»", 'entre comillas: "TRUE"']),
    ("null-title", results(VALID.replace("title: Un resultado", "title: ~")), "zz.yml:2:3:", ["se esperaba texto", "un valor vacío", 'entre comillas: "~"']),
    ("sexagesimal-figure", figure("1:20"), "zz.yml:5:14:", ["figures[0].value", "se esperaba un número", "«1:20»", "solo con cifras"]),
    ("underscore-figure", figure("1_000"), "zz.yml:5:14:", ["se esperaba un número", "«1_000»", "solo con cifras"]),
    ("comma-figure", figure("'1,5'"), "zz.yml:5:14:", ["se esperaba un número", "«1,5»", "solo con cifras"]),
    ("date-figure", figure("2018-01-01"), "zz.yml:5:14:", ["se esperaba un número", "«2018-01-01»"]),
    ("yes-figure", figure("yes"), "zz.yml:5:14:", ["se esperaba un número", "«yes»"]),
    ("nan-figure", figure(".nan"), "zz.yml:5:14:", ["número finito"]),
    ("minus-inf-figure", figure("-.Inf"), "zz.yml:5:14:", ["se esperaba un número finito"]),
    ("on-highlight", field("  figures: [{value: 1, unit: u, label: l, highlight: on}]"), "zz.yml:5:43:",
     ["figures[0].highlight", "se esperaba true o false", "«on»"]),
    ("no-highlight", field("  figures: [{value: 1, unit: u, label: l, highlight: No}]"), "zz.yml:5:43:", ["se esperaba true o false", "«No»"]),
    ("yes-key", field("  yes: x"), "zz.yml:5:3:", ["campo desconocido «yes»"]),
    ("number-key", field("  1: x"), "zz.yml:5:3:", ["la clave «1» debe ser un nombre de campo"]),
    ("bool-key", field("  true: x"), "zz.yml:5:3:", ["la clave «true» debe ser un nombre de campo"]),
    ("bad-explicit-int", figure("!!int 1:20"), "zz.yml:5:21:", ["«1:20» no es un valor entero válido para la etiqueta !!int"]),
    ("bad-explicit-bool", field("  figures: [{value: 1, unit: u, label: l, highlight: !!bool yes}]"), "zz.yml:5:54:",
     ["«yes» no es un valor booleano"]),
    ("huge-integer", figure("9" * 5000), "zz.yml:5:21:", ["demasiadas cifras"]),
    # -- nesting and size, refused before any recursion ------------------------------
    ("deep-flow-100000", results("- id: 2018-x\n  items: " + "[" * 100_000 + "]" * 100_000 + "\n"), "zz.yml:2:49:", ["anida más de 40 niveles"]),
    ("deep-flow-mapping", results("- id: 2018-x\n  items: " + "{a: " * 100_000 + "}" * 100_000 + "\n"), "zz.yml:2:", ["anida más de 40 niveles"]),
    ("deep-compact-list", results("- " * 100_000 + "x\n"), "zz.yml:1:83:", ["anida más de 40 niveles"]),
    ("deep-indentation", results("".join(" " * n + "a:\n" for n in range(3000))), "zz.yml:41:41:", ["anida más de 40 niveles"]),
    ("too-big", raw(b"# " + b"x" * (50 * 1024 * 1024) + b"\n"), "zz.yml:1:1:", ["demasiado grande", "50 MB"]),
    # -- control characters, raw or escaped, in values and keys --------------------------
    ("escape-nul", escaped("\\0"), "zz.yml:2:10:", ["title", "carácter nulo U+0000"]),
    ("escape-bell", escaped("\\a"), "zz.yml:2:10:", ["carácter de control U+0007"]),
    ("escape-backspace", escaped("\\b"), "zz.yml:2:10:", ["carácter de control U+0008"]),
    ("escape-vertical-tab", escaped("\\v"), "zz.yml:2:10:", ["carácter de control U+000B"]),
    ("escape-form-feed", escaped("\\f"), "zz.yml:2:10:", ["carácter de control U+000C"]),
    ("escape-carriage-return", escaped("\\r"), "zz.yml:2:10:", ["retorno de carro U+000D"]),
    ("escape-escape", escaped("\\e"), "zz.yml:2:10:", ["carácter de control U+001B no permitido; quítelo o escríbalo como texto"]),
    ("escape-x01", escaped("\\x01"), "zz.yml:2:10:", ["carácter de control U+0001"]),
    ("escape-x1f", escaped("\\x1f"), "zz.yml:2:10:", ["carácter de control U+001F"]),
    ("escape-delete", escaped("\\x7f"), "zz.yml:2:10:", ["carácter de control U+007F"]),
    ("escape-next-line", escaped("\\N"), "zz.yml:2:10:", ["carácter de control U+0085"]),
    ("escape-c1", escaped("\\x9b"), "zz.yml:2:10:", ["carácter de control U+009B"]),
    ("escape-u0085", escaped("\\u0085"), "zz.yml:2:10:", ["U+0085"]),
    ("escape-fffe", escaped("\\uFFFE"), "zz.yml:2:10:", ["carácter U+FFFE no permitido", "no es un carácter de texto"]),
    ("escape-ffff", escaped("\\uffff"), "zz.yml:2:10:", ["carácter U+FFFF no permitido"]),
    ("escape-in-key", field('  "ti\\etle": x'), "zz.yml:5:3:", ["U+001B"]),
    ("escape-in-item", field('  items: [bien, "ma\\x02l"]'), "zz.yml:5:17:", ["items[1]", "U+0002"]),
    ("escape-in-area-name", edit("areas/comunicaciones.yml", "short_name: Comunicaciones", 'short_name: "Comu\\x1bnicaciones"'),
     "areas/comunicaciones.yml:4:13:", ["short_name", "U+001B"]),
    ("raw-control", raw_title("\x01"), "zz.yml:2:12:", ["carácter de control U+0001"]),
    ("raw-escape", raw_title("\x1b"), "zz.yml:2:12:", ["carácter de control U+001B"]),
    ("raw-delete", raw_title("\x7f"), "zz.yml:2:12:", ["carácter de control U+007F"]),
    ("raw-next-line", raw_title("\x85"), "zz.yml:2:12:", ["carácter de control U+0085"]),
    ("raw-c1", raw_title("\x9f"), "zz.yml:2:12:", ["carácter de control U+009F"]),
    ("raw-noncharacter", raw_title("\uffff"), "zz.yml:2:12:", ["carácter U+FFFF no permitido"]),
    ("raw-form-feed", raw_title("\x0c"), "zz.yml:2:12:", ["carácter de control U+000C"]),
    ("raw-nul", raw(VALID.replace("text: Texto", "text: Tex\x00to").encode("utf-8")), "zz.yml:3:12:", ["carácter nulo U+0000", "UTF-16"]),
    ("binary-garbage", raw(bytes(range(256)) * 4), "zz.yml:2:118:", ["no está en UTF-8"]),
    ("utf16-with-bom", raw(VALID.encode("utf-16")), "zz.yml:1:1:", ["está en UTF-16", "UTF-8"]),
    ("utf16-without-bom", raw(VALID.encode("utf-16-le")), "zz.yml:1:2:", ["carácter nulo U+0000", "UTF-16"]),
    # -- every entry of content/ is accounted for ---------------------------------------
    ("dangling-symlink", symlink("results/2018/zz.yml", "borrado.yml"), "results/2018/zz.yml:1:1:",
     ["enlace simbólico apunta a «borrado.yml», que no existe"]),
    ("symlink-outside-content", symlink("results/2018/zz.yml", "/etc/hostname"), "results/2018/zz.yml:1:1:",
     ["apunta fuera de content/", "«/etc/hostname»"]),
    ("symlink-loop", several(symlink("results/2018/zz.yml", "zz2.yml"), symlink("results/2018/zz2.yml", "zz.yml")),
     "results/2018/zz.yml:1:1:", ["bucle"]),
    ("symlinked-year-outside", symlink("results/2019", "/tmp"), "results/2019:1:1:", ["apunta fuera de content/"]),
    ("symlinked-areas-outside", several(lambda p: shutil.rmtree(p / "content" / "areas"), symlink("areas", "/etc")), "content/areas:1:1:", ["apunta fuera de content/"]),
    ("dangling-partners", several(lambda p: (p / "content" / "partners.yml").unlink(), symlink("partners.yml", "socios.yml")),
     "content/partners.yml:1:1:", ["que no existe"]),
    ("fifo", special("results/2018/zz.yml", stat.S_IFIFO), "results/2018/zz.yml:1:1:", ["tubería con nombre (FIFO)"]),
    ("fifo-as-site", several(lambda p: (p / "content" / "site.yml").unlink(), special("site.yml", stat.S_IFIFO)),
     "content/site.yml:1:1:", ["FIFO"]),
    ("socket", special("results/2018/zz.yml", stat.S_IFSOCK), "results/2018/zz.yml:1:1:", ["es un socket"]),
    ("device", special("results/2018/zz.yml", stat.S_IFCHR), "results/2018/zz.yml:1:1:", ["es un dispositivo"]),
    ("partners-is-a-folder", as_folder("partners.yml"), "content/partners.yml:1:1:", ["partners.yml es una carpeta; se esperaba un archivo"]),
    ("site-is-a-folder", as_folder("site.yml"), "content/site.yml:1:1:", ["site.yml es una carpeta; se esperaba un archivo"]),
    ("results-file-is-a-folder", as_folder("results/2018/zz.yml"), "results/2018/zz.yml:1:1:", ["solo se esperan archivos .yml"]),
    ("areas-is-a-file", as_file("areas"), "content/areas:1:1:", ["areas es un archivo; se esperaba una carpeta"]),
    ("results-is-a-file", as_file("results"), "content/results:1:1:", ["results es un archivo; se esperaba una carpeta"]),
    ("year-folder-is-a-file", as_file("results/2019"), "content/results/2019:1:1:", ["2019 es un archivo; se esperaba una carpeta"]),
    ("hidden-yaml-file", results(VALID, name=".borrador.yml"), "results/2018/.borrador.yml:1:1:",
     ["archivo oculto", "quite el punto del nombre"]),
    ("hidden-yaml-at-top", as_file(".notas.yaml"), "content/.notas.yaml:1:1:", ["archivo oculto"]),
    ("content-missing", no_content, "content:1:1:", ["carpeta de contenido", "no existe"]),
    ("content-is-a-file", several(no_content, as_file("")), "content:1:1:", ["carpeta de contenido", "es un archivo"]),
    ("year-arabic-digits", results(VALID, year="٢٠١٨"), "results/٢٠١٨:1:1:", ["año en cuatro cifras"]),
    ("year-0000", results(VALID, year="0000"), "results/0000:1:1:", ["el año 0000 no es válido", "entre 1900 y 2100"]),
    ("year-3000", results(VALID, year="3000"), "results/3000:1:1:", ["el año 3000 no es válido"]),
    ("year-five-digits", results(VALID, year="20181"), "results/20181:1:1:", ["año en cuatro cifras"]),
    ("year-with-space", results(VALID, year="2018 "), "results/2018 :1:1:", ["año en cuatro cifras"]),
    ("blank-name", site_edit("name: Secretaría de Gobernabilidad", 'name: "   "'), "content/site.yml:2:",
     ["institution.name", "ni tener solo espacios"]),
    ("blank-text", results(VALID.replace("text: Texto de prueba.", 'text: "\\t \\n"')), "zz.yml:3:",
     ["text", "ni tener solo espacios"]),
    ("locale-not-spanish", site_edit("language: es", "language: es\nlocale: en_US"), "content/site.yml:11:",
     ["locale", "«en_US»", "es_"]),
    ("locale-unknown-country", site_edit("language: es", "language: es\nlocale: es_ZZ"), "content/site.yml:11:",
     ["locale", "«es_ZZ» no es un país que CLDR conozca"]),
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
    from rendicion.yamlfile import parse_yaml

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
    assert "50,103 resultados" in capsys.readouterr().out  # SEGOB's locale, es_SV
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
