"""`rendicion`: the comms team's commands (also `python -m rendicion`).

    rendicion init CARPETA     empieza el proyecto de otra institución
    rendicion check            valida content/ y lista todos los problemas
    rendicion new --area ID    añade un resultado en blanco, con un id nuevo
    rendicion import INFORME   convierte un informe de texto en borradores YAML
                               (.xlsx o .csv: actualiza y añade resultados desde una hoja de cálculo)
    rendicion export HOJA      escribe los resultados en una hoja de cálculo (.xlsx o .csv)
    rendicion build            construye el sitio; lo reemplaza solo si todo salió bien
    rendicion serve            vista previa que se recarga al guardar
    rendicion stats            cuántos resultados hay por área, por agrupación (consejos, planes…) y año

Content problems are printed as `file:line:column: field: message` and exit
with status 1; a Python traceback never reaches the user for a content error.

The build itself is in `sitebuild.py` (publishing in `publish.py`), reading mkdocs.yml in
`siteconfig.py`; this module parses the command line and reports.
"""

from __future__ import annotations

import argparse
import datetime
import errno
import os
import re
import sys
from pathlib import Path
from typing import Sequence

from . import publish
from .errors import ContentError
from .newresult import NewResultRefused, add_blank_result
from .contentfiles import os_reason
from .load import load_content
from .model import Content
from .sitebuild import _build, _mkdocs_log
from .siteconfig import ConfigProblem, content_of, load_config_file


def main(argv: Sequence[str] | None = None) -> int:
    """Run a command; returns the process exit status."""
    english, argparse._ = argparse._, _spanish  # type: ignore[attr-defined]
    try:
        try:
            args = _parser().parse_args(argv)
        except SystemExit as exit:  # --help, or a mistyped command (already explained)
            return int(exit.code or 0)
        return args.command(args)
    except ContentError as error:
        print(error.report(), file=sys.stderr)
        return 1
    except (ConfigProblem, publish.PublishError) as error:
        print(error, file=sys.stderr)
        return 1
    except KeyboardInterrupt:  # pragma: no cover - a person pressed Ctrl+C
        return 130
    except OSError as error:  # a file or port the system refused, outside the build's own handling
        where = f" «{error.filename}»" if error.filename else ""
        print(f"Error del sistema{where}: {os_reason(error)}. No se completó la orden.", file=sys.stderr)
        return 1
    except Exception as error:  # the promise: a message, never a traceback
        if os.environ.get("RENDICION_DEBUG"):
            raise
        print(f"Error inesperado ({type(error).__name__}: {error}). No se completó la orden; "
              "ejecútela con RENDICION_DEBUG=1 para ver el detalle y avise al equipo técnico.", file=sys.stderr)
        return 1
    finally:
        argparse._ = english  # type: ignore[attr-defined]


#: argparse's own words, in Spanish (argparse reads them through gettext's `_`).
_ARGPARSE_ES = {
    "usage: ": "uso: ",
    "options": "opciones",
    "positional arguments": "argumentos",
    "show this help message and exit": "muestra esta ayuda y termina",
    "the following arguments are required: %s": "faltan estos argumentos: %s",
    "unrecognized arguments: %s": "argumentos desconocidos: %s",
    "%(prog)s: error: %(message)s\n": "%(prog)s: error: %(message)s\n",
    "invalid choice: %(value)r (choose from %(choices)s)": "opción no válida: %(value)r (elija entre %(choices)s)",
    "argument %(argument_name)s: %(message)s": "argumento %(argument_name)s: %(message)s",
    "invalid %(type)s value: %(value)r": "valor no válido: %(value)r",
    "expected one argument": "falta el valor",
}


