"""The JSON Schemas published beside the open data (`/datos/`).

`resultados.schema.json` describes `resultados.json` (`exports.results_document`);
`schema.json` describes the content files, for editors and validators. Both are
pure functions of the groupings, so two builds give byte-identical files.
"""

from __future__ import annotations

import copy
from typing import Any

from . import schema
from .groupings import member_schemas
from .model import Grouping

_NAMED = {
    "type": "object",
    "required": ["id", "name"],
    "properties": {"id": {"type": "string"}, "acronym": {"type": ["string", "null"]}, "name": {"type": "string"}},
}
_NAMED_LIST = {"type": "array", "items": _NAMED}
_NULLABLE_TEXT = {"type": ["string", "null"]}


def results_document_schema(groupings: tuple[Grouping, ...]) -> dict[str, Any]:
    """The JSON Schema of `resultados.json`, published beside it: one list per grouping."""
    document = copy.deepcopy(RESULTS_DOCUMENT_SCHEMA)
    result = document["properties"]["results"]["items"]
    ids = [g.id for g in groupings]
    at = result["required"].index("section") + 1
    result["required"][at:at] = ids
    result["properties"] = _insert_after(result["properties"], "section", {i: _NAMED_LIST for i in ids})
    at = document["required"].index("areas") + 1
    document["required"][at:at] = ids
    document["properties"] = _insert_after(document["properties"], "areas", {i: _NAMED_LIST for i in ids})
    return document


def _insert_after(mapping: dict[str, Any], key: str, added: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, value in mapping.items():
        out[name] = value
        if name == key:
            out.update(added)
    return out


#: `resultados.json`'s schema without groupings (see `results_document_schema`).
RESULTS_DOCUMENT_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "resultados.json: resultados de una rendición de cuentas",
    "type": "object",
    "required": ["institution", "report", "results", "areas", "partners", "glossary", "series"],
    "properties": {
        "institution": {"type": "object", "required": ["name"]},
        "report": {
            "type": "object",
            "required": ["title", "short_title", "period", "years"],
            "properties": {
                "period": {"type": "string"},
                "years": {"type": ["array", "null"], "items": {"type": "integer"}, "minItems": 2, "maxItems": 2,
                          "description": "Primer y último año del informe, si se declaran"},
            },
        },
        "licence": _NULLABLE_TEXT,
        "updated": {"type": ["string", "null"], "format": "date"},
        "results": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["id", "year", "title", "text", "area", "section", "partners",
                             "figures", "items", "date", "start", "end", "series", "status", "progress",
                             "budget", "details", "sources", "updates", "url"],
                "properties": {
                    "id": {"type": "string", "pattern": schema.ID_PATTERN},
                    "year": {"type": "integer"},
                    "title": {"type": "string"},
                    "text": {"type": "string"},
                    "area": {"type": "object", "required": ["id", "name"]},
                    "section": {"type": ["object", "null"]},
                    "partners": {"type": "array", "items": _NAMED},
                    "figures": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["value", "target", "baseline", "unit", "label", "highlight"],
                            "properties": {
                                "value": {"type": "number"},
                                "target": {"type": ["number", "null"], "description": "Meta, si se indica"},
                                "baseline": {"type": ["number", "null"], "description": "Línea base, si se indica"},
                                "unit": {"type": "string"},
                                "label": {"type": "string"}, "highlight": {"type": "boolean"},
                            },
                        },
                    },
                    "items": {"type": "array", "items": {"type": "string"}},
                    "date": {"type": ["string", "null"], "format": "date"},
                    "start": {"type": ["string", "null"], "format": "date"},
                    "end": {"type": ["string", "null"], "format": "date"},
                    "series": {"type": ["string", "null"], "pattern": schema.ID_PATTERN},
                    "status": {"enum": [*schema.STATUSES, None]},
                    "progress": {"type": ["number", "null"], "minimum": 0, "maximum": 100},
                    "budget": {
                        "type": ["object", "null"],
                        "description": "Presupuesto programado y ejecutado (cualquiera puede faltar), con su moneda ISO 4217",
                        "required": ["planned", "executed", "currency"],
                        "properties": {
                            "planned": {"type": ["number", "null"]}, "executed": {"type": ["number", "null"]},
                            "currency": {"type": "string", "pattern": "^[A-Z]{3}$"},
                        },
                    },
                    "details": {
                        "type": "array",
                        "description": "Datos propios del informe de la institución, con su etiqueta",
                        "items": {
                            "type": "object", "required": ["label", "value"],
                            "properties": {"label": {"type": "string"}, "value": {"type": "string"}},
                        },
                    },
                    "sources": {"type": "array", "items": {"type": "object", "required": ["title", "url"]}},
                    "updates": {"type": "array", "description": "Notas fechadas del equipo sobre el resultado",
                                "items": {"type": "object", "required": ["date", "text"]}},
                    "url": {"type": "string"},
                },
            },
        },
        "areas": {"type": "array", "items": {"type": "object", "required": ["id", "name", "sections", "url"]}},
        "partners": {"type": "array", "items": _NAMED},
        "glossary": {
            "type": "array",
            "items": {"type": "object", "required": ["term", "expansion"]},
        },
        "series": {
            "type": "array",
            "description": "Resultados que siguen un mismo objetivo de un año a otro, del más antiguo al más reciente",
            "items": {
                "type": "object",
                "required": ["id", "results"],
                "properties": {
                    "id": {"type": "string", "pattern": schema.ID_PATTERN},
                    "results": {"type": "array", "items": {"type": "string"}},
                },
            },
        },
    },
}


def content_schema(groupings: tuple[Grouping, ...] = ()) -> dict[str, Any]:
    """The JSON Schema of every kind of content file, for editors and validators
    (a member file's schema per grouping, under the grouping's `item`)."""
    members = member_schemas(groupings)
    kinds = {
        "site": schema.SITE, "area": schema.AREA,
        **{g.item: members[g.id] for g in groupings},
        "partners": schema.PARTNERS, "glossary": schema.GLOSSARY, "results": schema.results_schema(groupings),
    }
    folders = "".join(f"{g.id}/*.yml, " for g in groupings)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Archivos de content/ (rendición de cuentas)",
        "description": f"Un archivo de contenido: site.yml, areas/*.yml, {folders}"
                       "partners.yml, glossary.yml o results/<año>/*.yml. Cada tipo está en $defs.",
        "$defs": kinds,
        "anyOf": [{"$ref": f"#/$defs/{kind}"} for kind in kinds],
    }
