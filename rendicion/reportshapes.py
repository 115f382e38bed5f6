"""Recognise the usual shapes of a report: units, headings, lists, numbered results, labelled fields.

SEGOB's slide deck has its own reader (`importer.parse_lines`); every other
report goes through `parse_document`, in two steps:

1. `blocks`: the lines become logical blocks. A line that does not start
   something new (a heading, a bullet of any usual character, a number
   «1.» «1)» «a.», a «Resultado Nº 3», a labelled field «Beneficiarios: …»)
   continues the block above it, so a paragraph wrapped over several lines
   is one text again. A blank line (or a Word paragraph's end) ends a block.
2. `parse_document`: blocks become areas, sections and results. Areas are
   headings that start with a unit's usual name («Área de», «Dirección»,
   «Gerencia»…, plus `--area-heading`), else the headings of the level that
   repeats (`##` under one `#` title). Top-level list items, «Resultado Nº n»
   blocks and paragraphs of a full sentence are results; deeper items are
   their items; labelled fields after a result become its `details`
   (`importer.split_details`; one that a detail cannot hold stays an
   «Etiqueta: valor» line of its text); a «Nombre:» or «Título:» field is its title.

Nothing is dropped silently: every non-empty line is in a draft or in
`Draft.ignored` with where it is and why.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .importer import (BEFORE_FIRST_AREA, DEFAULT_AREA_HEADINGS, Draft, DraftArea, DraftResult, DraftSection,
                       IgnoredLine, clean, draft_id, finish, is_area_heading)
from .readers import SourceLine

_MARKDOWN_HEADING = re.compile(r"^(?P<marks>#{1,6})\s+(?P<text>.*?)\s*#*$")
_BULLET = re.compile(r"^(?P<indent>\s*)(?P<marker>[-*+•▪▫–—◦●○■□►▶➢➤✓✔·])\s+(?:[✓✔]\s+)?(?P<text>\S.*)$")
_NUMBERED = re.compile(r"^(?P<indent>\s*)(?P<marker>\d{1,3}[.)]|[a-z][.)]|\(\w{1,3}\)|[ivx]{1,4}[.)])\s+(?P<text>\S.*)$")
_RESULT_LABEL = re.compile(r"^(?:resultado|logro|compromiso|meta|producto)\s+(?:n\s*[º°o.]*\s*|#\s*)?\d{1,3}\b"
                           r"\s*[:.)\-–—]?\s*(?P<text>.*)$", re.IGNORECASE)
_FIELD = re.compile(r"^(?P<label>[A-ZÁÉÍÓÚÑ][\w()/ .áéíóúñü]{0,38}?)\s*:\s*(?P<value>\S.*)?$")
#: Labels whose value is the result's title rather than a line of its text.
TITLE_LABELS = {"nombre", "título", "titulo", "nombre del proyecto", "nombre del resultado", "proyecto", "resultado"}
_YEAR = re.compile(r"(?<![\d/.-])(19[5-9]\d|20\d\d)(?![\d/])")
#: The title area, where a report says its year («Memoria 2017», «Gestión 2023»).
_TITLE_LINES = 15
_PARAGRAPH_MIN_LENGTH = 60
_HEADING_MAX_LENGTH = 100

#: Why a line was left out (shown to the user, in Spanish).
DOCUMENT_TITLE = "título del documento"
LOOSE_TEXT = "texto suelto: no es una viñeta, un resultado numerado ni un párrafo terminado en punto"
LOOSE_FIELD = "dato sin resultado al que pertenezca"
DEFAULT_AREA = "Resultados"


@dataclass
class Block:
    """A logical piece of the report: a heading, a list item, a field or a paragraph."""

    kind: str  # "heading", "area", "item", "label" (a «Resultado Nº n»), "field" or "text"
    text: str
    lines: list[SourceLine]
    level: int = 0  # a heading's level; an item's depth
    marker: str = ""  # an item's kind: "bullet", "number" or "letter"
    label: str = ""  # a field's label
    #: Whether a blank line (or a paragraph's end) came before it, and whether it is indented:
    #: a field right under a bullet, or indented, belongs to it; one after a blank line may not.
    after_gap: bool = False
    indented: bool = False

    def extend(self, line: SourceLine, text: str) -> None:
        self.text = f"{self.text} {text}" if self.text else text
        self.lines.append(line)


def find_year(lines: list[SourceLine]) -> int | None:
    """The year a report is about: the most frequent in its title area (the first on a tie), else in the text."""
    texts = [line.text for line in lines if line.text.strip()]
    for scope in (texts[:_TITLE_LINES], texts):
        years = [int(year) for text in scope for year in _YEAR.findall(text)]
        if years:
            counts = Counter(years)  # in order of first appearance: max() keeps the first on a tie
            return max(counts, key=counts.__getitem__)
    return None


def _classify(line: SourceLine, text: str, prefixes: tuple[str, ...]) -> Block:
    """The block a line starts, if it were not a continuation."""
    if line.style == "heading":
        return Block("heading", text, [line], level=line.level)
    if (heading := _MARKDOWN_HEADING.match(text)) and heading["text"].strip("#* "):
        return Block("heading", clean(heading["text"]), [line], level=len(heading["marks"]))
    if line.style in ("bullet", "number"):
        return Block("item", text, [line], level=line.level, marker=line.style)
    raw = line.text.replace("\t", "    ").rstrip()
    if (item := _BULLET.match(raw)) or (item := _NUMBERED.match(raw)):
        marker = item["marker"]
        kind = "bullet" if not marker[0].isalnum() and marker[0] != "(" else (
            "number" if marker[0].isdigit() else "letter")
        return Block("item", clean(item["text"]), [line], level=len(item["indent"]) // 2, marker=kind)
    if is_area_heading(text, prefixes):
        return Block("area", text, [line])
    if label := _RESULT_LABEL.match(text):
        return Block("label", label["text"].strip(), [line])
    if (labelled := _FIELD.match(text)) and labelled["value"] and len(labelled["label"].split()) <= 5:
        return Block("field", labelled["value"].strip(), [line], label=labelled["label"].strip())
    return Block("text", text, [line])


def blocks(lines: list[SourceLine], prefixes: tuple[str, ...] = DEFAULT_AREA_HEADINGS) -> list[Block]:
    """The report's blocks, wrapped lines joined back into their paragraph or item.

    A PDF has no blank lines between paragraphs: there, a line that starts
    with a capital after a line that ended a sentence starts a new block.
    """
    out: list[Block] = []
    gap = blank = True  # a block ends here / a blank line was seen
    for line in lines:
        text = clean(line.text)
        if not text:
            gap = blank = True
            continue
        block = _classify(line, text, prefixes)
        current = out[-1] if out else None
        indented = line.text[:1].isspace()
        new_sentence = line.guess_breaks and current is not None and (
            current.text.endswith((".", ":", ";", "!", "?")) and text[:1].isupper())
        if (block.kind == "text" and current is not None and current.kind not in ("heading", "area")
                and ((not gap and not new_sentence) or (indented and current.kind == "item"))):
            current.extend(line, text)  # a wrapped line, or an item's indented paragraph
        else:
            block.after_gap, block.indented = blank, indented
            out.append(block)
        gap, blank = line.ends_paragraph, False
    return out


@dataclass
class _State:
    """Where the parser is: the area, section and result that new blocks belong to."""

    draft: Draft
    area: DraftArea | None = None
    section: DraftSection | None = None
    #: The result that fields and deeper items attach to, and the depth of its list.
    result: DraftResult | None = None
    list_depth: int | None = None
    list_marker: str = ""
    #: A «Resultado Nº n» stays open until the next heading or label: paragraphs belong to it.
    labelled: bool = False


def parse_document(lines: list[SourceLine], area_headings: tuple[str, ...] = ()) -> Draft:
    """Areas, sections and results of a report in any of the usual shapes (see the module's docstring)."""
    prefixes = (*DEFAULT_AREA_HEADINGS, *area_headings)
    found = blocks(lines, prefixes)
    named = [b for b in found if b.kind == "area" or (b.kind == "heading" and is_area_heading(b.text, prefixes))]
    levels = Counter(b.level for b in found if b.kind == "heading")
    area_level: int | None = None
    if not named and levels:
        repeated = sorted(level for level, count in levels.items() if count > 1)
        area_level = repeated[0] if repeated else min(levels)
    # A heading of the same level as a unit's named one is a unit too («Oficina de …» beside «Dirección de …»).
    unit_levels = {b.level for b in named if b.kind == "heading"} | ({area_level} if area_level is not None else set())
    named_ids = {id(block) for block in named}
    state = _State(Draft(find_year(lines), []))
    has_areas = bool(named) or area_level is not None
    for block in found:
        if id(block) in named_ids or (block.kind == "heading" and block.level in unit_levels):
            _open_area(state, block)
        elif block.kind == "heading":
            if state.area is None or (unit_levels and block.level < min(unit_levels)):
                _ignore(state, block, DOCUMENT_TITLE if state.area is None else BEFORE_FIRST_AREA)
            else:
                _open_section(state, block.text, block.lines)
        elif state.area is None and has_areas:
            _ignore(state, block, BEFORE_FIRST_AREA)
        else:
            if state.area is None:  # no headings at all: one area holds everything
                _open_area(state, Block("heading", DEFAULT_AREA, []))
            _place(state, block)
    for area in state.draft.areas:
        for result in area.results:
            if not result.text:  # a «Resultado Nº n» line and nothing else: its text is that line
                result.text = result.title or "Resultado sin texto"
    finish(state.draft)
    return state.draft


def _open_area(state: _State, block: Block) -> None:
    first = block.lines[0] if block.lines else None
    state.area = DraftArea(draft_id(block.text.removeprefix("Área de ")), block.text,
                           line=first.number if first else 0, where=first.where if first else "")
    state.draft.areas.append(state.area)
    state.section, state.result, state.list_depth, state.labelled = None, None, None, False


def _open_section(state: _State, title: str, lines: list[SourceLine], lead: str | None = None) -> None:
    assert state.area is not None
    base = draft_id(title.rstrip(":"))
    ident, n = base, 2
    while ident in state.area._section_ids:
        ident, n = f"{base}-{n}", n + 1
    state.area._section_ids.add(ident)
    state.section = DraftSection(ident, title.rstrip(":"), lead=lead,
                                 lines=[(line.number, clean(line.text), line.where) for line in lines])
    state.area.sections.append(state.section)
    state.result, state.list_depth, state.labelled = None, None, False


def _add_result(state: _State, text: str) -> DraftResult:
    assert state.area is not None
    result = DraftResult(text, state.section.id if state.section else None)
    state.area.results.append(result)
    if state.section is not None:
        state.section.has_results = True
    state.result = result
    return result


def _place(state: _State, block: Block) -> None:
    """Put one block of an area where it belongs."""
    if block.kind == "label":
        result = _add_result(state, block.text)
        if not block.text:
            result.title = clean(block.lines[0].text)
        state.labelled, state.list_depth = True, None
        if block.text and len(block.text) <= _HEADING_MAX_LENGTH and not block.text.endswith("."):
            result.title = block.text  # «Resultado Nº 1: Pago del PASE-U» names the result
    elif block.kind == "item":
        deeper = state.result is not None and state.list_depth is not None and (
            block.level > state.list_depth or (block.marker == "letter" and state.list_marker != "letter"))
        labelled = _FIELD.match(block.text)
        if state.result is not None and (state.labelled or deeper) and labelled and labelled["value"]:
            _place(state, Block("field", labelled["value"].strip(), block.lines, label=labelled["label"].strip()))
        elif state.result is not None and (state.labelled or deeper):
            state.result.items.append(block.text)
        else:
            _add_result(state, block.text)
            state.list_depth, state.list_marker = block.level, block.marker
    elif block.kind == "field":
        loose = block.after_gap and not block.indented and not state.labelled and state.list_depth is not None
        if state.result is None or loose:
            _ignore(state, block, LOOSE_FIELD)
        elif block.label.casefold() in TITLE_LABELS and state.result.title in (None, state.result.text.split("\n")[0]):
            # An explicit «Nombre:» names the result, even when its «Resultado Nº n» line proposed a name.
            state.result.title = block.text
        else:
            _add_line(state.result, f"{block.label}: {block.text}")
            state.result.fields.append((block.label, block.text))
    elif state.labelled and state.result is not None:
        _add_line(state.result, block.text)
    elif block.text.endswith(":") and len(block.text) <= _HEADING_MAX_LENGTH * 2:
        if state.section is None or state.section.lead is not None or state.section.has_results:
            _open_section(state, block.text, block.lines, lead=block.text)
        else:
            state.section.lead = block.text
            state.section.lines += [(line.number, clean(line.text), line.where) for line in block.lines]
        state.result = None
    elif len(block.text) >= _PARAGRAPH_MIN_LENGTH and block.text.endswith("."):
        _add_result(state, block.text)
        state.list_depth = None
    elif len(block.text) <= _HEADING_MAX_LENGTH and not block.text.endswith((".", ";", ",")):
        _open_section(state, block.text, block.lines)
    else:
        _ignore(state, block, LOOSE_TEXT)


def _add_line(result: DraftResult, line: str) -> None:
    """A new line of a result's text (its first line when it had none)."""
    result.text = f"{result.text}\n{line}" if result.text else line


def _ignore(state: _State, block: Block, reason: str) -> None:
    state.draft.ignored += [IgnoredLine(line.number, clean(line.text), reason, line.where) for line in block.lines]