def _spanish(message: str) -> str:
    return _ARGPARSE_ES.get(message, message)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="rendicion",
        description="Herramientas del sitio de rendición de cuentas: validar, añadir, importar, construir.",
    )
    parser.add_argument("-f", "--config", default="mkdocs.yml", type=Path,
                        help="archivo de configuración de MkDocs (por defecto: mkdocs.yml)")
    commands = parser.add_subparsers(title="comandos", metavar="COMANDO", required=True)

    init = commands.add_parser("init", help="empieza en una carpeta nueva el sitio de otra institución",
                               description="Crea en CARPETA un proyecto que se construye de inmediato: "
                               "mkdocs.yml, content/site.yml de la institución, un área de ejemplo y un "
                               "resultado de ejemplo comentado. Nunca reemplaza un archivo.")
    init.add_argument("folder", type=Path, metavar="CARPETA", help="carpeta del proyecto (nueva o vacía)")
    init.add_argument("--institution", required=True, metavar="NOMBRE", help="nombre completo de la institución")
    init.add_argument("--acronym", metavar="SIGLAS", help="siglas de la institución (opcional)")
    init.add_argument("--locale", default="es_SV", metavar="es_XX",
                      help="cómo se escriben números y fechas (por defecto: es_SV)")
    init.add_argument("--force", action="store_true", help="acepta una carpeta que no está vacía (sin reemplazar nada)")
    init.set_defaults(command=init_command)

    check = commands.add_parser("check", help="valida content/ y lista todos los problemas")
    check.add_argument("--content", type=Path, help="carpeta de contenido (por defecto: la de mkdocs.yml)")
    check.set_defaults(command=check_command)

    new = commands.add_parser("new", help="añade un resultado en blanco al archivo de un área")
    new.add_argument("--area", required=True, help="id del área (p. ej. comunicaciones)")
    new.add_argument("--year", type=int, default=datetime.date.today().year, help="año (por defecto: el actual)")
    new.add_argument("--title", default="", help="título corto, para formar el id")
    new.add_argument("--content", type=Path, help="carpeta de contenido")
    new.set_defaults(command=new_command)

    imp = commands.add_parser("import", help="trae un informe (.txt, .md, .docx, .pdf) o una hoja de cálculo "
                              "(.xlsx, .csv)",
                              description="Un informe (.txt, .md, .docx, .pdf) se convierte en borradores YAML; "
                              "sin --force no sobrescribe ningún archivo ni escribe en una carpeta de contenido "
                              "publicado (la que tiene site.yml): si haría falta, no escribe nada y dice por qué. "
                              "Una hoja de cálculo (.xlsx, .csv) actualiza y añade resultados en content/, "
                              "solo si todas sus filas son válidas.")
    imp.add_argument("report", type=Path, metavar="ARCHIVO",
                     help="el informe (.txt, .md, .docx, .pdf) o la hoja de cálculo (.xlsx, .csv)")
    imp.add_argument("--out", type=Path, default=Path("borradores"), help="carpeta de salida (por defecto: borradores/)")
    imp.add_argument("--year", type=int, help="año de los resultados (por defecto: el que diga el informe)")
    imp.add_argument("--force", action="store_true",
                     help="sobrescribe borradores existentes y permite escribir en la carpeta de contenido publicado")
    imp.add_argument("--verbose", action="store_true", help="lista todas las líneas que no se importaron")
    imp.add_argument("--columns", metavar="CAMPO=COLUMNA,…",
                     help="hoja de cálculo (.xlsx, .csv) de otro formato: qué columna es cada campo, p. ej. "
                     "id=codigo,title=nombre,text=descripcion,area=direccion,progress=avance,year=anio")
    imp.add_argument("--dry-run", action="store_true",
                     help="hoja de cálculo: muestra lo que cambiaría, sin escribir nada")
    imp.add_argument("--area-heading", action="append", default=[], metavar="PREFIJO",
                     help="cómo empiezan los títulos de área del informe, además de «Área de», «Dirección»… "
                          "(p. ej. --area-heading Eje; se puede repetir)")
    imp.set_defaults(command=import_command)

    export = commands.add_parser("export", help="escribe los resultados en una hoja de cálculo (.xlsx o .csv)",
                                 description="Escribe una fila por resultado, con las columnas de "
                                 "datos/resultados.csv. Edítela y tráigala de vuelta con rendicion import.")
    export.add_argument("sheet", type=Path, metavar="HOJA", help="archivo de salida: resultados.xlsx o resultados.csv")
    export.add_argument("--force", action="store_true", help="reemplaza el archivo si ya existe")
    export.add_argument("--content", type=Path, help="carpeta de contenido (por defecto: la de mkdocs.yml)")
    export.set_defaults(command=export_command)

    build = commands.add_parser("build", help="construye el sitio y lo reemplaza solo si todo salió bien")
    build.add_argument("-d", "--site-dir", type=Path, help="carpeta del sitio (por defecto: la de mkdocs.yml)")
    build.add_argument("--offline", action="store_true",
                       help="añade en datos/ una copia del sitio que funciona sin conexión (ZIP)")
    build.add_argument("--publicar", "--publish", dest="publish", action="store_true",
                       help="para publicar: se niega a construir si site_url de mkdocs.yml no es la "
                            "dirección pública (https://…)")
    build.set_defaults(command=build_command)

    serve = commands.add_parser("serve", help="vista previa en http://127.0.0.1:8000 que se recarga al guardar")
    serve.add_argument("-a", "--dev-addr", default="127.0.0.1:8000", type=_address, help="dirección y puerto")
    serve.set_defaults(command=serve_command)

    stats = commands.add_parser("stats", help="cuántos resultados hay por área, por agrupación y año")
    stats.add_argument("--content", type=Path, help="carpeta de contenido")
    stats.set_defaults(command=stats_command)
    return parser


