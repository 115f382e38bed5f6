"""rendicion/yamlfile.py: plain data only, with positions; hostile YAML is refused quickly."""

from __future__ import annotations

import errno
import math
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rendicion import contentfiles, yamlfile
from rendicion.yamlfile import parse_yaml, read_yaml


def parse(text: str):
    return parse_yaml(text, "content/x.yml")


def test_positions_are_kept_for_every_value():
    doc, problems = parse("- id: a\n  councils: [x, y]\n- id: b\n")
    assert problems == []
    assert doc.data == [{"id": "a", "councils": ["x", "y"]}, {"id": "b"}]
    assert doc.position((0, "councils")) == (2, 3)
    assert doc.position((0, "councils", 1)) == (2, 17)
    assert doc.position((1, "id")) == (3, 3)
    assert doc.position((1, "missing")) == (3, 3)  # falls back to the parent


def test_dates_stay_text_so_validation_can_judge_them():
    doc, _ = parse("date: 2018-02-30\n")
    assert doc.data == {"date": "2018-02-30"}


def test_aliases_are_refused_so_billion_laughs_cannot_grow():
    lol = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 10)}]\n" for i in range(8)
    )
    started = time.perf_counter()
    doc, [problem] = parse(lol)
    assert time.perf_counter() - started < 1
    assert doc is None
    assert "alias" in problem.message and problem.line == 2


def test_custom_tags_are_refused():
    doc, [problem] = parse("title: !!python/object/apply:os.system ['echo hola']\n")
    assert doc is None
    assert "etiqueta YAML no permitida" in problem.message


def test_duplicate_keys_are_refused():
    _, [problem] = parse("title: uno\ntext: x\ntitle: dos\n")
    assert (problem.line, problem.column) == (3, 1)
    assert "«title» está repetido" in problem.message.replace("'", "«", 1).replace("'", "»", 1)


def test_tabs_get_a_plain_spanish_message():
    _, [problem] = parse("- id: a\n\ttitle: b\n")
    assert problem.line == 2
    assert "tabulador" in problem.message


def test_byte_order_mark_is_accepted(tmp_path):
    path = tmp_path / "x.yml"
    path.write_bytes("\ufefftitle: Educación\n".encode("utf-8"))
    doc, problems = read_yaml(path, "x.yml")
    assert problems == [] and doc.data == {"title": "Educación"}


def test_non_utf8_file_is_reported_with_its_line(tmp_path):
    path = tmp_path / "x.yml"
    path.write_bytes("title: uno\ntext: Educaci\u00f3n\n".encode("latin-1"))
    doc, [problem] = read_yaml(path, "x.yml")
    assert doc is None
    assert problem.line == 2 and "UTF-8" in problem.message


# -- YAML 1.2 core schema -------------------------------------------------------------

#: How a plain scalar is written → what it loads as (YAML 1.2 core schema).
CORE_SCHEMA = [
    ("017", 17), ("0o17", 15), ("0x10", 16), ("0xFf", 255), ("-12", -12), ("+12", 12), ("0", 0),
    ("1.5", 1.5), ("-1.5", -1.5), ("1e3", 1000.0), ("1E-2", 0.01), (".5", 0.5), ("1.", 1.0),
    (".inf", math.inf), ("-.Inf", -math.inf), ("+.INF", math.inf),
    ("true", True), ("True", True), ("TRUE", True), ("false", False), ("False", False), ("FALSE", False),
    ("null", None), ("Null", None), ("NULL", None), ("~", None), ("", None),
    # YAML 1.1 read these as numbers, booleans or dates; YAML 1.2 (and editors) as text.
    ("1:20", "1:20"), ("1_000", "1_000"), ("0b101", "0b101"), ("-0o17", "-0o17"), ("0X10", "0X10"),
    ("yes", "yes"), ("Yes", "Yes"), ("no", "no"), ("No", "No"), ("on", "on"), ("Off", "Off"),
    ("y", "y"), ("n", "n"), ("tRUE", "tRUE"), ("nULL", "nULL"), ("2018-01-01", "2018-01-01"),
    ("2018-01-01 10:00:00", "2018-01-01 10:00:00"), ("1,5", "1,5"), ("1.2.3", "1.2.3"), ("inf", "inf"),
    ("nan", "nan"), (".nAn", ".nAn"), ("0o8", "0o8"), ("0xG", "0xG"), ("1e", "1e"), ("=", "="), ("<<", "<<"),
]


@pytest.mark.parametrize("written, value", CORE_SCHEMA, ids=[w or "empty" for w, _ in CORE_SCHEMA])
def test_plain_scalars_follow_the_yaml_1_2_core_schema(written, value):
    doc, problems = parse(f"a: {written}\n")
    assert problems == []
    assert doc.data["a"] == value and type(doc.data["a"]) is type(value)


