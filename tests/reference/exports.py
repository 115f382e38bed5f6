"""FROZEN REFERENCE for tests/test_downloads_identical.py: rendicion/exports.py as it was before
the downloads were joined from shared pieces (commit 8793478), with results_csv and figures_csv as tables had them.
Do not edit: new output must stay byte-identical to this.

Open-data downloads, made at every build from the same model as the pages.

Everything here is a pure function of `Content`, the page plan and the public
address of the site, so two builds of the same content give byte-identical
files (no clocks, stable ordering). The MkDocs glue adds each `Download` to
the site as a generated file; the `/datos/` page lists them with their sizes.

This module is the list of downloads and the JSON document; the CSV files and
their Data Package are made by `tables`, the feeds by `feeds`, the JSON Schemas
by `exportschemas`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rendicion.exportschemas import content_schema, results_document_schema
from .feeds import atom_feed, json_feed
from rendicion.groupings import article
from rendicion.history import History
from rendicion.model import Budget, Content, Figure, Grouping, Member, Result
from rendicion.pages import PagePlan, relative_url
from rendicion.publication import DATA_DIR, Publication, json_bytes
from rendicion.series import series_document
from rendicion.tables import FIGURE_COLUMNS, _optional, csv_bytes, datapackage, result_cells, result_columns


@dataclass(frozen=True)
class Download:
    """A file published under `/datos/`."""

    path: str  # site-relative, e.g. "datos/resultados.csv"
    title: str
    description: str
    media_type: str
    data: bytes

    @property
    def size(self) -> int:
        return len(self.data)


def build_downloads(content: Content, plan: PagePlan, publication: Publication,
                    history: History | None = None) -> list[Download]:
    """Every download of the site, in the order the data page lists them; the feeds carry
    one entry per change when `history` is available (`feeds.py`)."""
    site = content.site
    report = site.report.title
    downloads = [
        Download(f"{DATA_DIR}/resultados.json", "Todos los resultados (JSON)",
                 f"Resultados con sus {_related(content)}cifras y enlaces; además {_lists(content)}.",
                 "application/json", json_bytes(results_document(content, plan, publication), compact=True)),
        Download(f"{DATA_DIR}/resultados.schema.json", "Esquema de resultados.json (JSON Schema)",
                 "Describe y valida la estructura de resultados.json.",
                 "application/schema+json", json_bytes(results_document_schema(content.groupings))),
        Download(f"{DATA_DIR}/resultados.csv", "Todos los resultados (CSV)",
                 "Una fila por resultado; los valores múltiples van separados por «; ».",
                 "text/csv", results_csv(content, plan, publication, content.results)),
        Download(f"{DATA_DIR}/cifras.csv", "Cifras clave (CSV)",
                 "Una fila por cifra, con su resultado, valor numérico, unidad y etiqueta.",
                 "text/csv", figures_csv(content, plan, publication)),
        Download(f"{DATA_DIR}/datapackage.json", "Descripción del paquete de datos (Frictionless)",
                 "Campos y tipos de los archivos CSV, según la norma Data Package.",
                 "application/json", json_bytes(datapackage(content, publication))),
        Download(f"{DATA_DIR}/schema.json", "Esquema de los archivos de contenido (JSON Schema)",
                 "Para editores: valida y autocompleta los archivos YAML de content/.",
                 "application/schema+json", json_bytes(content_schema(content.groupings))),
        Download(f"{DATA_DIR}/resultados.atom", "Novedades (Atom)",
                 "Los resultados publicados y sus cambios, para seguirlos con un lector de noticias.",
                 "application/atom+xml",
                 atom_feed(content, plan, publication, content.results, f"{DATA_DIR}/resultados.atom", report,
                           history, retired=True)),
        Download(f"{DATA_DIR}/feed.json", "Novedades (JSON Feed)",
                 "Las mismas entradas que el canal Atom, en formato JSON Feed.",
                 "application/feed+json",
                 json_feed(content, plan, publication, content.results, f"{DATA_DIR}/feed.json", report,
                           history, retired=True)),
    ]
    for area in content.areas:
        results = content.results_of_area(area.id)
        downloads.append(Download(
            area_csv_path(area.id), f"{area.short_name} (CSV)", f"Los resultados del {area.name}.",
            "text/csv", results_csv(content, plan, publication, results)))
        downloads.append(Download(
            area_feed_path(area.id), f"{area.short_name} (Atom)", f"Novedades del {area.name}.",
            "application/atom+xml",
            atom_feed(content, plan, publication, results, area_feed_path(area.id), f"{report} · {area.short_name}",
                      history)))
    for g in content.paged_groupings:
        for member in content.members_of(g.id):
            downloads.append(Download(
                member_csv_path(g, member.id), f"{g.label(member)} (CSV)",
                f"Los resultados relacionados con {article(g)} {member.name}, de todas las áreas.",
                "text/csv", results_csv(content, plan, publication, content.results_of_member(g.id, member.id))))
            downloads.append(Download(
                member_feed_path(g, member.id), f"{g.label(member)} (Atom)",
                f"Novedades de los resultados relacionados con {article(g)} {member.name}.",
                "application/atom+xml",
                atom_feed(content, plan, publication, content.results_of_member(g.id, member.id),
                          member_feed_path(g, member.id), f"{report} · {g.label(member)}", history)))
    for area in content.areas:
        if plan.parts_of("area", area.id):
            downloads.append(Download(
                area_locations_path(area.id), f"{area.short_name}: dónde está cada resultado (JSON)",
                "Para los enlaces permanentes: la página de año que publica cada resultado.",
                "application/json", json_bytes(result_locations(content, plan, area.id), compact=True)))
    return downloads


def results_csv(content: Content, plan: PagePlan, publication: Publication, results) -> bytes:
    """tables.results_csv as it was: the whole file through csv_bytes."""
    columns = result_columns(content.groupings)
    names = [name for name, _, _ in columns]
    rows = [[cells[name] for name in names]
            for cells in (result_cells(content, plan, publication, r) for r in results)]
    return csv_bytes(columns, rows)


def figures_csv(content: Content, plan: PagePlan, publication: Publication) -> bytes:
    """tables.figures_csv as it was."""
    rows = [
        [r.id, f.value, _optional(f.target), _optional(f.baseline), f.unit, f.label,
         "true" if f.highlight else "false", r.year, r.area, publication.url(plan.result_url(r))]
        for r in content.results
        for f in r.figures
    ]
    return csv_bytes(FIGURE_COLUMNS, rows)


def result_locations(content: Content, plan: PagePlan, area_id: str) -> dict[str, str]:
    """Each result of a split area: the page that holds it, relative to the locations file.

    A result's anchor moves to another numbered page when results are added
    before it, and to a year page when its area becomes split; with this
    map, ubicar.js sends an old link on to the result's page.
    """
    here = area_locations_path(area_id)
    return {r.id: relative_url(here, plan.result_anchor_url(r).partition("#")[0]) for r in content.results_of_area(area_id)}


OFFLINE_BUNDLE_PATH = f"{DATA_DIR}/sitio-sin-conexion.zip"


def offline_download(zip_path: Path) -> Download:
    """The offline copy of the site, as a download."""
    return Download(
        OFFLINE_BUNDLE_PATH, "Copia del sitio sin conexión (ZIP)",
        "Todo el sitio, buscador incluido, para abrirlo sin internet: descomprima y abra index.html.",
        "application/zip", zip_path.read_bytes(),
    )


def area_csv_path(area_id: str) -> str:
    """The CSV of one area's results."""
    return f"{DATA_DIR}/areas/{area_id}.csv"


