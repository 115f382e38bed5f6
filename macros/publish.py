"""Publishing a built site safely: where it may go, one build at a time, one atomic swap.

No MkDocs here: `cli.py` builds into a staging folder and calls these functions.

Layout beside the published path `<parent>/<name>` (normally `site`):

- `<name>` is a *symlink* to `.<name>-versiones/<n>`, one complete build.
- `.<name>-versiones/<n>/` are the builds; the current one and the one it
  replaced are kept (requests in flight on the old one can finish), older ones
  are deleted by the next build.
- `.<name>-nuevo-<pid>-*` is a build in progress (its staging folder, or the
  new symlink about to replace the old one).
- `.rendicion-<name>.lock` serialises builds of the same site (`fcntl.flock`).

Why a symlink swap: `os.replace()` of a new symlink over the old one is one
atomic `rename(2)` on POSIX, so a reader sees either the old site or the new
one, and `site/` never goes missing, even if the build is killed at any
moment. The alternative, `renameat2(RENAME_EXCHANGE)` on two real folders, is
Linux-only and would need a fallback that is not atomic; a symlink works on
every POSIX system. Web servers (nginx, Apache, `python -m http.server`) follow
symlinks by default, and GitHub's upload-pages-artifact runs `tar --dereference
--directory site`, which follows it too. The one non-atomic step is the first
build after upgrading, when `site/` is still a real folder: the new symlink
takes its place with `RENAME_EXCHANGE` where the system has it (atomic), else
with two renames (a moment without `site/`, once); the old folder is kept as
the previous version.

Every folder a build publishes holds `MARKER`, a small text file saying it was
made by `rendicion build`: a later build recognises its own output and will
replace it, while any other non-empty folder is refused. The marker is
harmless to publish (constant text, no paths, no dates).
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import os
import re
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

#: The file in every published site that says "made by rendicion build".
MARKER = ".rendicion-sitio"
MARKER_TEXT = ("Sitio generado por «rendicion build». Este archivo le permite reconocer la carpeta "
               "como suya y reemplazarla en la próxima construcción.\n")

#: Prefix of the build's folders in the system temp folder; the pid follows.
TEMP_PREFIX = "rendicion-"


class PublishError(Exception):
    """A refusal or failure to explain to the user (in Spanish) before exiting with status 1."""


# --- Where a site may be built ------------------------------------------------------------------


@dataclass(frozen=True)
class Protected:
    """The project's own folders, which a build must never replace."""

    project: Path  #: the folder of mkdocs.yml
    content: Path  #: the rendicion plugin's content_dir
    docs: Path  #: MkDocs' docs_dir
    overrides: Path | None = None  #: the theme's custom_dir


def versions_dir(site: Path) -> Path:
    """The folder holding the published builds of `site`."""
    return site.with_name(f".{site.name}-versiones")


def lock_path(site: Path) -> Path:
    """The lock file of `site` (beside it; named so no test of `.site*` leftovers sees it)."""
    return site.with_name(f".rendicion-{site.name}.lock")


def _is_our_link(path: Path) -> bool:
    if not path.is_symlink():
        return False
    return Path(os.readlink(path)).parent == Path(versions_dir(path).name)


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
    """Whether `folder` is a site made by a build: it has our marker, or it looks like MkDocs' output.

    The second case accepts a `site/` built before the marker existed (or by
    plain `mkdocs build`): an `index.html` with a `sitemap.xml` or `404.html`
    beside it, which MkDocs always writes.
    """
    if (folder / MARKER).is_file():
        return True
    return (folder / "index.html").is_file() and any((folder / name).is_file() for name in ("sitemap.xml", "404.html"))


def check_target(site: Path, protected: Protected) -> None:
    """Refuse (raise `PublishError`) a `site` whose replacement would destroy something not ours.

    `site` comes from `published_path`. Refused: the filesystem root, the
    home folder or any folder holding it, the project, content, docs or
    overrides folder, any folder holding one of them or inside one of them, a
    file, and a non-empty folder that `looks_like_a_build` does not accept.
    Nothing is written or deleted here.
    """
    reason = _unsafe_reason(site, protected)
    if reason:
        raise PublishError(f"No se puede construir en {site}: {reason}. No se escribió ni se borró nada. "
                           f"Elija otra carpeta con -d (por ejemplo, {protected.project.resolve() / 'site'}).")


