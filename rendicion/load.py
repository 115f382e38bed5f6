"""`content/` → `Content`: read every file, validate it, resolve every reference.

`load_content` reports *all* problems at once (as a `ContentError`), each
naming the file, line, column and field, so an editor fixes everything in one
pass. Nothing here imports MkDocs: any renderer can call it.

Layout of `content/`::

    site.yml                 the institution and the report
    areas/<id>.yml           one area each
    <grouping id>/<id>.yml   one member each of every grouping site.yml declares
    partners.yml             partner institutions (a list)
    glossary.yml             other acronyms (a list)
    results/<year>/<any>.yml lists of results of that year
"""

from __future__ import annotations

import contextlib
import datetime
import difflib
import gc
import math
from pathlib import Path
from typing import Any, Iterable, Iterator


from . import groupings as grouping_rules
from . import measures
from . import schema
from . import series as series_rules
from .entries import Entry, EntryReader
from .errors import ContentError
from .glossary import Candidate, build_glossary, term_anchor  # noqa: F401  (term_anchor: tests, callers)
from .localeformat import is_known_locale
from .model import (
    Area, Content, Grouping, Institution, Member, Partner,
    Result, Section, Site, Source, Term, Update,
)
from .yamlfile import Document, YamlPath

#: What may stand at the top of content/ (besides hidden files, notes in Markdown
#: and the folders of the declared groupings).
_TOP_LEVEL = {"site.yml", "areas", "partners.yml", "glossary.yml", "results"}


def load_content(root: Path) -> Content:
    """Load and validate `root` (a `content/` folder); raise `ContentError` if anything is wrong."""
    root = Path(root)
    loader = _Loader(root)
    with _gc_paused():
        content = loader.load()
    if loader.problems:
        raise ContentError(loader.problems)
    assert content is not None
    return content