def area_locations_path(area_id: str) -> str:
    """Where each result of a split area is, for old links."""
    return f"{DATA_DIR}/ubicaciones/{area_id}.json"


def area_feed_path(area_id: str) -> str:
    """The Atom feed of one area."""
    return f"{DATA_DIR}/areas/{area_id}.atom"


def member_csv_path(grouping: Grouping, member_id: str) -> str:
    """The CSV of the results related to one member of a grouping (`datos/consejos/conasav.csv`)."""
    return f"{DATA_DIR}/{grouping.path}/{member_id}.csv"


def member_feed_path(grouping: Grouping, member_id: str) -> str:
    """The Atom feed of the results related to one member (`datos/consejos/conasav.atom`)."""
    return f"{DATA_DIR}/{grouping.path}/{member_id}.atom"


def _related(content: Content) -> str:
    """«áreas, consejos, planes, socios, »: what each result names, for the JSON's description."""
    return "".join(f"{noun}, " for noun in ["áreas", *(g.short_plural for g in content.groupings), "socios"])


def _lists(content: Content) -> str:
    return "las " + ", ".join(["áreas", *(g.short_plural for g in content.groupings), "socios"]) + " y el glosario"


# -- JSON ------------------------------------------------------------------------


def results_document(content: Content, plan: PagePlan, publication: Publication) -> dict[str, Any]:
    """The whole content as one JSON document, every reference resolved."""
    site = content.site
    refs = _References(content)
    return {
        "institution": _drop_none(vars(site.institution)),
        "report": vars(site.report),
        "licence": site.licence,
        "updated": publication.updated.isoformat() if publication.updated else None,
        "results": [
            {
                "id": r.id,
                "year": r.year,
                "title": r.title,
                "text": r.text,
                "area": {"id": r.area, "name": content.area(r.area).name},
                "section": refs.section(r),
                **{g.id: [refs.member(g.id, m) for m in r.memberships[g.id]] for g in content.groupings},
                "partners": [refs.partner(p) for p in r.partners],
                "figures": [_figure(f) for f in r.figures],
                "items": list(r.items),
                "date": r.date.isoformat() if r.date else None,
                "start": r.start.isoformat() if r.start else None,
                "end": r.end.isoformat() if r.end else None,
                "series": r.series,
                "status": r.status,
                "progress": r.progress,
                "budget": _budget(r.budget),
                "details": [{"label": d.label, "value": d.value} for d in r.details],
                "sources": [{"title": s.title, "url": s.url} for s in r.sources],
                "updates": [{"date": u.date.isoformat(), "text": u.text} for u in r.updates],
                "url": publication.url(plan.result_url(r)),
            }
            for r in content.results
        ],
        "areas": [
            {
                "id": a.id, "name": a.name, "short_name": a.short_name, "program": a.program,
                "summary": a.summary,
                "sections": [{"id": s.id, "title": s.title, "lead": s.lead} for s in a.sections],
                "url": publication.url(plan.get("area", a.id).url),
            }
            for a in content.areas
        ],
        **{g.id: [_member(content, plan, publication, g, m) for m in content.members_of(g.id)]
           for g in content.groupings},
        "partners": [{**refs.partner(p.id), "url": p.url} for p in content.partners],
        "glossary": [{"term": t.term, "expansion": t.expansion} for t in content.glossary],
        "series": series_document(content),
    }


