"""Machine-readable descriptions of the site's data: a DCAT-AP catalogue and schema.org JSON-LD.

- `datos/catalogo.jsonld`: a `dcat:Catalog` with one `dcat:Dataset` (the
  report's results) and a `dcat:Distribution` per download, for open-data
  portals that harvest DCAT-AP. Its `@context` is written inline, so reading
  it needs no network.
- `dataset_jsonld`: the schema.org `Dataset` the data page embeds, for
  search engines' dataset search.

Dates are the content's (`Publication.updated`), never the build's clock.
Pure functions of the content, like the other exports.
"""

from __future__ import annotations

import datetime
import re
from typing import Any, Callable, Iterable

from babel import Locale

from .exports import Download
from .institution import with_article
from .licences import licence_of
from .model import Content
from .publication import DATA_DIR, Publication, json_bytes

CATALOGUE_PATH = f"{DATA_DIR}/catalogo.jsonld"
CATALOGUE_TYPE = "application/ld+json"

#: Namespaces of DCAT-AP, written inline so that no reader has to fetch a context.
CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
}
#: Media types IANA registers (DCAT-AP wants `dcat:mediaType` from its register);
#: others (JSON Feed's application/feed+json, JSON Schema's) only get `dct:format`.
IANA_TYPES = frozenset({"application/json", "text/csv", "application/atom+xml", "application/zip",
                        "application/ld+json"})
#: EU Publications Office language authority, for `dct:language`.
LANGUAGES = {"es": "http://publications.europa.eu/resource/authority/language/SPA"}


def country_name(content: Content) -> str | None:
    """The country the report covers: site.yml's `institution.country`, else the locale's territory."""
    if content.site.institution.country:
        return content.site.institution.country
    locale = Locale.parse(content.site.locale)
    return locale.territories.get(locale.territory) if locale.territory else None


def country_code(content: Content) -> str | None:
    """ISO 3166-1 alpha-2 code of the locale's country (es_SV → SV)."""
    return Locale.parse(content.site.locale).territory


def covered_years(content: Content) -> tuple[int, int] | None:
    """First and last year the report covers: declared in `period`, or a bare year, else the results' years."""
    report = content.site.report
    if report.years:
        return report.years
    if re.fullmatch(r"\d{4}", report.period.strip()):
        return int(report.period), int(report.period)
    years = [r.year for r in content.results]
    return (min(years), max(years)) if years else None


def temporal_coverage(content: Content) -> str:
    """ISO 8601 interval for schema.org's `temporalCoverage` («2018», «2017/2019»); the period's text otherwise."""
    years = covered_years(content)
    if years is None:
        return content.site.report.period
    return str(years[0]) if years[0] == years[1] else f"{years[0]}/{years[1]}"


def dataset_description(content: Content) -> str:
    site = content.site
    return f"Resultados publicados por {with_article(site.institution)} en su rendición de cuentas ({site.report.period})."


def dataset_jsonld(content: Content, publication: Publication, downloads: dict[str, Download],
                   href: Callable[[str], str], page_url: str) -> dict[str, Any]:
    """schema.org `Dataset` of the data page; `href` writes a site path relative to the page
    (used when `site_url` is unknown: JSON-LD resolves relative IRIs against the page)."""
    site = content.site

    def link(path: str) -> str:
        return publication.url(path) if publication.site_url else href(path)

    organization: dict[str, Any] = {"@type": "GovernmentOrganization", "name": site.institution.name}
    if site.institution.acronym:
        organization["alternateName"] = site.institution.acronym
    if site.institution.url:
        organization["url"] = site.institution.url
    dataset: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": f"{site.report.title} · {site.institution.name}",
        "description": dataset_description(content),
        "url": link(page_url),
        "identifier": link(page_url),
        "inLanguage": site.language,
        "temporalCoverage": temporal_coverage(content),
        "creator": organization,
        "publisher": organization,
        "isAccessibleForFree": True,
        "keywords": [a.name for a in content.areas],
    }
    country = country_name(content)
    if country:
        place: dict[str, Any] = {"@type": "Place", "name": country}
        if country_code(content):
            place["address"] = {"@type": "PostalAddress", "addressCountry": country_code(content)}
        dataset["spatialCoverage"] = place
    known = licence_of(site.licence)
    if known:
        dataset["license"] = known.url
    elif site.licence:  # schema.org takes text too; only a recognised licence gets a URL
        dataset["license"] = site.licence
    if publication.updated:
        dataset["dateModified"] = publication.updated.isoformat()
    dataset["distribution"] = [
        {"@type": "DataDownload", "encodingFormat": downloads[path].media_type, "contentUrl": link(path),
         "name": downloads[path].title, "contentSize": f"{downloads[path].size} B"}
        for path in (f"{DATA_DIR}/resultados.csv", f"{DATA_DIR}/cifras.csv", f"{DATA_DIR}/resultados.json",
                     CATALOGUE_PATH)
        if path in downloads
    ]
    return dataset


