"""The files of `content/`: which ones are read, and why any other is refused.

Every entry under `content/` is accounted for: what cannot be read is
reported with its path and the reason, never skipped and never a traceback.

- symbolic links are followed only when they stay inside `content/`; a link
  pointing outside, a dangling link and a loop of links are refused;
- FIFOs, sockets and devices are refused without being opened (opening a FIFO
  blocks until someone writes to it);
- hidden entries (`.git`, `.DS_Store`) are skipped, but a hidden YAML file
  (`.borrador.yml`) is reported: it looks like content and would be lost;
- a file is read only if it is a regular file no larger than `MAX_BYTES`.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from pathlib import Path
from typing import Callable, Literal

#: Per file. 50,000 results weigh about 5 MB; a file ten times that is a mistake.
MAX_BYTES = 50 * 1024 * 1024
#: Year folders: four ASCII digits (`\d` would also take `٢٠١٨`) naming a plausible year.
YEAR_FOLDER = re.compile(r"[0-9]{4}")
FIRST_YEAR, LAST_YEAR = 1900, 2100
YAML_SUFFIXES = (".yml", ".yaml")

Kind = Literal["file", "folder", "missing", "refused"]


class Unreadable(Exception):
    """A file that cannot be read, with the reason in Spanish."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def read_regular_file(path: Path) -> bytes:
    """The bytes of `path` if it is a regular file of at most `MAX_BYTES`; else `Unreadable`.

    The file is opened without blocking and checked through its descriptor,
    so a FIFO swapped in at the last moment is refused, not waited on.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError as error:
        raise Unreadable(f"no se puede leer el archivo: {os_reason(error)}") from None
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise Unreadable(f"no se puede leer: {kind_of(info.st_mode)}, no un archivo")
        if info.st_size > MAX_BYTES:
            raise Unreadable(too_big_message(info.st_size))
        with os.fdopen(os.dup(descriptor), "rb") as stream:
            return stream.read(MAX_BYTES + 1)
    except OSError as error:
        raise Unreadable(f"no se puede leer el archivo: {os_reason(error)}") from None
    finally:
        os.close(descriptor)


def too_big_message(size: int) -> str:
    """Why a file of `size` bytes is refused."""
    return (f"el archivo es demasiado grande ({size / 1024 / 1024:.0f} MB); el máximo es "
            f"{MAX_BYTES // 1024 // 1024} MB: divida los resultados en varios archivos")


def kind_of(mode: int) -> str:
    """What a file system entry is, in Spanish, from its `st_mode`."""
    if stat.S_ISDIR(mode):
        return "es una carpeta"
    if stat.S_ISFIFO(mode):
        return "es una tubería con nombre (FIFO)"
    if stat.S_ISSOCK(mode):
        return "es un socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "es un dispositivo"
    return "no es un archivo normal"


def os_reason(error: OSError) -> str:
    """Why the operating system refused, in Spanish."""
    reasons = {
        errno.EACCES: "permiso denegado",
        errno.EPERM: "permiso denegado",
        errno.EISDIR: "es una carpeta, no un archivo",
        errno.ENOENT: "no existe",
        errno.ENOTDIR: "una parte de la ruta no es una carpeta",
        errno.ELOOP: "los enlaces simbólicos forman un bucle",
        errno.ENXIO: "no es un archivo normal",
        errno.EEXIST: "ya existe",
        errno.ENOSPC: "no queda espacio en el disco",
        errno.EROFS: "el disco es de solo lectura",
        errno.ENAMETOOLONG: "el nombre es demasiado largo",
    }
    return reasons.get(error.errno or 0, error.strerror or str(error))


class ContentFiles:
    """Walks `content/`, reporting through `report(path, message)` each entry it cannot use."""

    def __init__(self, root: Path, report: Callable[[Path, str], None]) -> None:
        self.root = root
        self.report = report
        try:
            self.real_root = root.resolve()
        except (OSError, RuntimeError):
            self.real_root = root.absolute()

    def kind(self, path: Path) -> tuple[Kind, str]:
        """`file`, `folder`, `missing`, or `refused` with the reason; links are followed inside content/."""
        try:
            info = os.lstat(path)
        except FileNotFoundError:
            return "missing", "no existe"
        except OSError as error:
            return "refused", f"no se puede leer: {os_reason(error)}"
        if stat.S_ISLNK(info.st_mode):
            refused = self._link_problem(path)
            if refused:
                return "refused", refused
            try:
                info = os.stat(path)
            except OSError as error:  # pragma: no cover - resolved a moment ago
                return "refused", f"no se puede leer: {os_reason(error)}"
        if stat.S_ISREG(info.st_mode):
            return "file", ""
        if stat.S_ISDIR(info.st_mode):
            return "folder", ""
        return "refused", f"no se puede leer: {kind_of(info.st_mode)}; se esperaba un archivo o una carpeta"

    def _link_problem(self, path: Path) -> str | None:
        try:
            written = os.readlink(path)
        except OSError:  # pragma: no cover - it was a link a moment ago
            written = "?"
        try:
            target = path.resolve(strict=True)
        except FileNotFoundError:
            return f"el enlace simbólico apunta a «{written}», que no existe"
        except RuntimeError:  # older Pythons signal a loop this way
            return "los enlaces simbólicos forman un bucle"
        except OSError as error:
            if error.errno == errno.ELOOP:
                return "los enlaces simbólicos forman un bucle"
            return f"no se puede seguir el enlace simbólico: {os_reason(error)}"
        if target != self.real_root and self.real_root not in target.parents:
            return (f"el enlace simbólico apunta fuera de content/ (a «{written}»); "
                    "copie el archivo dentro de content/")
        return None

    def entries(self, folder: Path) -> list[Path]:
        """The visible entries of `folder`, sorted; hidden YAML files are reported."""
        try:
            names = sorted(os.listdir(folder))
        except OSError as error:
            self.report(folder, f"no se puede leer la carpeta: {os_reason(error)}")
            return []
        found = []
        for name in names:
            path = folder / name
            if not name.startswith("."):
                found.append(path)
            elif name.endswith(YAML_SUFFIXES):
                self.report(path, "archivo oculto (su nombre empieza por «.»): no se publica; "
                                  "quite el punto del nombre o sáquelo de content/")
        return found

    def need(self, path: Path, expected: Literal["file", "folder"], missing: str | None = None) -> bool:
        """Whether `path` is a usable `expected`; reports why not (and, if `missing` is
        given, that it is missing)."""
        kind, reason = self.kind(path)
        if kind == expected:
            return True
        if kind == "missing":
            if missing:
                self.report(path, missing)
        elif kind == "refused":
            self.report(path, reason)
        elif expected == "file":
            self.report(path, f"{path.name} es una carpeta; se esperaba un archivo")
        else:
            self.report(path, f"{path.name} es un archivo; se esperaba una carpeta")
        return False

    def yaml_files(self, folder: Path, label: str) -> list[Path]:
        """The YAML files of `folder` (if it exists); anything else in it is reported."""
        kind, _ = self.kind(folder)
        if kind == "missing" or not self.need(folder, "folder"):
            return []
        files = []
        for path in self.entries(folder):
            kind, reason = self.kind(path)
            if kind == "refused":
                self.report(path, reason)
            elif kind == "folder" or not path.name.endswith(YAML_SUFFIXES):
                self.report(path, f"en {label}/ solo se esperan archivos .yml")
            else:
                files.append(path)
        return files

    def year_folders(self, results: Path) -> list[tuple[Path, int]]:
        """The year folders of `results/` with their year; anything else is reported."""
        if not self.need(results, "folder", "falta la carpeta results/ con los resultados"):
            return []
        years = []
        for path in self.entries(results):
            if not YEAR_FOLDER.fullmatch(path.name):
                self.report(path, "en results/ solo se esperan carpetas con el año en cuatro cifras "
                                  "(p. ej. results/2018/)")
            elif not FIRST_YEAR <= int(path.name) <= LAST_YEAR:
                self.report(path, f"el año {path.name} no es válido: se esperaba un año entre "
                                  f"{FIRST_YEAR} y {LAST_YEAR}")
            elif self.need(path, "folder"):
                years.append((path, int(path.name)))
        return years
