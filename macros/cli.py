"""`rendicion`: the comms team's commands (also `python -m macros`).

    rendicion check            valida content/ y lista todos los problemas
    rendicion new --area ID    añade un resultado en blanco, con un id nuevo
    rendicion import INFORME   convierte un informe de texto en borradores YAML
    rendicion build            construye el sitio; lo reemplaza solo si todo salió bien
    rendicion serve            vista previa que se recarga al guardar
    rendicion stats            cuántos resultados hay por área, consejo, plan y año

Content problems are printed as `file:line:column: field: message` and exit
with status 1; a Python traceback never reaches the user for a content error.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import errno
import logging
import os
import re
import shutil
import sys
import zipfile
from pathlib import Path
from typing import Iterator, Sequence

from . import dates, publish
from .errors import ContentError
from .newresult import NewResultRefused, add_blank_result
from .load import load_content
from .model import Content


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
    except (_ConfigProblem, publish.PublishError) as error:
        print(error, file=sys.stderr)
        return 1
    except KeyboardInterrupt:  # pragma: no cover - a person pressed Ctrl+C
        return 130
    except OSError as error:  # a file or port the system refused, outside the build's own handling
        where = f" «{error.filename}»" if error.filename else ""
        print(f"Error del sistema{where}: {error.strerror or error}. No se completó la orden.", file=sys.stderr)
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

    check = commands.add_parser("check", help="valida content/ y lista todos los problemas")
    check.add_argument("--content", type=Path, help="carpeta de contenido (por defecto: la de mkdocs.yml)")
    check.set_defaults(command=check_command)

    new = commands.add_parser("new", help="añade un resultado en blanco al archivo de un área")
    new.add_argument("--area", required=True, help="id del área (p. ej. comunicaciones)")
    new.add_argument("--year", type=int, default=datetime.date.today().year, help="año (por defecto: el actual)")
    new.add_argument("--title", default="", help="título corto, para formar el id")
    new.add_argument("--content", type=Path, help="carpeta de contenido")
    new.set_defaults(command=new_command)

    imp = commands.add_parser("import", help="convierte un informe de texto en borradores YAML",
                              description="Convierte un informe de texto en borradores YAML. Sin --force no "
                              "sobrescribe ningún archivo ni escribe en una carpeta de contenido publicado "
                              "(la que tiene site.yml): si haría falta, no escribe nada y dice por qué.")
    imp.add_argument("report", type=Path, help="el informe en texto (como el de shared/seed)")
    imp.add_argument("--out", type=Path, default=Path("borradores"), help="carpeta de salida (por defecto: borradores/)")
    imp.add_argument("--year", type=int, help="año de los resultados (por defecto: el que diga el informe)")
    imp.add_argument("--force", action="store_true",
                     help="sobrescribe borradores existentes y permite escribir en la carpeta de contenido publicado")
    imp.add_argument("--verbose", action="store_true", help="lista todas las líneas que no se importaron")
    imp.set_defaults(command=import_command)

    build = commands.add_parser("build", help="construye el sitio y lo reemplaza solo si todo salió bien")
    build.add_argument("-d", "--site-dir", type=Path, help="carpeta del sitio (por defecto: la de mkdocs.yml)")
    build.add_argument("--offline", action="store_true",
                       help="añade en datos/ una copia del sitio que funciona sin conexión (ZIP)")
    build.set_defaults(command=build_command)

    serve = commands.add_parser("serve", help="vista previa en http://127.0.0.1:8000 que se recarga al guardar")
    serve.add_argument("-a", "--dev-addr", default="127.0.0.1:8000", type=_address, help="dirección y puerto")
    serve.set_defaults(command=serve_command)

    stats = commands.add_parser("stats", help="cuántos resultados hay por área, consejo, plan y año")
    stats.add_argument("--content", type=Path, help="carpeta de contenido")
    stats.set_defaults(command=stats_command)
    return parser


def content_dir(args: argparse.Namespace) -> Path:
    """The content folder: `--content`, else the `rendicion` plugin's setting in mkdocs.yml."""
    if getattr(args, "content", None):
        return args.content
    with _mkdocs_log():
        return _content_of(_load_config(args.config))


def _load_config(path: Path):  # -> MkDocsConfig
    """MkDocs' configuration; raises `_ConfigProblem` if the file is missing, broken or lacks the plugin."""
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError, PluginError

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    if not path.is_file():
        where = "" if path.is_absolute() else f" en {Path.cwd()}"
        raise _ConfigProblem(f"No se encontró el archivo de configuración {path}{where}. Ejecute el comando en la "
                             "carpeta del proyecto (la que tiene mkdocs.yml) o indique el archivo con -f.")
    _refuse_code_in_config(path)
    try:
        config = load_config(str(path))
    except Abort:  # MkDocs has logged each problem above
        raise _ConfigProblem(f"El archivo de configuración {path} no es válido: vea los errores de arriba.") from None
    except (ConfigurationError, PluginError, OSError) as error:
        raise _ConfigProblem(f"El archivo de configuración {path} no es válido: {error}") from None
    if "rendicion" not in config.plugins:
        raise _ConfigProblem(f"El archivo de configuración {path} no activa el plugin «rendicion»: "
                             "añada «- rendicion» en su lista plugins.")
    return config