def catalogue(content: Content, publication: Publication, downloads: Iterable[Download],
              data_page_url: str) -> dict[str, Any]:
    """The DCAT-AP catalogue of the site's downloads (see the module docstring).

    Without `site_url`, IRIs are relative to the catalogue's own address
    (`datos/`), as JSON-LD resolves them.
    """
    site = content.site

    def iri(path: str) -> str:
        if publication.site_url:
            return publication.url(path)
        return path[len(DATA_DIR) + 1:] if path.startswith(f"{DATA_DIR}/") else f"../{path}"

    language = {"@id": LANGUAGES.get(site.language, f"urn:ietf:bcp:47:{site.language}")}
    publisher: dict[str, Any] = {"@type": "foaf:Organization", "foaf:name": site.institution.name}
    if site.institution.url:
        publisher["foaf:homepage"] = {"@id": site.institution.url}
    if site.institution.url or publication.site_url:
        publisher["@id"] = (site.institution.url or publication.url("")) + "#institucion"
    dataset: dict[str, Any] = {
        "@id": iri(data_page_url) + "#resultados",
        "@type": "dcat:Dataset",
        "dct:title": _text(site.report.title, site.language),
        "dct:description": _text(dataset_description(content), site.language),
        "dct:publisher": publisher,
        "dct:language": language,
        "dcat:keyword": [_text(a.name, site.language) for a in content.areas],
        "dcat:landingPage": {"@id": iri(data_page_url)},
        "dcat:distribution": [],
    }
    if publication.updated:
        dataset["dct:issued"] = _date(publication.updated)
        dataset["dct:modified"] = _date(publication.updated)
    country = country_name(content)
    if country:
        dataset["dct:spatial"] = {"@type": "dct:Location", "skos:prefLabel": _text(country, site.language)}
    years = covered_years(content)
    if years:
        dataset["dct:temporal"] = {"@type": "dct:PeriodOfTime",
                                   "dcat:startDate": _date(datetime.date(years[0], 1, 1)),
                                   "dcat:endDate": _date(datetime.date(years[1], 12, 31))}
    known = licence_of(site.licence)
    licence = {"@id": known.url, "@type": "dct:LicenseDocument"} if known else None
    if licence:
        dataset["dct:license"] = licence
    for download in downloads:
        if download.path == CATALOGUE_PATH:
            continue  # the catalogue does not list itself
        distribution: dict[str, Any] = {
            "@id": iri(download.path),
            "@type": "dcat:Distribution",
            "dct:title": _text(download.title, site.language),
            "dct:description": _text(download.description, site.language),
            "dcat:accessURL": {"@id": iri(download.path)},
            "dcat:downloadURL": {"@id": iri(download.path)},
            "dct:format": download.media_type,
            "dcat:byteSize": {"@value": str(download.size), "@type": "xsd:nonNegativeInteger"},
        }
        if download.media_type in IANA_TYPES:
            distribution["dcat:mediaType"] = {
                "@id": f"https://www.iana.org/assignments/media-types/{download.media_type}"}
        if licence:
            distribution["dct:license"] = licence
        dataset["dcat:distribution"].append(distribution)
    document: dict[str, Any] = {
        "@context": CONTEXT,
        "@id": iri(CATALOGUE_PATH),
        "@type": "dcat:Catalog",
        "dct:title": _text(f"{site.report.short_title} · {site.institution.name}", site.language),
        "dct:description": _text(dataset_description(content), site.language),
        "dct:publisher": publisher,
        "dct:language": language,
        "foaf:homepage": {"@id": iri("") if publication.site_url else "../"},
        "dcat:dataset": [dataset],
    }
    if publication.updated:
        document["dct:modified"] = _date(publication.updated)
    if licence:
        document["dct:license"] = licence
    return document


def catalogue_download(content: Content, publication: Publication, downloads: list[Download],
                       data_page_url: str) -> Download:
    """The catalogue as a download, describing every other download of `downloads`."""
    return Download(
        CATALOGUE_PATH, "Catálogo de datos (DCAT-AP, JSON-LD)",
        "Describe cada descarga (formato, tamaño, licencia, periodo) para los portales de datos abiertos.",
        CATALOGUE_TYPE, json_bytes(catalogue(content, publication, downloads, data_page_url)),
    )


def _text(text: str, language: str) -> dict[str, str]:
    return {"@value": text, "@language": language}


def _date(day: datetime.date) -> dict[str, str]:
    return {"@value": day.isoformat(), "@type": "xsd:date"}


#: Feed media types that pages announce with <link rel="alternate"> (feed autodiscovery).
FEED_TYPES = ("application/atom+xml", "application/feed+json")
SITE_FEEDS = (f"{DATA_DIR}/resultados.atom", f"{DATA_DIR}/feed.json")


def page_feeds(content: Content, kind: str | None, key: str | None,
               downloads: dict[str, Download]) -> list[Download]:
    """The feeds a page announces: the site's, then its area's or member's own (found by
    the download's path, `datos/areas/<id>.atom`, `datos/<grouping path>/<id>.atom`…)."""
    feeds = [downloads[path] for path in SITE_FEEDS if path in downloads]
    stem = None
    if kind == "area" and key:
        stem = f"{DATA_DIR}/areas/{key}."
    elif kind == "member" and key:
        grouping_id, _, member_id = key.partition("/")
        stem = f"{DATA_DIR}/{content.grouping(grouping_id).path}/{member_id}."
    if stem:
        feeds += [d for path, d in downloads.items() if path.startswith(stem) and d.media_type in FEED_TYPES]
    return feeds
