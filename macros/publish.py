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

Never deleting or overwriting what is not ours:

- The versions folder, the staging folders and the lock file must be real
  (never symlinks: checked with `os.lstat`, opened with `O_NOFOLLOW`) and
  must not be, hold or sit inside a protected folder; otherwise the build is
  refused before anything is written.
- Only folders carrying a marker are ever deleted: versions and staging
  folders need `MARKER` (written into the staging folder when it is made),
  temporary folders need `TEMP_MARKER` with the pid that made them. A
  numbered or leftover-looking folder without it is left alone.
- The one unmarked folder a build accepts is a `site/` made by plain MkDocs
  before the marker existed, and only at the configured `site_dir` (never a
  `-d` argument), only when it looks exactly like MkDocs' output. It is kept
  as a previous version *without* the marker, so no cleanup ever deletes it;
  the build says where it is so a person can delete it by hand.
- The lock file is only truncated when it is a regular file with one name
  holding nothing but a pid, and a build that fails removes what it created
  (the lock, the parent folders of a new `-d`), so it leaves no trace.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import os
import re
import shutil
import stat
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
#: The file in each of the build's temp folders holding the pid that made it; without it, never deleted.
TEMP_MARKER = ".rendicion-temporal"


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


def is_marked(folder: Path) -> bool:
    """Whether `folder` is a real folder (not a symlink) holding our marker as a regular file."""
    return _is_real_dir(folder) and _is_regular_file(folder / MARKER)


def _is_real_dir(path: Path) -> bool:
    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False


def _is_regular_file(path: Path) -> bool:
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def looks_like_a_build(folder: Path) -> bool:
    """Whether `folder` is a site made by a build: it has our marker, or it looks exactly like MkDocs' output.

    The second case is for a `site/` built before the marker existed (or by
    plain `mkdocs build`): a real folder with `index.html`, `sitemap.xml` and
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
    if not (_is_regular_file(folder / "index.html") and _is_regular_file(folder / "sitemap.xml")):
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


def _refusal(site: Path, reason: str, project: Path | None = None) -> str:
    text = f"No se puede construir en {site}: {reason}. No se escribió ni se borró nada. "
    if project is None:
        return text + "Quítelo o elija otra carpeta con -d."
    return text + f"Elija otra carpeta con -d (por ejemplo, {project.resolve() / 'site'})."


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


# --- One build at a time ------------------------------------------------------------------------


@contextlib.contextmanager
def build_lock(site: Path, wait: float, on_wait: Callable[[str], None] = lambda pid: None) -> Iterator[None]:
    """Hold the lock of `site` for the block; wait up to `wait` seconds for another build.

    `on_wait(pid)` is called once if the lock is taken. Raises `PublishError`
    when still taken after `wait`, or when the lock path is not a lock file
    of ours (a symlink, another kind of file, a file with other names or
    other contents): nothing but our own lock is ever truncated. The kernel
    releases a `flock` when its holder dies, so a killed build never leaves
    the site locked. If the block fails and this call created the lock file,
    the file is removed (while still held), so a failed build leaves nothing;
    a waiting build notices its file is gone and takes a fresh one.
    """
    lock = lock_path(site)
    deadline = time.monotonic() + wait
    told = False
    while True:
        fd, created = _open_lock(lock, site)
        try:
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
            if not _same_file(fd, lock):  # removed by a failed build while we waited: take the new one
                continue
            info = os.fstat(fd)
            reason = _lock_reason(lock, info, os.pread(fd, 64, 0))
            if reason:
                raise PublishError(_refusal(site, reason))
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
            try:
                yield
            except BaseException:
                if created and _same_file(fd, lock):
                    lock.unlink()
                raise
            return
        finally:
            os.close(fd)  # releases the lock


def _open_lock(lock: Path, site: Path) -> tuple[int, bool]:
    """Open (or create) the lock file without following a symlink; returns the fd and whether it is new."""
    flags = os.O_RDWR | os.O_NOFOLLOW | os.O_CLOEXEC | os.O_NONBLOCK
    for _ in range(10):
        try:
            return os.open(lock, flags | os.O_CREAT | os.O_EXCL, 0o644), True
        except FileExistsError:
            pass
        try:
            fd = os.open(lock, flags)
        except FileNotFoundError:  # removed in between: create it again
            continue
        except OSError as error:
            if error.errno in (errno.ELOOP, errno.EISDIR, errno.ENXIO, errno.EMLINK):
                raise PublishError(_refusal(
                    site, f"{lock} no es un archivo normal, y «rendicion build» lo usa como archivo de bloqueo"
                    if error.errno != errno.ELOOP else
                    f"{lock} es un enlace simbólico, no el archivo de bloqueo de «rendicion build»")) from None
            raise
        info = os.fstat(fd)
        reason = _lock_reason(lock, info, os.pread(fd, 64, 0) if stat.S_ISREG(info.st_mode) else b"")
        if reason and (not stat.S_ISREG(info.st_mode) or info.st_nlink != 1):  # its contents: once locked
            os.close(fd)
            raise PublishError(_refusal(site, reason))
        return fd, False
    raise PublishError(f"No se pudo abrir el archivo de bloqueo {lock}. Vuelva a intentarlo.")


def _same_file(fd: int, path: Path) -> bool:
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return False
    mine = os.fstat(fd)
    return (info.st_dev, info.st_ino) == (mine.st_dev, mine.st_ino)


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


def _is_ours_beside(path: Path, site: Path) -> bool:
    """Whether `path` (beside `site`) is one of the build's staging, link or versions folders."""
    return path == versions_dir(site) or bool(_staging_pattern(site).match(path.name))


