"""`rendicion export`: the site's results as a spreadsheet, in the columns of `datos/resultados.csv`.

One row per result, columns `tables.result_columns` in the same order, so a
comms team edits the file it already knows and `rendicion import` reads it
back (see `sheetimport.py`). Two differences with the download, both so that
the round trip loses nothing: `text` is the exact text (with its Markdown
marks, as `resultados.json` has it), and `.xlsx` cells keep their kind (years
and progress are numbers, texts are text, never formulas).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from .model import Content, Result
from .pages import PagePlan, plan_pages
from .publication import Publication
from .sheets import write_csv, write_xlsx
from .tables import JOIN, neutralise, plain_number, result_columns


class ExportRefused(Exception):
    """Why nothing was written (in Spanish)."""


def result_cells(content: Content, plan: PagePlan, publication: Publication, r: Result) -> dict[str, Any]:
    """Column name → value of `r`, as the export writes it (text, or a number for `year` and `progress`)."""
    area = content.area(r.area)
    cells: dict[str, Any] = {
        "id": r.id, "year": r.year, "title": r.title, "text": r.text, "area_id": r.area, "area": area.name,
        "section": area.section(r.section).title if r.section else "",
    }
    for g in content.groupings:
        ids = r.memberships[g.id]
        cells[f"{g.item}_ids"] = JOIN.join(ids)
        cells[g.id] = JOIN.join(g.label(content.member(g.id, m)) for m in ids)
    cells.update({
        "partner_ids": JOIN.join(r.partners),
        "partners": JOIN.join(content.partner(p).name for p in r.partners),
        "figures": JOIN.join(f"{plain_number(f.value)} {f.unit} ({f.label})" for f in r.figures),
        "items": JOIN.join(r.items),
        "date": r.date.isoformat() if r.date else "",
        "start": r.start.isoformat() if r.start else "",
        "end": r.end.isoformat() if r.end else "",
        "series": r.series or "",
        "status": r.status or "",
        "progress": "" if r.progress is None else r.progress,
        "sources": JOIN.join(s.url for s in r.sources),
        "url": publication.url(plan.result_url(r)),
    })
    return cells


def export_bytes(content: Content, suffix: str, site_url: str = "") -> bytes:
    """The spreadsheet (`.xlsx` or `.csv`) of every result of `content`."""
    plan = plan_pages(content)
    publication = Publication(site_url)
    columns = result_columns(content.groupings)
    names = [name for name, _, _ in columns]
    rows = [[result_cells(content, plan, publication, r)[name] for name in names] for r in content.results]
    if suffix == ".xlsx":
        return write_xlsx(names, rows)
    # As the site's CSV: text neutralised against formulas, numbers as plain digits.
    text_columns = {i for i, (_, kind, _) in enumerate(columns) if kind == "string"}
    for row in rows:
        for i, value in enumerate(row):
            if i in text_columns:
                row[i] = neutralise(value)
            elif isinstance(value, (int, float)) and not isinstance(value, bool):
                row[i] = plain_number(value)
    return write_csv(names, rows)


def export_file(content: Content, path: Path, force: bool = False, site_url: str = "") -> int:
    """Write the spreadsheet at `path` (refusing to replace a file without `force`); the row count."""
    suffix = path.suffix.lower()
    if suffix not in (".xlsx", ".csv"):
        raise ExportRefused(f"«{path.name}»: se esperaba un archivo .xlsx o .csv.")
    if path.is_dir():
        raise ExportRefused(f"«{path}» es una carpeta; indique el nombre del archivo, p. ej. resultados.xlsx.")
    if os.path.lexists(path) and not force:
        raise ExportRefused(f"Ya existe «{path}»; no se reemplazó. Use --force para reemplazarlo.")
    data = export_bytes(content, suffix, site_url)
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)  # a reader never sees half a file
    return len(content.results)
