"""What a build writes beside the published path, how it marks it as its own, and how it says no.

Layout beside the published path `<parent>/<name>` (normally `site`):

- `<name>` is a *symlink* to `.<name>-versiones/<n>`, one complete build.
- `.<name>-versiones/<n>/` are the builds; the current one and the one it
  replaced are kept (requests in flight on the old one can finish), older ones
  are deleted by the next build.
- `.<name>-nuevo-<pid>-*` is a build in progress (its staging folder, or the
  new symlink about to replace the old one).
- `.rendicion-<name>.lock` serialises builds of the same site (`fcntl.flock`).

Every folder a build publishes holds `MARKER`, a small text file saying it was
made by `rendicion build`: a later build recognises its own output and will
replace it, while any other non-empty folder is refused. The marker is
harmless to publish (constant text, no paths, no dates). The build's folders
in the system temp folder hold `TEMP_MARKER` instead, with the pid that made
them.

`publishtarget`, `publishlock` and `publish` build on these names; nothing
here writes to the site except `_write_new`, which never creates over an
existing file, and `_remove_old_versions`, which deletes only marked versions.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import stat
from pathlib import Path


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
    return number.parent == Path(versions_dir(site).name) and _is_number(number.name)


def _version_numbers(site: Path) -> list[int]:
    folder = versions_dir(site)
    if not _is_real_dir(folder):
        return []
    return sorted(int(entry.name) for entry in folder.iterdir() if _is_number(entry.name))


def _current_version(site: Path) -> int | None:
    if not _is_our_link(site):
        return None
    name = Path(os.readlink(site)).name
    return int(name) if _is_number(name) else None


def _remove_old_versions(site: Path, keep: set[int]) -> list[Path]:
    """Delete the marked versions not in `keep`; an unmarked one (a converted old `site/`) stays."""
    removed = []
    for n in _version_numbers(site):
        folder = versions_dir(site) / str(n)
        if n not in keep and is_marked(folder):
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


def _write_new(path: Path, text: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
    with os.fdopen(fd, "w", encoding="utf-8") as file:
        file.write(text)


def _refusal(site: Path, reason: str, project: Path | None = None) -> str:
    text = f"No se puede construir en {site}: {reason}. No se escribió ni se borró nada. "
    if project is None:
        return text + "Quítelo o elija otra carpeta con -d."
    return text + f"Elija otra carpeta con -d (por ejemplo, {project.resolve() / 'site'})."


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


def _is_number(name: str) -> bool:
    """ASCII digits only: `str.isdigit` also takes «²» or «٣», which `int` then refuses or reads."""
    return re.fullmatch(r"[0-9]+", name) is not None
