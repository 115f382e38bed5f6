"""macros/yamlfile.py: plain data only, with positions; hostile YAML is refused quickly."""

from __future__ import annotations

import time

from macros.yamlfile import parse_yaml, read_yaml


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
