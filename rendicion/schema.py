"""JSON Schemas of the content files: the one description of what editors write.

The loader validates every file against these schemas (so field rules live in
one place), and the same schemas can be published for editors' autocompletion.
Descriptions are in Spanish because editors read them in their editor.
Cross-file rules (references resolve, ids unique) are checked by the loader.
"""

from __future__ import annotations

import datetime
import re
from functools import lru_cache
from typing import Any

import fastjsonschema

from .groupings import DECLARATION, agree, capitalise
from .model import Grouping

#: Lower-case ASCII words joined by single hyphens: safe in URLs and anchors.
ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
#: Optional result statuses (as in Decidim's accountability results), with their labels.
STATUSES = {
    "planificado": "Planificado",
    "en-curso": "En curso",
    "cumplido": "Cumplido",
    "suspendido": "Suspendido",
}

_ID = {
    "type": "string",
    "pattern": ID_PATTERN,
    "maxLength": 80,
    "description": "Identificador permanente: minúsculas sin acentos, cifras y guiones (p. ej. «procesos-de-dialogo»).",
}
# Any text may hold any printable character (`<`, `"`, `{{`...): it is always
# published as text. Our templates autoescape, and what reaches MkDocs and the
# theme passes through `rendicion/plugin/theme.py` (read its rule before adding a
# field that shows outside a page body). Control characters are refused when
# the file is read (`yamlfile.py`).
#: Names, titles and labels: short texts (page titles, menu entries, units).
#: Some character other than white space: a name of spaces would publish an empty title.
NONBLANK_PATTERN = r"\S"
_LABEL = {"type": "string", "minLength": 1, "maxLength": 300, "pattern": NONBLANK_PATTERN}
_TEXT = {"type": "string", "minLength": 1, "pattern": NONBLANK_PATTERN}
_ID_LIST = {"type": "array", "items": _ID, "uniqueItems": True}
#: A full http(s) address (sources, institution and partner pages).
URL_PATTERN = r"^https?://[^\s<>\"]+$"
_URL = {
    "type": "string",
    "pattern": URL_PATTERN,
    "description": "Dirección web completa que empieza por http:// o https://.",
}


def _object(properties: dict[str, Any], required: list[str], description: str) -> dict[str, Any]:
    return {
        "type": "object",
        "description": description,
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }


#: `report.period`: free text ("2018"), or the years the report covers, which
#: results/<year>/ folders must then lie within (see `rendicion/series.py`).
PERIOD = {
    "type": ["string", "object"],
    "description": "Periodo del informe: un texto («2018») o los años que cubre "
                   "({start: 2014, end: 2019, label: \"2014–2019\"}; label es opcional).",
    "minLength": 1,
    "maxLength": 300,
    "properties": {
        "start": {"type": "integer", "minimum": 1900, "maximum": 2100, "description": "Primer año del informe."},
        "end": {"type": "integer", "minimum": 1900, "maximum": 2100, "description": "Último año del informe."},
        "label": {**_LABEL, "description": "Cómo se nombra el periodo (por omisión, «2014–2019»)."},
    },
    "required": ["start", "end"],
    "additionalProperties": False,
}

SITE = _object(
    {
        "institution": _object(
            {
                "name": _LABEL,
                "acronym": _LABEL,
                "parent": _LABEL,
                "country": _LABEL,
                "url": _URL,
                "article": {"type": "string", "enum": ["el", "la", "los", "las", ""],
                            "description": "Artículo del nombre en una frase («publicados por la Secretaría…»): "
                                           "el, la, los, las, o \"\" si no lleva. Por omisión se deduce del nombre."},
            },
            ["name"],
            "La institución que rinde cuentas.",
        ),
        "report": _object(
            {
                "title": _LABEL,
                "short_title": _LABEL,
                "period": PERIOD,
            },
            ["title", "short_title", "period"],
            "El informe que se publica.",
        ),
        "language": {"type": "string", "enum": ["es"]},
        "locale": {
            "type": "string",
            # The site speaks Spanish (language: es): the locale only chooses the country's way.
            "pattern": r"^es(_[A-Z]{2})?$",
            "description": "Cómo se escriben números, monedas y fechas: «es_» y el código del país "
                           "(es_SV: 1,555.5; es_BO: 1.555,5; es_MX, es_AR…). Por omisión, es_SV.",
        },
        "description": _TEXT,
        "contact": _TEXT,
        "licence": {**_TEXT, "description": "Licencia de los datos publicados (p. ej. «CC BY 4.0»)."},
        "updated": {"type": "string", "format": "date", "description": "Fecha de la última actualización de los datos."},
        "groupings": DECLARATION,
    },
    ["institution", "report"],
    "content/site.yml: la institución y el informe.",
)

AREA = _object(
    {
        "id": _ID,
        "order": {"type": "integer", "minimum": 1, "description": "Posición en menús y portada."},
        "name": _LABEL,
        "short_name": _LABEL,
        "program": _LABEL,
        "summary": _TEXT,
        "sections": {
            "type": "array",
            "items": _object(
                {"id": _ID, "title": _LABEL, "lead": _TEXT},
                ["id", "title"],
                "Un apartado del área, en el orden en que se muestra.",
            ),
        },
    },
    ["id", "order", "name", "short_name"],
    "content/areas/<id>.yml: un área de la institución.",
)

PARTNERS = {
    "type": "array",
    "description": "content/partners.yml: instituciones con las que se trabajó.",
    "items": _object(
        {"id": _ID, "acronym": _LABEL, "name": _LABEL, "url": _URL},
        ["id", "name"],
        "Una institución socia.",
    ),
}

