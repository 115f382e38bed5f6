"""The CSV downloads and the Frictionless Data Package that describes them.

Pure functions of `Content`, like the rest of the exports. Every text cell
goes through `neutralise` so that no spreadsheet runs it as a formula
("CSV injection"); the JSON export keeps the exact text.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from typing import Any, Callable, Iterable

from .groupings import agree, capitalise
from .institution import with_article
from .licences import licence_of
from .model import Content, Grouping, Result
from .pages import PagePlan
from .publication import DATA_DIR, Publication
from .richtext import to_plain

#: Multi-valued CSV cells are joined with this separator.
JOIN = "; "

Column = tuple[str, str, str]  # name, Table Schema type, description

#: The columns of a result without groupings; `result_columns` adds two per
#: declared grouping after `section`.
RESULT_COLUMNS: list[Column] = [
    ("id", "string", "Identificador permanente del resultado"),
    ("year", "integer", "Año del resultado"),
    ("title", "string", "Título corto"),
    ("text", "string", "Texto del resultado, sin marcas de formato (el original está en resultados.json)"),
    ("area_id", "string", "Identificador del área responsable"),
    ("area", "string", "Nombre del área responsable"),
    ("section", "string", "Apartado del área"),
    ("partner_ids", "string", "Instituciones socias (identificadores)"),
    ("partners", "string", "Instituciones socias (nombres)"),
    ("figures", "string", "Cifras: «valor unidad (etiqueta)», separadas por «; »"),
    ("items", "string", "Sub-elementos, separados por «; »"),
    ("details", "string", "Datos propios del informe: «etiqueta: valor», separados por «; »"),
    ("date", "date", "Fecha del resultado, si se conoce"),
    ("start", "date", "Inicio del periodo del resultado, si se indica"),
    ("end", "date", "Fin del periodo del resultado, si se indica"),
    ("series", "string", "Serie: id común a los resultados de un mismo objetivo en distintos años"),
    ("status", "string", "Estado, si se indica (planificado, en-curso, cumplido, suspendido)"),
    ("progress", "number", "Avance en %, si se indica"),
    ("budget_planned", "number", "Presupuesto programado, si se indica"),
    ("budget_executed", "number", "Presupuesto ejecutado, si se indica"),
    ("budget_currency", "string", "Moneda del presupuesto (código ISO 4217), si se indica"),
    ("sources", "string", "Fuentes: direcciones web, separadas por «; »"),
    ("url", "string", "Enlace permanente al resultado"),
]


def result_columns(groupings: Iterable[Grouping]) -> list[Column]:
    """The columns of a results CSV: per grouping, `<item>_ids` (its members' ids)
    and `<id>` (their acronyms or names, as `member_label` says)."""
    columns = []
    for column in RESULT_COLUMNS:
        columns.append(column)
        if column[0] == "section":
            for g in groupings:
                related = f"{capitalise(g.short_plural)} {agree('relacionados', g)}"
                labels = "siglas, separadas" if g.member_label == "acronym" else "nombres, separados"
                columns += [
                    (f"{g.item}_ids", "string", f"{related} (identificadores, separados por «; »)"),
                    (g.id, "string", f"{related} ({labels} por «; »)"),
                ]
    return columns


FIGURE_COLUMNS: list[Column] = [
    ("result_id", "string", "Identificador del resultado"),
    ("value", "number", "Valor de la cifra"),
    ("target", "number", "Meta, si se indica (misma unidad)"),
    ("baseline", "number", "Línea base, si se indica (misma unidad)"),
    ("unit", "string", "Unidad"),
    ("label", "string", "Qué se cuenta"),
    ("highlight", "boolean", "Cifra destacada"),
    ("year", "integer", "Año del resultado"),
    ("area_id", "string", "Identificador del área responsable"),
    ("url", "string", "Enlace permanente al resultado"),
]

# -- Formula injection -----------------------------------------------------------
#
# OWASP's CSV Injection page: no cell may begin with = + - @, tab (0x09) or
# carriage return (0x0D); prefixing such a cell with a single quote makes
# spreadsheets read it as text. On top of that:
# - the full-width forms (＝ ＋ － ＠), which Excel with East Asian input turns
#   into the ASCII ones, and line feed and NUL (OWASP ASVS 1.2.10 lists NUL);
# - a formula character after leading spaces, since some importers trim them;
# - a formula character after a ";" inside a text cell: spreadsheets set to
#   Spanish split CSV columns on ";" rather than ",", and there the text after
#   it starts a cell of its own (OWASP: "take care of the field separator");
#   the same after a tab, for spreadsheets told to split on tabs.
#   A "," needs no such care: cells holding one are quoted (RFC 4180).
# "|" is left alone: DDE payloads ("=cmd|...") only run behind a formula
# character, and that is what gets neutralised.

#: Characters that make a spreadsheet read the cell they start as a formula.
FORMULA_STARTS = frozenset("=+-@\uff1d\uff0b\uff0d\uff20")
#: Control characters that must not start a cell (OWASP: tab, CR; also LF, NUL).
CONTROL_STARTS = frozenset("\t\r\n\0")
_AFTER_SEPARATOR = re.compile(r"([;\t]\s*)(?=[=+\-@\uff1d\uff0b\uff0d\uff20])")


def neutralise(text: str) -> str:
    """`text` as a CSV cell no spreadsheet runs as a formula (see the rules above).

    A cell that starts, perhaps after spaces, with a formula character, or that
    starts with a tab, CR, LF or NUL, gets a leading apostrophe; so does a
    formula character after a ";" or a tab inside the cell. Anything else is unchanged.
    """
    if text[:1] in CONTROL_STARTS or text.lstrip()[:1] in FORMULA_STARTS:
        text = "'" + text
    # The membership test first: the regular expression is the slow part at 10,000 results.
    return _AFTER_SEPARATOR.sub("\\1'", text) if ";" in text or "\t" in text else text


# -- CSV -------------------------------------------------------------------------


def result_cells(content: Content, plan: PagePlan, publication: Publication, r: Result,
                 text: Callable[[str], str] = to_plain) -> dict[str, Any]:
    """Column name → cell of `r`, for the columns of `result_columns`: texts as texts,
    numbers as numbers, nothing as "". `text` writes the result's text: plain for the
    site's CSV, exact for `rendicion export` (so a round trip keeps its Markdown)."""
    area = content.area(r.area)
    cells: dict[str, Any] = {
        "id": r.id, "year": r.year, "title": r.title, "text": text(r.text), "area_id": r.area, "area": area.name,
        "section": area.section(r.section).title if r.section else "",
    }
    for g in content.groupings:
        ids = r.memberships[g.id]
        cells[f"{g.item}_ids"] = JOIN.join(ids)
        cells[g.id] = JOIN.join(g.label(content.member(g.id, m)) for m in ids)
    budget = r.budget
    cells.update({
        "partner_ids": JOIN.join(r.partners),
        "partners": JOIN.join(content.partner(p).name for p in r.partners),
        "figures": JOIN.join(f"{plain_number(f.value)} {f.unit} ({f.label})" for f in r.figures),
        "items": JOIN.join(r.items),
        "details": JOIN.join(f"{d.label}: {d.value}" for d in r.details),
        "date": r.date.isoformat() if r.date else "",
        "start": r.start.isoformat() if r.start else "",
        "end": r.end.isoformat() if r.end else "",
        "series": r.series or "",
        "status": r.status or "",
        "progress": _optional(r.progress),
        "budget_planned": _optional(budget.planned if budget else None),
        "budget_executed": _optional(budget.executed if budget else None),
        "budget_currency": budget.currency if budget else "",
        "sources": JOIN.join(s.url for s in r.sources),
        "url": publication.url(plan.result_url(r)),
    })
    return cells


def results_csv(content: Content, plan: PagePlan, publication: Publication, results: Iterable[Result]) -> bytes:
    """One row per result (RFC 4180, UTF-8 with a byte-order mark so spreadsheets keep accents)."""
    rows = RowWriter(result_columns(content.groupings))
    return rows.header + b"".join(rows.row(result_values(content, plan, publication, r, rows.names)) for r in results)


def result_values(content: Content, plan: PagePlan, publication: Publication, r: Result,
                  names: list[str]) -> list[Any]:
    """`r`'s cells (`result_cells`) in the order of the columns `names`."""
    cells = result_cells(content, plan, publication, r)
    return [cells[name] for name in names]


class RowWriter:
    """Writes the rows of one kind of CSV file one at a time, each as `csv_bytes` would.

    A row is the same bytes in every file that holds it, so the downloads make
    a result's row once and join it into each (`downloadparts.py`); joined
    after `header`, rows give exactly `csv_bytes(columns, rows)`.
    """

    def __init__(self, columns: list[Column]) -> None:
        self.columns = columns
        self.names = [name for name, _, _ in columns]
        # Only "string" columns hold editors' text (see csv_bytes); the others may hold numbers.
        self._text = [i for i, (_, kind, _) in enumerate(columns) if kind == "string"]
        self._other = [i for i, (_, kind, _) in enumerate(columns) if kind != "string"]
        self._buffer = io.StringIO(newline="")
        self._writer = csv.writer(self._buffer, lineterminator="\r\n")
        #: The byte-order mark and the column names.
        self.header = self._line(self.names).encode("utf-8-sig")

    def row(self, values: list[Any]) -> bytes:
        """One row, neutralised and numbers written plain, as UTF-8 (no byte-order mark)."""
        cells = list(values)
        for i in self._text:
            if cells[i]:  # most cells are empty, and neutralise leaves "" as it is
                cells[i] = neutralise(cells[i])
        for i in self._other:
            value = cells[i]
            if isinstance(value, (int, float)) and not isinstance(value, bool):
                cells[i] = plain_number(value)
        return self._line(cells).encode("utf-8")

    def _line(self, cells: list[Any]) -> str:
        self._buffer.seek(0)
        self._buffer.truncate()
        self._writer.writerow(cells)
        return self._buffer.getvalue()


def figures_csv(content: Content, plan: PagePlan, publication: Publication) -> bytes:
    """One row per figure, numbers as plain numbers."""
    return csv_bytes(FIGURE_COLUMNS, [row for r in content.results for row in figure_values(plan, publication, r)])


def figure_values(plan: PagePlan, publication: Publication, r: Result) -> list[list[Any]]:
    """The rows of `r`'s figures, in the order of `FIGURE_COLUMNS`."""
    url = publication.url(plan.result_url(r))
    return [[r.id, f.value, _optional(f.target), _optional(f.baseline), f.unit, f.label,
             "true" if f.highlight else "false", r.year, r.area, url]
            for f in r.figures]


def csv_bytes(columns: list[Column], rows: list[list[Any]]) -> bytes:
    """`rows` as the site writes CSV: RFC 4180, UTF-8 with a byte-order mark; text cells
    neutralised against formulas, numbers as plain digits."""
    # Only "string" columns hold editors' text; numbers, dates and booleans are
    # written by this module and must stay numbers for spreadsheets and Frictionless.
    text = {i for i, (_, kind, _) in enumerate(columns) if kind == "string"}
    for row in rows:
        for i, value in enumerate(row):
            if i in text:
                row[i] = neutralise(value)
            elif isinstance(value, (int, float)) and not isinstance(value, bool):
                row[i] = plain_number(value)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([name for name, _, _ in columns])
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def _optional(value: int | float | None) -> int | float | str:
    """A number that may be missing: "" in the CSV (csv_bytes writes numbers as plain digits)."""
    return "" if value is None else value



def plain_number(value: int | float) -> str:
    """A number as digits a spreadsheet reads as a number: no thousands separator."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


# -- Data Package ----------------------------------------------------------------

_NEUTRALISED = ("En las columnas de texto, una celda que empieza por =, +, -, @, tabulador o retorno de carro "
                "lleva delante un apóstrofo (') para que ninguna hoja de cálculo la ejecute como fórmula; "
                "resultados.json conserva el texto exacto.")


_BOM = ("UTF-8 con marca de orden de bytes (BOM) al principio, para que Excel muestre bien las tildes; "
        "los lectores de UTF-8 la ignoran.")


def calendar_version(day: datetime.date) -> str:
    """The package's version: the content's date as a calendar version («2018.12.31»), so it grows with each update."""
    return f"{day.year}.{day.month}.{day.day}"


def datapackage(content: Content, publication: Publication) -> dict[str, Any]:
    """A Frictionless Data Package describing the two CSV files."""
    site = content.site
    name = "-".join(filter(None, [site.institution.acronym or "resultados", site.report.period])).lower()
    package: dict[str, Any] = {
        "name": "".join(c if c.isalnum() or c in "-_." else "-" for c in name),
        "title": f"{site.report.title} · {site.institution.name}",
        "description": f"Resultados publicados por {with_article(site.institution)} en su rendición de "
                       f"cuentas ({site.report.period}). {_NEUTRALISED}",
        "resources": [
            _resource("resultados", "resultados.csv", "Todos los resultados", result_columns(content.groupings),
                      primary_key="id"),
            _resource("cifras", "cifras.csv", "Cifras clave de los resultados", FIGURE_COLUMNS,
                      foreign_key=("result_id", "resultados", "id")),
        ],
    }
    known = licence_of(site.licence)
    if known:  # Open Definition form; a licence we cannot name that way is only in the site's text
        package["licenses"] = [{"name": known.id, "path": known.url, "title": known.title}]
    if publication.site_url:
        package["homepage"] = publication.url(f"{DATA_DIR}/")
    if publication.updated:  # the content's date, never the build's clock (see dates.py)
        package["version"] = calendar_version(publication.updated)
        package["created"] = f"{publication.updated.isoformat()}T00:00:00Z"
    return package


def _resource(name: str, path: str, title: str, columns: list[Column],
              primary_key: str | None = None, foreign_key: tuple[str, str, str] | None = None) -> dict[str, Any]:
    table_schema: dict[str, Any] = {
        "fields": [{"name": n, "type": t, "description": d} for n, t, d in columns],
        "missingValues": [""],
    }
    if primary_key:
        table_schema["primaryKey"] = [primary_key]
    if foreign_key:
        field, resource, target = foreign_key
        table_schema["foreignKeys"] = [{"fields": [field], "reference": {"resource": resource, "fields": [target]}}]
    return {
        "name": name, "path": path, "title": title, "description": f"{_BOM} {_NEUTRALISED}", "format": "csv",
        # "utf-8" is the IANA name; the files start with a byte-order mark (see _BOM).
        "mediatype": "text/csv", "encoding": "utf-8", "schema": table_schema,
    }