def _unsafe_reason(site: Path, protected: Protected) -> str | None:
    if site == Path(site.anchor):
        return "es la raíz del sistema de archivos"
    with contextlib.suppress(RuntimeError, KeyError):  # no home folder known: nothing to protect
        home = Path.home().resolve()
        if site == home:
            return "es su carpeta personal"
        if home.is_relative_to(site):
            return "contiene su carpeta personal"
    project = protected.project.resolve()
    if site == project:
        return "es la carpeta del proyecto (la de mkdocs.yml)"
    if project.is_relative_to(site):
        return f"contiene la carpeta del proyecto, {project}"
    # The site may live inside the project (site/ is the default), never in or around these.
    folders = [("de contenido", protected.content), ("docs_dir de mkdocs.yml", protected.docs)]
    if protected.overrides is not None:
        folders.append(("custom_dir del tema", protected.overrides))
    for label, folder in folders:
        folder = folder.resolve()
        if site == folder:
            return f"es la carpeta {label}"
        if folder.is_relative_to(site):
            return f"contiene la carpeta {label}, {folder}"
        if site.is_relative_to(folder):
            return f"está dentro de la carpeta {label}, {folder}"
    if _is_our_link(site):
        return None
    if site.exists() and not site.is_dir():
        return "es un archivo, no una carpeta"
    if site.is_dir() and any(site.iterdir()) and not looks_like_a_build(site):
        return "la carpeta no está vacía y no la creó «rendicion build»"
    return None


# --- One build at a time ------------------------------------------------------------------------