#: Python tags that make MkDocs' YAML loader import modules or call code. Only
#: `!!python/name:` (a reference, as Markdown extensions use) is left to it.
_CODE_TAGS = re.compile(r"!!python/(?!name:)|tag:yaml\.org,2002:python/|%TAG")


def _refuse_code_in_config(path: Path) -> None:
    """mkdocs.yml is configuration, but MkDocs reads it with PyYAML's full loader:
    a pull request could make `!!python/object/apply` run a command. Refused
    before MkDocs sees the file."""
    try:
        text = path.read_text(encoding="utf-8-sig", errors="replace")
    except OSError as error:
        raise _ConfigProblem(f"No se pudo leer {path}: {error.strerror}.") from None
    found = _CODE_TAGS.search(text)
    if found:
        line = text.count("\n", 0, found.start()) + 1
        raise _ConfigProblem(f"{path}:{line}: la etiqueta «{found.group()}…» haría ejecutar código de Python al "
                             "leer la configuración; no se admite (solo «!!python/name:»).")


def check_command(args: argparse.Namespace) -> int:
    content = load_content(content_dir(args))
    print(f"Contenido correcto: {len(content.results)} resultados en {len(content.areas)} áreas.")
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
    """`rendicion import`: see macros/importing.py."""
    from .importing import import_command as run

    return run(args)


def build_command(args: argparse.Namespace) -> int:
    """Build into a fresh folder beside the site, and swap it in only when the whole build succeeded."""
    with _mkdocs_log():
        return _build(args)


