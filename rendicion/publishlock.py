"""One build at a time and nothing left behind: the build lock, the build's folders, leftover cleanup.

The lock (`build_lock`) is an `fcntl.flock` on `.rendicion-<name>.lock`, opened
with `O_NOFOLLOW`; the file is only truncated when it is a regular file with
one name holding nothing but a pid, and a build that fails removes what it
created (the lock, and through `remove_made` the parent folders of a new
`-d`), so it leaves no trace.

Only folders carrying a marker are ever deleted (`clean_leftovers`): versions
and staging folders need `MARKER` (written into the staging folder by
`new_staging` when it is made), temporary folders need `TEMP_MARKER` with the
pid that made them (`scratch_dir`). A numbered or leftover-looking folder
without it is left alone.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import re
import shutil
import stat
import tempfile
import time
from pathlib import Path
from typing import Callable, Iterator

from .publishlayout import (MARKER, MARKER_TEXT, TEMP_MARKER, TEMP_PREFIX, PublishError, _current_version,
                            _is_our_link_leftover, _is_real_dir, _is_regular_file, _link_name, _refusal,
                            _remove_old_versions, _staging_pattern, _version_numbers, _write_new, is_marked, lock_path)
from .publishtarget import Protected, _lock_reason


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


def clean_leftovers(site: Path, protected: Protected | None = None) -> list[Path]:
    """Delete what killed builds of `site` left; call only while holding `build_lock`.

    Only what a build marked as its own is touched: staging folders
    `.<name>-nuevo-<pid>-*` of dead processes holding `MARKER`, the symlink
    `.<name>-nuevo-<pid>-enlace` into the versions folder, marked versions
    other than the current one and the one before it, and `rendicion-<pid>-*`
    folders of dead processes in the system temp folder holding
    `TEMP_MARKER` with that pid. Anything else with a similar name, a
    symlink in place of a folder, or a folder without its marker stays, and so
    does anything that is, holds or sits in one of the `protected` folders
    (a content folder someone named like a staging folder).
    Returns what was deleted.
    """
    removed: list[Path] = []
    staging = _staging_pattern(site)
    if _is_real_dir(site.parent):
        for entry in site.parent.iterdir():
            match = staging.match(entry.name)
            if not match or _pid_alive(int(match.group(1))) or _overlaps(entry, protected):
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


def _overlaps(entry: Path, protected: Protected | None) -> bool:
    """Whether `entry` is, holds or sits inside the content, docs or overrides folder."""
    if protected is None:
        return False
    here = entry.resolve()
    for folder in (protected.content, protected.docs, protected.overrides):
        if folder is not None:
            there = folder.resolve()
            if here == there or here in there.parents or there in here.parents:
                return True
    return False


# --- The build's own folders --------------------------------------------------------------------


@contextlib.contextmanager
def scratch_dir() -> Iterator[str]:
    """A temporary folder for this build, marked (`TEMP_MARKER`, our pid) so a later build can tell
    it belongs to a dead one; removed when the block ends."""
    with tempfile.TemporaryDirectory(prefix=f"{TEMP_PREFIX}{os.getpid()}-") as folder:
        _write_new(Path(folder) / TEMP_MARKER, f"{os.getpid()}\n")
        yield folder


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
