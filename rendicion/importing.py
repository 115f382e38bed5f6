"""`rendicion import`: read a report safely, and write its drafts without losing anything.

The parsing lives in `importer`; this module is the command around it:

- the report is a text or Markdown file read whatever its encoding (UTF-8,
  UTF-16/32 with a byte-order mark, or an 8-bit one that charset-normalizer
  recognises), a Word document (.docx) or a PDF (see `readers`); binary
  files, folders, missing, damaged and oversized files are refused with a
  message, never a traceback;
- SEGOB's slide deck is read by `importer`, every other shape by
  `reportshapes`; the year is the report's own, else `--year`;
- every file to write is known and checked before the first byte is written:
  an existing file is never replaced without `--force`, nor is anything
  written into a published content folder (one with `site.yml`) without it;
- files are staged beside their targets and renamed into place only when all
  of them were written, so an error leaves the output folder as it was;
- the summary counts the entries of the files actually written, and lists the
  input lines that no draft contains.
"""

from __future__ import annotations

import argparse
import codecs
import dataclasses
import os
import re
import secrets
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

from .contentfiles import FIRST_YEAR, LAST_YEAR
from .importer import CHROME, Draft, area_yaml, clean, draft_id, draft_yaml, parse_lines
from .readers import SourceLine, UnreadableDocument, read_docx, read_pdf, text_lines
from .reportshapes import find_year, parse_document
from .yamlfile import FORBIDDEN_RAW

