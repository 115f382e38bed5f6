"""Plain-Spanish readings of PyYAML's syntax errors, at their line and column."""

from __future__ import annotations

import yaml

from .errors import Problem


def syntax_problem(file: str, error: yaml.MarkedYAMLError) -> Problem:
    """`error` as a problem an editor can act on: where, what, and how to fix it."""
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
    ("found undefined tag handle", "hay una etiqueta YAML («!...») desconocida; ponga el texto entre comillas"),
    ("did not find expected node content", "falta un valor: una lista o un mapa entre corchetes o llaves "
     "quedó sin cerrar, o hay una coma de más"),
    ("did not find expected ',' or ']'", "falta «,» o «]» en una lista entre corchetes"),
    ("did not find expected ',' or '}'", "falta «,» o «}» en un mapa entre llaves"),
    ("found unknown escape character", "hay una «\\» seguida de una letra no válida entre comillas dobles; "
     "escriba «\\\\» o use comillas simples"),
)
