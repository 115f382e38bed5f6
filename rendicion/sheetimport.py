"""`rendicion import hoja.xlsx|.csv`: what a spreadsheet changes in `content/` (the plan).

The rows are compared with the site's results, by id: a row whose cells say
what the content already says is unchanged (its YAML is not touched); a row
that changes editable fields becomes an update of those fields; a row with an
id the content does not have (or none) becomes a new result. Nothing here
writes: `sheetapply.py` validates the plan on a copy and writes it.

Editable in bulk: title, text, status, progress, date, start, end, series,
partners (ids) and the members of each declared grouping (ids), and the
numbers of the `figures` cell (`cellvalues.figure_values`: only the digits
change in the YAML). Read-only, refused if changed: year and area of an
existing result (they decide its file and address), and the columns the
export computes (names, section, a figure's unit and label, items, details,
budget, sources, url): those are edited in the YAML.

With a mapping (`--columns id=codigo,title=nombre,…`) any spreadsheet is read:
areas and grouping members named that do not exist yet (by id, name or
acronym) are created, and missing ids are generated (`<year>-<slug of title>`).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from . import cellvalues
from .cellvalues import BadCell
from .model import Content, Grouping, Result
from .newresult import new_result_id
from .richtext import to_plain
from .schema import STATUSES
from .sheets import Cell, Table
from .tables import neutralise, result_cells, result_columns
from .slugs import slug
from .pages import plan_pages
from .publication import Publication
from .yamlfile import read_yaml

#: Fields a mapping may name besides the declared groupings.
FIELDS = ("id", "year", "title", "text", "area", "status", "progress", "date", "start", "end",
          "series", "partners")
#: Fields whose change updates an existing result.
EDITABLE = ("title", "text", "status", "progress", "date", "start", "end", "series", "partners")
#: In the export's own format: field → its column (groupings add `<item>_ids`).
_EXPORT_COLUMNS = {"id": "id", "year": "year", "title": "title", "text": "text", "area": "area_id",
                   "status": "status", "progress": "progress", "date": "date", "start": "start", "end": "end",
                   "series": "series", "partners": "partner_ids"}


class MappingRefused(Exception):
    """A `--columns` mapping that cannot be used (in Spanish)."""


@dataclass
class Update:
    result: Result
    fields: dict[str, Any]  # field -> new value (None: remove the field)
    row: int = 0  # the sheet's row, for messages


@dataclass
class NewEntry:
    row: int
    year: int
    area: str
    data: dict[str, Any]


@dataclass
class Plan:
    """What the spreadsheet changes; `problems` non-empty means nothing may be written."""

    rows: int = 0
    unchanged: int = 0
    updates: list[Update] = field(default_factory=list)
    new: list[NewEntry] = field(default_factory=list)
    new_areas: dict[str, str] = field(default_factory=dict)  # id -> name
    new_members: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)  # (grouping, id) -> data
    problems: list[str] = field(default_factory=list)
    #: Said in the summary, never silently: headers nothing reads, results no row names.
    unused_columns: list[str] = field(default_factory=list)
    absent: list[str] = field(default_factory=list)


def parse_mapping(spec: str, groupings: tuple[Grouping, ...]) -> dict[str, str]:
    """`id=codigo,title=nombre` → {field: header}; raises `MappingRefused`."""
    allowed = FIELDS + tuple(g.id for g in groupings)
    mapping: dict[str, str] = {}
    for part in filter(None, (p.strip() for p in spec.split(","))):
        name, equals, header = part.partition("=")
        name, header = name.strip(), header.strip()
        if not equals or not header:
            raise MappingRefused(f"--columns: «{part}» debe tener la forma campo=columna (p. ej. title=nombre).")
        if name not in allowed:
            raise MappingRefused(f"--columns: campo desconocido «{name}»; se esperaba uno de: {', '.join(allowed)}.")
        if name in mapping:
            raise MappingRefused(f"--columns: el campo «{name}» aparece dos veces («{mapping[name]}» y «{header}»).")
        mapping[name] = header
    if "title" not in mapping and "text" not in mapping:
        raise MappingRefused("--columns: indique al menos la columna del título (title=…) o del texto (text=…).")
    return mapping


def _key(text: str) -> str:
    """How headers, names and ids are matched: without case, accents or punctuation."""
    return slug(text, default="")


class _Planner:
    def __init__(self, table: Table, content: Content, root: Path, mapping: dict[str, str] | None,
                 default_year: int | None) -> None:
        self.table, self.content, self.root = table, content, root
        self.default_year = default_year
        self.plan = Plan(rows=len(table.rows))
        self.header_index = {_key(h): i for i, h in reversed(list(enumerate(table.header))) if h}
        self.columns = self._columns(mapping)
        self.readonly: dict[str, int] = {}
        if mapping is None:  # the export's computed columns must come back unchanged
            computed = ["year", "area", "section", "partners", "figures", "items", "details", "budget_planned",
                        "budget_executed", "budget_currency", "sources", "url", *(g.id for g in content.groupings)]
            self.readonly = {c: self.header_index[_key(c)] for c in computed if _key(c) in self.header_index}
        self.taken = {r.id for r in content.results}
        self.by_title = {(r.year, r.area, _key(r.title)): r for r in content.results}
        areas = content.areas
        self.area_ids = {_key(k): a.id for a in areas for k in (a.id, a.name, a.short_name)}
        self.members = {g.id: {_key(k): m.id for m in content.members_of(g.id)
                               for k in (m.id, m.name, m.acronym or m.id)} for g in content.groupings}
        self.partners = {_key(k): p.id for p in content.partners for k in (p.id, p.name, p.acronym or p.id)}
        plan = plan_pages(content)
        self.exported = lambda r: result_cells(content, plan, Publication(), r)

    def _columns(self, mapping: dict[str, str] | None) -> dict[str, int]:
        if mapping is None:
            wanted = dict(_EXPORT_COLUMNS)
            wanted.update({g.id: f"{g.item}_ids" for g in self.content.groupings})
            if "id" not in self.header_index:
                raise MappingRefused(
                    f"«{self.table.file}» no tiene las columnas de «rendicion export» (falta «id»). Indique qué "
                    "columna es cada campo con --columns, p. ej.: --columns title=nombre,text=descripcion,"
                    "area=direccion,progress=avance")
            return {f: self.header_index[_key(h)] for f, h in wanted.items() if _key(h) in self.header_index}
        missing = [h for h in mapping.values() if _key(h) not in self.header_index]
        if missing:
            raise MappingRefused(f"«{self.table.file}» no tiene la columna «{missing[0]}»; sus columnas son: "
                                 + ", ".join(f"«{h}»" for h in self.table.header if h) + ".")
        return {f: self.header_index[_key(h)] for f, h in mapping.items()}

    def problem(self, row: int, column: int | None, message: str) -> None:
        where = f"fila {row}" + (f", columna «{self.table.header[column]}»" if column is not None else "")
        self.plan.problems.append(f"{self.table.file}: {where}: {message}")

    def cell(self, cells: tuple[Cell, ...], column: int) -> Cell:
        return cells[column] if column < len(cells) else Cell(None)

    def read(self, row: int, cells: tuple[Cell, ...], name: str, reader: Callable[[Cell], Any]) -> Any:
        """The value of field `name` in this row; `_MISSING` if the sheet has no such column or it is wrong."""
        if name not in self.columns:
            return _MISSING
        column = self.columns[name]
        try:
            return reader(self.cell(cells, column))
        except BadCell as bad:
            self.problem(row, column, str(bad))
            return _MISSING

    # -- rows ----------------------------------------------------------------------

    def run(self) -> Plan:
        seen: dict[str, int] = {}
        for row, cells in self.table.rows:
            # No id column (a foreign sheet): every row is new, with a generated id.
            ident = self.read(row, cells, "id", cellvalues.text) if "id" in self.columns else ""
            if isinstance(ident, str) and ident:
                if ident in seen:
                    self.problem(row, self.columns["id"], f"el id «{ident}» ya está en la fila {seen[ident]}")
                    continue
                seen[ident] = row
            values = self.values(row, cells)
            if ident in self.taken:
                self.update(row, cells, self.content.result(ident), values)
            elif ident is not _MISSING:
                self.new(row, cells, ident or None, values)
        used = set(self.columns.values()) | set(self.readonly.values())
        if self.readonly:  # the export's layout: its written-only columns (names, url) are known too
            used |= set(self._export_columns())
        self.plan.unused_columns = [h for i, h in enumerate(self.table.header) if h and i not in used]
        if "id" in self.columns:
            self.plan.absent = [r.id for r in self.content.results if r.id not in seen]
        return self.plan

    def _export_columns(self) -> list[int]:
        """Where the export's own columns stand, read or compared, or only written (names, url)."""
        names = [name for name, _, _ in result_columns(self.content.groupings)]
        return [self.header_index[_key(n)] for n in names if _key(n) in self.header_index]

    def values(self, row: int, cells: tuple[Cell, ...]) -> dict[str, Any]:
        locale = self.content.site.locale
        readers: dict[str, Callable[[Cell], Any]] = {
            "title": cellvalues.text, "text": cellvalues.text, "series": cellvalues.text,
            "status": self.status, "progress": lambda c: cellvalues.number(c, locale),
            "date": cellvalues.date, "start": cellvalues.date, "end": cellvalues.date,
            "year": cellvalues.year, "area": cellvalues.text,
            "partners": cellvalues.id_list,
            **{g.id: cellvalues.id_list for g in self.content.groupings},
        }
        found = {name: self.read(row, cells, name, reader) for name, reader in readers.items()}
        return {name: value for name, value in found.items() if value is not _MISSING}

    def status(self, cell: Cell) -> str | None:
        value = cellvalues.text(cell)
        if not value:
            return None
        key = _key(value)
        if key not in STATUSES:
            raise BadCell(f"estado desconocido «{value}»; se esperaba uno de: {', '.join(STATUSES)}")
        return key

    def update(self, row: int, cells: tuple[Cell, ...], result: Result, values: dict[str, Any],
               added: bool = False) -> None:
        """`added`: a row added without an id, imported before (its computed cells are blank)."""
        exported = self.exported(result)
        changes: dict[str, Any] = {}
        for name, column in self.readonly.items():
            if name == "year" and "year" in self.columns:
                continue
            if added and self.cell(cells, column).blank:
                continue
            typed = cellvalues.shown(self.cell(cells, column), whole=True) if not self.cell(cells, column).blank else ""
            typed = cellvalues.unneutralise(typed.replace("\r\n", "\n").strip())
            expected = str(exported[name]).strip()
            if name == "figures" and typed != expected:  # the numbers may change, in bulk
                try:
                    if figures := cellvalues.figure_values(typed, result.figures, self.content.site.locale):
                        changes["figures"] = figures
                except BadCell as bad:
                    self.problem(row, column, str(bad))
                continue
            # The export writes absolute addresses when mkdocs.yml has site_url; compared here without it.
            if typed != expected and not (name == "url" and typed.endswith("/" + expected)):
                self.problem(row, column, f"columna de solo lectura: el contenido dice «{exported[name]}»; "
                             "para cambiarla, edite el archivo YAML del resultado")
        if values.get("year") not in (None, result.year):
            self.problem(row, self.columns["year"], f"el año de un resultado existente no se cambia desde la "
                         f"hoja (es {result.year}): decide su archivo y su dirección")
        area = values.get("area")
        if area is not None and self.area_ids.get(_key(area)) != result.area:
            self.problem(row, self.columns["area"], f"el área de un resultado existente no se cambia desde la "
                         f"hoja (es «{result.area}»): decide su página y su dirección; muévalo en content/")
        for name in EDITABLE + tuple(g.id for g in self.content.groupings):
            if name not in values:
                continue
            new, old = values[name], self.current(result, name)
            new = None if new == "" else new
            if name in ("title", "text"):
                if not new:
                    self.problem(row, self.columns[name], f"«{name}» no puede quedar vacío")
                    continue
                # The same text, its plain form (the site's CSV), or the same once neutralised: a CSV
                # cell cannot tell «'=x» typed from «=x» written as text.
                if new in (old, old.strip(), to_plain(old)) or neutralise(new) == neutralise(old):
                    continue
            elif name == "partners":
                new = self.resolve(row, name, new, self.partners, "socio", create=False)
            elif name in self.members:
                new = self.resolve_members(row, name, new, result.area)
            if new != old:
                changes[name] = new
        if changes:
            self.plan.updates.append(Update(result, changes, row))
        else:
            self.plan.unchanged += 1

    def current(self, result: Result, name: str) -> Any:
        if name in self.members:
            return list(result.memberships[name])
        value = getattr(result, name)
        if name == "partners":
            return list(value)
        if name in ("date", "start", "end"):
            return value.isoformat() if value else None
        return value if value != "" else None

    def resolve(self, row: int, name: str, values: list[str], known: dict[str, str], kind: str,
                create: bool) -> list[str]:
        ids = []
        for value in values:
            ident = known.get(_key(value))
            if ident is None:
                self.problem(row, self.columns[name], f"{kind} desconocido «{value}»")
            elif ident not in ids:
                ids.append(ident)
        return ids

    def resolve_members(self, row: int, grouping_id: str, values: list[str], area: str) -> list[str]:
        """Member ids for the names or ids in a cell; members not found are created."""
        g = self.content.grouping(grouping_id)
        known = self.members[grouping_id]
        ids = []
        for value in values:
            ident = known.get(_key(value))
            if ident is None:
                ident = _fresh(slug(value, default=g.item, max_words=6), set(known.values()))
                data: dict[str, Any] = {"id": ident}
                if g.member_label == "acronym":
                    data["acronym"] = value if " " not in value else "".join(w[0] for w in value.split()).upper()
                data["name"] = value
                if g.area:
                    data["area"] = area
                known[_key(value)] = known[_key(ident)] = ident
                self.plan.new_members[(grouping_id, ident)] = data
            if ident not in ids:
                ids.append(ident)
        return ids

    def new(self, row: int, cells: tuple[Cell, ...], ident: str | None, values: dict[str, Any]) -> None:
        title, text = values.get("title") or "", values.get("text") or ""
        if not title and not text:
            self.problem(row, None, "la fila no tiene título ni texto; déjela vacía o complétela")
            return
        year = values.get("year") or (int(values["date"][:4]) if values.get("date") else self.default_year)
        if year is None:
            years = self.content.years
            year = years[0] if len(years) == 1 else None
        if year is None:
            self.problem(row, self.columns.get("year"), "falta el año del resultado nuevo (columna year o --year)")
            return
        area_name = values.get("area") or ""
        if not area_name:
            self.problem(row, self.columns.get("area"), "falta el área del resultado nuevo")
            return
        area = self.area_ids.get(_key(area_name))
        if area is None and self.readonly:  # the export's own columns: an unknown area is a typo
            close = difflib.get_close_matches(_key(area_name), sorted(self.area_ids), n=1)
            hint = f"; ¿quiso decir «{self.area_ids[close[0]]}»?" if close else ""
            self.problem(row, self.columns.get("area"), f"área desconocida «{area_name}»{hint} (las áreas "
                         "nuevas se crean en content/areas/, o con --columns desde otra hoja)")
            return
        # The same title, area and year as a result the content has: that result, not a copy.
        same = self.by_title.get((year, area, _key(title or _short(text))))
        if same is not None and ident is None:
            self.update(row, cells, same, values, added=True)
            return
        if same is not None:
            self.problem(row, self.columns.get("id"), f"el id «{ident}» no existe y la fila repite el título de "
                         f"«{same.id}»: un id no se cambia desde la hoja (es la dirección del resultado); si es "
                         "otro resultado, cambie también su título")
            return
        for name in _DATA_ONLY:  # cells a new row cannot carry: they would be lost
            column = self.header_index.get(_key(name))
            if column is not None and not self.cell(cells, column).blank:
                self.problem(row, column, f"un resultado nuevo no toma «{name}» de la hoja: deje la celda "
                             "vacía y escríbalo en su archivo YAML después de importarlo")
        if area is None:
            area = _fresh(slug(area_name, default="area", max_words=6), set(self.area_ids.values()))
            self.area_ids[_key(area_name)] = self.area_ids[_key(area)] = area
            self.plan.new_areas[area] = area_name
        if ident is None:
            ident = new_result_id(self.taken, year, title or text)
        self.taken.add(ident)
        data: dict[str, Any] = {"id": ident, "title": title or _short(text), "text": text or title, "area": area}
        for g in self.content.groupings:
            if values.get(g.id):
                data[g.id] = self.resolve_members(row, g.id, values[g.id], area)
        if values.get("partners"):
            data["partners"] = self.resolve(row, "partners", values["partners"], self.partners, "socio", False)
        for name in ("date", "start", "end", "series", "status", "progress"):
            if values.get(name) not in (None, ""):
                data[name] = values[name]
        self.plan.new.append(NewEntry(row, year, area, data))