class _References:
    """The id, acronym and name of referenced things, as the exports show them."""

    def __init__(self, content: Content) -> None:
        self.content = content

    def section(self, result: Result) -> dict[str, str] | None:
        if result.section is None:
            return None
        section = self.content.area(result.area).section(result.section)
        return {"id": section.id, "title": section.title}

    def member(self, grouping_id: str, member_id: str) -> dict[str, Any]:
        m = self.content.member(grouping_id, member_id)
        return {"id": m.id, "acronym": m.acronym, "name": m.name}

    def partner(self, partner_id: str) -> dict[str, Any]:
        p = self.content.partner(partner_id)
        return {"id": p.id, "acronym": p.acronym, "name": p.name}


def _member(content: Content, plan: PagePlan, publication: Publication, grouping: Grouping,
            member: Member) -> dict[str, Any]:
    """A member in the JSON export: its area and parent member when the grouping declares
    them (under `area` and the parent grouping's `item`), its page's URL when it has one."""
    entry: dict[str, Any] = {"id": member.id, "acronym": member.acronym, "name": member.name}
    if grouping.area:
        entry["area"] = member.area
    if grouping.within:
        entry[content.grouping(grouping.within).item] = member.parent
    entry["summary"] = member.summary
    entry["url"] = publication.url(plan.member(grouping.id, member.id).url) if grouping.pages else None
    return entry


def _figure(figure: Figure) -> dict[str, Any]:
    return {"value": figure.value, "target": figure.target, "baseline": figure.baseline, "unit": figure.unit,
            "label": figure.label, "highlight": figure.highlight}


def _budget(budget: Budget | None) -> dict[str, Any] | None:
    if budget is None:
        return None
    return {"planned": budget.planned, "executed": budget.executed, "currency": budget.currency}


def _drop_none(mapping: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in mapping.items() if v is not None}
