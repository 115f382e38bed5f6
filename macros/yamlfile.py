"""Read one YAML content file safely, remembering where every value was written.

Content files are plain data: mappings, lists, strings, numbers, booleans and
null. This reader is stricter than `yaml.safe_load` so that no surprise gets
through to the site:

- aliases (`*name`) are refused: content never needs them, and they are how a
  "billion laughs" document grows to gigabytes;
- tags other than YAML's plain ones (`!!python/object`, `!custom`) are refused;
- duplicate keys are refused (PyYAML silently keeps the last one);
- dates stay text (`2018-02-30` is reported by validation, not by a crash).

Every value's position is kept in `Document.positions`, keyed by its path
(`(0, "councils", 1)`), so later steps can point at the exact line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .errors import Problem

YamlPath = tuple[int | str, ...]

_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
}
_STR_TAG = "tag:yaml.org,2002:str"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_MAP_TAG = "tag:yaml.org,2002:map"
#: Far deeper than any content file; keeps a hostile document off the C stack.
_MAX_DEPTH = 40


@dataclass
class Document:
    """A parsed content file: its data and where each value stands in it."""

    file: str
    data: Any
    positions: dict[YamlPath, tuple[int, int]] = field(default_factory=dict)

    def position(self, path: YamlPath) -> tuple[int, int]:
        """Line and column (1-based) of the value at `path`, or of its nearest parent."""
        path = tuple(path)
        while path not in self.positions and path:
            path = path[:-1]
        return self.positions.get(path, (1, 1))


class _Refused(Exception):
    def __init__(self, node_or_mark: Any, message: str) -> None:
        mark = getattr(node_or_mark, "start_mark", node_or_mark)
        self.line = mark.line + 1 if mark else 1
        self.column = mark.column + 1 if mark else 1
        self.message = message


#: libyaml's C parser when PyYAML was built with it (its wheels are): ~10x faster.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[valid-type,misc]
    """The safe loader without implicit timestamps: dates stay text."""

    yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }


def _refuse_aliases(text: str) -> None:
    """Aliases are refused before anything is composed, at the line they are used."""
    if "*" not in text:  # no alias without an asterisk: skip the scan
        return
    for event in yaml.parse(text, Loader=_BaseLoader):
        if isinstance(event, AliasEvent):
            raise _Refused(event.start_mark, "no se admiten alias de YAML (*nombre): escriba el valor completo")


def parse_yaml(text: str, file: str) -> tuple[Document | None, list[Problem]]:
    """Parse `text` (the contents of `file`) into a `Document`, or say why not."""
    loader = _Loader(text)
    try:
        _refuse_aliases(text)
        node = loader.get_single_node()
        document = Document(file=file, data=None)
        if node is not None:
            document.data = _convert(loader, node, (), document.positions, 0)
        return document, []
    except _Refused as refused:
        return None, [Problem(file, refused.line, refused.column, "", refused.message)]
    except yaml.MarkedYAMLError as error:
        return None, [_syntax_problem(file, error)]
    except yaml.YAMLError as error:  # e.g. a reader error: control characters
        return None, [Problem(file, 1, 1, "", f"YAML no válido: {error}")]
    finally:
        loader.dispose()


def read_yaml(path: Path, file: str) -> tuple[Document | None, list[Problem]]:
    """Read and parse a UTF-8 file (a byte-order mark is accepted)."""
    raw = path.read_bytes()
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


def _syntax_problem(file: str, error: yaml.MarkedYAMLError) -> Problem:
    mark = error.problem_mark or error.context_mark
    line = mark.line + 1 if mark else 1
    column = mark.column + 1 if mark else 1
    problem = error.problem or "error de sintaxis"
    if "\\t" in problem or "\t" in problem or "tab character" in problem:
        return Problem(file, line, column, "",
                       "hay un tabulador: en YAML la sangría se hace con espacios, no con tabuladores")
    hint = next((text for start, text in _SYNTAX_HINTS if problem.startswith(start)), None)
    detail = problem + (f", {error.context}" if error.context else "")
    message = f"YAML no válido: {hint} (PyYAML: {detail})" if hint else f"YAML no válido: {detail}"
    return Problem(file, line, column, "", message)


#: Plain-Spanish readings of PyYAML's most common complaints.
_SYNTAX_HINTS = (
    ("mapping values are not allowed",
     "aquí no se esperaba «campo: valor»; revise la sangría de esta línea, "
     "o ponga el texto entre comillas si contiene «: »"),
    ("could not find expected ':'", "falta «:» después del nombre del campo"),
    ("did not find expected key", "la sangría no coincide con la de las líneas anteriores"),
    ("expected <block end>", "la sangría no coincide con la de las líneas anteriores"),
    ("did not find expected '-' indicator", "la sangría no coincide con la de los otros elementos de la lista"),
    ("found unexpected end of stream", "el archivo termina antes de cerrar unas comillas o unos corchetes"),
    ("found unexpected ':'", "hay un «:» inesperado; ponga el texto entre comillas"),
    ("found character", "hay un carácter que no puede empezar un valor; ponga el texto entre comillas"),
    ("expected a single document", "el archivo tiene más de un documento («---»); deje uno solo"),
    ("but found another document", "el archivo tiene más de un documento («---»); deje uno solo"),
)


def _convert(
    loader: _Loader, node: Node, path: YamlPath, positions: dict[YamlPath, tuple[int, int]], depth: int
) -> Any:
    if depth > _MAX_DEPTH:
        raise _Refused(node, f"el documento anida más de {_MAX_DEPTH} niveles")
    if isinstance(node, ScalarNode):
        if node.tag == _STR_TAG:
            return node.value  # what the constructor would return, without its bookkeeping
        if node.tag not in _PLAIN_TAGS:
            raise _Refused(node, f"etiqueta YAML no permitida: {node.tag!r}; use solo texto, números, listas y mapas")
        return loader.construct_object(node, deep=True)
    if isinstance(node, SequenceNode):
        if node.tag != _SEQ_TAG:
            raise _Refused(node, f"etiqueta YAML no permitida: {node.tag!r}")
        values = []
        for index, item in enumerate(node.value):
            positions[path + (index,)] = (item.start_mark.line + 1, item.start_mark.column + 1)
            values.append(_convert(loader, item, path + (index,), positions, depth + 1))
        return values
    if isinstance(node, MappingNode):
        if node.tag != _MAP_TAG:
            raise _Refused(node, f"etiqueta YAML no permitida: {node.tag!r}")
        mapping: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                raise _Refused(key_node, "las claves deben ser nombres de campo simples")
            key = key_node.value if key_node.tag == _STR_TAG else loader.construct_object(key_node)
            if not isinstance(key, str):
                raise _Refused(key_node, f"la clave {key!r} debe ser un nombre de campo (texto)")
            if key in mapping:
                raise _Refused(key_node, f"el campo {key!r} está repetido en el mismo elemento")
            positions[path + (key,)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            mapping[key] = _convert(loader, value_node, path + (key,), positions, depth + 1)
        return mapping
    raise _Refused(node, "tipo de nodo YAML desconocido")  # pragma: no cover