@contextlib.contextmanager
def build_lock(site: Path, wait: float, on_wait: Callable[[str], None] = lambda pid: None) -> Iterator[None]:
    """Hold the lock of `site` for the block; wait up to `wait` seconds for another build.

    `on_wait(pid)` is called once if the lock is taken. Raises `PublishError`
    when still taken after `wait`. The kernel releases a `flock` when its
    holder dies, so a killed build never leaves the site locked.
    """
    fd = os.open(lock_path(site), os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + wait
        told = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "?"
                if time.monotonic() >= deadline:
                    raise PublishError(f"Otra construcción está en curso (pid {holder}) para {site}. "
                                       "Espere a que termine y vuelva a intentarlo.") from None
                if not told:
                    on_wait(holder)
                    told = True
                time.sleep(0.1)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        yield
    finally:
        os.close(fd)  # releases the lock


# --- Leftovers of killed builds -----------------------------------------------------------------


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's live process
        return True
    return True


def _remove(path: Path) -> None:
    if path.is_symlink() or not path.is_dir():
        path.unlink(missing_ok=True)
    else:
        shutil.rmtree(path, ignore_errors=True)


def _is_ours_beside(path: Path, site: Path) -> bool:
    """Whether `path` (beside `site`) is one of the build's staging, link or versions folders."""
    return path == versions_dir(site) or bool(_staging_pattern(site).match(path.name))


def _staging_pattern(site: Path) -> re.Pattern[str]:
    return re.compile(rf"\.{re.escape(site.name)}-nuevo-(\d+)-")


def _version_numbers(site: Path) -> list[int]:
    folder = versions_dir(site)
    if not folder.is_dir():
        return []
    return sorted(int(entry.name) for entry in folder.iterdir() if entry.name.isdigit())


def _current_version(site: Path) -> int | None:
    if not _is_our_link(site):
        return None
    name = Path(os.readlink(site)).name
    return int(name) if name.isdigit() else None


def clean_leftovers(site: Path) -> list[Path]:
    """Delete what killed builds of `site` left; call only while holding `build_lock`.

    Only our own names are touched: staging folders and links
    `.<name>-nuevo-<pid>-*` of dead processes, versions other than the
    current one and the one before it, and `rendicion-<pid>-*` folders of
    dead processes in the system temp folder. Returns what was deleted.
    """
    removed: list[Path] = []
    staging = _staging_pattern(site)
    if site.parent.is_dir():
        for entry in site.parent.iterdir():
            match = staging.match(entry.name)
            if match and not _pid_alive(int(match.group(1))):
                removed.append(entry)
    current = _current_version(site)
    if current is not None:
        older = [n for n in _version_numbers(site) if n < current]
        keep = {current, *older[-1:]}
        removed += [versions_dir(site) / str(n) for n in _version_numbers(site) if n not in keep]
    pattern = re.compile(rf"{re.escape(TEMP_PREFIX)}(\d+)-")
    with contextlib.suppress(OSError):
        for entry in Path(tempfile.gettempdir()).iterdir():
            match = pattern.match(entry.name)
            if match and entry.is_dir() and not entry.is_symlink() and not _pid_alive(int(match.group(1))):
                removed.append(entry)
    for path in removed:
        _remove(path)
    return removed


def scratch_dir() -> tempfile.TemporaryDirectory[str]:
    """A temporary folder for this build, named so a later build can tell it belongs to a dead one."""
    return tempfile.TemporaryDirectory(prefix=f"{TEMP_PREFIX}{os.getpid()}-")


def new_staging(site: Path) -> Path:
    """A fresh, empty folder beside `site` (same filesystem, so it can be renamed into place)."""
    staging = Path(tempfile.mkdtemp(prefix=f".{site.name}-nuevo-{os.getpid()}-", dir=site.parent))
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(staging, 0o777 & ~umask)  # mkdtemp's 0700 would hide the site from the web server's user
    return staging


# --- The swap -----------------------------------------------------------------------------------


def publish(staging: Path, site: Path) -> Path:
    """Make the complete build in `staging` the site at `site`, in one atomic step.

    Marks the build (`MARKER`), moves it to `.<name>-versiones/<n>`, and
    replaces the `site` symlink with one pointing at it (`os.replace`). The
    version it replaced stays until the next build; older ones are deleted.
    On failure nothing changes for readers, and what this call made is removed.
    Returns the new version's folder.
    """
    (staging / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
    versions = versions_dir(site)
    versions.mkdir(exist_ok=True)
    old_folder = site.is_dir() and not site.is_symlink()  # built before versions existed
    previous = _current_version(site)
    number = max([0, *_version_numbers(site)]) + 1
    if old_folder:
        previous, number = number, number + 1  # the old folder becomes the version before
    version = versions / str(number)
    link = site.with_name(f".{site.name}-nuevo-{os.getpid()}-enlace")
    try:
        os.rename(staging, version)
        link.unlink(missing_ok=True)
        os.symlink(f"{versions.name}/{number}", link)
        if not old_folder:
            os.replace(link, site)  # the atomic step
        elif _exchange(link, site):  # atomic too: `site` is the new symlink, `link` the old folder
            os.rename(link, versions / str(previous))
        else:  # no RENAME_EXCHANGE: a moment without `site`, on the first build after upgrading only
            os.rename(site, versions / str(previous))
            os.replace(link, site)
    except BaseException:
        if link.is_symlink():
            link.unlink()
        if old_folder and not os.path.lexists(site) and (versions / str(previous)).is_dir():
            os.rename(versions / str(previous), site)
        if _current_version(site) != number and version.is_dir():
            os.rename(version, staging)  # back where the caller cleans up
        raise
    _sync(site.parent)
    for n in _version_numbers(site):
        if n not in (number, previous):
            shutil.rmtree(versions / str(n), ignore_errors=True)
    return version


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically with Linux's renameat2(RENAME_EXCHANGE); False where unavailable."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    return renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0


def _sync(folder: Path) -> None:
    """Flush the swap to disk, so a power cut after publishing keeps the new site."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


# --- Disk errors -------------------------------------------------------------------------------


def disk_error_message(error: OSError, site: Path) -> str:
    """One Spanish sentence for a failed write: which path, what happened, what to do.

    A failure inside our own staging or versions folder names `site`: those
    folders are gone (or meaningless to the user) by the time it is read.
    """
    path = Path(os.fsdecode(error.filename)) if error.filename is not None else site
    if path.is_relative_to(site.parent) and path != site.parent:
        if _is_ours_beside(site.parent / path.relative_to(site.parent).parts[0], site):
            path = site
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        what = "no queda espacio en el disco. Libere espacio y vuelva a construir"
    elif error.errno == errno.EROFS:
        what = "el disco es de solo lectura. Elija otra carpeta con -d o monte el disco con permiso de escritura"
    elif error.errno in (errno.EACCES, errno.EPERM):
        what = "no tiene permiso para escribir ahí. Pida ese permiso o elija otra carpeta con -d"
    else:
        what = f"{error.strerror or error}. Revise la carpeta y vuelva a construir"
    return f"No se pudo escribir en {path}: {what}."