@contextlib.contextmanager
def _gc_paused() -> Iterator[None]:
    """Loading builds hundreds of thousands of objects and frees almost none:
    the cyclic garbage collector kept scanning them all (at 10,000 results,
    1.9 s -> 1.1 s without it). Reference counting still frees what is dropped."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


class _Loader(EntryReader):
    """Builds `Content` from the entries `EntryReader` validated, checking what spans files."""

    # -- the whole folder --------------------------------------------------------

    def load(self) -> Content | None:
        kind, reason = self.fs.kind(self.root)
        if kind != "folder":
            why = {"missing": "no existe", "file": "es un archivo"}.get(kind, reason)
            self.file_problem(self.root, f"la carpeta de contenido {self.display(self.root)}/ no se puede usar: {why}")
            return None
        if not self.fs.need(self.root / "site.yml", "file", f"falta el archivo site.yml en {self.display(self.root)}/"):
            return None
        site_doc, site_failed = self.read(self.root / "site.yml", schema.SITE)
        groupings = self.declared_groupings(site_doc, site_failed)
        self.top_level(groupings, declared=site_doc is not None and not site_failed)
        area_entries = self.single_entries("areas", schema.AREA)
        by_id = {g.id: g for g in groupings}
        member_entries = {
            g.id: self.single_entries(g.id, grouping_rules.member_schema(g, by_id.get(g.within or "")))
            for g in groupings
        }
        partner_entries = self.list_entries(self.root / "partners.yml", schema.PARTNERS, optional=True)
        term_entries = self.list_entries(self.root / "glossary.yml", schema.GLOSSARY, optional=True)
        result_entries = self.result_entries(groupings)

        areas = [self.area(e) for e in area_entries]
        members = {g.id: [self.member(g, by_id.get(g.within or ""), e) for e in member_entries[g.id]]
                   for g in groupings}
        partners = [self.partner(e) for e in partner_entries]
        results = self.make_results(result_entries, groupings)

        self.unique("área", area_entries)
        for g in groupings:
            self.unique(g.short_singular, member_entries[g.id])
        self.unique("socio", partner_entries)
        self.unique("resultado", [e for e, _ in result_entries])
        self.unique_order(area_entries)

        known: dict[str, Any] = {
            "area": {a.id: a for a in areas},
            "partner": {p.id for p in partners},
            "members": {g.id: {m.id for m in members[g.id]} for g in groupings},
        }
        for g in groupings:
            parent = by_id.get(g.within or "")
            for entry, member in zip(member_entries[g.id], members[g.id]):
                if member.area is not None:
                    self.reference(entry, "area", member.area, known["area"], "área")
                if parent is not None and member.parent is not None:
                    self.reference(entry, parent.item, member.parent, known["members"][parent.id],
                                   parent.short_singular, feminine=parent.feminine)
        self.results_references(result_entries, results, known, groupings)
        series_rules.check(self.problem, self.file_problem, None if site_failed else site_doc,
                           self.root / "results", result_entries, results)

        if site_doc is not None and not site_failed:
            self.known_locale(site_doc)
        glossary = self.glossary(term_entries, groupings, members, partners)
        if site_doc is None or site_failed or self.problems:
            return None
        area_order = {a.id: a.order for a in areas}
        return Content(
            site=self.site(site_doc.data),
            areas=tuple(sorted(areas, key=lambda a: (a.order, a.id))),
            groupings=groupings,
            members={g.id: tuple(sorted(members[g.id], key=_menu_order)) for g in groupings},
            partners=tuple(sorted(partners, key=lambda p: (p.acronym or p.name).casefold())),
            glossary=glossary,
            results=tuple(
                sorted(results, key=lambda r: (r.year, area_order[r.area]))  # stable: file order kept
            ),
        )

    def declared_groupings(self, doc: Document | None, failed: set[YamlPath]) -> tuple[Grouping, ...]:
        """The groupings site.yml declares, if the declaration is sound; else none."""
        if doc is None or failed or not doc.data.get("groupings"):
            return ()
        declared = grouping_rules.parse(doc.data["groupings"], doc.file, lambda path: doc.position(path)[0])
        if not grouping_rules.check(declared, doc, self.problem):
            return ()
        for index, g in enumerate(declared):
            if self.fs.kind(self.root / g.id)[0] == "missing":
                self.problem(doc, ("groupings", index, "id"), f"groupings[{index}].id",
                             f"falta la carpeta {self.display(self.root / g.id)}/ con los miembros de "
                             f"«{g.name}» (un archivo .yml por miembro)")
        return declared

    def top_level(self, groupings: tuple[Grouping, ...], declared: bool) -> None:
        """Every entry at the top of content/ is known; a folder that looks like a
        grouping's but is not declared gets a message saying so."""
        expected = _TOP_LEVEL | {g.id for g in groupings}
        for path in self.fs.entries(self.root):
            # Known names are checked (file or folder, links) by the step that reads them.
            if path.name in expected or path.suffix == ".md":
                continue
            if self.fs.kind(path)[0] == "folder":
                if declared:  # else site.yml's own problem comes first
                    self.file_problem(path, f"la carpeta {path.name}/ no es de ninguna agrupación declarada en "
                                      f"site.yml: declárela en «groupings» (id: {path.name}) o quítela de content/")
                continue
            self.file_problem(path, "archivo o carpeta inesperado en content/; se esperaba uno de: "
                              + ", ".join(sorted(expected)))

    def known_locale(self, doc: Document) -> None:
        """`locale` must be one CLDR describes (the schema's pattern alone admits `es_ZZ`)."""
        code = doc.data.get("locale")
        if code is not None and not is_known_locale(code):
            self.problem(doc, ("locale",), "locale", f"«{code}» no es un país que CLDR conozca para el "
                         "español; se esperaba uno como es_SV, es_BO, es_MX o es_AR")

    # -- building the model ----------------------------------------------------

    def site(self, data: dict[str, Any]) -> Site:
        return Site(
            institution=Institution(**data["institution"]),
            report=series_rules.report(data["report"]),
            language=data.get("language", "es"),
            locale=data.get("locale", "es_SV"),
            description=data.get("description"),
            contact=data.get("contact"),
            licence=data.get("licence"),
            updated=datetime.date.fromisoformat(data["updated"]) if "updated" in data else None,
        )

    def area(self, entry: Entry) -> Area:
        data = entry.data
        sections = tuple(Section(s["id"], s["title"], s.get("lead")) for s in data.get("sections", []))
        seen: set[str] = set()
        for index, section in enumerate(sections):
            if section.id in seen:
                self.problem(entry.doc, ("sections", index, "id"), f"sections[{index}].id",
                             f"el apartado «{section.id}» está repetido en el área")
            seen.add(section.id)
        return Area(
            id=data["id"], order=data["order"], name=data["name"], short_name=data["short_name"],
            program=data.get("program"), summary=data.get("summary"), sections=sections,
            origin=entry.origin,
        )

    def member(self, grouping: Grouping, parent: Grouping | None, entry: Entry) -> Member:
        data = entry.data
        return Member(
            grouping=grouping.id, id=data["id"], order=data.get("order"), acronym=data.get("acronym"),
            name=data["name"], summary=data.get("summary"), area=data.get("area"),
            parent=data.get(parent.item) if parent else None, origin=entry.origin,
        )

    def partner(self, entry: Entry) -> Partner:
        data = entry.data
        return Partner(
            id=data["id"], acronym=data.get("acronym"), name=data["name"], url=data.get("url"),
            origin=entry.origin,
        )

    def result(self, entry: Entry, year: int, groupings: tuple[Grouping, ...]) -> Result:
        data = entry.data
        figures = measures.figures(self.problem, entry.doc, entry.path, data)
        # JSON Schema's minimum/maximum are false for NaN, so .nan passes them.
        if "progress" in data and not math.isfinite(data["progress"]):
            self.problem(entry.doc, entry.path + ("progress",), "progress",
                         "se esperaba un número de 0 a 100", data["id"])
        date = data.get("date")
        return Result(
            id=data["id"],
            year=year,
            title=data["title"],
            text=data["text"],
            area=data["area"],
            section=data.get("section"),
            memberships={g.id: tuple(data.get(g.id, [])) for g in groupings},
            partners=tuple(data.get("partners", [])),
            figures=figures,
            items=tuple(data.get("items", [])),
            date=datetime.date.fromisoformat(date) if date else None,
            sources=tuple(Source(s["title"], s["url"]) for s in data.get("sources", [])),
            origin=entry.origin,
            status=data.get("status"),
            progress=data.get("progress"),
            updates=tuple(Update(datetime.date.fromisoformat(u["date"]), u["text"]) for u in data.get("updates", [])),
            **series_rules.result_fields(data),
            **measures.result_fields(self.problem, entry.doc, entry.path, data),
        )

    def glossary(
        self, entries: list[Entry], groupings: tuple[Grouping, ...], members: dict[str, list[Member]],
        partners: list[Partner],
    ) -> tuple[Term, ...]:
        """Glossary terms plus the acronyms of members and partners, one per term."""
        sources: list[tuple[str, list[Member] | list[Partner]]] = [(g.id, members[g.id]) for g in groupings]
        candidates: list[Candidate[Entry]] = [
            Candidate(i.acronym, i.name, refers_to=(kind, i.id))
            for kind, items in [*sources, ("partner", partners)] for i in items if i.acronym
        ]
        candidates += [Candidate(e.data["term"], e.data["expansion"], e) for e in entries]

        def duplicate(entry: Entry, term: str, other: Term) -> None:
            self.problem(entry.doc, entry.path + ("term",), "term",
                         f"la sigla «{term}» ya está definida como «{other.expansion}»", term)

        return build_glossary(candidates, duplicate)

    # -- cross-file rules --------------------------------------------------------

    def unique(self, kind: str, entries: list[Entry]) -> None:
        first: dict[str, Entry] = {}
        for entry in entries:
            ident = entry.data["id"]
            if ident in first:
                where = first[ident].origin
                self.problem(entry.doc, entry.path + ("id",), "id",
                             f"el id de {kind} «{ident}» ya se usa en {where.file}:{where.line}; "
                             "cada id debe ser único y no se reutiliza", ident)
            else:
                first[ident] = entry

    def unique_order(self, entries: list[Entry]) -> None:
        first: dict[int, Entry] = {}
        for entry in entries:
            order = entry.data["order"]
            if order in first:
                self.problem(entry.doc, entry.path + ("order",), "order",
                             f"el orden {order} ya lo usa el área «{first[order].data['id']}»; "
                             "se esperaba un número distinto para cada área", entry.data["id"])
            first.setdefault(order, entry)

    def reference(self, entry: Entry, field: str, value: str, known: Iterable[str], kind: str,
                  path: YamlPath | None = None, label: str | None = None, feminine: bool = False) -> bool:
        if value in known:
            return True
        if value in self.invalid_ids:
            return False  # that entry's own problem is already reported
        choices = sorted(known)
        feminine = feminine or kind == "área"
        message = f"{kind} desconocid{'a' if feminine else 'o'} «{value}»"
        message += "; se esperaba uno de: " + (", ".join(choices) if choices else "(no hay ninguno definido)")
        close = difflib.get_close_matches(value, choices, n=1)
        if close:
            message += f". ¿Quiso decir «{close[0]}»?"
        self.problem(entry.doc, entry.path + (path or (field,)), label or field, message, entry.data.get("id"))
        return False

    def make_results(self, result_entries: list[tuple[Entry, int]], groupings: tuple[Grouping, ...]) -> list[Result]:
        """The result of each entry, in order."""
        return [self.result(e, year, groupings) for e, year in result_entries]

    def results_references(self, result_entries: list[tuple[Entry, int]], results: list[Result],
                           known: dict[str, Any], groupings: tuple[Grouping, ...]) -> None:
        """Check what every result names (`known`: the areas, members and partners there are)."""
        for (entry, _), result in zip(result_entries, results):
            self.result_references(entry, result, known, groupings)

    def result_references(self, entry: Entry, result: Result, known: dict[str, Any],
                          groupings: tuple[Grouping, ...]) -> None:
        if self.reference(entry, "area", result.area, known["area"], "área") and result.section:
            sections = [s.id for s in known["area"][result.area].sections]
            self.reference(entry, "section", result.section, sections, f"apartado del área «{result.area}»")
        for g in groupings:
            for index, value in enumerate(result.memberships[g.id]):
                self.reference(entry, g.id, value, known["members"][g.id], g.short_singular,
                               path=(g.id, index), label=f"{g.id}[{index}]", feminine=g.feminine)
        for index, value in enumerate(result.partners):
            self.reference(entry, "partners", value, known["partner"], "socio",
                           path=("partners", index), label=f"partners[{index}]")


def _menu_order(item: Member) -> tuple[int, str]:
    return (item.order if item.order is not None else 10_000, item.id)

