"""Read a report of any usual format into numbered source lines.

Every reader returns the same thing: the report's non-structural text as a
list of `SourceLine`s, each with the place a person would look for it
(«línea 12», «párrafo 7», «página 2, línea 5») and, where the format says
it, its structure (a heading and its level, a list item and its level).
The recognition of areas, sections and results is not done here but in
`reportshapes` (and `importer` for SEGOB's slides), so that a Word file, a
PDF and a text file with the same content import alike.

Libraries: python-docx reads `.docx` (styles, list levels, tables) and
pypdf reads `.pdf` (pure Python, no dependencies, and already used by the
tests for printed pages); each is imported only when a file needs it.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path

#: Only these end a line; str.splitlines() would also split on form feeds,
#: U+2028 and the like, and so change both the texts and the line numbers.
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
#: Word's heading styles, in English and Spanish installations.
_HEADING_STYLE = re.compile(r"^(?:heading|título|titulo|encabezado)\s*(?P<level>\d)$", re.IGNORECASE)
_LIST_STYLE = re.compile(r"^(?:list|lista)\s*(?P<kind>bullet|number|con viñetas|numerada|paragraph|párrafo)"
                         r"(?:\s*(?P<level>\d))?", re.IGNORECASE)


class UnreadableDocument(Exception):
    """The document cannot be read; the message says why, in Spanish."""


@dataclass(frozen=True)
class SourceLine:
    """One line (or paragraph) of the report, where it is, and what the format says it is."""

    #: Position in the report, from 1: the order of lines, and their number in a text file.
    number: int
    text: str
    #: Where a person finds it: «línea 12», «párrafo 7», «página 2, línea 5».
    where: str
    #: "" for plain text; "heading" (with `level`, 0 for a title), "bullet" or "number".
    style: str = ""
    level: int = 0
    #: Whether the format ends the paragraph here (Word paragraphs do; text lines do not).
    ends_paragraph: bool = False
    #: Whether paragraph ends must be guessed (a PDF's text has no blank lines between paragraphs).
    guess_breaks: bool = False


def split_lines(text: str) -> list[str]:
    """The lines of `text`, split only where an editor would number a new line."""
    return _LINE_BREAK.split(text)


def text_lines(text: str) -> list[SourceLine]:
    """The lines of a text or Markdown file, numbered as an editor numbers them."""
    return [SourceLine(n, line, f"línea {n}") for n, line in enumerate(split_lines(text), start=1)]


def read_docx(path: Path) -> list[SourceLine]:
    """The paragraphs of a Word document, tables included, in the order they appear.

    A heading keeps its level, a list paragraph its kind and level; a table
    row of two cells becomes «Etiqueta: valor», longer rows their cells
    separated by « | ». Line breaks inside a paragraph become spaces.
    """
    try:
        from docx import Document
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        document = Document(str(path))
        lines: list[SourceLine] = []
        paragraphs = tables = 0
        for element in document.element.body.iterchildren():
            tag = element.tag.rsplit("}", 1)[-1]
            if tag == "p":
                paragraphs += 1
                paragraph = Paragraph(element, document)
                style, level = _docx_style(paragraph)
                lines.append(SourceLine(len(lines) + 1, " ".join(paragraph.text.split()), f"párrafo {paragraphs}",
                                        style, level, ends_paragraph=True))
            elif tag == "tbl":
                tables += 1
                for row_number, row in enumerate(Table(element, document).rows, start=1):
                    cells = _distinct(" ".join(cell.text.split()) for cell in row.cells)
                    text = f"{cells[0].rstrip(':')}: {cells[1]}" if len(cells) == 2 and cells[1] else " | ".join(cells)
                    lines.append(SourceLine(len(lines) + 1, text, f"tabla {tables}, fila {row_number}",
                                            ends_paragraph=True))
        return lines
    except Exception as error:  # python-docx raises many kinds for a damaged file
        raise UnreadableDocument(f"No se pudo leer «{path}» como documento de Word (.docx): {_reason(error)}. "
                                 "Ábralo en Word o LibreOffice y guárdelo de nuevo como .docx, o como texto (.txt).") from None


def _docx_style(paragraph: object) -> tuple[str, int]:
    """("heading", n), ("bullet"|"number", level) or ("", 0) from a paragraph's style and numbering."""
    name = getattr(getattr(paragraph, "style", None), "name", "") or ""
    if name.lower() in ("title", "título", "titulo"):
        return "heading", 0
    if heading := _HEADING_STYLE.match(name):
        return "heading", int(heading["level"])
    if listed := _LIST_STYLE.match(name):
        kind = listed["kind"].lower()
        level = int(listed["level"] or 1) - 1
        return ("number" if kind in ("number", "numerada") else "bullet"), level
    properties = getattr(paragraph, "_p").pPr
    if properties is not None and properties.numPr is not None:  # a list made with the toolbar button
        ilvl = properties.numPr.ilvl
        return "bullet", int(ilvl.val) if ilvl is not None else 0
    return "", 0


def _distinct(cells: object) -> list[str]:
    """A row's cells without the repeats Word gives for merged cells, and without empty ones."""
    out: list[str] = []
    for cell in cells:  # type: ignore[attr-defined]
        if cell and (not out or out[-1] != cell):
            out.append(cell)
    return out or [""]


def read_pdf(path: Path) -> list[SourceLine]:
    """The text lines of a PDF, page by page (a scanned PDF has none: it is refused)."""
    try:
        from pypdf import PdfReader

        logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings are about the file, not for the user
        reader = PdfReader(str(path))
        if reader.is_encrypted and not reader.decrypt(""):
            raise UnreadableDocument(f"«{path}» es un PDF protegido con contraseña; guárdelo sin protección "
                                     "o expórtelo como texto (.txt).")
        lines: list[SourceLine] = []
        for page_number, page in enumerate(reader.pages, start=1):
            for line_number, text in enumerate(split_lines(page.extract_text() or ""), start=1):
                lines.append(SourceLine(len(lines) + 1, text, f"página {page_number}, línea {line_number}",
                                        guess_breaks=True))
    except UnreadableDocument:
        raise
    except Exception as error:  # pypdf raises many kinds for a damaged file
        raise UnreadableDocument(f"No se pudo leer «{path}» como PDF: {_reason(error)}. Ábralo y expórtelo "
                                 "de nuevo como PDF, o guárdelo como texto (.txt).") from None
    if not any(line.text.strip() for line in lines):
        raise UnreadableDocument(f"El PDF «{path}» no tiene texto (¿es un documento escaneado?): no hay nada "
                                 "que importar. Pase el documento por un reconocimiento de texto (OCR) primero.")
    return lines


def _reason(error: Exception) -> str:
    """A short, single-line reason for a library's error."""
    text = " ".join(str(error).split()) or type(error).__name__
    return text if len(text) <= 120 else text[:119] + "…"
