"""Publishing a built site safely: where it may go, one build at a time, one atomic swap.

No MkDocs here: `sitebuild.py` builds into a staging folder and calls these
functions. This module is the swap, and gathers what the build calls from the
modules that do the other jobs:

- `publishlayout`: the names beside the published path (`site` is a symlink
  to `.site-versiones/<n>`), the marker every published folder carries, the
  numbered versions, and the messages for a refusal or a failed write.
- `publishtarget`: where a site may be built (`check_target`), checked before
  anything is written: protected folders, our own output (`looks_like_a_build`).
- `publishlock`: one build at a time (`build_lock`), the build's own staging
  and temp folders, and the cleanup of what killed builds left
  (`clean_leftovers`).

The rule they share: never delete or overwrite what is not ours. Only marked
folders are deleted, nothing is followed through a symlink, and a build that
fails or is refused leaves nothing behind.

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
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from .publishlayout import (MARKER, MARKER_TEXT, TEMP_MARKER, TEMP_PREFIX, PublishError, _current_version,
                            _is_our_link_leftover, _is_real_dir, _is_regular_file, _link_name, _refusal,
                            _remove_old_versions, _version_numbers, _write_new, disk_error_message, is_marked,
                            lock_path, versions_dir)
from .publishlock import build_lock, clean_leftovers, make_parents, new_staging, remove_made, scratch_dir
from .publishtarget import Protected, check_target, looks_like_a_build, looks_like_mkdocs_output, published_path

#: What the build and the tests use: defined here or in the modules above.
__all__ = [
    "MARKER", "MARKER_TEXT", "TEMP_MARKER", "TEMP_PREFIX", "PublishError", "disk_error_message", "is_marked",
    "lock_path", "versions_dir",
    "build_lock", "clean_leftovers", "make_parents", "new_staging", "remove_made", "scratch_dir",
    "Protected", "check_target", "looks_like_a_build", "looks_like_mkdocs_output", "published_path",
    "Published", "publish",
]


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