_MISSING = object()
#: Export columns a new row cannot set (their YAML holds more than the cell says).
_DATA_ONLY = ("figures", "items", "details", "budget_planned", "budget_executed", "budget_currency", "sources")


def _fresh(base: str, taken: set[str]) -> str:
    ident, n = base, 2
    while ident in taken:
        ident, n = f"{base}-{n}", n + 1
    return ident


def _short(text: str) -> str:
    """A title from a text: its first sentence, at most 12 words."""
    first = re.split(r"(?<=[.:;])\s", text, maxsplit=1)[0].rstrip(".:;")
    words = first.split()
    return " ".join(words[:12]) + ("…" if len(words) > 12 else "")


def make_plan(table: Table, content: Content, root: Path, mapping: dict[str, str] | None,
              default_year: int | None = None) -> Plan:
    """What `table` changes in `content` (read from `root`); raises `MappingRefused`."""
    return _Planner(table, content, root, mapping, default_year).run()


def result_places(root: Path) -> dict[str, tuple[Path, int]]:
    """Result id → its file and its index in that file's list."""
    places = {}
    for path in sorted((root / "results").glob("*/*.yml")):
        document, _ = read_yaml(path, str(path))
        if document is not None and isinstance(document.data, list):
            for index, entry in enumerate(document.data):
                if isinstance(entry, dict) and isinstance(entry.get("id"), str):
                    places[entry["id"]] = (path, index)
    return places
