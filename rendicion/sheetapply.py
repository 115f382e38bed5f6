"""`rendicion import hoja.xlsx|.csv`: check the plan on a copy of `content/`, then write it.

Order of work, so that a bad spreadsheet never leaves content half changed:

1. read the sheet and make the plan (`sheetimport.py`); any cell problem → stop;
2. compute the new text of every file touched: updated fields edited in
   place (`yamledit.py`), new results appended, new areas and members as files;
3. write those texts into a temporary copy of `content/` and `load_content` it:
   if the edited content would not publish, every problem is shown and
   nothing is written;
4. only then replace each file (write beside it, then rename over it).
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .contentfiles import os_reason
from .errors import ContentError
from .load import load_content
from .localeformat import LocaleFormat
from .sheetimport import MappingRefused, Plan, Update, make_plan, parse_mapping, result_places
from .sheets import SheetUnreadable, read_table
from .yamledit import EditRefused, remove_key, render, set_nested, set_value


@dataclass
class Writes:
    """New text of every file the plan touches, by path (relative names for the summary)."""

    files: dict[Path, str] = field(default_factory=dict)
    created: list[Path] = field(default_factory=list)
    #: Files written with a byte-order mark or Windows line endings keep them.
    bom: set[Path] = field(default_factory=set)
    crlf: set[Path] = field(default_factory=set)


def compute_writes(plan: Plan, root: Path, file: str = "") -> Writes:
    """The files `plan` changes and their new texts; raises `EditRefused`."""
    writes = Writes()
    places = result_places(root)

    def text_of(path: Path) -> str:
        if path not in writes.files:
            raw = path.read_bytes() if path.exists() else b""
            if raw.startswith(b"\xef\xbb\xbf"):
                writes.bom.add(path)
            if b"\r\n" in raw and raw.count(b"\n") == raw.count(b"\r\n"):
                writes.crlf.add(path)
            writes.files[path] = raw.decode("utf-8-sig").replace("\r\n", "\n")
            if not path.exists():
                writes.created.append(path)
        return writes.files[path]

    for update in plan.updates:
        path, index = places[update.result.id]
        try:
            text = _apply(text_of(path), index, update, _shown(root, path))
        except EditRefused as refused:
            raise EditRefused(f"{file}: fila {update.row}: {refused}") from None
        writes.files[path] = text
    last = max([_order(p) for p in (root / "areas").glob("*.yml")], default=0)
    for order, (area, name) in enumerate(plan.new_areas.items(), start=last + 1):  # after the existing areas
        path = root / "areas" / f"{area}.yml"
        writes.files[path] = f"id: {area}\norder: {order}\nname: {render(name)}\nshort_name: {render(name)}\n"
        writes.created.append(path)
    for (grouping, ident), data in plan.new_members.items():
        path = root / grouping / f"{ident}.yml"
        writes.files[path] = "".join(f"{key}: {render(value)}\n" for key, value in data.items())
        writes.created.append(path)
    for entry in plan.new:
        path = root / "results" / str(entry.year) / f"{entry.area}.yml"
        text = text_of(path)
        separator = "" if not text or text.endswith("\n\n") else ("\n" if text.endswith("\n") else "\n\n")
        writes.files[path] = text + separator + _entry(entry.data)
    return writes


def _apply(text: str, index: int, update: Update, shown: str) -> str:
    """`text` with the `index`-th entry's fields set as `update` says."""
    for name, value in update.fields.items():
        if name == "figures":  # {position: new value}: only those numbers change
            for position, number in value.items():
                text = set_nested(text, index, ("figures", position, "value"), number, shown)
        elif value is None or value == []:
            text = remove_key(text, index, name, shown)
        else:
            text = set_value(text, index, name, value, shown)
    return text


def _order(path: Path) -> int:
    for line in path.read_text(encoding="utf-8-sig").splitlines():
        if line.startswith("order:"):
            value = line.split(":", 1)[1].split("#", 1)[0].strip()
            return int(value) if value.isdigit() else 0
    return 0


def _entry(data: dict[str, Any]) -> str:
    lines = [f"{'- ' if i == 0 else '  '}{key}: {render(value)}" for i, (key, value) in enumerate(data.items())]
    return "\n".join(lines) + "\n"


def _shown(root: Path, path: Path) -> str:
    try:
        return path.relative_to(root.parent).as_posix()
    except ValueError:
        return path.as_posix()


