"""Open-data downloads, made at every build from the same model as the pages.

Everything here is a pure function of `Content`, the page plan and the public
address of the site, so two builds of the same content give byte-identical
files (no clocks, stable ordering). The MkDocs glue adds each `Download` to
the site as a generated file; the `/datos/` page lists them with their sizes.

This module is the list of downloads. The JSON document is `resultsjson`'s,
the CSV files and their Data Package `tables`', the feeds `feeds`', the JSON
Schemas `exportschemas`'; `downloadparts` makes each result's piece of them once
and joins the pieces into every file that lists the result (and a
`DownloadMemo` keeps them across the preview's rebuilds).

The data path reads in one direction: exports → downloadparts → feeds,
tables, resultsjson → publication, model; none imports back.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .downloadparts import DownloadMemo, DownloadParts
from .exportschemas import content_schema, results_document_schema
from .groupings import article
from .history import History
from .model import Content, Grouping
from .pages import PagePlan, relative_url
from .publication import DATA_DIR, Publication, json_bytes
from .resultsjson import results_document
from .tables import datapackage

__all__ = ["Download", "DownloadMemo", "build_downloads", "results_document"]


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
                    history: History | None = None, memo: DownloadMemo | None = None,
                    changed: frozenset[str] | None = None) -> list[Download]:
    """Every download of the site, in the order the data page lists them; the feeds carry
    one entry per change when `history` is available (`feeds.py`). `memo`: the preview's,
    to remake only the pieces of the results an edit changed (`downloadparts.py`), and
    `changed`, the ids of those results when the preview knows them."""
    parts = DownloadParts(content, plan, publication, history, memo, changed)
    downloads = _downloads(content, plan, publication, history, parts)
    parts.keep()
    return downloads


def _downloads(content: Content, plan: PagePlan, publication: Publication, history: History | None,
               parts: DownloadParts) -> list[Download]:
    site = content.site
    report = site.report.title
    downloads = [
        Download(f"{DATA_DIR}/resultados.json", "Todos los resultados (JSON)",
                 f"Resultados con sus {_related(content)}cifras y enlaces; además {_lists(content)}.",
                 "application/json", parts.results_json()),
        Download(f"{DATA_DIR}/resultados.schema.json", "Esquema de resultados.json (JSON Schema)",
                 "Describe y valida la estructura de resultados.json.",
                 "application/schema+json", json_bytes(results_document_schema(content.groupings))),
        Download(f"{DATA_DIR}/resultados.csv", "Todos los resultados (CSV)",
                 "Una fila por resultado; los valores múltiples van separados por «; ».",
                 "text/csv", parts.results_csv(content.results)),
        Download(f"{DATA_DIR}/cifras.csv", "Cifras clave (CSV)",
                 "Una fila por cifra, con su resultado, valor numérico, unidad y etiqueta.",
                 "text/csv", parts.figures_csv()),
        Download(f"{DATA_DIR}/datapackage.json", "Descripción del paquete de datos (Frictionless)",
                 "Campos y tipos de los archivos CSV, según la norma Data Package.",
                 "application/json", json_bytes(datapackage(content, publication))),
        Download(f"{DATA_DIR}/schema.json", "Esquema de los archivos de contenido (JSON Schema)",
                 "Para editores: valida y autocompleta los archivos YAML de content/.",
                 "application/schema+json", json_bytes(content_schema(content.groupings))),
        Download(f"{DATA_DIR}/resultados.atom", "Novedades (Atom)",
                 "Los resultados publicados y sus cambios, para seguirlos con un lector de noticias.",
                 "application/atom+xml",
                 parts.atom_feed(content.results, f"{DATA_DIR}/resultados.atom", report, retired=True)),
        Download(f"{DATA_DIR}/feed.json", "Novedades (JSON Feed)",
                 "Las mismas entradas que el canal Atom, en formato JSON Feed.",
                 "application/feed+json",
                 parts.json_feed(content.results, f"{DATA_DIR}/feed.json", report, history, retired=True)),
    ]
    for area in content.areas:
        results = content.results_of_area(area.id)
        downloads.append(Download(
            area_csv_path(area.id), f"{area.short_name} (CSV)", f"Los resultados del {area.name}.",
            "text/csv", parts.listed_csv(area_csv_path(area.id), results)))
        downloads.append(Download(
            area_feed_path(area.id), f"{area.short_name} (Atom)", f"Novedades del {area.name}.",
            "application/atom+xml",
            parts.listed_feed(area_feed_path(area.id), results, f"{report} · {area.short_name}")))
    for g in content.paged_groupings:
        for member in content.members_of(g.id):
            related = content.results_of_member(g.id, member.id)
            downloads.append(Download(
                member_csv_path(g, member.id), f"{g.label(member)} (CSV)",
                f"Los resultados relacionados con {article(g)} {member.name}, de todas las áreas.",
                "text/csv", parts.listed_csv(member_csv_path(g, member.id), related)))
            downloads.append(Download(
                member_feed_path(g, member.id), f"{g.label(member)} (Atom)",
                f"Novedades de los resultados relacionados con {article(g)} {member.name}.",
                "application/atom+xml",
                parts.listed_feed(member_feed_path(g, member.id), related, f"{report} · {g.label(member)}")))
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
