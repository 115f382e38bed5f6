"""Turn a report in the shape of the seed text into draft content for review.

The seed is a PDF extraction of a slide deck: area headings ("Área de …"),
repeated slide chrome ("GOBIERNO DE EL SALVADOR", "PRINCIPALES RESULTADOS"),
section headings, lead lines ending in ":", bullet results ("- …", "- ✓ …"),
numbered sub-bullets (items of the previous result) and, in some areas,
results written as paragraphs. The importer keeps every text verbatim (up to
bullet markers, Markdown bold and escaped dollar signs) and leaves titles,
relations and figures for an editor to fill in.

Nothing is dropped silently: every non-empty line ends up in a draft (as a
result, an item, an area name or a section title or lead) or in
`Draft.ignored`, with its line number and the reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .readers import SourceLine, split_lines, text_lines  # noqa: F401  (split_lines: callers, tests)
from .slugs import slug

#: Slide chrome that repeats on every page and is never content.
_CHROME = {
    "secretaría", "de gobernabilidad", "de governabilidad", "gobierno", "de el salvador",
    "secretaría de gobernabilidad", "plan operativo anual", "principales resultados alcanzados",
    "durante el año", "principales resultados",
}
#: Any usual bullet character starts a result («- », «• », «▪ », «– »…).
_BULLET = re.compile(r"^[-•▪–◦*●]\s+(?:✓\s+)?(?P<text>.+)$")
_ITEM = re.compile(r"^\s+(?:\d+[.)]|[-•])\s+(?P<text>.+)$")
_YEAR = re.compile(r"durante el año\s+(?P<year>\d{4})", re.IGNORECASE)
_CHROME_YEAR = re.compile(r"durante el año \d{4}")
#: A paragraph result is a full sentence: long and ending in a period.
_PARAGRAPH_MIN_LENGTH = 60
#: Result ids are `<year>-<prefix>-<n>`; the prefix keeps them readable.
_PREFIX_LENGTH = 30

#: How areas are named when the report does not say otherwise (`--area-heading` adds more).
DEFAULT_AREA_HEADINGS = ("Área de", "Dirección", "Gerencia", "Departamento", "Subdirección", "Unidad de",
                         "Coordinación de", "División de", "Jefatura de")
#: A heading is short and is not a sentence.
_HEADING_MAX_LENGTH = 120

#: Why a line was left out (shown to the user, in Spanish).
CHROME = "encabezado de diapositiva"
BEFORE_FIRST_AREA = "antes de la primera área"
REPEATED_PROGRAM = "nombre de programa repetido"
REPEATED_HEADING = "título repetido de la sección anterior"
HEADING_WITHOUT_RESULTS = "título sin resultados debajo"
AREA_WITHOUT_RESULTS = "área sin resultados"


@dataclass
class IgnoredLine:
    """A non-empty input line that no draft contains, and why."""

    number: int
    text: str
    reason: str
    #: Where it is when that is not simply «línea n» («párrafo 7», «página 2, línea 5»).
    where: str = ""

    @property
    def place(self) -> str:
        return self.where or f"línea {self.number}"


@dataclass
class DraftSection:
    id: str
    title: str
    lead: str | None = None
    #: The input lines this section was made of, for the ignored-lines report.
    lines: list[tuple[int, str, str]] = field(default_factory=list)
    has_results: bool = False


@dataclass
class DraftResult:
    text: str
    section: str | None
    items: list[str] = field(default_factory=list)
    #: A title the report gives («Nombre: …»); else the draft proposes its first words.
    title: str | None = None
    #: The labelled fields, also in `text` as «Etiqueta: valor» lines; the drafts write them as
    #: `details` (see `split_details`).
    fields: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class DraftArea:
    id: str
    name: str
    program: str | None = None
    sections: list[DraftSection] = field(default_factory=list)
    results: list[DraftResult] = field(default_factory=list)
    #: Start of this area's result ids; unique among the areas of one import.
    prefix: str = ""
    line: int = 0
    where: str = ""
    #: Section ids already used, so that a new one is found in constant time.
    _section_ids: set[str] = field(default_factory=set, repr=False)


@dataclass
class Draft:
    year: int | None
    areas: list[DraftArea]
    ignored: list[IgnoredLine] = field(default_factory=list)

    @property
    def results(self) -> list[DraftResult]:
        return [r for area in self.areas for r in area.results]


def draft_id(text: str, max_words: int = 6) -> str:
    """A draft id from a heading: `Área de Procesos de Diálogo` → `area-de-procesos-de-dialogo`."""
    return slug(text, default="sin-titulo", max_words=max_words)


def clean(text: str) -> str:
    """The mechanical clean-up of extracted text: Markdown bold and escaped dollars."""
    return text.replace("**", "").replace("\\$", "$").strip()


def is_area_heading(line: str, prefixes: tuple[str, ...] = DEFAULT_AREA_HEADINGS) -> bool:
    """Whether `line` names an area: it starts with one of `prefixes` (a whole word) and is not a sentence."""
    if len(line) > _HEADING_MAX_LENGTH or line.endswith((".", ";", ",")):
        return False
    folded = line.casefold()
    return any(folded.startswith(prefix.casefold()) and (len(line) == len(prefix) or not line[len(prefix)].isalnum())
               for prefix in prefixes if prefix.strip())


def parse_report(text: str, area_headings: tuple[str, ...] = ()) -> Draft:
    """`parse_lines` of a text file."""
    return parse_lines(text_lines(text), area_headings)


def parse_lines(lines: list[SourceLine], area_headings: tuple[str, ...] = ()) -> Draft:
    """Read a report in the seed's shape into areas, sections and results.

    Areas with no result are left out (their lines are reported as ignored),
    and the remaining areas get distinct ids and result-id prefixes even when
    their headings are equal or only differ after the sixth word.
    """
    prefixes = (*DEFAULT_AREA_HEADINGS, *area_headings)
    year_match = _YEAR.search(" ".join(" ".join(line.text for line in lines).split()))
    draft = Draft(int(year_match["year"]) if year_match else None, [])
    ignore = draft.ignored.append
    area: DraftArea | None = None
    section: DraftSection | None = None

    def open_section(title: str, number: int, where: str) -> DraftSection:
        assert area is not None
        base = draft_id(title)
        ident, n = base, 2
        while ident in area._section_ids:
            ident, n = f"{base}-{n}", n + 1
        area._section_ids.add(ident)
        new = DraftSection(ident, title, lines=[(number, title, where)])
        area.sections.append(new)
        return new

    def add_result(result_text: str) -> None:
        assert area is not None
        area.results.append(DraftResult(result_text, section.id if section else None))
        if section is not None:
            section.has_results = True

    wrapped_from: int | None = None  # the line a bullet ended on, if the next may continue it
    for source in lines:
        number, where, line = source.number, source.where, source.text.rstrip()
        stripped = clean(line)
        if not stripped:
            wrapped_from = None
            continue
        if (wrapped_from == number - 1 and area is not None and area.results and not line[:1].isspace()
                and not _BULLET.match(line) and _continues(area.results[-1].text, stripped)):
            area.results[-1].text += " " + stripped  # a bullet wrapped over several lines is one result
            wrapped_from = number
            continue
        wrapped_from = None
        if stripped.casefold().rstrip(":") in _CHROME or _CHROME_YEAR.fullmatch(stripped.casefold()):
            ignore(IgnoredLine(number, stripped, CHROME, where))
            continue
        if _is_area_heading(stripped, prefixes):
            area = DraftArea(draft_id(_area_name(stripped)), stripped, line=number, where=where)
            draft.areas.append(area)
            section = None
            continue
        if area is None:
            ignore(IgnoredLine(number, stripped, BEFORE_FIRST_AREA, where))
            continue
        if (item := _ITEM.match(line)) and area.results:
            area.results[-1].items.append(clean(item["text"]))
            continue
        if bullet := _BULLET.match(line):
            add_result(clean(bullet["text"]))
            wrapped_from = number
            continue
        if stripped.endswith(":"):
            # A lead introduces the bullets below it: it belongs to a section.
            if section is None or section.lead is not None or section.has_results:
                section = open_section(stripped.rstrip(":"), number, where)
            else:
                section.lines.append((number, stripped, where))
            section.lead = stripped
            continue
        if stripped.endswith(".") and len(stripped) >= _PARAGRAPH_MIN_LENGTH:
            add_result(stripped)
            continue
        if area.program is None and stripped.lower().startswith("programa de ") and not area.results:
            area.program = stripped
            continue
        if area.program and stripped == area.program:
            ignore(IgnoredLine(number, stripped, REPEATED_PROGRAM, where))
            continue  # the program name repeats as a slide title
        if section is not None and section.title == stripped:
            ignore(IgnoredLine(number, stripped, REPEATED_HEADING, where))
            continue  # the same heading on the next slide continues the section
        if section is not None and not section.has_results and section.lead is None:
            section.title = f"{section.title} {stripped}"  # a heading split over two lines
            section.lines.append((number, stripped, where))
            continue
        section = open_section(stripped, number, where)
    finish(draft)
    return draft


def _continues(previous: str, line: str) -> bool:
    """Whether `line`, right under a bullet, is the rest of its sentence rather than a new heading.

    Only a line in lower case: a slide's headings, leads and area names start
    with a capital, and some of SEGOB's results do not end in a period.
    """
    return line[:1].islower() and not previous.endswith(".")


def finish(draft: Draft) -> None:
    """Drop what holds no result (reporting its lines) and give every area distinct ids."""
    kept: list[DraftArea] = []
    for area in draft.areas:
        for section in area.sections:
            if not section.has_results:
                draft.ignored += [IgnoredLine(n, text, HEADING_WITHOUT_RESULTS, where) for n, text, where in section.lines]
        area.sections = [s for s in area.sections if s.has_results]
        if area.results:
            kept.append(area)
        else:
            draft.ignored.append(IgnoredLine(area.line, area.name, AREA_WITHOUT_RESULTS, area.where))
            if area.program:
                draft.ignored.append(IgnoredLine(area.line, area.program, AREA_WITHOUT_RESULTS, area.where))
    draft.areas = kept
    draft.ignored.sort(key=lambda ignored: ignored.number)
    # Equal headings (or equal in their first six words) must not share a
    # file: each area gets the first free id, and a result-id prefix that no
    # other area has, so that no two results share an id either.
    ids: set[str] = set()
    prefixes: set[str] = set()
    for area in draft.areas:
        area.id = _first_free(area.id, ids)
        area.prefix = _first_free(area.id[:_PREFIX_LENGTH].rstrip("-"), prefixes)


def _first_free(base: str, taken: set[str]) -> str:
    """`base`, or `base-2`, `base-3`… whichever is not taken yet (and is now)."""
    ident, n = base, 2
    while ident in taken:
        ident, n = f"{base}-{n}", n + 1
    taken.add(ident)
    return ident


def _is_area_heading(line: str, prefixes: tuple[str, ...]) -> bool:
    return is_area_heading(line, prefixes) or line.upper().startswith("ES CALIDAD")


def _area_name(line: str) -> str:
    return line.removeprefix("Área de ")


def draft_yaml(draft: Draft, area: DraftArea, year: int) -> str:
    """The draft results of one area as a commented YAML file, ready for review."""
    lines = [
        "# Borrador importado: revise títulos, relaciones y cifras antes de publicar.",
        f"# Área: {quote(area.name)}",
    ]
    for index, result in enumerate(area.results, start=1):
        words = result.text.split("\n", 1)[0].split()  # the first line: later ones are «Etiqueta: valor»
        title = " ".join(words[:10]) + ("…" if len(words) > 10 else "")
        text, details = split_details(result)
        lines += [
            f"- id: {year}-{area.prefix or area.id}-{index}",
            f"  title: {quote(result.title)}" if result.title else f"  title: {quote(title)}  # TODO: título corto",
            f"  text: {quote(text or result.title or title)}",
            f"  area: {area.id}",
        ]
        if result.section:
            lines.append(f"  section: {result.section}")
        if result.items:
            lines.append("  items:")
            lines += [f"    - {quote(item)}" for item in result.items]
        if details:
            lines.append("  details:  # datos con etiqueta del informe")
            lines += [f"    - {{label: {quote(label)}, value: {quote(value)}}}" for label, value in details]
        lines.append("")
    return "\n".join(lines)


#: What a detail's label and value may hold (the result schema's short texts).
_DETAIL_MAX = 300


def split_details(result: DraftResult) -> tuple[str, list[tuple[str, str]]]:
    """The result's text without the «Etiqueta: valor» lines that become its `details`,
    and those details. A field a detail cannot hold (too long, a label seen twice)
    stays a line of the text: nothing is dropped."""
    details: list[tuple[str, str]] = []
    seen: set[str] = set()
    for label, value in result.fields:
        key = label.strip().casefold()
        if key not in seen and len(label) <= _DETAIL_MAX and len(value) <= _DETAIL_MAX and value.strip():
            seen.add(key)
            details.append((label, value))
    moved = {f"{label}: {value}" for label, value in details}
    text = "\n".join(line for line in result.text.split("\n") if line not in moved)
    return text, details


def area_yaml(area: DraftArea, order: int) -> str:
    """A draft `areas/<id>.yml` with the sections the import found."""
    lines = [f"id: {area.id}", f"order: {order}", f"name: {quote(area.name)}",
             f"short_name: {quote(_area_name(area.name))}  # TODO: nombre corto para menús"]
    if area.program:
        lines.append(f"program: {quote(area.program)}")
    if area.sections:
        lines.append("sections:")
        for section in area.sections:
            lines += [f"  - id: {section.id}", f"    title: {quote(section.title)}"]
            if section.lead:
                lines.append(f"    lead: {quote(section.lead)}")
    return "\n".join(lines) + "\n"


#: Characters YAML lets stand as they are inside a double-quoted scalar. Left
#: out: C0/C1 controls and DEL (a YAML reader refuses them), NEL, U+2028 and
#: U+2029 (YAML line breaks: they would fold into spaces), the byte-order mark
#: and non-characters; `"` and `\` need a backslash.
_UNSAFE = re.compile('[\x00-\x1f"\\\\\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]')
_SHORT_ESCAPES = {"\\": "\\\\", '"': '\\"', "\t": "\\t", "\n": "\\n", "\r": "\\r", "\x00": "\\0"}


def quote(text: str) -> str:
    """`text` as a YAML double-quoted scalar that reads back exactly as `text`."""
    return '"' + _UNSAFE.sub(_escape, text) + '"'


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    return _SHORT_ESCAPES.get(char) or f"\\u{ord(char):04x}"