def validate(root: Path, writes: Writes) -> None:
    """`load_content` on a copy of `root` with `writes` applied; raises `ContentError`."""
    with tempfile.TemporaryDirectory(prefix="rendicion-import-") as folder:
        copy = Path(folder) / root.name  # same name: messages read content/…, as for the real folder
        shutil.copytree(root, copy, symlinks=True)
        for path, text in writes.files.items():
            target = copy / path.relative_to(root)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        load_content(copy)


def write(writes: Writes) -> None:
    for path, text in writes.files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.importando")
        data = text.replace("\n", "\r\n") if path in writes.crlf else text
        temporary.write_text(data, encoding="utf-8-sig" if path in writes.bom else "utf-8", newline="")
        os.replace(temporary, path)


def summary(plan: Plan, root: Path, writes: Writes, file: str, dry_run: bool, locale: str) -> str:
    """What the import did (or would do), in Spanish."""
    count = LocaleFormat.of(locale).count
    lines = [f"{file}: {count(plan.rows, 'fila', 'filas')}."]
    if dry_run:
        lines[0] += " Simulación (--dry-run): no se escribió nada; esto es lo que se haría:"
    lines.append(f"  Sin cambios: {plan.unchanged}")
    lines.append(f"  Actualizados: {len(plan.updates)}")
    lines += [f"    {u.result.id}: {', '.join(u.fields)}" for u in plan.updates]
    lines.append(f"  Nuevos: {len(plan.new)}")
    lines += [f"    {e.data['id']} → {_shown(root, root / 'results' / str(e.year) / (e.area + '.yml'))}"
              for e in plan.new]
    if plan.new_areas:
        lines.append(f"  Áreas nuevas: {len(plan.new_areas)}")
        lines += [f"    {a} «{n}» → {_shown(root, root / 'areas' / (a + '.yml'))}" for a, n in plan.new_areas.items()]
    if plan.new_members:
        lines.append(f"  Miembros nuevos de agrupaciones: {len(plan.new_members)}")
        lines += [f"    {g}/{i} «{d['name']}» → {_shown(root, root / g / (i + '.yml'))}"
                  for (g, i), d in plan.new_members.items()]
    if plan.unused_columns:
        lines.append("  Columnas que no se usan: " + ", ".join(f"«{h}»" for h in plan.unused_columns))
    if plan.absent:
        lines.append(f"  Resultados que no están en la hoja: {len(plan.absent)} (no se borran; para quitar uno, "
                     "bórrelo de su archivo YAML)")
    if not dry_run and writes.files:
        lines.append(f"Archivos escritos: {len(writes.files)}. Revise con: rendicion check; publique con: rendicion build")
    elif not writes.files:
        lines.append("Nada que cambiar: el contenido ya dice lo mismo que la hoja.")
    return "\n".join(lines)


def import_sheet(path: Path, root: Path, columns: str | None = None, dry_run: bool = False,
                 year: int | None = None) -> int:
    """Run the import; prints the summary or every problem; the exit status."""
    try:
        content = load_content(root)
    except ContentError as error:
        print(error.report().replace("no se publicó nada", "corríjalo antes de importar"), file=sys.stderr)
        return 1
    try:
        table = read_table(path)
        mapping = parse_mapping(columns, content.groupings) if columns else None
        plan = make_plan(table, content, root, mapping, year)
    except (SheetUnreadable, MappingRefused) as refused:
        print(f"{refused} No se importó nada.", file=sys.stderr)
        return 1
    if plan.problems:
        noun = "problema" if len(plan.problems) == 1 else "problemas"
        print(f"La hoja tiene {len(plan.problems)} {noun}; no se importó nada:", file=sys.stderr)
        print("\n".join(f"  {p}" for p in plan.problems), file=sys.stderr)
        return 1
    try:
        writes = compute_writes(plan, root, path.name)
        validate(root, writes)
    except EditRefused as refused:
        print(f"{refused}. No se importó nada.", file=sys.stderr)
        return 1
    except ContentError as error:
        print(f"Con los cambios de {path.name}, el contenido tendría {len(error.problems)} "
              f"{'problema' if len(error.problems) == 1 else 'problemas'}; no se importó nada:", file=sys.stderr)
        print("\n".join(f"  {p}" for p in error.problems), file=sys.stderr)
        return 1
    except OSError as error:
        print(f"No se pudo preparar la importación: {os_reason(error)}. No se importó nada.", file=sys.stderr)
        return 1
    if table.encoding:
        print(f"{path.name} se leyó como {table.encoding}.")
    if not dry_run:
        write(writes)
    print(summary(plan, root, writes, path.name, dry_run, content.site.locale))
    return 0
