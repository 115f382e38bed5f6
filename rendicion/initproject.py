"""`rendicion init`: start a new institution's project from the package's skeleton.

The files come from `rendicion/skeleton/` (Jinja templates, package data):
mkdocs.yml, content/site.yml for the institution, one example area, a results
file with a commented model entry and one visible example result, docs/README.md
and .gitignore. (The visible example is there because a site with no result
does not build yet: the years page, rendicion/templates/years.html, reads the
first year.) Values are written as YAML scalars
(`importer.quote`), never as template code. Nothing is overwritten: a folder
that is not empty is refused without `force`, and even with it no existing
file is replaced.
"""

from __future__ import annotations

import datetime
import re
import pathlib
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from .contentfiles import os_reason
from .importer import quote
from .localeformat import is_known_locale
from .yamlfile import FORBIDDEN_RAW

SKELETON = Path(__file__).resolve().parent / "skeleton"
#: The example area's id.
EXAMPLE_AREA = "general"
DEFAULT_LOCALE = "es_SV"
#: The longest name or acronym site.yml accepts (schema.py's labels).
MAX_LABEL = 300


class InitRefused(Exception):
    """Why nothing was written (in Spanish)."""


@dataclass(frozen=True)
class Institution:
    """What `init` is told about the institution."""

    name: str
    acronym: str | None = None
    locale: str = DEFAULT_LOCALE
    year: int = field(default_factory=lambda: datetime.date.today().year)


def init_project(folder: Path, institution: Institution, force: bool = False) -> list[Path]:
    """Write a new project into `folder`; the files written, in order. Raises `InitRefused`."""
    _check(institution)
    if folder.is_symlink() and not folder.exists():
        raise InitRefused(f"«{folder}» es un enlace simbólico roto; elija otra carpeta.")
    if folder.exists() and not folder.is_dir():
        raise InitRefused(f"«{folder}» es un archivo, no una carpeta.")
    if folder.is_dir() and any(folder.iterdir()) and not force:
        raise InitRefused(f"La carpeta «{folder}» no está vacía. Elija una carpeta nueva o vacía, "
                          "o use --force para añadir el proyecto junto a lo que ya tiene (nunca se "
                          "reemplaza un archivo).")
    files = render(institution)
    # Everything is checked before the first file is written: a refusal leaves the folder as it was.
    existing = [name for name in files if (folder / name).exists() or (folder / name).is_symlink()]
    if existing:
        raise InitRefused(f"Ya existen en «{folder}»: {', '.join(existing)}. No se reemplaza ningún archivo.")
    for name in files:
        for parent in list(pathlib.PurePosixPath(name).parents)[:-1]:
            place = folder / parent
            if (place.exists() or place.is_symlink()) and not place.is_dir():
                raise InitRefused(f"«{place}» existe y no es una carpeta: el proyecto necesita ahí la "
                                  "carpeta del mismo nombre.")
    written: list[Path] = []
    try:
        for name, text in files.items():
            path = folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("x", encoding="utf-8") as stream:  # "x": never over a file that appeared meanwhile
                stream.write(text)
            written.append(path)
    except OSError as error:
        for path in written:  # only what this call wrote
            path.unlink(missing_ok=True)
        raise InitRefused(f"No se pudo escribir «{error.filename or folder}»: {os_reason(error)}.") from None
    return written


def render(institution: Institution) -> dict[str, str]:
    """The project's files, by their path inside the project, rendered from the skeleton."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(SKELETON), autoescape=False,
                             keep_trailing_newline=True, undefined=jinja2.StrictUndefined)
    year = institution.year
    values = {
        "name": quote(institution.name),
        "acronym": quote(institution.acronym) if institution.acronym else None,
        "publisher": institution.acronym or institution.name,
        "title": quote(f"Informe de resultados {year}"),
        "short_title": quote(f"Resultados {year}"),
        "short_title_text": f"Resultados {year}",
        "locale": institution.locale,
        "year": year,
        "area": EXAMPLE_AREA,
    }
    targets = {
        "mkdocs.yml": "mkdocs.yml.j2",
        ".gitignore": "gitignore.j2",
        "content/site.yml": "content/site.yml.j2",
        f"content/areas/{EXAMPLE_AREA}.yml": "content/areas/area.yml.j2",
        f"content/results/{year}/{EXAMPLE_AREA}.yml": "content/results/area.yml.j2",
        "docs/README.md": "docs/README.md.j2",
    }
    return {target: env.get_template(source).render(values) for target, source in targets.items()}


def _check(institution: Institution) -> None:
    """Refuse what site.yml could not hold (the loader would reject it later, less clearly)."""
    given = [("El nombre", institution.name)]
    if institution.acronym is not None:
        given.append(("Las siglas", institution.acronym))
    for label, value in given:
        if not value.strip():
            raise InitRefused(f"{label} de la institución está vacío; p. ej. --institution \"Alcaldía de "
                              "Santa Tecla\" --acronym AMST.")
        if FORBIDDEN_RAW.search(value) or "\n" in value or "\r" in value:
            raise InitRefused(f"{label} de la institución tiene saltos de línea o caracteres de control; "
                              "escríbalo en una sola línea.")
        if len(value) > MAX_LABEL:
            raise InitRefused(f"{label} de la institución tiene más de {MAX_LABEL} caracteres.")
    if not re.fullmatch(r"[a-z]{2,3}_[A-Z]{2}", institution.locale):
        raise InitRefused(f"Código de idioma y país no válido: «{institution.locale}»; se esperaba uno como "
                          "es_SV, es_MX o es_BO.")
    if not is_known_locale(institution.locale):
        raise InitRefused(f"«{institution.locale}» no es un código de idioma y país conocido; se esperaba uno "
                          "como es_SV, es_MX o es_BO.")
    if not institution.locale.startswith("es_"):
        raise InitRefused(f"«{institution.locale}»: por ahora el sitio se escribe solo en español; "
                          "se esperaba un código es_XX, como es_SV o es_MX.")