def _staging_pattern(site: Path) -> re.Pattern[str]:
    return re.compile(rf"\.{re.escape(site.name)}-nuevo-(\d+)-")


def _link_name(site: Path, pid: int) -> str:
    return f".{site.name}-nuevo-{pid}-enlace"


def _is_our_link_leftover(path: Path, site: Path) -> bool:
    """Whether `path` is a symlink `publish` made (named for a pid, pointing into the versions folder)."""
    try:
        target = os.readlink(path)
    except OSError:
        return False
    number = Path(target)
    return number.parent == Path(versions_dir(site).name) and number.name.isdigit()


def _version_numbers(site: Path) -> list[int]:
    folder = versions_dir(site)
    if not _is_real_dir(folder):
        return []
    return sorted(int(entry.name) for entry in folder.iterdir() if entry.name.isdigit())


def _current_version(site: Path) -> int | None:
    if not _is_our_link(site):
        return None
    name = Path(os.readlink(site)).name
    return int(name) if name.isdigit() else None


def _is_our_temp(folder: Path) -> int | None:
    """The dead pid that made the temp `folder`, when it is ours to delete: a real folder of this
    user holding `TEMP_MARKER` with the pid in its name. None for anything else."""
    match = re.match(rf"{re.escape(TEMP_PREFIX)}(\d+)-", folder.name)
    if not match:
        return None
    try:
        info = os.lstat(folder)
        marker = folder / TEMP_MARKER
        if not (stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid() and _is_regular_file(marker)):
            return None
        if marker.read_bytes() != f"{match.group(1)}\n".encode("ascii"):
            return None
    except OSError:
        return None
    pid = int(match.group(1))
    return None if _pid_alive(pid) else pid


def clean_leftovers(site: Path) -> list[Path]:
    """Delete what killed builds of `site` left; call only while holding `build_lock`.

    Only what a build marked as its own is touched: staging folders
    `.<name>-nuevo-<pid>-*` of dead processes holding `MARKER`, the symlink
    `.<name>-nuevo-<pid>-enlace` into the versions folder, marked versions
    other than the current one and the one before it, and `rendicion-<pid>-*`
    folders of dead processes in the system temp folder holding
    `TEMP_MARKER` with that pid. Anything else with a similar name, a
    symlink in place of a folder, or a folder without its marker stays.
    Returns what was deleted.
    """
    removed: list[Path] = []
    staging = _staging_pattern(site)
    if _is_real_dir(site.parent):
        for entry in site.parent.iterdir():
            match = staging.match(entry.name)
            if not match or _pid_alive(int(match.group(1))):
                continue
            if entry.name == _link_name(site, int(match.group(1))) and _is_our_link_leftover(entry, site):
                entry.unlink(missing_ok=True)
                removed.append(entry)
            elif is_marked(entry):
                shutil.rmtree(entry, ignore_errors=True)
                removed.append(entry)
    current = _current_version(site)
    if current is not None:
        removed += _remove_old_versions(site, keep={current, *[n for n in _version_numbers(site) if n < current][-1:]})
    with contextlib.suppress(OSError):
        for entry in Path(tempfile.gettempdir()).iterdir():
            if _is_our_temp(entry) is not None:
                shutil.rmtree(entry, ignore_errors=True)
                removed.append(entry)
    return removed