def test_nan_is_a_float():
    doc, _ = parse("a: .NaN\n")
    assert math.isnan(doc.data["a"])


def test_quoted_scalars_are_always_text():
    doc, _ = parse("a: '017'\nb: \"true\"\nc: ''\nd: ! 17\ne: !!str 1:20\n")
    assert doc.data == {"a": "017", "b": "true", "c": "", "d": "17", "e": "1:20"}


def test_explicit_tags_must_match_their_rule():
    doc, _ = parse("a: !!int 017\nb: !!float 1\nc: !!bool false\nd: !!null ~\n")
    assert doc.data == {"a": 17, "b": 1.0, "c": False, "d": None}
    for text, words in [("a: !!int 1:20\n", "no es un valor entero"), ("a: !!bool yes\n", "booleano"),
                        ("a: !!float x\n", "no es un valor número"), ("a: !!null no\n", "nulo"),
                        ("a: !!timestamp 2018-01-01\n", "etiqueta YAML no permitida")]:
        doc, [problem] = parse(text)
        assert doc is None and words in problem.message and (problem.line, problem.column) == (1, 4), text


def test_how_a_number_was_written_is_kept_for_messages():
    doc, _ = parse("- value: 017\n  ok: true\n  text: x\n")
    assert doc.sources == {(0, "value"): "017", (0, "ok"): "true"}


def test_keys_must_be_text_under_the_core_schema():
    doc, _ = parse("yes: 1\nno: 2\non: 3\n")
    assert doc.data == {"yes": 1, "no": 2, "on": 3}  # YAML 1.1 would have made two of them True
    for key in ("1", "true", "~", "1.5"):
        doc, [problem] = parse(f"{key}: x\n")
        assert doc is None and "debe ser un nombre de campo" in problem.message


def test_an_integer_too_long_for_python_is_refused_not_raised():
    doc, [problem] = parse("a: " + "7" * 10_000 + "\n")
    assert doc is None and "demasiadas cifras" in problem.message


# -- nesting and size ---------------------------------------------------------------

DEEP = {
    "flow-lists": "[" * 100_000 + "]" * 100_000,
    "flow-mappings": "{a: " * 100_000 + "}" * 100_000,
    "unclosed-flow": "[" * 100_000,
    "block-lists": "- " * 100_000 + "x\n",
    "block-lines": "".join("  " * min(n, 60) + "- \n" for n in range(100_000)),
    "block-mappings": "".join(" " * n + "a:\n" for n in range(5_000)),
}


@pytest.mark.parametrize("name", DEEP)
def test_deep_nesting_is_refused_without_crashing(tmp_path, name):
    """Run apart: a segfault (libyaml's recursion on the C stack) fails the test, not pytest."""
    (tmp_path / "deep.yml").write_text(DEEP[name], encoding="utf-8")
    script = (
        "import sys, time; from pathlib import Path; from rendicion.yamlfile import read_yaml\n"
        "started = time.perf_counter()\n"
        "doc, problems = read_yaml(Path(sys.argv[1]), 'deep.yml')\n"
        "assert doc is None, 'parsed'\n"
        "print(problems[0]); print(time.perf_counter() - started)\n"
    )
    run = subprocess.run([sys.executable, "-c", script, str(tmp_path / "deep.yml")], capture_output=True,
                         text=True, cwd=Path(__file__).parent.parent, timeout=60)
    assert run.returncode == 0, run.stderr[-2000:]
    message, elapsed = run.stdout.splitlines()
    assert "anida más de 40 niveles" in message and message.startswith("deep.yml:")
    assert float(elapsed) < 2


def test_the_depth_limit_is_exact():
    assert parse("a: " + "[" * 40 + "]" * 40 + "\n")[1] == []  # the mapping, then 40 lists
    doc, [problem] = parse("a: " + "[" * 41 + "]" * 41 + "\n")
    assert doc is None and (problem.line, problem.column) == (1, 44)


def test_files_over_the_size_limit_are_not_read(tmp_path, monkeypatch):
    monkeypatch.setattr(contentfiles, "MAX_BYTES", 1000)
    path = tmp_path / "x.yml"
    path.write_text("a: " + "x" * 2000 + "\n", encoding="utf-8")
    doc, [problem] = read_yaml(path, "x.yml")
    assert doc is None and "demasiado grande" in problem.message
    doc, [problem] = parse("a: " + "x" * (yamlfile.MAX_BYTES + 1))
    assert doc is None and "demasiado grande" in problem.message


# -- characters -------------------------------------------------------------------------

REFUSED_ESCAPES = ["\\0", "\\a", "\\b", "\\v", "\\f", "\\r", "\\e", "\\x01", "\\x1F", "\\x7f", "\\x80",
                   "\\N", "\\x9f", "\\u0085", "\\uFFFE", "\\uFFFF", "\\L", "\\P", "\\u2028"]