#: A report is a few hundred kilobytes; anything far larger is not one.
MAX_BYTES = 20 * 1024 * 1024
#: Ignored lines shown without --verbose (slide chrome is only counted).
SHOWN_IGNORED = 20
#: Above this share of control characters, "text" is really binary data.
_MAX_CONTROL_SHARE = 0.02
_BOMS = (  # UTF-32 first: its little-endian mark starts with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)
_SPANISH_WINDOWS = "cp1252"
#: Lines that only SEGOB's slides have: their presence picks SEGOB's reader.
_SEGOB_MARKERS = {"principales resultados", "principales resultados alcanzados"}
#: Formats that look like documents but that the import cannot read.
_OTHER_DOCUMENTS = {".doc", ".odt", ".rtf", ".pages", ".xls", ".ppt", ".pptx", ".odp"}
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
_SPACING_CONTROLS = re.compile("[\x0b\x0c\x85\u2028\u2029]")
#: libyaml's parser when PyYAML has it (its wheels do).
_Parser = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class ImportRefused(Exception):
    """The import cannot go ahead; the message says why, in Spanish."""


@dataclass
class PlannedFile:
    """A draft file to write: where, what, and how many results it holds."""

    path: Path
    text: str
    entries: int = 0


def import_command(args: argparse.Namespace) -> int:
    """Run `rendicion import` from parsed arguments; returns the exit status."""
    try:
        return run_import(args.report, args.out, year=args.year,
                          force=getattr(args, "force", False), verbose=getattr(args, "verbose", False),
                          area_headings=tuple(getattr(args, "area_heading", None) or ()))
    except ImportRefused as refused:
        print(refused, file=sys.stderr)
        return 1


def run_import(report: Path, out: Path, *, year: int | None = None, force: bool = False,
               verbose: bool = False, area_headings: tuple[str, ...] = ()) -> int:
    """Import `report` into drafts under `out`; raises `ImportRefused` before writing anything."""
    lines, encoding, removed = read_document(report)
    draft = parse(lines, area_headings)
    if not draft.areas:
        raise ImportRefused(
            f"No se encontró ningún resultado en «{report}»; no se escribió nada.\n"
            "Se esperaba un informe con un título por área («Área de …», «Dirección de …», «## …» en Markdown "
            "o un estilo Título en Word; otros nombres con --area-heading, p. ej. --area-heading \"Eje\") "
            "y debajo cada resultado en una viñeta («- …», «• …»), numerado («1.», «Resultado Nº 1») "
            "o en un párrafo terminado en punto."
        )
    year = year if year is not None else draft.year
    if year is None:
        raise ImportRefused("El informe no dice su año; indíquelo con --year AAAA. No se escribió nada.")
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ImportRefused(f"Año no válido: {year}; se esperaba un año entre {FIRST_YEAR} y {LAST_YEAR} "
                            "(p. ej. --year 2018).")
    files = plan_files(draft, out, year)
    try:
        existing = check_targets(files, out, force)
    except OSError as error:  # e.g. a folder that cannot be looked into
        raise ImportRefused(f"No se pudo revisar «{error.filename}»: {error.strerror}. No se escribió nada.") from None
    write_files(files)
    print(summary(draft, files, out, encoding, overwritten=len(existing), verbose=verbose))
    if removed:
        print(f"Se quitaron {removed} caracteres de control invisibles, que no se pueden publicar.")
    return 0


def read_document(path: Path) -> tuple[list[SourceLine], str | None, int]:
    """The report's lines, the encoding of a text file when not UTF-8, and how many control characters were dropped."""
    suffix = path.suffix.lower()
    if suffix in _OTHER_DOCUMENTS:
        raise ImportRefused(f"«{path}» es un archivo {suffix} que no se puede importar: guárdelo como Word (.docx), "
                            "PDF, Markdown (.md) o texto (.txt) e impórtelo de nuevo.")
    if suffix in (".docx", ".pdf"):
        _check_file(path)
        try:
            lines = read_docx(path) if suffix == ".docx" else read_pdf(path)
        except UnreadableDocument as unreadable:
            raise ImportRefused(f"{unreadable} No se escribió nada.") from None
        encoding = None
    else:
        text, encoding = read_report(path)
        lines = text_lines(text)
    cleaned: list[SourceLine] = []
    removed = 0
    for line in lines:
        # Invisible control characters (PDF extraction leaves some) cannot be
        # published: spacing ones become a space, the others are dropped, and said.
        text, count = FORBIDDEN_RAW.subn("", _SPACING_CONTROLS.sub(" ", line.text))
        removed += count
        cleaned.append(line if not count and text == line.text else _replace_text(line, text))
    if not any(line.text.strip() for line in cleaned):
        raise ImportRefused(f"El informe «{path}» está vacío: no hay nada que importar.")
    return cleaned, encoding, removed


def _replace_text(line: SourceLine, text: str) -> SourceLine:
    return dataclasses.replace(line, text=text)


def parse(lines: list[SourceLine], area_headings: tuple[str, ...] = ()) -> Draft:
    """SEGOB's slides with their own reader, any other report with `reportshapes`; the year as the report says it."""
    segob = any(clean(line.text).casefold().rstrip(":") in _SEGOB_MARKERS for line in lines)
    draft = parse_lines(lines, area_headings) if segob else parse_document(lines, area_headings)
    if draft.year is None:
        draft.year = find_year(lines)
    return draft


def _check_file(path: Path, kind: str = "") -> None:
    """Refuse what is not a readable file of a sensible size; `kind` (« de texto») names
    the file the importer expects in the messages."""
    try:
        if path.is_dir():
            raise ImportRefused(f"«{path}» es una carpeta; indique el archivo{kind} del informe.")
        if not path.exists():
            raise ImportRefused(f"No existe el archivo «{path}».")
        if not path.is_file():
            raise ImportRefused(f"«{path}» no es un archivo{kind} normal.")
        size = path.stat().st_size
    except OSError as error:
        raise ImportRefused(f"No se pudo leer «{path}»: {error.strerror or error}.") from None
    if size > MAX_BYTES:
        hint = "Un informe de texto es mucho menor: ¿es el archivo correcto?" if kind else "¿Es el archivo correcto?"
        raise ImportRefused(f"«{path}» ocupa {size / 1024 / 1024:.1f} MB; el límite es {MAX_BYTES // 1024 // 1024} MB. "
                            f"{hint} Si lo es, divídalo en partes.")


def read_report(path: Path) -> tuple[str, str | None]:
    """The report's text, and the encoding it was read in when that was not UTF-8."""
    _check_file(path, " de texto")
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise ImportRefused(f"No se pudo leer «{path}»: {error.strerror or error}.") from None
    text, encoding = decode_report(raw, path)
    if not text.strip():
        raise ImportRefused(f"El informe «{path}» está vacío: no hay nada que importar.")
    return text, encoding


def decode_report(raw: bytes, path: Path) -> tuple[str, str | None]:
    """Decode `raw`; the second value names the encoding when it was not UTF-8."""
    binary = ImportRefused(
        f"«{path}» no parece un archivo de texto (¿un PDF, una imagen o un documento de Word?). "
        "Guarde el informe como texto (.txt) e impórtelo de nuevo."
    )
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            try:
                text = raw.decode(codec)
            except UnicodeDecodeError:
                raise binary from None
            return _text_or_refuse(text, binary), (None if codec == "utf-8-sig" else _label(codec))
    try:
        return _text_or_refuse(raw.decode("utf-8"), binary), None
    except UnicodeDecodeError:
        pass
    text, codec = _guess(raw)
    if text is None or codec is None or ("\x00" in text):
        raise binary
    return _text_or_refuse(text, binary), _label(codec)


def _guess(raw: bytes) -> tuple[str | None, str | None]:
    """Ask charset-normalizer; prefer Windows-1252 when it is one of its plausible answers.

    For Spanish text the Latin-1 family, Windows-1250 and others decode most
    letters alike, and charset-normalizer often ranks Windows-1250 first
    (reading «niños» as «nińos»). Reports in Spanish come from Windows-1252,
    so it wins whenever charset-normalizer finds it no worse than its best.
    """
    from charset_normalizer import from_bytes

    matches = from_bytes(raw)
    best = matches.best()
    if best is None:
        return None, None
    if b"\x00" in raw and not best.encoding.startswith(("utf_16", "utf_32")):
        return None, None  # NUL bytes only belong in UTF-16/32 text
    for match in matches:
        if _SPANISH_WINDOWS in match.could_be_from_charset and match.chaos <= best.chaos:
            try:
                return raw.decode(_SPANISH_WINDOWS), _SPANISH_WINDOWS
            except UnicodeDecodeError:
                break
    return str(best), best.encoding


def _text_or_refuse(text: str, binary: ImportRefused) -> str:
    """`text`, unless it is made of control characters rather than words."""
    if "\x00" in text:
        raise binary
    controls = sum(1 for char in text if char < " " and char not in "\t\n\r\f")
    if text and controls > _MAX_CONTROL_SHARE * len(text):
        raise binary
    return text


def _label(codec: str) -> str:
    """The usual name of a Python codec: `cp1252` → `windows-1252`, `utf_16` → `utf-16`."""
    name = codecs.lookup(codec).name
    if name.startswith("cp125"):
        return "windows-" + name[2:]
    return {"latin-1": "iso-8859-1", "iso8859-1": "iso-8859-1"}.get(name, name.replace("_", "-").replace("iso8859", "iso-8859"))


def plan_files(draft: Draft, out: Path, year: int) -> list[PlannedFile]:
    """Every file of the import, rendered and counted, before anything is written."""
    files: list[PlannedFile] = []
    for order, area in enumerate(draft.areas, start=1):
        results = PlannedFile(out / "results" / str(year) / f"{area.id}.yml", draft_yaml(draft, area, year))
        results.entries = _count_entries(results)
        if results.entries != len(area.results):  # pragma: no cover - a bug, never the user's fault
            raise ImportRefused(f"Error interno: el borrador de «{area.name}» no se puede releer; no se escribió nada.")
        files += [results, PlannedFile(out / "areas" / f"{area.id}.yml", area_yaml(area, order))]
    return files


def _count_entries(planned: PlannedFile) -> int:
    """How many results a rendered draft holds, counted by a YAML parser (-1 if it cannot read it).

    Parser events, not a full load: as strict about the syntax, three times
    faster on a large import.
    """
    depth, entries = 0, 0
    try:
        for event in yaml.parse(planned.text, Loader=_Parser):
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                entries += depth == 1 and isinstance(event, yaml.MappingStartEvent)
                depth += 1
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
            elif isinstance(event, yaml.AliasEvent) or (depth == 0 and isinstance(event, yaml.ScalarEvent)):
                return -1
    except yaml.YAMLError:
        return -1
    return entries


def check_targets(files: list[PlannedFile], out: Path, force: bool) -> list[Path]:
    """The files that `--force` would replace; refuses when writing would lose anything."""
    problems: list[str] = []
    if out.exists() and not out.is_dir():
        raise ImportRefused(f"«{out}» existe y no es una carpeta; elija otra con --out. No se escribió nada.")
    blocked = {parent for planned in files for parent in planned.path.parents
               if parent.exists() and not parent.is_dir()}
    problems += [f"  {path} existe y no es una carpeta" for path in sorted(blocked)]
    folders = sorted(p.path for p in files if p.path.is_dir())
    problems += [f"  {path} es una carpeta" for path in folders]
    existing = sorted(p.path for p in files if p.path.exists() and not p.path.is_dir())
    if problems:
        raise ImportRefused("No se escribió nada: estas rutas impiden escribir los borradores:\n" + "\n".join(problems))
    live = published_content_folder(out)
    if not force and (existing or live):
        lines = ["No se escribió nada."]
        if live:
            lines.append(f"«{out}» es una carpeta de contenido publicado (contiene {live}): los borradores "
                         "se importan aparte (p. ej. --out borradores) para revisarlos antes de copiarlos.")
        if existing:
            lines.append(f"Estos {len(existing)} archivos ya existen y se sobrescribirían:" if len(existing) > 1
                         else "Este archivo ya existe y se sobrescribiría:")
            lines += [f"  {path}" for path in existing]
        lines.append("Use --force para escribir de todos modos, o elija otra carpeta con --out.")
        raise ImportRefused("\n".join(lines))
    return existing


def published_content_folder(out: Path) -> Path | None:
    """The `site.yml` that makes `out` (or a folder above it) a site's content folder."""
    folder = out.resolve()
    for candidate in (folder, *folder.parents):
        marker = candidate / "site.yml"
        if marker.is_file() and (candidate / "areas").is_dir():
            return marker
    return None


def write_files(files: list[PlannedFile]) -> None:
    """Write all files or none: each is staged beside its target, then all are renamed into place."""
    created: list[Path] = []
    staged: list[tuple[Path, Path]] = []
    try:
        for planned in files:
            for parent in reversed(planned.path.parents):
                if not parent.exists():
                    parent.mkdir()
                    created.append(parent)
            temporary = planned.path.with_name(f".{planned.path.name}.{secrets.token_hex(4)}.tmp")
            # O_EXCL: never follow a link or reuse a file someone else made.
            descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
            staged.append((temporary, planned.path))
            with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as stream:
                stream.write(planned.text)
    except OSError as error:
        for temporary, _ in staged:
            temporary.unlink(missing_ok=True)
        for folder in reversed(created):
            try:
                folder.rmdir()
            except OSError:
                pass
        raise ImportRefused(f"No se pudo escribir en «{error.filename}»: {error.strerror}. No se escribió nada.") from None
    for temporary, target in staged:
        os.replace(temporary, target)


def summary(draft: Draft, files: list[PlannedFile], out: Path, encoding: str | None, *,
            overwritten: int, verbose: bool) -> str:
    """What was written (counted from the files themselves) and which input lines were left out."""
    results = sum(p.entries for p in files)
    areas = sum(1 for p in files if p.entries)
    read_as = f" (leído como {encoding})" if encoding else ""
    replaced = f", {overwritten} de ellos sobrescritos" if overwritten else ""
    lines = [
        f"Importados {_count(results, 'resultado')} de {_count(areas, 'área')} en {out}/{read_as}: "
        f"{_count(len(files), 'archivo')} escritos{replaced}. "
        "Revise títulos, relaciones y cifras antes de copiarlos a content/."
    ]
    for area in draft.areas:
        if area.id != draft_id(area.name.removeprefix("Área de ")):
            lines.append(f"«{area.name}» ({area.where or f'línea {area.line}'}) se importó como «{area.id}»: "
                         "otra área tiene el mismo título o empieza con las mismas seis palabras.")
    if any(not area.line for area in draft.areas):  # reportshapes' catch-all area: no unit heading was found
        lines.append("No se reconoció ningún título de área: todos los resultados quedaron en «Resultados». "
                     "Si el informe nombra sus unidades de otro modo, indíquelo con --area-heading "
                     "(p. ej. --area-heading \"Eje\").")
    lines += ignored_report(draft, verbose)
    return "\n".join(lines)


def _count(number: int, noun: str) -> str:
    """`1 área`, `6 áreas`."""
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def ignored_report(draft: Draft, verbose: bool) -> list[str]:
    """The input lines no draft contains, with their numbers (slide chrome only counted unless verbose)."""
    if not draft.ignored:
        return []
    chrome = sum(1 for line in draft.ignored if line.reason == CHROME)
    shown = draft.ignored if verbose else [line for line in draft.ignored if line.reason != CHROME]
    hidden = len(draft.ignored) - len(shown)
    lines = [f"{len(draft.ignored)} líneas del informe no están en los borradores "
             f"({chrome} son encabezados de diapositiva):" if len(draft.ignored) > 1 else
             "1 línea del informe no está en los borradores"
             + (" (es un encabezado de diapositiva):" if chrome else ":")]
    limit = len(shown) if verbose else SHOWN_IGNORED
    for line in shown[:limit]:
        text = _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", line.text)  # no escape codes to the terminal
        text = text if len(text) <= 100 else text[:99] + "…"
        lines.append(f"  {line.place}: {text} ({line.reason})")
    hidden += len(shown) - len(shown[:limit])
    if hidden:
        lines.append(f"  … y {hidden} más; use --verbose para verlas todas.")
    return lines
