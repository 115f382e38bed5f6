"""Spreadsheet cells → content values, as people type them in Spanish-speaking countries.

Each reader takes a `sheets.Cell` and returns the value, or raises `BadCell`
with what was expected and what the cell says (in Spanish). Numbers follow
the site's `locale` (`97,76` and `1.555` in `es_BO`, `97.76` and `1,555` in
`es_SV`), through Babel's `parse_decimal`; a number the spreadsheet itself
stored (an XLSX number cell) needs no guessing.
"""

from __future__ import annotations

import datetime
import math
import re
from collections.abc import Sequence
from decimal import Decimal

from babel import numbers

from .model import Figure
from .sheets import Cell
from .tables import JOIN, neutralise
from .yamlfile import FORBIDDEN_RAW, describe_character

_DATE_DMY = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
_DATE_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?")
#: Separators of several values in one cell: «; » as the export writes them, or a comma.
_LIST_SPLIT = re.compile(r"\s*[;,]\s*")


class BadCell(Exception):
    """What is wrong with a cell's value (in Spanish)."""


def shown(cell: Cell, whole: bool = False) -> str:
    """The cell as a person sees it, for messages (cut at 60 characters unless `whole`)."""
    value = cell.value
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime.datetime):
        value = value.date()
    text = str(value)
    return text if whole or len(text) <= 60 else text[:57] + "…"


def _refuse_formula(cell: Cell) -> None:
    """A formula's result is Excel's, not the content's: the value must be typed."""
    if cell.formula:
        raise BadCell(f"la celda tiene una fórmula ({shown(cell)}); escriba el valor, no la fórmula")


def text(cell: Cell) -> str:
    """A text: as typed, without the apostrophe the site's CSV puts before a formula-like text."""
    _refuse_formula(cell)
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = value.date().isoformat()
    elif isinstance(value, float) and value.is_integer():
        value = int(value)
    result = str(value)
    result = unneutralise(result)
    bad = FORBIDDEN_RAW.search(result.replace("\r\n", "\n"))
    if bad:
        raise BadCell(describe_character(bad.group()))
    return result.replace("\r\n", "\n").strip()


def unneutralise(value: str) -> str:
    """The text `tables.neutralise` turned into `value` (the apostrophes it added, taken
    away), when that is what happened; else `value` as typed."""
    if "'" not in value:
        return value
    candidate = value[1:] if value.startswith("'") else value
    candidate = _ADDED_AFTER_SEPARATOR.sub("\\1", candidate)
    return candidate if neutralise(candidate) == value else value


_ADDED_AFTER_SEPARATOR = re.compile(r"([;\t]\s*)'(?=[=+\-@\uff1d\uff0b\uff0d\uff20])")


def number(cell: Cell, locale: str, low: float = 0, high: float = 100) -> float | int | None:
    """A number from `low` to `high` (`75`, `97,76 %`, `0.9776` in a percent-formatted cell); None if blank."""
    expected = f"se esperaba un número de {low:g} a {high:g} (dice «{shown(cell)}»)"
    _refuse_formula(cell)
    if cell.blank:
        return None
    value = cell.value
    if isinstance(value, bool):
        raise BadCell(expected)
    if isinstance(value, (int, float)):
        found = float(value) * (100 if "%" in cell.number_format else 1)
    elif isinstance(value, str):
        typed = value.strip().replace("\u00a0", " ")
        typed = typed.rstrip("%").strip()  # «75 %» and «75» mean the same: progress is in %
        if not re.fullmatch(r"[-+]?[0-9][0-9.,\s]*", typed):
            raise BadCell(expected)
        try:
            found = float(_decimal(typed.replace(" ", ""), locale))
        except (numbers.NumberFormatError, ValueError):
            raise BadCell(expected) from None
    else:
        raise BadCell(expected)
    if not math.isfinite(found) or not low <= found <= high:
        raise BadCell(expected)
    found = round(found, 6)
    return int(found) if found.is_integer() else found


def _decimal(typed: str, locale: str) -> Decimal:
    # A "," or "." followed by one or two final digits can only be a decimal sign (a
    # thousands separator is followed by three): «97,76» and «97.76» are read the same
    # anywhere. Otherwise the locale decides: «1.555» is 1555 in es_BO, 1.555 in es_SV.
    if re.fullmatch(r"[-+]?[0-9]+[.,][0-9]{1,2}", typed):
        return Decimal(typed.replace(",", "."))
    return numbers.parse_decimal(typed, locale=locale, strict=True)


def date(cell: Cell) -> str | None:
    """A date as AAAA-MM-DD: from a date cell, `15/03/2018` (day first) or `2018-03-15`; None if blank."""
    expected = f"se esperaba una fecha como 15/03/2018 o 2018-03-15 (dice «{shown(cell)}»)"
    _refuse_formula(cell)
    if cell.blank:
        return None
    value = cell.value
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if not isinstance(value, str):
        raise BadCell(expected)
    typed = value.strip()
    if match := _DATE_ISO.fullmatch(typed):
        year, month, day = (int(g) for g in match.groups())
    elif match := _DATE_DMY.fullmatch(typed):
        day, month, year = (int(g) for g in match.groups())
    else:
        raise BadCell(expected)
    try:
        return datetime.date(year, month, day).isoformat()
    except ValueError:
        raise BadCell(f"«{shown(cell)}» no es una fecha que exista") from None


def id_list(cell: Cell) -> list[str]:
    """Several values in one cell, separated by «;» or «,» (as the export writes them: «a; b»)."""
    value = text(cell)
    return [part for part in _LIST_SPLIT.split(value) if part] if value else []


def year(cell: Cell) -> int | None:
    """A year of four digits (`2018`, or a date cell's year); None if blank."""
    if cell.blank:
        return None
    value = cell.value
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.year
    typed = shown(cell).strip()
    if isinstance(value, (int, float, str)) and re.fullmatch(r"[0-9]{4}", typed):
        return int(typed)
    raise BadCell(f"se esperaba un año de cuatro cifras (dice «{shown(cell)}»)")


def figure_values(typed: str, figures: Sequence[Figure], locale: str) -> dict[int, int | float]:
    """The new values of a `figures` cell edited in a spreadsheet: {position: value} for the
    figures whose number changed. The cell lists «valor unidad (etiqueta)» as the export wrote
    it; only numbers may change (a figure's unit, label, target and the rest stay in the YAML)."""
    parts = [part.strip() for part in typed.split(JOIN.strip())] if typed.strip() else []
    if len(parts) != len(figures):
        raise BadCell(f"la hoja trae {len(parts)} {'cifra' if len(parts) == 1 else 'cifras'} y el resultado tiene "
                      f"{len(figures)}: desde la hoja solo "
                      "cambia el valor de cada cifra; para añadir o quitar cifras, edite el archivo YAML")
    changed: dict[int, int | float] = {}
    for position, (part, figure) in enumerate(zip(parts, figures)):
        rest = f"{figure.unit} ({figure.label})"
        digits, _, written = part.partition(" ")
        if written.strip() != rest:
            raise BadCell(f"cifra {position + 1}: se esperaba «… {rest}» (dice «{part}»); desde la hoja solo "
                          "cambia el número: la unidad y la etiqueta se cambian en el archivo YAML")
        value = number(Cell(digits), locale, low=0, high=10 ** 15)
        if value is None:
            raise BadCell(f"cifra {position + 1}: falta el número antes de «{rest}»")
        if value != figure.value:
            changed[position] = value
    return changed