def _remove_old_versions(site: Path, keep: set[int]) -> list[Path]:
    """Delete the marked versions not in `keep`; an unmarked one (a converted old `site/`) stays."""
    removed = []
    for n in _version_numbers(site):
        folder = versions_dir(site) / str(n)
        if n not in keep and is_marked(folder):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


@contextlib.contextmanager
def scratch_dir() -> Iterator[str]:
    """A temporary folder for this build, marked (`TEMP_MARKER`, our pid) so a later build can tell
    it belongs to a dead one; removed when the block ends."""
    with tempfile.TemporaryDirectory(prefix=f"{TEMP_PREFIX}{os.getpid()}-") as folder:
        _write_new(Path(folder) / TEMP_MARKER, f"{os.getpid()}\n")
        yield folder


def _write_new(path: Path, text: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
    with os.fdopen(fd, "w", encoding="utf-8") as file:
        file.write(text)


def new_staging(site: Path) -> Path:
    """A fresh folder beside `site` (same filesystem, so it can be renamed into place), holding `MARKER`.

    The marker is written now, so a leftover of a killed build can be told
    from anyone else's folder; MkDocs keeps dotfiles when it cleans its
    `site_dir`.
    """
    staging = Path(tempfile.mkdtemp(prefix=f".{site.name}-nuevo-{os.getpid()}-", dir=site.parent))
    _write_new(staging / MARKER, MARKER_TEXT)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(staging, 0o777 & ~umask)  # mkdtemp's 0700 would hide the site from the web server's user
    return staging


def make_parents(site: Path) -> list[Path]:
    """Create the missing folders above `site`; returns them, outermost first, for `remove_made`."""
    missing = []
    for folder in site.parents:
        if os.path.lexists(folder):
            break
        missing.append(folder)
    missing.reverse()
    made = []
    try:
        for folder in missing:
            folder.mkdir()
            made.append(folder)
    except BaseException:
        remove_made(made)
        raise
    return made


def remove_made(folders: list[Path]) -> None:
    """Remove the folders `make_parents` made, innermost first, each only if it is empty."""
    for folder in reversed(folders):
        with contextlib.suppress(OSError):
            folder.rmdir()


# --- The swap -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Published:
    """What `publish` did: the new version, and where an unmarked old `site/` folder was kept (if any)."""

    version: Path
    kept: Path | None = None


def publish(staging: Path, site: Path) -> Published:
    """Make the complete build in `staging` the site at `site`, in one atomic step.

    Marks the build (`MARKER`), moves it to `.<name>-versiones/<n>`, and
    replaces the `site` symlink with one pointing at it (`os.replace`). The
    version it replaced stays until the next build; older marked ones are
    deleted. A real `site/` folder is moved into the versions as the one
    before; if it has no marker (plain MkDocs output) it is never deleted and
    is returned as `kept`, so the caller can say where it is. On failure
    nothing changes for readers, and what this call made is removed.
    """
    marker = staging / MARKER
    if not _is_regular_file(marker):
        with contextlib.suppress(FileNotFoundError):
            marker.unlink()
        _write_new(marker, MARKER_TEXT)
    versions = versions_dir(site)
    try:
        versions.mkdir()
        made_versions = True
    except FileExistsError:
        made_versions = False
        if not _is_real_dir(versions):  # checked before the build; refused again if it changed since
            reason = f"{versions} es un enlace simbólico, no la carpeta de versiones de «rendicion build»"
            raise PublishError(_refusal(site, reason)) from None
    old_folder = _is_real_dir(site)  # built before versions existed
    kept = old_folder and not is_marked(site)
    previous = _current_version(site)
    number = max([0, *_version_numbers(site)]) + 1
    if old_folder:
        previous, number = number, number + 1  # the old folder becomes the version before
    version = versions / str(number)
    link = site.with_name(_link_name(site, os.getpid()))
    try:
        os.rename(staging, version)
        if _is_our_link_leftover(link, site):
            link.unlink()
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
        if old_folder and not os.path.lexists(site) and _is_real_dir(versions / str(previous)):
            os.rename(versions / str(previous), site)
        if _current_version(site) != number and _is_real_dir(version):
            os.rename(version, staging)  # back where the caller cleans up
        if made_versions:
            with contextlib.suppress(OSError):
                versions.rmdir()  # only if empty
        raise
    _sync(site.parent)
    _remove_old_versions(site, keep={number, previous} if previous is not None else {number})
    return Published(version, versions / str(previous) if kept else None)


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

