"""`rendicion build`: MkDocs builds beside the site, and `publish` swaps it in only if all succeeded.

Publishing itself (staging, atomic swap, locking) is core logic in `publish.py`
and the `publish*.py` modules it gathers; this module runs MkDocs around it,
turns its failures into messages (never a traceback), and makes the offline
copy's ZIP. MkDocs is imported inside the functions that run it, as `cli.py`
does, so importing this module does not load MkDocs.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import shutil
import sys
import zipfile
from pathlib import Path
from typing import Iterator

from . import dates, publish
from .errors import ContentError
from .publication import PREVIEW_NOTICE, site_url_problem
from .siteconfig import content_of, load_config_file


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


#: How long a build waits for another build of the same site to finish.
LOCK_WAIT_SECONDS = 300.0


def _build(args: argparse.Namespace) -> int:
    config = load_config_file(args.config)
    # Before anything is written: a site meant for publishing needs its public address.
    # A site_url written wrong is refused in any build: it would go raw into every page.
    problem = site_url_problem(config.site_url)
    if problem and (getattr(args, "publish", False) or (config.site_url or "").strip()):
        print(f"Error: {problem}", file=sys.stderr)
        return 1
    configured = publish.published_path(Path(config.site_dir))  # MkDocs made site_dir absolute
    site = publish.published_path(args.site_dir) if args.site_dir else configured
    # Before anything is written; an unmarked old MkDocs site is only taken over at mkdocs.yml's site_dir.
    protected = _protected(config)
    publish.check_target(site, protected, configured=site == configured)
    made: list[Path] = []
    published = None
    try:
        made = publish.make_parents(site)
        with publish.build_lock(site, LOCK_WAIT_SECONDS, _say_waiting), \
                dates.content_dated_build(content_of(config)):
            publish.clean_leftovers(site, protected)
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
    if not config.site_url:  # after the build: a refusal or a failure says only what went wrong
        print(PREVIEW_NOTICE, file=sys.stderr)
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
        content=content_of(config),
        docs=Path(config.docs_dir),
        overrides=Path(custom_dir) if custom_dir else None,
    )


def _build_once(config_path: Path, site_dir: Path, offline: bool = False, offline_bundle: Path | None = None) -> Path:
    """One `mkdocs build` into `site_dir`; raises `_BuildFailed` after saying why (`OSError` passes through)."""
    from mkdocs.commands.build import build
    from mkdocs.exceptions import Abort, BuildError, ConfigurationError, PluginError

    previous = os.environ.get("OFFLINE")
    os.environ["OFFLINE"] = "true" if offline else "false"  # read by mkdocs.yml (!ENV OFFLINE)
    try:
        config = load_config_file(config_path)
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
