"""Turn a report in the shape of the seed text into draft content for review.

The seed is a PDF extraction of a slide deck: area headings ("Área de …"),
repeated slide chrome ("GOBIERNO DE EL SALVADOR", "PRINCIPALES RESULTADOS"),
section headings, lead lines ending in ":", bullet results ("- …", "- ✓ …"),
numbered sub-bullets (items of the previous result) and, in some areas,
results written as paragraphs. The importer keeps every text verbatim (up to
bullet markers, Markdown bold and escaped dollar signs) and leaves titles,
relations and figures for an editor to fill in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .slugs import slug

#: Slide chrome that repeats on every page and is never content.
_CHROME = {
    "secretaría", "de gobernabilidad", "de governabilidad", "gobierno", "de el salvador",
    "secretaría de gobernabilidad", "plan operativo anual", "principales resultados alcanzados",
    "durante el año", "principales resultados",
}
_BULLET = re.compile(r"^-\s+(?:✓\s+)?(?P<text>.+)$")
_ITEM = re.compile(r"^\s+(?:\d+[.)]|[-•])\s+(?P<text>.+)$")
_YEAR = re.compile(r"durante el año\s+(?P<year>\d{4})", re.IGNORECASE)
#: A paragraph result is a full sentence: long and ending in a period.
_PARAGRAPH_MIN_LENGTH = 60


@dataclass
class DraftSection:
    id: str
    title: str
    lead: str | None = None


@dataclass
class DraftResult:
    text: str
    section: str | None
    items: list[str] = field(default_factory=list)


@dataclass
class DraftArea:
    id: str
    name: str
    program: str | None = None
    sections: list[DraftSection] = field(default_factory=list)
    results: list[DraftResult] = field(default_factory=list)


@dataclass
class Draft:
    year: int | None
    areas: list[DraftArea]

    @property
    def results(self) -> list[DraftResult]:
        return [r for area in self.areas for r in area.results]


def draft_id(text: str, max_words: int = 6) -> str:
    """A draft id from a heading: `Área de Procesos de Diálogo` → `area-de-procesos-de-dialogo`."""
    return slug(text, default="sin-titulo", max_words=max_words)


def clean(text: str) -> str:
    """The mechanical clean-up of extracted text: Markdown bold and escaped dollars."""
    return text.replace("**", "").replace("\\$", "$").strip()


def parse_report(text: str) -> Draft:
    """Read a report in the seed's shape into areas, sections and results."""
    year_match = _YEAR.search(" ".join(text.split()))
    draft = Draft(int(year_match["year"]) if year_match else None, [])
    area: DraftArea | None = None
    section: DraftSection | None = None

    def open_section(title: str) -> DraftSection:
        assert area is not None
        base = draft_id(title)
        taken = {s.id for s in area.sections}
        ident, n = base, 2
        while ident in taken:
            ident, n = f"{base}-{n}", n + 1
        new = DraftSection(ident, title)
        area.sections.append(new)
        return new

    for raw in text.splitlines():
        line = raw.rstrip()
        stripped = clean(line)
        if not stripped or stripped.casefold().rstrip(":") in _CHROME or _is_chrome_fragment(stripped):
            continue
        if _is_area_heading(stripped):
            area = DraftArea(draft_id(_area_name(stripped)), stripped)
            draft.areas.append(area)
            section = None
            continue
        if area is None:
            continue  # the cover: nothing before the first area is a result
        if (item := _ITEM.match(line)) and area.results:
            area.results[-1].items.append(clean(item["text"]))
            continue
        if bullet := _BULLET.match(line):
            area.results.append(DraftResult(clean(bullet["text"]), section.id if section else None))
            continue
        if stripped.endswith(":"):
            # A lead introduces the bullets below it: it belongs to a section.
            if section is None or section.lead is not None or _section_has_results(area, section):
                section = open_section(stripped.rstrip(":"))
            section.lead = stripped
            continue
        if stripped.endswith(".") and len(stripped) >= _PARAGRAPH_MIN_LENGTH:
            area.results.append(DraftResult(stripped, section.id if section else None))
            continue
        if area.program is None and stripped.lower().startswith("programa de ") and not area.results:
            area.program = stripped
            continue
        if area.program and stripped == area.program:
            continue  # the program name repeats as a slide title
        if section is not None and section.title == stripped:
            continue  # the same heading on the next slide continues the section
        if section is not None and not _section_has_results(area, section) and section.lead is None:
            section.title = f"{section.title} {stripped}"  # a heading split over two lines
            continue
        section = open_section(stripped)
    for item in draft.areas:
        item.sections = [s for s in item.sections if _section_has_results(item, s)]
    return draft


def _section_has_results(area: DraftArea, section: DraftSection) -> bool:
    return any(r.section == section.id for r in area.results)


def _is_area_heading(line: str) -> bool:
    return line.startswith("Área de ") or line.upper().startswith("ES CALIDAD")


def _area_name(line: str) -> str:
    return line.removeprefix("Área de ")


def _is_chrome_fragment(line: str) -> bool:
    return line.casefold() in {"durante el año 2018"} or bool(re.fullmatch(r"durante el año \d{4}", line.casefold()))


def draft_yaml(draft: Draft, area: DraftArea, year: int) -> str:
    """The draft results of one area as a commented YAML file, ready for review."""
    lines = [
        f"# Borrador importado: revise títulos, relaciones y cifras antes de publicar.",
        f"# Área: {area.name}",
    ]
    for index, result in enumerate(area.results, start=1):
        words = result.text.split()
        title = " ".join(words[:10]) + ("…" if len(words) > 10 else "")
        lines += [
            f"- id: {year}-{area.id[:30].rstrip('-')}-{index}",
            f"  title: {_quote(title)}  # TODO: título corto",
            f"  text: {_quote(result.text)}",
            f"  area: {area.id}",
        ]
        if result.section:
            lines.append(f"  section: {result.section}")
        if result.items:
            lines.append("  items:")
            lines += [f"    - {_quote(item)}" for item in result.items]
        lines.append("")
    return "\n".join(lines)


def area_yaml(area: DraftArea, order: int) -> str:
    """A draft `areas/<id>.yml` with the sections the import found."""
    lines = [f"id: {area.id}", f"order: {order}", f"name: {_quote(area.name)}",
             f"short_name: {_quote(_area_name(area.name))}  # TODO: nombre corto para menús"]
    if area.program:
        lines.append(f"program: {_quote(area.program)}")
    if area.sections:
        lines.append("sections:")
        for section in area.sections:
            lines += [f"  - id: {section.id}", f"    title: {_quote(section.title)}"]
            if section.lead:
                lines.append(f"    lead: {_quote(section.lead)}")
    return "\n".join(lines) + "\n"


def _quote(text: str) -> str:
    """A YAML double-quoted scalar (JSON string syntax is valid YAML)."""
    import json

    return json.dumps(text, ensure_ascii=False)
