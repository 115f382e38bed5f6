"""Spreadsheet files as tables: write and read `.xlsx` (openpyxl) and `.csv`.

A table is a header (column names) and rows of cells. Reading keeps what a
person typed as far as the file says it: XLSX cells come back as Python
values (text, numbers, dates) with their number format, CSV cells as text.

Choices, and why:

- XLSX text cells are always written as text (`data_type = "s"`): openpyxl
  would otherwise store a text starting with `=` as a formula, and Excel would
  run it. Reading, a cell that *is* a formula is refused by the importer: its
  value is whatever the spreadsheet last computed, not something a person wrote.
- XLSX files are made byte-for-byte reproducible (fixed dates in the document
  properties and in the ZIP entries), so exporting the same content twice
  gives the same file, as the site's downloads do.
- CSV is decoded as UTF-8 (with or without byte-order mark), else as the
  encoding charset-normalizer finds (Windows-1252 from Excel in Spanish), and
  split on `;` or `,`, whichever the header line uses (Excel set to Spanish
  writes `;`).
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

from .contentfiles import MAX_BYTES

#: The formats this module reads and writes, by suffix.
SUFFIXES = (".csv", ".xlsx")
#: The sheet's name in exported workbooks.
SHEET = "resultados"
#: Document and ZIP dates of exported workbooks: fixed, so exports are reproducible.
_FIXED = datetime.datetime(2000, 1, 1)


class SheetUnreadable(Exception):
    """Why a spreadsheet could not be read (in Spanish, naming the file)."""


@dataclass(frozen=True)
class Cell:
    """One cell as read: its value (`str`, `int`, `float`, `datetime`, `bool` or None),
    whether it is a formula, and its number format (XLSX; "General" for CSV)."""

    value: Any
    formula: bool = False
    number_format: str = "General"

    @property
    def blank(self) -> bool:
        return self.value is None or (isinstance(self.value, str) and not self.value.strip())


@dataclass(frozen=True)
class Table:
    """A spreadsheet's first sheet: header names and rows (each with its 1-based row number)."""

    file: str
    header: tuple[str, ...]
    rows: tuple[tuple[int, tuple[Cell, ...]], ...]
    encoding: str | None = None  # CSV read in something other than UTF-8


# -- writing ---------------------------------------------------------------------


def write_xlsx(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> bytes:
    """A one-sheet workbook, reproducible byte for byte; text cells stay text."""
    from openpyxl import Workbook  # here: only spreadsheets need it

    book = Workbook()
    sheet = book.active
    sheet.title = SHEET
    sheet.append(list(header))
    for row in rows:
        sheet.append([None if value == "" else value for value in row])
    for line in sheet.iter_rows():
        for cell in line:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # never a formula, whatever the text starts with
            elif isinstance(cell.value, datetime.date):
                cell.number_format = "yyyy-mm-dd"
    sheet.freeze_panes = "A2"
    book.properties.creator = "rendicion"
    book.properties.created = book.properties.modified = _FIXED
    buffer = io.BytesIO()
    book.save(buffer)
    return _reproducible_zip(buffer.getvalue())


def _reproducible_zip(data: bytes) -> bytes:
    """The same ZIP with fixed entry dates and the modification date openpyxl sets at saving fixed too."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            body = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>2000-01-01T00:00:00Z", body)
            entry = zipfile.ZipInfo(info.filename, date_time=_FIXED.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, body)
    return out.getvalue()


# -- reading ---------------------------------------------------------------------


def read_table(path: Path) -> Table:
    """The first sheet of `path` (.xlsx or .csv); raises `SheetUnreadable`."""
    try:
        if not path.is_file():
            raise SheetUnreadable(f"No existe el archivo «{path}»." if not path.exists()
                                  else f"«{path}» no es un archivo.")
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise SheetUnreadable(f"«{path}» ocupa {size / 1024 / 1024:.1f} MB; el límite es "
                                  f"{MAX_BYTES // 1024 // 1024} MB.")
        raw = path.read_bytes()
    except OSError as error:
        raise SheetUnreadable(f"No se pudo leer «{path}»: {error.strerror or error}.") from None
    if path.suffix.lower() == ".xlsx":
        return _read_xlsx(raw, path.name)
    return _read_csv(raw, path.name)


def _read_xlsx(raw: bytes, name: str) -> Table:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(raw), data_only=False)
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        raise SheetUnreadable(f"«{name}» no es un libro de Excel (.xlsx) válido; ábralo y guárdelo "
                              "de nuevo como «Libro de Excel (.xlsx)».") from None
    sheet = book.worksheets[0]
    if merged := sorted(str(r) for r in sheet.merged_cells.ranges):
        # A merged cell reads as blank below its first row, and a blank cell removes a field.
        raise SheetUnreadable(f"«{name}» tiene celdas combinadas ({', '.join(merged[:5])}"
                              f"{'…' if len(merged) > 5 else ''}): sepárelas (Combinar y centrar → Separar "
                              "celdas) y escriba el valor en cada fila.")
    lines = []
    for number, line in enumerate(sheet.iter_rows(), start=1):
        cells = tuple(Cell(c.value, c.data_type == "f", c.number_format or "General") for c in line)
        lines.append((number, cells))
    return _table(name, lines, None)


def _read_csv(raw: bytes, name: str) -> Table:
    text, encoding = _decode(raw, name)
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    try:
        parsed = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:
        raise SheetUnreadable(f"«{name}» no es un CSV válido: {error}.") from None
    # csv counts physical lines in a quoted cell as one row; the numbers below count records,
    # which is what a spreadsheet shows as its row number.
    lines = [(number, tuple(Cell(v) for v in record)) for number, record in enumerate(parsed, start=1)]
    return _table(name, lines, encoding)


def _decode(raw: bytes, name: str) -> tuple[str, str | None]:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError:
            pass
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        pass
    # Spanish text saved by Excel is Windows-1252, which decodes almost any bytes: NUL
    # characters then mean a binary file (an old .xls renamed .csv), not text.
    try:
        text = raw.decode("cp1252")
        if "\x00" not in text:
            return text, "Windows-1252"
    except UnicodeDecodeError:  # one of the five bytes Windows-1252 leaves undefined
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    if best is None or "\x00" in str(best):
        raise SheetUnreadable(f"«{name}» no parece un archivo de texto CSV; guárdelo como «CSV UTF-8».")
    return str(best), best.encoding


def _table(name: str, lines: list[tuple[int, tuple[Cell, ...]]], encoding: str | None) -> Table:
    lines = [(n, cells) for n, cells in lines if not all(c.blank for c in cells)]
    if not lines:
        raise SheetUnreadable(f"«{name}» está vacío: no hay nada que importar.")
    number, header_cells = lines[0]
    header = tuple("" if c.value is None else str(c.value).strip() for c in header_cells)
    while header and not header[-1]:
        header = header[:-1]
    return Table(name, header, tuple(lines[1:]), encoding)
