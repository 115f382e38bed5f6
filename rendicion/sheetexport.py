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

from .model import Content
from .pages import plan_pages
from .publication import Publication
from .sheets import write_xlsx
from .tables import csv_bytes, result_cells, result_columns


class ExportRefused(Exception):
    """Why nothing was written (in Spanish)."""


def export_bytes(content: Content, suffix: str, site_url: str = "") -> bytes:
    """The spreadsheet (`.xlsx` or `.csv`) of every result of `content`."""
    plan = plan_pages(content)
    publication = Publication(site_url)
    columns = result_columns(content.groupings)
    names = [name for name, _, _ in columns]
    # The exact text (with its Markdown), unlike the site's CSV: a round trip loses nothing.
    rows = [[cells[name] for name in names]
            for cells in (result_cells(content, plan, publication, r, text=str) for r in content.results)]
    if suffix == ".xlsx":
        return write_xlsx(names, rows)
    return csv_bytes(columns, rows)  # as the site's CSV: formulas neutralised, plain numbers


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
