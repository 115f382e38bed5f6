"""Open-data downloads, made at every build from the same model as the pages.

Everything here is a pure function of `Content`, the page plan and the public
address of the site, so two builds of the same content give byte-identical
files (no clocks, stable ordering). The MkDocs glue adds each `Download` to
the site as a generated file; the `/datos/` page lists them with their sizes.

This module is the list of downloads and the JSON document; the CSV files and
their Data Package are made by `tables`, the feeds by `feeds`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import schema
from .feeds import atom_feed, json_feed
from .model import Content, Figure, Result
from .pages import PagePlan, relative_url
from .publication import DATA_DIR, Publication, json_bytes
from .tables import datapackage, figures_csv, results_csv

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


def build_downloads(content: Content, plan: PagePlan, publication: Publication) -> list[Download]:
    """Every download of the site, in the order the data page lists them."""
    site = content.site
    report = site.report.title
    downloads = [
        Download(f"{DATA_DIR}/resultados.json", "Todos los resultados (JSON)",
                 "Resultados con sus áreas, consejos, planes, socios, cifras y enlaces; además las áreas, "
                 "consejos, planes, socios y el glosario.",
                 "application/json", json_bytes(results_document(content, plan, publication), compact=True)),
        Download(f"{DATA_DIR}/resultados.schema.json", "Esquema de resultados.json (JSON Schema)",
                 "Describe y valida la estructura de resultados.json.",
                 "application/schema+json", json_bytes(RESULTS_DOCUMENT_SCHEMA)),
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
                 "application/schema+json", json_bytes(content_schema())),
        Download(f"{DATA_DIR}/resultados.atom", "Novedades (Atom)",
                 "Los resultados publicados, para seguirlos con un lector de noticias.",
                 "application/atom+xml",
                 atom_feed(content, plan, publication, content.results, f"{DATA_DIR}/resultados.atom", report)),
        Download(f"{DATA_DIR}/feed.json", "Novedades (JSON Feed)",
                 "Los mismos resultados que el canal Atom, en formato JSON Feed.",
                 "application/feed+json",
                 json_feed(content, plan, publication, content.results, f"{DATA_DIR}/feed.json", report)),
    ]
    for area in content.areas:
        results = content.results_of_area(area.id)
        downloads.append(Download(
            area_csv_path(area.id), f"{area.short_name} (CSV)", f"Los resultados del {area.name}.",
            "text/csv", results_csv(content, plan, publication, results)))
        downloads.append(Download(
            area_feed_path(area.id), f"{area.short_name} (Atom)", f"Novedades del {area.name}.",
            "application/atom+xml",
            atom_feed(content, plan, publication, results, area_feed_path(area.id), f"{report} · {area.short_name}")))
    for council in content.councils:
        downloads.append(Download(
            council_csv_path(council.id), f"{council.acronym} (CSV)",
            f"Los resultados relacionados con el {council.name}, de todas las áreas.",
            "text/csv", results_csv(content, plan, publication, content.results_of_council(council.id))))
    for area in content.areas:
        if plan.parts_of("area", area.id):
            downloads.append(Download(
                area_locations_path(area.id), f"{area.short_name}: dónde está cada resultado (JSON)",
                "Para los enlaces permanentes: la página de año que publica cada resultado.",
                "application/json", json_bytes(result_locations(content, plan, area.id), compact=True)))
    return downloads


def result_locations(content: Content, plan: PagePlan, area_id: str) -> dict[str, str]:
    """Each result of a split area: the page that holds it, relative to the locations file.

    A result's anchor moves to another numbered page when results are added
    before it, and to a year page when its area becomes split; with this
    map, ubicar.js sends an old link on to the result's page.
    """
    here = area_locations_path(area_id)
    return {r.id: relative_url(here, plan.result_url(r).partition("#")[0]) for r in content.results_of_area(area_id)}


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


def council_csv_path(council_id: str) -> str:
    """The CSV of the results related to one council."""
    return f"{DATA_DIR}/consejos/{council_id}.csv"


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
                "councils": [refs.council(c) for c in r.councils],
                "plans": [refs.plan(p) for p in r.plans],
                "partners": [refs.partner(p) for p in r.partners],
                "figures": [_figure(f) for f in r.figures],
                "items": list(r.items),
                "date": r.date.isoformat() if r.date else None,
                "status": r.status,
                "progress": r.progress,
                "sources": [{"title": s.title, "url": s.url} for s in r.sources],
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
        "councils": [
            {**refs.council(c.id), "area": c.area, "summary": c.summary,
             "url": publication.url(plan.get("council", c.id).url)}
            for c in content.councils
        ],
        "plans": [
            {**refs.plan(p.id), "council": p.council, "summary": p.summary,
             "url": publication.url(plan.get("plan", p.id).url)}
            for p in content.plans
        ],
        "partners": [{**refs.partner(p.id), "url": p.url} for p in content.partners],
        "glossary": [{"term": t.term, "expansion": t.expansion} for t in content.glossary],
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

    def council(self, council_id: str) -> dict[str, Any]:
        c = self.content.council(council_id)
        return {"id": c.id, "acronym": c.acronym, "name": c.name}

    def plan(self, plan_id: str) -> dict[str, Any]:
        p = self.content.plan(plan_id)
        return {"id": p.id, "acronym": p.acronym, "name": p.name}

    def partner(self, partner_id: str) -> dict[str, Any]:
        p = self.content.partner(partner_id)
        return {"id": p.id, "acronym": p.acronym, "name": p.name}


def _figure(figure: Figure) -> dict[str, Any]:
    return {"value": figure.value, "unit": figure.unit, "label": figure.label, "highlight": figure.highlight}


def _drop_none(mapping: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in mapping.items() if v is not None}


_NAMED = {
    "type": "object",
    "required": ["id", "name"],
    "properties": {"id": {"type": "string"}, "acronym": {"type": ["string", "null"]}, "name": {"type": "string"}},
}
_NULLABLE_TEXT = {"type": ["string", "null"]}

#: The JSON Schema of `resultados.json`, published beside it.
RESULTS_DOCUMENT_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "resultados.json: resultados de una rendición de cuentas",
    "type": "object",
    "required": ["institution", "report", "results", "areas", "councils", "plans", "partners", "glossary"],
    "properties": {
        "institution": {"type": "object", "required": ["name"]},
        "report": {"type": "object", "required": ["title", "short_title", "period"]},
        "licence": _NULLABLE_TEXT,
        "updated": {"type": ["string", "null"], "format": "date"},
        "results": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["id", "year", "title", "text", "area", "section", "councils", "plans", "partners",
                             "figures", "items", "date", "status", "progress", "sources", "url"],
                "properties": {
                    "id": {"type": "string", "pattern": schema.ID_PATTERN},
                    "year": {"type": "integer"},
                    "title": {"type": "string"},
                    "text": {"type": "string"},
                    "area": {"type": "object", "required": ["id", "name"]},
                    "section": {"type": ["object", "null"]},
                    "councils": {"type": "array", "items": _NAMED},
                    "plans": {"type": "array", "items": _NAMED},
                    "partners": {"type": "array", "items": _NAMED},
                    "figures": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["value", "unit", "label", "highlight"],
                            "properties": {
                                "value": {"type": "number"}, "unit": {"type": "string"},
                                "label": {"type": "string"}, "highlight": {"type": "boolean"},
                            },
                        },
                    },
                    "items": {"type": "array", "items": {"type": "string"}},
                    "date": {"type": ["string", "null"], "format": "date"},
                    "status": {"enum": [*schema.STATUSES, None]},
                    "progress": {"type": ["number", "null"], "minimum": 0, "maximum": 100},
                    "sources": {"type": "array", "items": {"type": "object", "required": ["title", "url"]}},
                    "url": {"type": "string"},
                },
            },
        },
        "areas": {"type": "array", "items": {"type": "object", "required": ["id", "name", "sections", "url"]}},
        "councils": {"type": "array", "items": _NAMED},
        "plans": {"type": "array", "items": _NAMED},
        "partners": {"type": "array", "items": _NAMED},
        "glossary": {
            "type": "array",
            "items": {"type": "object", "required": ["term", "expansion"]},
        },
    },
}


def content_schema() -> dict[str, Any]:
    """The JSON Schema of every kind of content file, for editors and validators."""
    kinds = {
        "site": schema.SITE, "area": schema.AREA, "council": schema.COUNCIL, "plan": schema.PLAN,
        "partners": schema.PARTNERS, "glossary": schema.GLOSSARY, "results": schema.RESULTS,
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Archivos de content/ (rendición de cuentas)",
        "description": "Un archivo de contenido: site.yml, areas/*.yml, councils/*.yml, plans/*.yml, "
                       "partners.yml, glossary.yml o results/<año>/*.yml. Cada tipo está en $defs.",
        "$defs": kinds,
        "anyOf": [{"$ref": f"#/$defs/{kind}"} for kind in kinds],
    }
