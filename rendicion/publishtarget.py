"""Where a site may be built: the output-folder checks made before anything is written.

`check_target` refuses, with a message and without touching anything, an
output folder whose replacement would destroy something not ours:

- The versions folder and the lock file beside the site must be real (never
  symlinks: checked with `os.lstat`) and must not be, hold or sit inside a
  protected folder (`Protected`: the project, content, docs and overrides
  folders).
- A non-empty folder is replaced only when it carries `MARKER`. The one
  unmarked folder a build accepts is a `site/` made by plain MkDocs before
  the marker existed, and only at the configured `site_dir` (never a `-d`
  argument), only when it looks exactly like MkDocs' output
  (`looks_like_mkdocs_output`). `publish.publish` keeps it as a previous version
  *without* the marker, so no cleanup ever deletes it, and the build says
  where it is so a person can delete it by hand.
- An existing lock file is accepted only when it is a regular file with one
  name holding nothing but a pid (`_lock_reason`, also used by `publishlock`).
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from .publishlayout import (PublishError, _is_our_link, _is_real_dir, _is_regular_file, _refusal, is_marked, lock_path,
                             versions_dir)


@dataclass(frozen=True)
class Protected:
    """The project's own folders, which a build must never replace."""

    project: Path  #: the folder of mkdocs.yml
    content: Path  #: the rendicion plugin's content_dir
    docs: Path  #: MkDocs' docs_dir
    overrides: Path | None = None  #: the theme's custom_dir


def published_path(path: Path) -> Path:
    """The absolute path a build of `path` will replace, with symlinks resolved.

    The parent is resolved; the last part is kept when it is our own symlink
    (into `.<name>-versiones/`), and followed when it is anyone else's, so the
    folder it points at is the one checked and replaced.
    """
    path = Path(os.path.abspath(path))
    candidate = path.parent.resolve() / path.name
    if candidate.is_symlink() and not _is_our_link(candidate):
        return candidate.resolve()
    return candidate


def looks_like_a_build(folder: Path) -> bool:
    """Whether `folder` is a site made by a build: it has our marker, or it looks exactly like MkDocs' output.

    The second case is for a `site/` built before the marker existed (or by
    plain `mkdocs build`): a real folder with `index.html`, `sitemap.xml` (or `robots.txt`) and
    the search index or Material's script bundle, holding only regular files
    and folders, none of them hidden (MkDocs never writes a dotfile, a
    symlink or a `.git`). `_unsafe_reason` accepts it only at the configured
    `site_dir`.
    """
    if is_marked(folder):
        return True
    return looks_like_mkdocs_output(folder)


def looks_like_mkdocs_output(folder: Path) -> bool:
    """Whether the unmarked `folder` has MkDocs' files and nothing MkDocs never writes."""
    if not _is_real_dir(folder):
        return False
    # MkDocs always wrote sitemap.xml; since the rendicion plugin writes its own, a site
    # built without site_url has only robots.txt (sitemap.py).
    if not (_is_regular_file(folder / "index.html")
            and (_is_regular_file(folder / "sitemap.xml") or _is_regular_file(folder / "robots.txt"))):
        return False
    if not (_is_regular_file(folder / "search" / "search_index.json")
            or any(_is_regular_file(p) for p in (folder / "assets" / "javascripts").glob("bundle.*.min.js"))):
        return False
    for root, dirs, files in os.walk(folder):  # never follows symlinks
        for name in dirs + files:
            path = os.path.join(root, name)
            if name.startswith("."):
                return False
            mode = os.lstat(path).st_mode
            if not (stat.S_ISDIR(mode) or stat.S_ISREG(mode)):
                return False
    return True


def check_target(site: Path, protected: Protected, configured: bool = False) -> None:
    """Refuse (raise `PublishError`) a `site` whose replacement would destroy something not ours.

    `site` comes from `published_path`; `configured` says it is the
    `site_dir` of mkdocs.yml (not a `-d` argument). Refused: the filesystem
    root, the home folder or any folder holding it, the project, content,
    docs or overrides folder, any folder holding one of them or inside one of
    them, a file, a non-empty folder that is neither marked nor (at the
    configured `site_dir` only) plain MkDocs output, and a versions folder or
    lock file beside it that is a symlink, the wrong kind of file, or a
    protected folder. Nothing is written or deleted here.
    """
    reason = _unsafe_reason(site, protected, configured) or _unsafe_beside_reason(site, protected)
    if reason:
        raise PublishError(_refusal(site, reason, protected.project))