def content_dir(args: argparse.Namespace) -> Path:
    """The content folder: `--content`, else the `rendicion` plugin's setting in mkdocs.yml."""
    if getattr(args, "content", None):
        return args.content
    with _mkdocs_log():
        return content_of(load_config_file(args.config))


def init_command(args: argparse.Namespace) -> int:
    """`rendicion init`: see rendicion/initproject.py."""
    from .initproject import Institution, InitRefused, init_project

    institution = Institution(args.institution, args.acronym, args.locale)
    try:
        written = init_project(args.folder, institution, force=args.force)
    except InitRefused as refused:
        print(f"{refused} No se escribió nada.", file=sys.stderr)
        return 1
    print(f"Proyecto creado en {args.folder} ({len(written)} {'archivo' if len(written) == 1 else 'archivos'}). Siguientes pasos:\n"
          f"  cd {args.folder}\n"
          "  (edite content/site.yml y content/areas/, y añada resultados en content/results/)\n"
          "  rendicion check\n"
          "  rendicion serve\n"
          "  rendicion build")
    return 0


def check_command(args: argparse.Namespace) -> int:
    from .localeformat import LocaleFormat  # here: only the wording of counts needs it

    content = load_content(content_dir(args))
    words = LocaleFormat.of(content.site.locale).count
    print(f"Contenido correcto: {words(len(content.results), 'resultado', 'resultados')}"
          f" en {words(len(content.areas), 'área', 'áreas')}.")
    return 0


def new_command(args: argparse.Namespace) -> int:
    try:
        path, ident = add_blank_result(content_dir(args), args.area, args.year, args.title)
    except NewResultRefused as refused:
        print(f"{refused} No se añadió nada.", file=sys.stderr)
        return 1
    print(f"Añadido «{ident}» al final de {path}. Escriba el título y el texto, y ejecute: rendicion check")
    return 0


def import_command(args: argparse.Namespace) -> int:
    """`rendicion import`: a spreadsheet (rendicion/sheetapply.py), else a report (rendicion/importing.py)."""
    from .sheets import SUFFIXES

    if args.report.suffix.lower() in SUFFIXES:
        from .sheetapply import import_sheet

        return import_sheet(args.report, content_dir(args), args.columns, args.dry_run, args.year)
    from .importing import import_command as run

    return run(args)


