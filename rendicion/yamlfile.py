"""Read one YAML content file safely, remembering where every value was written.

Content files are plain data: mappings, lists, strings, numbers, booleans and
null. This reader is stricter than `yaml.safe_load` so that no surprise gets
through to the site, and no value changes silently:

- scalars follow the YAML 1.2 core schema, as editors and other tools read
  them: only `true`/`false` are booleans, only `null`/`~`/nothing is null,
  `017` is 17, and `no`, `on`, `1:20`, `1_000` or `2018-01-01` stay text
  (PyYAML's YAML 1.1 rules would have made them false, true, 80, 1000, a date);
- aliases (`*name`) are refused: content never needs them, and they are how a
  "billion laughs" document grows to gigabytes;
- tags other than YAML's plain ones (`!!python/object`, `!custom`) are refused;
- duplicate keys are refused (PyYAML silently keeps the last one);
- nesting deeper than `MAX_DEPTH` is refused while parsing, before any
  recursion: the document is built from libyaml's event stream with an
  explicit stack, so 100,000 nested brackets cannot overflow the C stack;
- control characters (C0 but tab and line feed, DEL, C1), the invisible line
  and paragraph separators U+2028/U+2029 (libyaml breaks lines there, editors
  do not), the bidirectional overrides and isolates U+202A–U+202E and
  U+2066–U+2069 (they reorder what a reader sees), surrogates and the noncharacters U+FFFE/U+FFFF are refused, whether written raw or as escapes
  (`"\\e"`, `"\\x01"`): they break XML feeds and put raw bytes into HTML. A
  carriage return is accepted only as a line ending (YAML turns it into a line
  break); written as the escape `"\\r"` inside a text it is refused too, rather
  than silently rewritten;
- files larger than `MAX_BYTES` are refused before they are read.

Every value's position is kept in `Document.positions`, keyed by its path
(`(0, "councils", 1)`), so later steps can point at the exact line.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.events import (
    AliasEvent, DocumentStartEvent, MappingEndEvent, MappingStartEvent, ScalarEvent,
    SequenceEndEvent, SequenceStartEvent, StreamEndEvent,
)
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from .contentfiles import MAX_BYTES, Unreadable, read_regular_file, too_big_message
from .errors import Problem
from .yamlmessages import syntax_problem

YamlPath = tuple[int | str, ...]

_STR_TAG = "tag:yaml.org,2002:str"
_INT_TAG = "tag:yaml.org,2002:int"
_FLOAT_TAG = "tag:yaml.org,2002:float"
_BOOL_TAG = "tag:yaml.org,2002:bool"
_NULL_TAG = "tag:yaml.org,2002:null"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_MAP_TAG = "tag:yaml.org,2002:map"
#: Far deeper than any content file; keeps a hostile document off the stack.
MAX_DEPTH = 40

# YAML 1.2 core schema (https://yaml.org/spec/1.2.2/#1032-tag-resolution).
_NULL = re.compile(r"null|Null|NULL|~|")
_BOOL = re.compile(r"true|True|TRUE|false|False|FALSE")
_INT = re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")
_FLOAT = re.compile(
    r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN"
)
#: Characters no text may hold (tab, line feed and, as a line ending, carriage return aside).
#: Public: what writes content files (the importer) keeps them out too.
FORBIDDEN_RAW = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069"
                           "\ud800-\udfff\ufffe\uffff]")
#: The same inside a value, where a carriage return can only come from the escape "\r".
_FORBIDDEN_VALUE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069"
                              "\ud800-\udfff\ufffe\uffff]")


@dataclass
class Document:
    """A parsed content file: its data and where each value stands in it."""

    file: str
    data: Any
    positions: dict[YamlPath, tuple[int, int]] = field(default_factory=dict)
    #: How numbers, booleans and nulls were written (`017`, `TRUE`, `~`): for messages.
    sources: dict[YamlPath, str] = field(default_factory=dict)

    def position(self, path: YamlPath) -> tuple[int, int]:
        """Line and column (1-based) of the value at `path`, or of its nearest parent."""
        path = tuple(path)
        while path not in self.positions and path:
            path = path[:-1]
        return self.positions.get(path, (1, 1))


class _Refused(Exception):
    def __init__(self, node_or_mark: Any, message: str, path: YamlPath = ()) -> None:
        mark = getattr(node_or_mark, "start_mark", node_or_mark)
        self.line = mark.line + 1 if mark else 1
        self.column = mark.column + 1 if mark else 1
        self.message = message
        self.field = field_name(path)


#: libyaml's C parser when PyYAML was built with it (its wheels are): ~10x faster.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _core_schema_resolvers() -> dict[Any, list[tuple[str, re.Pattern[str]]]]:
    """The YAML 1.2 core schema as PyYAML's implicit-resolver table (first character → rules).

    Order matters: `17` matches both the int and the float rule, and is an int.
    """
    rules = [
        (_BOOL_TAG, _BOOL, "tTfF"),
        (_NULL_TAG, _NULL, "~nN"),
        (_INT_TAG, _INT, "-+0123456789"),
        (_FLOAT_TAG, _FLOAT, "-+.0123456789"),
    ]
    table: dict[Any, list[tuple[str, re.Pattern[str]]]] = {"": [(_NULL_TAG, re.compile(r"\Z"))]}
    for tag, regexp, firsts in rules:
        anchored = re.compile(rf"(?:{regexp.pattern})\Z")
        for first in firsts:
            table.setdefault(first, []).append((tag, anchored))
    return table


class _Loader(_BaseLoader):  # type: ignore[valid-type,misc]
    """libyaml's parser with YAML 1.2 core-schema resolution (no 1.1 booleans, dates, sexagesimals)."""

    yaml_implicit_resolvers = _core_schema_resolvers()