@pytest.mark.parametrize("escape", REFUSED_ESCAPES)
def test_control_characters_written_as_escapes_are_refused(escape):
    doc, [problem] = parse(f'- title: bien\n  text: "uno{escape}dos"\n')
    assert doc is None
    assert (problem.file, problem.line, problem.column, problem.field) == ("content/x.yml", 2, 9, "text")
    if escape[1] in "xu":
        assert f"U+{int(escape[2:], 16):04X}" in problem.message


@pytest.mark.parametrize("char", ["\x00", "\x01", "\x08", "\x0b", "\x0c", "\x1b", "\x7f", "\x85", "\x9f", "\ud800", "\ufffe",
                                  "\u2028", "\u2029", "\u202e", "\u2066"])
def test_raw_control_characters_are_refused_with_their_place(char):
    doc, [problem] = parse(f"a: uno\nb: do{char}s\n")
    assert doc is None
    assert (problem.line, problem.column) == (2, 6)
    assert f"U+{ord(char):04X}" in problem.message


def test_tabs_line_breaks_and_other_characters_are_kept():
    doc, problems = parse('a: "uno\\tdos\\ntres\\_ ñ 😀 \\u200b"\nb: |\r\n  x\r\n  y\r\n')
    assert problems == []
    assert doc.data == {"a": "uno\tdos\ntres\u00a0 ñ 😀 \u200b", "b": "x\ny\n"}


def test_a_line_separator_cannot_turn_a_comment_into_a_field():
    """libyaml breaks lines at U+2028 where editors show none: `# revisar<U+2028>status: cumplido`
    would publish a status that reads as a comment."""
    doc, [problem] = parse("- id: a\n  # revisar\u2028  status: cumplido\n")
    assert doc is None and (problem.line, problem.column) == (2, 12) and "U+2028" in problem.message


def test_keys_are_checked_too():
    doc, [problem] = parse('a: 1\n"b\\ec": 2\n')
    assert doc is None and (problem.line, problem.column) == (2, 1) and "U+001B" in problem.message


def test_utf16_files_are_named(tmp_path):
    path = tmp_path / "x.yml"
    path.write_bytes("a: b\n".encode("utf-16"))
    doc, [problem] = read_yaml(path, "x.yml")
    assert doc is None and "UTF-16" in problem.message


# -- files that are not regular files ---------------------------------------------------

def test_a_fifo_is_refused_without_blocking(tmp_path):
    path = tmp_path / "x.yml"
    os.mkfifo(path)
    doc, [problem] = read_yaml(path, "x.yml")
    assert doc is None and "FIFO" in problem.message


def test_a_folder_and_a_missing_file_are_reported(tmp_path):
    (tmp_path / "dir.yml").mkdir()
    _, [problem] = read_yaml(tmp_path / "dir.yml", "dir.yml")
    assert "carpeta" in problem.message
    _, [problem] = read_yaml(tmp_path / "none.yml", "none.yml")
    assert "no existe" in problem.message


def test_an_unreadable_file_is_reported(tmp_path, monkeypatch):
    path = tmp_path / "x.yml"
    path.write_text("a: 1\n", encoding="utf-8")
    real_open = os.open

    def refusing_open(file, *args, **kwargs):
        if Path(file) == path:
            raise PermissionError(errno.EACCES, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(contentfiles.os, "open", refusing_open)
    doc, [problem] = read_yaml(path, "x.yml")
    assert doc is None and problem.message == "no se puede leer el archivo: permiso denegado"


# -- never raises, never crashes --------------------------------------------------------

def _strings(data):
    if isinstance(data, dict):
        for key, value in data.items():
            yield key
            yield from _strings(value)
    elif isinstance(data, list):
        for value in data:
            yield from _strings(value)
    elif isinstance(data, str):
        yield data


YAMLISH = st.text(st.sampled_from(list("-[]{}:,?!&*#'\"|>%@`\\ \n\t\r0123456789abeox.~_") + ["\x00", "\x1b", "\x85", "\ufffe", "ñ"]))


@settings(max_examples=400, deadline=None)
@given(text=st.one_of(st.text(), YAMLISH, st.binary().map(lambda b: b.decode("utf-8", "surrogateescape"))))
def test_parse_yaml_never_raises_on_any_text(text):
    doc, problems = parse(text)
    assert (doc is None) == bool(problems)
    for problem in problems:
        assert problem.line >= 1 and problem.column >= 1 and problem.message
    if doc is not None:  # and what it accepts holds no refused character
        assert not any(yamlfile._FORBIDDEN_VALUE.search(s) for s in _strings(doc.data))


@settings(max_examples=200, deadline=None)
@given(data=st.binary())
def test_read_yaml_never_raises_on_any_bytes(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("bytes") / "x.yml"
    path.write_bytes(data)
    doc, problems = read_yaml(path, "x.yml")
    assert (doc is None) == bool(problems)