GLOSSARY = {
    "type": "array",
    "description": "content/glossary.yml: siglas que no son de socios ni de miembros de las agrupaciones.",
    "items": _object(
        {"term": _LABEL, "expansion": _LABEL},
        ["term", "expansion"],
        "Una sigla y su significado.",
    ),
}

#: Figures and amounts: written without thousands separators, up to 10^15.
_AMOUNT = {"type": "number", "minimum": 0, "maximum": 10**15}

FIGURE = _object(
    {
        "value": {**_AMOUNT, "description": "La cifra alcanzada, sin separadores de miles."},
        "target": {**_AMOUNT, "description": "Meta: la cifra que se esperaba alcanzar, en la misma unidad (opcional)."},
        "baseline": {**_AMOUNT, "description": "Línea base: la cifra de partida, en la misma unidad (opcional)."},
        "unit": _LABEL,
        "label": _LABEL,
        "highlight": {"type": "boolean", "description": "Destacar en portada y en las páginas del área."},
    },
    ["value", "unit", "label"],
    "Una cifra clave del resultado.",
)

#: A result's budget (`measures.py`): at least one amount, checked by the loader.
BUDGET = _object(
    {
        "planned": {**_AMOUNT, "description": "Presupuesto programado, sin separadores de miles."},
        "executed": {**_AMOUNT, "description": "Presupuesto ejecutado, sin separadores de miles."},
        "currency": {"type": "string", "pattern": r"^[A-Z]{3}$",
                     "description": "Código de moneda ISO 4217 en mayúsculas (p. ej. BOB, PYG, USD)."},
    },
    ["currency"],
    "Presupuesto del resultado (opcional): programado, ejecutado o ambos, y su moneda.",
)

#: The institution's own labelled fields: short texts, shown as they are written.
DETAIL = _object(
    {
        "label": {**_LABEL, "description": "Nombre del dato (p. ej. «Beneficiarios», «Código POA»)."},
        "value": {**_LABEL, "description": "El dato, como texto (p. ej. \"1.200 familias\")."},
    },
    ["label", "value"],
    "Un dato propio del informe de la institución.",
)

RESULT = _object(
    {
        "id": {**_ID, "description": "Identificador permanente, único entre todos los años; nunca se reutiliza."},
        "title": _LABEL,
        "text": _TEXT,
        "area": {**_ID, "description": "Área responsable (una sola)."},
        "section": {**_ID, "description": "Apartado del área (opcional)."},
        "partners": _ID_LIST,
        "figures": {"type": "array", "items": FIGURE},
        "items": {"type": "array", "items": _TEXT},
        "date": {"type": "string", "format": "date", "description": "Fecha AAAA-MM-DD (opcional)."},
        "start": {"type": "string", "format": "date", "description": "Inicio del periodo del resultado, AAAA-MM-DD (opcional)."},
        "end": {"type": "string", "format": "date", "description": "Fin del periodo del resultado, AAAA-MM-DD (opcional)."},
        "series": {**_ID, "description": "Serie: el mismo id en los resultados que siguen un mismo objetivo de un año a otro (opcional)."},
        "status": {"type": "string", "enum": list(STATUSES), "description": "Estado (opcional)."},
        "progress": {"type": "number", "minimum": 0, "maximum": 100, "description": "Avance en % (opcional)."},
        "budget": BUDGET,
        "details": {"type": "array", "items": DETAIL,
                    "description": "Datos propios del informe, con su etiqueta (opcional)."},
        "sources": {
            "type": "array",
            "items": _object({"title": _LABEL, "url": _URL}, ["title", "url"], "Una fuente."),
        },
        "updates": {
            "type": "array",
            "description": "Novedades del resultado (opcional): notas fechadas que se muestran en su historial.",
            "items": _object(
                {"date": {"type": "string", "format": "date", "description": "Fecha de la nota, AAAA-MM-DD."},
                 "text": {**_TEXT, "description": "La nota: texto con el mismo formato que «text»."}},
                ["date", "text"],
                "Una nota fechada sobre el resultado.",
            ),
        },
    },
    ["id", "title", "text", "area"],
    "Un resultado alcanzado.",
)

RESULTS = {
    "type": "array",
    "description": "content/results/<año>/<área>.yml: la lista de resultados.",
    "items": RESULT,
}


@lru_cache(maxsize=64)  # one object per declaration: `compiled` caches by identity
def results_schema(groupings: tuple[Grouping, ...]) -> dict[str, Any]:
    """The schema of a results file, with one field per declared grouping (after `section`)."""
    if not groupings:
        return RESULTS
    properties: dict[str, Any] = {}
    for key, value in RESULT["properties"].items():
        properties[key] = value
        if key == "section":
            for g in groupings:
                properties[g.id] = {**_ID_LIST, "description": f"{capitalise(g.plural)} "
                                    f"{agree('relacionados', g)} (identificadores en content/{g.id}/)."}
    return {**RESULTS, "items": {**RESULT, "properties": properties}}


# -- Compiled checks ---------------------------------------------------------------

_COMPILED: dict[int, Any] = {}


def compiled(file_schema: dict[str, Any]) -> Any:
    """The schema compiled to Python by fastjsonschema: a fast yes/no for valid files.

    Most files are valid; only the others pay for jsonschema's full diagnosis.
    Dates are checked as real calendar dates, as jsonschema does.
    """
    key = id(file_schema)
    if key not in _COMPILED:
        _COMPILED[key] = fastjsonschema.compile(file_schema, formats={"date": is_date})
    return _COMPILED[key]


def is_date(text: str) -> bool:
    """Whether `text` is a real calendar date written AAAA-MM-DD (ASCII digits)."""
    try:
        return bool(re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text)) and bool(datetime.date.fromisoformat(text))
    except ValueError:
        return False
