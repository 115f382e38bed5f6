"""Open-data downloads, made at every build from the same model as the pages.

Everything here is a pure function of `Content`, the page plan and the public
address of the site, so two builds of the same content give byte-identical
files (no clocks, stable ordering). The MkDocs glue adds each `Download` to
the site as a generated file; the `/datos/` page lists them with their sizes.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable
from urllib.parse import urljoin

from . import schema
from .feeds import atom_feed, json_feed
from .model import Content, Figure, Result
from .pages import PagePlan, relative_url

DATA_DIR = "datos"
#: Multi-valued CSV cells are joined with this separator.
JOIN = "; "

RESULT_COLUMNS = [
    ("id", "string", "Identificador permanente del resultado"),
    ("year", "integer", "Año del resultado"),
    ("title", "string", "Título corto"),
    ("text", "string", "Texto del resultado, tal como se publicó"),
    ("area_id", "string", "Identificador del área responsable"),
    ("area", "string", "Nombre del área responsable"),
    ("section", "string", "Apartado del área"),
    ("council_ids", "string", "Consejos relacionados (identificadores, separados por «; »)"),
    ("councils", "string", "Consejos relacionados (siglas, separadas por «; »)"),
    ("plan_ids", "string", "Planes relacionados (identificadores)"),
    ("plans", "string", "Planes relacionados (nombres)"),
    ("partner_ids", "string", "Instituciones socias (identificadores)"),
    ("partners", "string", "Instituciones socias (nombres)"),
    ("figures", "string", "Cifras: «valor unidad (etiqueta)», separadas por «; »"),
    ("items", "string", "Sub-elementos, separados por «; »"),
    ("date", "date", "Fecha del resultado, si se conoce"),
    ("status", "string", "Estado, si se indica (planificado, en-curso, cumplido, suspendido)"),
    ("progress", "number", "Avance en %, si se indica"),
    ("sources", "string", "Fuentes: direcciones web, separadas por «; »"),
    ("url", "string", "Enlace permanente al resultado"),
]
FIGURE_COLUMNS = [
    ("result_id", "string", "Identificador del resultado"),
    ("value", "number", "Valor de la cifra"),
    ("unit", "string", "Unidad"),
    ("label", "string", "Qué se cuenta"),
    ("highlight", "boolean", "Cifra destacada"),
    ("year", "integer", "Año del resultado"),
    ("area_id", "string", "Identificador del área responsable"),
    ("url", "string", "Enlace permanente al resultado"),
]


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


@dataclass(frozen=True)
class Publication:
    """Where and when the site is published: what exports need beyond content."""

    site_url: str = ""
    #: The date the content last changed, if known (from site.yml or the repository).
    updated: datetime.date | None = None

    def url(self, path: str) -> str:
        """Absolute when `site_url` is known, else relative to the site root."""
        if not self.site_url:
            return path
        base = self.site_url if self.site_url.endswith("/") else self.site_url + "/"
        # Site paths never start with "/" or "..": joining is appending, and
        # urljoin's parsing was a tenth of the exports' time at 10,000 results.
        return base + path if not path.startswith(("/", "..")) else urljoin(base, path)


def build_downloads(content: Content, plan: PagePlan, publication: Publication) -> list[Download]:
    """Every download of the site, in the order the data page lists them."""
    site = content.site
    report = site.report.title
    downloads = [
        Download(f"{DATA_DIR}/resultados.json", "Todos los resultados (JSON)",
                 "Resultados con sus áreas, consejos, planes, socios, cifras y enlaces; además las áreas, "
                 "consejos, planes, socios y el glosario.",
                 "application/json", _json(results_document(content, plan, publication), compact=True)),
        Download(f"{DATA_DIR}/resultados.schema.json", "Esquema de resultados.json (JSON Schema)",
                 "Describe y valida la estructura de resultados.json.",
                 "application/schema+json", _json(RESULTS_DOCUMENT_SCHEMA)),
        Download(f"{DATA_DIR}/resultados.csv", "Todos los resultados (CSV)",
                 "Una fila por resultado; los valores múltiples van separados por «; ».",
                 "text/csv", results_csv(content, plan, publication, content.results)),
        Download(f"{DATA_DIR}/cifras.csv", "Cifras clave (CSV)",
                 "Una fila por cifra, con su resultado, valor numérico, unidad y etiqueta.",
                 "text/csv", figures_csv(content, plan, publication)),
        Download(f"{DATA_DIR}/datapackage.json", "Descripción del paquete de datos (Frictionless)",
                 "Campos y tipos de los archivos CSV, según la norma Data Package.",
                 "application/json", _json(datapackage(content, publication))),
        Download(f"{DATA_DIR}/schema.json", "Esquema de los archivos de contenido (JSON Schema)",
                 "Para editores: valida y autocompleta los archivos YAML de content/.",
                 "application/schema+json", _json(content_schema())),
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
                "application/json", _json(result_locations(content, plan, area.id), compact=True)))
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
    return f"{DATA_DIR}/areas/{area_id}.csv"


def area_locations_path(area_id: str) -> str:
    return f"{DATA_DIR}/ubicaciones/{area_id}.json"


def area_feed_path(area_id: str) -> str:
    return f"{DATA_DIR}/areas/{area_id}.atom"


def council_csv_path(council_id: str) -> str:
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


def _json(document: Any, compact: bool = False) -> bytes:
    """`document` as UTF-8 JSON. Big files are `compact`: without `indent`, the
    json module uses its C encoder (several times faster at 10,000 results), and
    browsers and `jq` indent it for reading anyway."""
    if compact:
        return (json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


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


# -- CSV -------------------------------------------------------------------------


def results_csv(content: Content, plan: PagePlan, publication: Publication, results: Iterable[Result]) -> bytes:
    """One row per result (RFC 4180, UTF-8 with a byte-order mark so spreadsheets keep accents)."""
    rows = []
    for r in results:
        section = content.area(r.area).section(r.section).title if r.section else ""
        rows.append([
            r.id, r.year, r.title, r.text, r.area, content.area(r.area).name, section,
            JOIN.join(r.councils), JOIN.join(content.council(c).acronym for c in r.councils),
            JOIN.join(r.plans), JOIN.join(content.plan(p).name for p in r.plans),
            JOIN.join(r.partners), JOIN.join(content.partner(p).name for p in r.partners),
            JOIN.join(f"{_plain_number(f.value)} {f.unit} ({f.label})" for f in r.figures),
            JOIN.join(r.items),
            r.date.isoformat() if r.date else "",
            r.status or "",
            "" if r.progress is None else _plain_number(r.progress),
            JOIN.join(s.url for s in r.sources),
            publication.url(plan.result_url(r)),
        ])
    return _csv([name for name, _, _ in RESULT_COLUMNS], rows)


def figures_csv(content: Content, plan: PagePlan, publication: Publication) -> bytes:
    """One row per figure, numbers as plain numbers."""
    rows = [
        [r.id, _plain_number(f.value), f.unit, f.label, "true" if f.highlight else "false", r.year, r.area,
         publication.url(plan.result_url(r))]
        for r in content.results
        for f in r.figures
    ]
    return _csv([name for name, _, _ in FIGURE_COLUMNS], rows)


def _csv(header: list[str], rows: list[list[Any]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def _plain_number(value: int | float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


# -- Data Package ----------------------------------------------------------------


def datapackage(content: Content, publication: Publication) -> dict[str, Any]:
    """A Frictionless Data Package describing the two CSV files."""
    site = content.site
    name = "-".join(filter(None, [site.institution.acronym or "resultados", site.report.period])).lower()
    package: dict[str, Any] = {
        "name": "".join(c if c.isalnum() or c in "-_." else "-" for c in name),
        "title": f"{site.report.title} · {site.institution.name}",
        "description": f"Resultados publicados por {site.institution.name} en su rendición de cuentas "
                       f"({site.report.period}).",
        "resources": [
            _resource("resultados", "resultados.csv", "Todos los resultados", RESULT_COLUMNS, primary_key="id"),
            _resource("cifras", "cifras.csv", "Cifras clave de los resultados", FIGURE_COLUMNS,
                      foreign_key=("result_id", "resultados", "id")),
        ],
    }
    if site.licence:
        package["licenses"] = [{"name": site.licence, "title": site.licence}]
    if publication.site_url:
        package["homepage"] = publication.url(f"{DATA_DIR}/")
    return package


def _resource(name: str, path: str, title: str, columns: list[tuple[str, str, str]],
              primary_key: str | None = None, foreign_key: tuple[str, str, str] | None = None) -> dict[str, Any]:
    table_schema: dict[str, Any] = {
        "fields": [{"name": n, "type": t, "description": d} for n, t, d in columns],
        "missingValues": [""],
    }
    if primary_key:
        table_schema["primaryKey"] = [primary_key]
    if foreign_key:
        field, resource, target = foreign_key
        table_schema["foreignKeys"] = [{"fields": [field], "reference": {"resource": resource, "fields": [target]}}]
    return {
        "name": name, "path": path, "title": title, "format": "csv", "mediatype": "text/csv",
        "encoding": "utf-8-sig", "schema": table_schema,
    }