def field_name(path: YamlPath) -> str:
    """`(0, "figures", 1, "value")` → `figures[1].value`: the entry's index is left out,
    as the loader does, because the line already says which entry it is."""
    if path and isinstance(path[0], int):
        path = path[1:]
    name = ""
    for part in path:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name


def describe_character(char: str) -> str:
    """A Spanish message naming a refused character by its code point."""
    code = f"U+{ord(char):04X}"
    if char == "\r":
        return f"retorno de carro {code} no permitido dentro de un texto; use un salto de línea normal"
    if char == "\x00":
        return (f"carácter nulo {code} no permitido (¿es un archivo binario, o está en UTF-16?); "
                "quítelo o guarde el archivo como texto UTF-8")
    if ord(char) < 0xA0:
        return f"carácter de control {code} no permitido; quítelo o escríbalo como texto"
    if "\u202a" <= char <= "\u202e" or "\u2066" <= char <= "\u2069":
        # Bidirectional overrides and isolates make a text display in another order than
        # it is stored («Trojan Source»): a name could read differently from what it says.
        return (f"carácter de dirección del texto {code} no permitido (es invisible y cambia el orden "
                "en que se ve el texto); quítelo")
    if char in "\u2028\u2029":
        # YAML 1.1 readers (libyaml) break lines there while editors show none: what
        # looks like a comment could become a field. Refused, as a control character.
        return (f"separador de {'línea' if char == chr(0x2028) else 'párrafo'} {code} no permitido "
                "(es invisible y rompe la línea); quítelo o use un salto de línea normal")
    return f"carácter {code} no permitido (no es un carácter de texto); quítelo"


def parse_yaml(text: str, file: str) -> tuple[Document | None, list[Problem]]:
    """Parse `text` (the contents of `file`) into a `Document`, or say why not.

    Never raises for any text: every way it can be wrong is a `Problem`.
    """
    if len(text) > MAX_BYTES:
        return None, [_too_big(file, len(text.encode("utf-8", "surrogatepass")))]
    bad = FORBIDDEN_RAW.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        column = bad.start() - text.rfind("\n", 0, bad.start())
        return None, [Problem(file, line, column, "", describe_character(bad.group()))]
    loader = _Loader(text)
    try:
        document = Document(file=file, data=None)
        document.data = _build(loader, document)
        return document, []
    except _Refused as refused:
        return None, [Problem(file, refused.line, refused.column, refused.field, refused.message)]
    except yaml.MarkedYAMLError as error:
        return None, [syntax_problem(file, error)]
    except yaml.YAMLError as error:  # pragma: no cover - a reader error; the scan above refuses those
        return None, [Problem(file, 1, 1, "", f"YAML no válido: {error}")]
    finally:
        loader.dispose()


