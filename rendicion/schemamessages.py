"""Spanish messages for schema errors: what was expected, what was found, and how to fix it."""

from __future__ import annotations

import difflib
import math
import re
from typing import Any

import jsonschema

from . import schema
from .errors import Problem
from .yamlfile import Document, YamlPath, field_name

#: JSON Schema type names, in Spanish.
TYPE_NAMES = {
    "string": "texto",
    "integer": "un número entero",
    "number": "un número",
    "array": "una lista",
    "object": "un mapa de campos (clave: valor)",
    "boolean": "true o false",
    "null": "nada",
}

#: Text that looks like a number written with separators (`1:20`, `1_000`, `1.000,5`).
_NUMBER_LIKE = re.compile(r"[-+]?[0-9][0-9_:.,' ]*")


def schema_message(error: jsonschema.ValidationError, written: str | None = None) -> str:
    """The Spanish message for a schema error; `written` is how a number,
    boolean or null was written in the file, to show what YAML made of it."""
    value = error.instance
    kind = error.validator
    if kind == "type":
        expected = error.validator_value
        expected = [expected] if isinstance(expected, str) else expected
        names = " o ".join(TYPE_NAMES.get(t, t) for t in expected)
        message = f"se esperaba {names}; se encontró {_describe_value(value)}"
        if "string" in expected and written:  # YAML read a number, true/false or null
            if written != str(value) and not isinstance(value, bool) and value is not None:
                message += f" (escrito «{written}»)"
            message += f"; si es un texto, escríbalo entre comillas: \"{written}\""
        elif {"number", "integer"} & set(expected) and isinstance(value, str) and _NUMBER_LIKE.fullmatch(value):
            message += "; escriba el número solo con cifras y, si hace falta, punto decimal (p. ej. 1000 o 1.5)"
        return message
    if kind == "pattern":
        if error.validator_value == schema.ID_PATTERN:
            return (f"«{value}» no es un identificador válido: use solo minúsculas sin acentos, "
                    "cifras y guiones simples (p. ej. «2018-plantaton»)")
        if error.validator_value == schema.NONBLANK_PATTERN:
            return "no puede estar vacío ni tener solo espacios"
        if error.validator_value == schema.URL_PATTERN:
            return f"«{value}» no es una dirección web válida: debe empezar por http:// o https://"
        return f"«{value}» no tiene la forma esperada. {error.schema.get('description', '')}".rstrip()
    if kind == "minLength":
        return "no puede estar vacío"
    if kind == "maxLength":
        return f"es demasiado largo: como máximo {error.validator_value} caracteres"
    if kind in ("minimum", "maximum") and isinstance(value, float) and not math.isfinite(value):
        return "se esperaba un número finito"
    if kind == "minimum":
        return f"debe ser {error.validator_value} o más; se encontró {value}"
    if kind == "maximum":
        return f"debe ser {error.validator_value} o menos; se encontró {value}"
    if kind == "format":
        return f"«{value}» no es una fecha válida; se esperaba una fecha real con la forma AAAA-MM-DD"
    if kind == "enum":
        return f"«{value}» no es válido; se esperaba uno de: {', '.join(map(str, error.validator_value))}"
    if kind == "uniqueItems":
        return "hay elementos repetidos en la lista"
    return error.message  # pragma: no cover - every rule the schemas use is handled above


def _describe_value(value: Any) -> str:
    if value is None:
        return "un valor vacío"
    if isinstance(value, bool):
        return f"«{str(value).lower()}»"
    if isinstance(value, (int, float)):
        return f"el número {value}"
    if isinstance(value, str):
        return f"el texto «{value[:60]}»"
    if isinstance(value, list):
        return "una lista"
    return "un mapa de campos"


def describe_schema(file_schema: dict[str, Any]) -> str:
    """What a file of `file_schema` should hold, for the message about an empty file."""
    return "una lista de elementos" if file_schema.get("type") == "array" else "campos con sus valores"


def schema_problems(doc: Document, error: jsonschema.ValidationError, most: int) -> list[Problem]:
    """The problems one schema error of `doc` stands for (an unknown-fields error
    names each unknown field, `most` of them at the most), each at its place."""
    path = tuple(error.absolute_path)
    entry = None
    if isinstance(doc.data, list) and path and isinstance(doc.data[path[0]], dict):
        item = doc.data[path[0]]
        entry = item.get("id") if isinstance(item.get("id"), str) else f"elemento n.º {path[0] + 1}"

    def at(where: YamlPath, field: str, message: str) -> Problem:
        line, column = doc.position(where)
        return Problem(doc.file, line, column, field, message, entry)

    if error.validator == "additionalProperties":
        allowed = list(error.schema.get("properties", {}))
        problems = []
        for key in sorted(set(error.instance) - set(allowed))[:most]:
            message = f"campo desconocido «{key}»; los campos válidos son: {', '.join(allowed)}"
            close = difflib.get_close_matches(key, allowed, n=1)
            if close:
                message += f". ¿Quiso decir «{close[0]}»?"
            problems.append(at(path + (key,), field_name(path + (key,)), message))
        return problems
    if error.validator == "required":
        missing = re.match(r"'(.+)' is a required property", error.message)
        name = missing.group(1) if missing else "?"
        return [at(path, field_name(path + (name,)), f"falta el campo obligatorio «{name}»")]
    return [at(path, field_name(path), schema_message(error, doc.sources.get(path)))]