@contextlib.contextmanager
def _mkdocs_log() -> Iterator[None]:
    """Show MkDocs' warnings and errors as its own command line does, for this command only."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_WithoutTraceback("%(levelname)s: %(message)s"))
    handler.setLevel(logging.WARNING)
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    # MkDocs' own command line (run in this process by `serve`) hides repeated
    # messages for good; each build must report its own errors.
    build_log = logging.getLogger("mkdocs.commands.build")
    filters = build_log.filters[:]
    build_log.filters = [f for f in filters if type(f).__name__ != "DuplicateFilter"]
    try:
        yield
    finally:
        logger.removeHandler(handler)
        build_log.filters = filters


class _WithoutTraceback(logging.Formatter):
    """Drops the Python traceback that mkdocs-macros logs with a template error; its summary stays."""

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        head, fence, _ = text.partition("```\nTraceback (most recent call last)")
        return head.rstrip() if fence else text


class _BuildFailed(Exception):
    pass


class _ConfigProblem(Exception):
    """mkdocs.yml is missing, broken, or lacks the rendicion plugin (the message is in Spanish)."""


#: How long a build waits for another build of the same site to finish.
LOCK_WAIT_SECONDS = 300.0


def _build(args: argparse.Namespace) -> int:
    from .plugin.plugin import last_change

    config = _load_config(args.config)
    configured = publish.published_path(Path(config.site_dir))  # MkDocs made site_dir absolute
    site = publish.published_path(args.site_dir) if args.site_dir else configured
    # Before anything is written; an unmarked old MkDocs site is only taken over at mkdocs.yml's site_dir.
    publish.check_target(site, _protected(config), configured=site == configured)
    made: list[Path] = []
    published = None
    try:
        made = publish.make_parents(site)
        with publish.build_lock(site, LOCK_WAIT_SECONDS, _say_waiting), \
                dates.content_dated_build(_content_of(config), last_change):
            publish.clean_leftovers(site)
            offline, published = _build_and_publish(args, site)
    except _BuildFailed:
        print("No se publicó nada: el sitio anterior sigue intacto.", file=sys.stderr)
        return 1
    except OSError as error:
        print(publish.disk_error_message(error, site), file=sys.stderr)
        print("No se publicó nada: el sitio anterior sigue intacto.", file=sys.stderr)
        return 1
    finally:
        if published is None:  # failed or refused: remove the folders made for it (only if left empty)
            publish.remove_made(made)
    print(f"Sitio construido en {site}" + (" (con su copia sin conexión en datos/)" if offline else ""))
    if published.kept is not None:
        print(f"La carpeta anterior {site}, que no tenía la marca de «rendicion build», se guardó en "
              f"{published.kept}; no se borrará sola: puede borrarla a mano cuando ya no la necesite.")
    return 0


def _build_and_publish(args: argparse.Namespace, site: Path) -> tuple[bool, publish.Published]:
    """Build (the offline copy first, when asked) and publish; returns (offline copy made?, what was published)."""
    with publish.scratch_dir() as scratch:
        bundle = None
        if args.offline:
            offline_site = _build_once(args.config, Path(scratch) / "sin-conexion", offline=True)
            bundle = zip_folder(offline_site, Path(scratch) / "sitio-sin-conexion.zip")
        staging = publish.new_staging(site)
        try:
            _build_once(args.config, staging, offline_bundle=bundle)
            published = publish.publish(staging, site)
        finally:
            shutil.rmtree(staging, ignore_errors=True)  # already moved away when published
    return bundle is not None, published


def _say_waiting(pid: str) -> None:
    print(f"Otra construcción está en curso (pid {pid}); esperando a que termine…", file=sys.stderr)


def _protected(config) -> publish.Protected:  # config: MkDocsConfig
    custom_dir = config.theme.custom_dir
    return publish.Protected(
        project=Path(config.config_file_path).parent,
        content=_content_of(config),
        docs=Path(config.docs_dir),
        overrides=Path(custom_dir) if custom_dir else None,
    )


def _content_of(config) -> Path:  # config: MkDocsConfig
    return Path(config.config_file_path).parent / config.plugins["rendicion"].config.content_dir


def _build_once(config_path: Path, site_dir: Path, offline: bool = False, offline_bundle: Path | None = None) -> Path:
    """One `mkdocs build` into `site_dir`; raises `_BuildFailed` after saying why (`OSError` passes through)."""
    from mkdocs.commands.build import build
    from mkdocs.exceptions import Abort, BuildError, ConfigurationError, PluginError

    previous = os.environ.get("OFFLINE")
    os.environ["OFFLINE"] = "true" if offline else "false"  # read by mkdocs.yml (!ENV OFFLINE)
    try:
        config = _load_config(config_path)
        config.site_dir = str(site_dir)
        if offline_bundle is not None:
            config.plugins["rendicion"].config.offline_bundle = str(offline_bundle)
        # As `mkdocs build` does: plugins that keep state across builds start afresh.
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
    except ContentError as error:
        print(error.report(), file=sys.stderr)
        raise _BuildFailed from None
    except (BuildError, PluginError, Abort, ConfigurationError) as error:
        if not isinstance(error, Abort):  # Abort: MkDocs has already logged the reason
            print(f"Error: {error}", file=sys.stderr)
        raise _BuildFailed from None
    except OSError:
        raise  # a disk problem: explained by the caller
    except SystemExit as stop:  # mkdocs-macros calls exit() on a template error, after logging it
        print(f"Error: la construcción se detuvo (código {stop.code}); el motivo está en los mensajes de arriba.",
              file=sys.stderr)
        raise _BuildFailed from None
    except Exception as error:  # a bug or a broken template: explained, never a traceback
        print(f"Error inesperado al construir el sitio: {type(error).__name__}: {error}", file=sys.stderr)
        raise _BuildFailed from None
    finally:
        if previous is None:
            os.environ.pop("OFFLINE", None)
        else:
            os.environ["OFFLINE"] = previous
    return site_dir


def zip_folder(folder: Path, zip_path: Path) -> Path:
    """Zip `folder` reproducibly: sorted names, fixed dates, so equal sites give equal zips."""
    with zipfile.ZipFile(zip_path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            info = zipfile.ZipInfo(f"sitio/{path.relative_to(folder).as_posix()}", date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, path.read_bytes())
    return zip_path


def _address(text: str) -> str:
    """`host:port` for the preview, with a port that can be opened."""
    host, _, port = text.rpartition(":")
    if not host or not port.isdigit() or not 1 <= int(port) <= 65535:
        raise argparse.ArgumentTypeError(f"«{text}» no es una dirección válida; se esperaba HOST:PUERTO "
                                         "con un puerto de 1 a 65535 (p. ej. 127.0.0.1:8000)")
    return text


def serve_command(args: argparse.Namespace) -> int:
    from mkdocs.__main__ import cli
    from mkdocs.exceptions import Abort

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    _load_config(args.config)  # its checks, before MkDocs reads the file its own way
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
    """Counts per area, council, plan and year, as aligned text."""
    groups = [
        ("Área", [(a.short_name, len(content.results_of_area(a.id))) for a in content.areas]),
        ("Consejo", [(c.acronym, len(content.results_of_council(c.id))) for c in content.councils]),
        ("Plan", [(p.name, len(content.results_of_plan(p.id))) for p in content.plans]),
        ("Año", [(str(y), sum(r.year == y for r in content.results)) for y in content.years]),
    ]
    width = max(len(name) for _, rows in groups for name, _ in rows)
    lines = [f"{len(content.results)} resultados"]
    for heading, rows in groups:
        lines += ["", heading] + [f"  {name:<{width}}  {count:>5}" for name, count in rows]
    return "\n".join(lines)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
