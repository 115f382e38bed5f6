"""Reading content files into validated entries, with every problem's place.

`EntryReader` parses each YAML file (`yamlfile.py`), validates it against its
JSON Schema (`schema.py`) and keeps what failed, so the loader (`load.py`) builds
the model from the valid entries and still reports every problem at once.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import fastjsonschema
import jsonschema

from . import schema
from .contentfiles import ContentFiles
from .errors import Problem
from .model import Grouping, Origin
from .schemamessages import describe_schema, schema_problems
from .yamlfile import Document, YamlPath, read_yaml

#: Problems listed per file before the rest of it is set aside.
MAX_PROBLEMS_PER_FILE = 100


@dataclass
class Entry:
    """A validated mapping and where it came from."""

    doc: Document
    path: YamlPath
    data: dict[str, Any]

    @property
    def origin(self) -> Origin:
        return Origin(self.doc.file, self.doc.position(self.path)[0])


class EntryReader:
    """Reads the files of one `content/` folder; collects problems instead of raising."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.problems: list[Problem] = []
        #: Ids of entries that failed validation: references to them are not reported again.
        self.invalid_ids: set[str] = set()
        self.fs = ContentFiles(root, self.file_problem)

    def display(self, path: Path) -> str:
        """The path editors see in messages: relative to the project folder."""
        try:
            return path.relative_to(self.root.parent).as_posix()
        except ValueError:
            return path.as_posix()

    def problem(self, doc: Document, path: YamlPath, field: str, message: str, entry: str | None = None) -> None:
        line, column = doc.position(path)
        self.problems.append(Problem(doc.file, line, column, field, message, entry))

    def file_problem(self, path: Path, message: str) -> None:
        self.problems.append(Problem(self.display(path), 1, 1, "", message))

    def read(self, path: Path, file_schema: dict[str, Any]) -> tuple[Document | None, set[YamlPath]]:
        """Parse and validate a file: the document (None if unreadable) and the
        top-level parts that failed validation: `()` for the whole file, `(i,)`
        for one entry of a list file, so its valid entries are still checked."""
        doc, problems = read_yaml(path, self.display(path))
        self.problems += problems
        if doc is None:
            return None, set()
        if doc.data is None:
            if file_schema.get("type") == "array" and _has_comment(path):
                # Only comments (a new area, or `rendicion init`'s commented model): nothing yet.
                # A file with nothing at all may be a save that failed, so it stays an error.
                return Document(doc.file, []), set()
            self.file_problem(path, "el archivo está vacío; se esperaba " + describe_schema(file_schema))
            return None, set()
        try:
            schema.compiled(file_schema)(doc.data)
            return doc, set()
        except fastjsonschema.JsonSchemaException:
            pass  # jsonschema, slower, then lists every problem with its path
        validator = jsonschema.Draft202012Validator(file_schema, format_checker=jsonschema.FormatChecker())
        # A file can hold millions of mistakes (a pasted column): the first ones
        # are listed, and the whole file set aside, in bounded time and memory.
        errors = list(itertools.islice(validator.iter_errors(doc.data), MAX_PROBLEMS_PER_FILE + 1))
        failed: set[YamlPath] = set()
        if len(errors) > MAX_PROBLEMS_PER_FILE:
            errors = errors[:MAX_PROBLEMS_PER_FILE]
            failed.add(())
            self.problems.append(Problem(doc.file, 1, 1, "", f"el archivo tiene más de {MAX_PROBLEMS_PER_FILE} "
                                         "problemas; se listan los primeros: corríjalos y vuelva a ejecutar check"))
            items = doc.data if isinstance(doc.data, list) else [doc.data]
            self.invalid_ids |= {i["id"] for i in items if isinstance(i, dict) and isinstance(i.get("id"), str)}
        for error in sorted(errors, key=lambda e: tuple(map(str, e.absolute_path))):
            self.problems += schema_problems(doc, error, MAX_PROBLEMS_PER_FILE)
            is_entry = isinstance(doc.data, list) and error.absolute_path
            failed.add((error.absolute_path[0],) if is_entry else ())
        for part in failed:
            # An invalid entry's id still exists for references: the editor
            # sees the entry's own problem, not a cascade of "unknown id".
            data = doc.data[part[0]] if part else doc.data
            if isinstance(data, dict) and isinstance(data.get("id"), str):
                self.invalid_ids.add(data["id"])
        return doc, failed

    def single_entries(self, folder: str, file_schema: dict[str, Any]) -> list[Entry]:
        entries = []
        for path in self.fs.yaml_files(self.root / folder, folder):
            doc, failed = self.read(path, file_schema)
            if doc is None or failed:
                continue
            entry = Entry(doc, (), doc.data)
            if entry.data["id"] != path.stem:
                self.problem(
                    doc, ("id",), "id",
                    f"el id «{entry.data['id']}» no coincide con el nombre del archivo; "
                    f"se esperaba «{path.stem}» (o renombre el archivo a {entry.data['id']}.yml)",
                )
            entries.append(entry)
        return entries

    def list_entries(self, path: Path, file_schema: dict[str, Any], optional: bool = False) -> list[Entry]:
        if optional and self.fs.kind(path)[0] == "missing":
            return []
        if not self.fs.need(path, "file", f"falta el archivo {path.name}"):
            return []
        doc, failed = self.read(path, file_schema)
        if doc is None or () in failed:
            return []
        return [Entry(doc, (index,), item) for index, item in enumerate(doc.data) if (index,) not in failed]

    def result_entries(self, groupings: tuple[Grouping, ...]) -> list[tuple[Entry, int]]:
        entries = []
        file_schema = schema.results_schema(groupings)
        for folder, year in self.fs.year_folders(self.root / "results"):
            for path in self.fs.yaml_files(folder, f"results/{folder.name}"):
                entries += [(entry, year) for entry in self.list_entries(path, file_schema)]
        return entries


def _has_comment(path: Path) -> bool:
    """Whether a file (already read once, so readable) holds a YAML comment line."""
    return any(line.lstrip().startswith("#") for line in path.read_text(encoding="utf-8", errors="replace").splitlines())