def export_command(args: argparse.Namespace) -> int:
    """`rendicion export`: see rendicion/sheetexport.py."""
    from .sheetexport import ExportRefused, export_file

    site_url = ""
    if args.content:
        root = args.content
    else:
        with _mkdocs_log():
            config = load_config_file(args.config)
        root, site_url = content_of(config), config.site_url or ""
    content = load_content(root)
    try:
        count = export_file(content, args.sheet, args.force, site_url)
    except ExportRefused as refused:
        print(refused, file=sys.stderr)
        return 1
    print(f"{'Escrito 1 resultado' if count == 1 else f'Escritos {count} resultados'} en {args.sheet}. Edítelo y tráigalo de vuelta con: "
          f"rendicion import {args.sheet}")
    return 0


def build_command(args: argparse.Namespace) -> int:
    """Build into a fresh folder beside the site, and swap it in only when the whole build succeeded."""
    with _mkdocs_log():
        return _build(args)


def _address(text: str) -> str:
    """`host:port` for the preview, with a port that can be opened."""
    host, _, port = text.rpartition(":")
    if not host or not re.fullmatch(r"[0-9]{1,5}", port) or not 1 <= int(port) <= 65535:
        raise argparse.ArgumentTypeError(f"«{text}» no es una dirección válida; se esperaba HOST:PUERTO "
                                         "con un puerto de 1 a 65535 (p. ej. 127.0.0.1:8000)")
    return text


def serve_command(args: argparse.Namespace) -> int:
    from mkdocs.__main__ import cli
    from mkdocs.exceptions import Abort

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    load_config_file(args.config)  # its checks, before MkDocs reads the file its own way
    # content/ is watched by the rendicion plugin (on_serve), so YAML edits reload too.
    try:
        return cli.main(["serve", "-f", str(args.config), "-a", args.dev_addr], standalone_mode=False) or 0
    except Abort:  # the first build failed; MkDocs has printed why
        print("No se abrió la vista previa: corrija lo que se indica arriba y ejecute de nuevo "
              "rendicion serve. (Una vez abierta, un error al guardar no la cierra.)", file=sys.stderr)
        return 1
    except OSError as error:
        if error.errno != errno.EADDRINUSE:
            raise
        print(f"La dirección {args.dev_addr} ya está en uso (¿otra vista previa abierta?). "
              "Ciérrela o use otro puerto, p. ej.: rendicion serve -a 127.0.0.1:8001", file=sys.stderr)
        return 1


def stats_command(args: argparse.Namespace) -> int:
    content = load_content(content_dir(args))
    print(format_stats(content))
    return 0


def format_stats(content: Content) -> str:
    """Counts per area, member of each grouping, and year, as aligned text."""
    from .groupings import capitalise  # here: only `stats` needs it
    from .localeformat import LocaleFormat

    groups = [
        ("Área", [(a.short_name, len(content.results_of_area(a.id))) for a in content.areas]),
        *((capitalise(g.short_singular), [(g.label(m), len(content.results_of_member(g.id, m.id)))
                                          for m in content.members_of(g.id)])
          for g in content.groupings if content.members_of(g.id)),
        ("Año", [(str(y), sum(r.year == y for r in content.results)) for y in content.years]),
    ]
    groups = [(heading, rows) for heading, rows in groups if rows]  # no heading over nothing
    width = max((len(name) for _, rows in groups for name, _ in rows), default=0)
    lines = [LocaleFormat.of(content.site.locale).count(len(content.results), "resultado", "resultados")]
    for heading, rows in groups:
        lines += ["", heading] + [f"  {name:<{width}}  {count:>5}" for name, count in rows]
    return "\n".join(lines)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