def _unsafe_reason(site: Path, protected: Protected, configured: bool = False) -> str | None:
    if site == Path(site.anchor):
        return "es la raíz del sistema de archivos"
    with contextlib.suppress(RuntimeError, KeyError):  # no home folder known: nothing to protect
        home = Path.home().resolve()
        if site == home:
            return "es su carpeta personal"
        if home.is_relative_to(site):
            return "contiene su carpeta personal"
    reason = _protected_reason(site, protected)
    if reason:
        return reason
    if _is_our_link(site):
        return None
    if site.exists() and not site.is_dir():
        return "es un archivo, no una carpeta"
    if site.is_dir() and any(site.iterdir()) and not (
            is_marked(site) or (configured and looks_like_mkdocs_output(site))):
        return "la carpeta no está vacía y no la creó «rendicion build»"
    return None


def _protected_reason(path: Path, protected: Protected) -> str | None:
    """Why `path` is, holds or sits inside one of the project's own folders (None if it does not)."""
    project = protected.project.resolve()
    if path == project:
        return "es la carpeta del proyecto (la de mkdocs.yml)"
    if project.is_relative_to(path):
        return f"contiene la carpeta del proyecto, {project}"
    # The site may live inside the project (site/ is the default), never in or around these.
    folders = [("de contenido", protected.content), ("docs_dir de mkdocs.yml", protected.docs)]
    if protected.overrides is not None:
        folders.append(("custom_dir del tema", protected.overrides))
    for label, folder in folders:
        folder = folder.resolve()
        if path == folder:
            return f"es la carpeta {label}"
        if folder.is_relative_to(path):
            return f"contiene la carpeta {label}, {folder}"
        if path.is_relative_to(folder):
            return f"está dentro de la carpeta {label}, {folder}"
    return None


def _unsafe_beside_reason(site: Path, protected: Protected) -> str | None:
    """Why the versions folder or the lock file of `site` cannot be used (None if they can)."""
    versions = versions_dir(site)
    lock = lock_path(site)
    for path in (versions, lock):
        reason = _protected_reason(path, protected)
        if reason:
            return f"{path} {reason}"
    with contextlib.suppress(FileNotFoundError):
        mode = os.lstat(versions).st_mode
        if stat.S_ISLNK(mode):
            return f"{versions} es un enlace simbólico, no la carpeta de versiones de «rendicion build»"
        if not stat.S_ISDIR(mode):
            return f"{versions} no es una carpeta, y «rendicion build» guarda ahí sus versiones"
    with contextlib.suppress(FileNotFoundError):
        info = os.lstat(lock)
        return _lock_reason(lock, info, _read_head(lock) if stat.S_ISREG(info.st_mode) else b"")
    return None


def _read_head(path: Path) -> bytes:
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NONBLOCK)
    except OSError:
        return b""
    try:
        return os.pread(fd, 64, 0)
    finally:
        os.close(fd)


_PID_TEXT = re.compile(rb"\d{0,20}\n?")


def _lock_reason(lock: Path, info: os.stat_result, head: bytes) -> str | None:
    """Why the existing `lock` (its lstat or fstat and first bytes) is not a lock file of ours."""
    if stat.S_ISLNK(info.st_mode):
        return f"{lock} es un enlace simbólico, no el archivo de bloqueo de «rendicion build»"
    if not stat.S_ISREG(info.st_mode):
        return f"{lock} no es un archivo normal, y «rendicion build» lo usa como archivo de bloqueo"
    if info.st_nlink != 1:
        return f"{lock} tiene otro nombre (un enlace duro), y «rendicion build» no reemplaza su contenido"
    if info.st_size > 64 or not _PID_TEXT.fullmatch(head):
        return f"{lock} no es un archivo de bloqueo de «rendicion build» (solo guarda un número de proceso)"
    return None
