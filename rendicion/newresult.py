"""`rendicion new`: add a blank result entry, with a fresh id, to an area's file.

Works on content that does not validate yet (e.g. the last entry is still
blank): it needs only the areas and the ids already taken. The entry's title
and text start empty, so `check` refuses it until an editor writes them.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Sequence

from .contentfiles import FIRST_YEAR, LAST_YEAR, Unreadable, read_regular_file
from .importer import quote
from .schema import ID_PATTERN
from .slugs import slug
from .yamlfile import FORBIDDEN_RAW, read_yaml


class NewResultRefused(Exception):
    """Why nothing was added (in Spanish)."""


def add_blank_result(root: Path, area: str, year: int, title: str = "") -> tuple[Path, str]:
    """Append a blank entry to `root/results/<year>/<area>.yml`; its path and new id."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise NewResultRefused(f"Año no válido: {year}; se esperaba un año entre {FIRST_YEAR} y {LAST_YEAR}.")
    if FORBIDDEN_RAW.search(title):
        raise NewResultRefused("El título tiene caracteres de control invisibles, que no se pueden publicar; "
                               "escríbalo de nuevo sin ellos.")
    areas = sorted(p.stem for p in (root / "areas").glob("*.yml")) if (root / "areas").is_dir() else []
    if area not in areas:
        raise NewResultRefused(f"Área desconocida «{area}»; se esperaba una de: {', '.join(areas) or '(ninguna)'}.")
    path = root / "results" / str(year) / f"{area}.yml"
    if path.is_dir():
        raise NewResultRefused(f"{path} es una carpeta; se esperaba un archivo .yml.")
    try:
        # As the loader reads: only a regular file, so a FIFO there is refused, not waited on.
        existing = read_regular_file(path).decode("utf-8-sig") if os.path.lexists(path) else ""
    except Unreadable as unreadable:
        raise NewResultRefused(f"No se pudo leer {path}: {unreadable.message}.") from None
    except UnicodeDecodeError:
        raise NewResultRefused(f"{path} no está en UTF-8; guárdelo con la codificación UTF-8.") from None
    except OSError as error:
        raise NewResultRefused(f"No se pudo leer {path}: {error.strerror}.") from None
    ident = new_result_id(taken_ids(root), year, title or area)
    separator = "" if not existing or existing.endswith("\n\n") else ("\n" if existing.endswith("\n") else "\n\n")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(existing + separator + scaffold(ident, area, title, grouping_examples(root)),
                        encoding="utf-8")
    except OSError as error:
        raise NewResultRefused(f"No se pudo escribir {path}: {error.strerror}.") from None
    return path, ident


def taken_ids(root: Path) -> set[str]:
    """Every result id written in `root/results/`, valid or not."""
    taken = set()
    for path in (root / "results").glob("*/*.yml"):
        document, _ = read_yaml(path, str(path))
        if document is not None and isinstance(document.data, list):
            taken |= {e["id"] for e in document.data if isinstance(e, dict) and isinstance(e.get("id"), str)}
    return taken


def new_result_id(taken: set[str], year: int, title: str) -> str:
    """A fresh id `<year>-<slug>` (with a number if taken): never one in use."""
    # Ids are at most 80 characters (schema.py); room is left for a "-N" suffix.
    base = f"{year}-{slug(title, default='sin-titulo', max_words=5)}"[:72].rstrip("-")
    ident, n = base, 2
    while ident in taken:
        ident, n = f"{base}-{n}", n + 1
    return ident


def grouping_examples(root: Path) -> list[tuple[str, str | None]]:
    """The groupings `root/site.yml` declares, each with one of its member ids as an
    example (or None): the new entry gets a field for each. An unreadable site.yml
    gives none; `check` reports it."""
    doc, _ = read_yaml(root / "site.yml", "site.yml")
    declared = doc.data.get("groupings") if doc is not None and isinstance(doc.data, dict) else None
    found = []
    for item in declared if isinstance(declared, list) else []:
        ident = item.get("id") if isinstance(item, dict) else None
        if not isinstance(ident, str) or not re.fullmatch(r"[a-z][a-z0-9_]*", ident):
            continue
        folder = root / ident
        members = sorted(p.stem for p in folder.glob("*.yml")) if folder.is_dir() else []
        found.append((ident, next((m for m in members if re.fullmatch(ID_PATTERN, m)), None)))
    return found


def scaffold(ident: str, area: str, title: str = "", groupings: Sequence[tuple[str, str | None]] = ()) -> str:
    """A result entry with every field present and commented, a field per grouping.

    Title and text start empty so that `check` (and the build) refuse the entry
    until an editor has written them: a blank can never be published.
    """
    return f"""- id: {ident}  # permanente: no lo cambie una vez publicado
  title: {quote(title)}  # etiqueta corta del resultado
  text: ""  # el texto aprobado, tal cual (para varias líneas use: text: >-)
  area: {area}
  # section: id-del-apartado  # opcional: uno de los apartados de areas/{area}.yml
{"".join(f"  {g}: []  # miembros relacionados (content/{g}/)" + (f", p. ej. [{e}]" if e else "") + chr(10)
         for g, e in groupings)}  partners: []  # instituciones socias (content/partners.yml)
  figures: []  # cifras, p. ej. [{{value: 107, unit: adendas, label: adendas firmadas}}]; con meta y
  #   línea base: {{value: 120, target: 150, baseline: 40, unit: personas, label: personas capacitadas}}
  items: []  # sub-elementos, tal cual
  # date: AAAA-MM-DD  # opcional
  # start: AAAA-MM-DD  # opcional: inicio del periodo del resultado
  # end: AAAA-MM-DD  # opcional: fin del periodo (igual o posterior a start)
  # series: id-del-objetivo  # opcional: el mismo id en este objetivo de otros años
  # status: en-curso  # opcional: planificado, en-curso, cumplido o suspendido
  # progress: 40  # opcional: avance en % (0 a 100)
  # budget: {{planned: 557018, executed: 544520.5, currency: BOB}}  # opcional: presupuesto programado
  #   y/o ejecutado, con su moneda ISO 4217 (obligatoria)
  # details: [{{label: Código POA, value: "3.2.1"}}]  # opcional: datos propios del informe, como texto
  sources: []  # fuentes, p. ej. [{{title: Comunicado, url: "https://..."}}]
"""