def read_yaml(path: Path, file: str) -> tuple[Document | None, list[Problem]]:
    """Read and parse a UTF-8 file (a byte-order mark is accepted).

    Only a regular file is read: it is opened without blocking and checked
    before reading, so a FIFO, socket or device is reported, never waited on.
    """
    try:
        raw = read_regular_file(path)
    except Unreadable as unreadable:
        return None, [Problem(file, 1, 1, "", unreadable.message)]
    if len(raw) > MAX_BYTES:
        return None, [_too_big(file, len(raw))]
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [Problem(file, 1, 1, "", "el archivo está en UTF-16; guárdelo con la codificación UTF-8")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        return None, [
            Problem(
                file, line, column, "",
                "el archivo no está en UTF-8; guárdelo con la codificación UTF-8",
            )
        ]
    return parse_yaml(text, file)


def _too_big(file: str, size: int) -> Problem:
    return Problem(file, 1, 1, "", too_big_message(size))


class _Frame:
    """A mapping or list being built, and where its next value goes."""

    __slots__ = ("value", "path", "key", "index")

    def __init__(self, value: Any, path: YamlPath) -> None:
        self.value = value
        self.path = path
        self.key: str | None = None  # in a mapping: the key read, waiting for its value
        self.index = 0


def _build(loader: _Loader, document: Document) -> Any:
    """The data of the single document in `loader`'s stream, built without recursion.

    The nesting depth is checked at every collection start, so a hostile
    document is refused after at most `MAX_DEPTH` levels have been read.
    """
    positions = document.positions
    stack: list[_Frame] = []
    root: Any = None
    seen_document = False
    while True:
        event = loader.get_event()
        if isinstance(event, StreamEndEvent) or event is None:
            return root
        if isinstance(event, DocumentStartEvent):
            if seen_document:
                raise _Refused(event, "el archivo tiene más de un documento («---»); deje uno solo")
            seen_document = True
            continue
        if isinstance(event, (SequenceEndEvent, MappingEndEvent)):
            done = stack.pop()
            if stack:
                _place(stack[-1], done.value)
            else:
                root = done.value
            continue
        if not isinstance(event, (ScalarEvent, SequenceStartEvent, MappingStartEvent, AliasEvent)):
            continue  # stream start, document end
        parent = stack[-1] if stack else None
        is_key = parent is not None and isinstance(parent.value, dict) and parent.key is None
        path = _child_path(parent) if parent is not None else ()
        if isinstance(event, AliasEvent):
            raise _Refused(event, "no se admiten alias de YAML (*nombre): escriba el valor completo", path)
        if len(stack) > MAX_DEPTH:
            # No field: the path would be forty levels long.
            raise _Refused(event, f"el documento anida más de {MAX_DEPTH} niveles")
        if is_key:
            assert parent is not None
            parent.key = _key(loader, event, parent, positions)
            continue
        if parent is not None and isinstance(parent.value, list):  # a mapping's values stand at their key
            positions[path] = (event.start_mark.line + 1, event.start_mark.column + 1)
        if isinstance(event, ScalarEvent):
            value = _scalar(loader, event, path, document)
            if parent is None:
                root = value
            else:
                _place(parent, value)
        elif isinstance(event, SequenceStartEvent):
            _collection_tag(loader, event, SequenceNode, _SEQ_TAG, path)
            stack.append(_Frame([], path))
        else:
            _collection_tag(loader, event, MappingNode, _MAP_TAG, path)
            stack.append(_Frame({}, path))


def _child_path(parent: _Frame) -> YamlPath:
    if isinstance(parent.value, dict):
        return parent.path + (parent.key,) if parent.key is not None else parent.path
    return parent.path + (parent.index,)


def _place(parent: _Frame, value: Any) -> None:
    if isinstance(parent.value, dict):
        assert parent.key is not None
        parent.value[parent.key] = value
        parent.key = None
    else:
        parent.value.append(value)
        parent.index += 1


def _key(loader: _Loader, event: Any, parent: _Frame, positions: dict[YamlPath, tuple[int, int]]) -> str:
    if not isinstance(event, ScalarEvent):
        raise _Refused(event, "las claves deben ser nombres de campo simples", parent.path)
    tag = _scalar_tag(loader, event)
    if tag != _STR_TAG:
        shown = event.value if tag in (_INT_TAG, _FLOAT_TAG, _BOOL_TAG, _NULL_TAG) else tag
        raise _Refused(event, f"la clave «{shown}» debe ser un nombre de campo (texto)", parent.path)
    key = str(event.value)
    _refuse_characters(event, key, parent.path + (key,))
    if key in parent.value:
        raise _Refused(event, f"el campo {key!r} está repetido en el mismo elemento", parent.path + (key,))
    positions[parent.path + (key,)] = (event.start_mark.line + 1, event.start_mark.column + 1)
    return key


def _scalar_tag(loader: _Loader, event: ScalarEvent) -> str:
    tag = event.tag
    if tag == "!":  # the non-specific tag: "this is text"
        return _STR_TAG
    if tag is None:
        tag = loader.resolve(ScalarNode, event.value, event.implicit)
    return str(tag)


def _collection_tag(loader: _Loader, event: Any, kind: type, expected: str, path: YamlPath) -> None:
    tag = event.tag
    if tag is None or tag == "!":
        tag = loader.resolve(kind, None, event.implicit)
    if tag != expected:
        raise _Refused(event, f"etiqueta YAML no permitida: {tag!r}", path)


def _scalar(loader: _Loader, event: ScalarEvent, path: YamlPath, document: Document) -> Any:
    """The value of a scalar under the YAML 1.2 core schema, converted here (not by
    PyYAML's YAML 1.1 constructors, which would read `017` as 15)."""
    tag = _scalar_tag(loader, event)
    text: str = event.value
    if tag == _STR_TAG:
        if event.style == '"':  # only escapes can hold what the raw scan did not see
            _refuse_characters(event, text, path)
        return text
    value: Any
    if tag == _NULL_TAG and _NULL.fullmatch(text):
        value = None
    elif tag == _BOOL_TAG and _BOOL.fullmatch(text):
        value = text.lower() == "true"
    elif tag == _INT_TAG and _INT.fullmatch(text):
        value = _integer(event, text, path)
    elif tag == _FLOAT_TAG and _FLOAT.fullmatch(text):
        value = _float(text)
    elif tag in (_NULL_TAG, _BOOL_TAG, _INT_TAG, _FLOAT_TAG):
        kind = {_NULL_TAG: "nulo", _BOOL_TAG: "booleano (true o false)", _INT_TAG: "entero", _FLOAT_TAG: "número"}
        raise _Refused(event, f"«{text}» no es un valor {kind[tag]} válido para la etiqueta {_short(tag)}", path)
    else:
        raise _Refused(event, f"etiqueta YAML no permitida: {tag!r}; use solo texto, números, listas y mapas", path)
    document.sources[path] = text
    return value


def _short(tag: str) -> str:
    return tag.replace("tag:yaml.org,2002:", "!!")


def _integer(event: ScalarEvent, text: str, path: YamlPath) -> int:
    try:
        if text.startswith("0o"):
            return int(text[2:], 8)
        if text.startswith("0x"):
            return int(text[2:], 16)
        return int(text, 10)
    except ValueError:  # more digits than Python converts (sys.int_info.default_max_str_digits)
        raise _Refused(event, "el número tiene demasiadas cifras; si es un texto, escríbalo entre comillas",
                       path) from None


def _float(text: str) -> float:
    lowered = text.lower()
    if lowered.endswith(".inf"):
        return -math.inf if text.startswith("-") else math.inf
    if lowered == ".nan":
        return math.nan
    return float(text)


def _refuse_characters(event: Any, text: str, path: YamlPath) -> None:
    bad = _FORBIDDEN_VALUE.search(text)
    if bad:
        raise _Refused(event, describe_character(bad.group()), path)
