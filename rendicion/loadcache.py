"""Loading `content/` again after an edit, re-reading only the files that changed.

The live preview reloads the whole folder on every save. Parsing and
validating every YAML file is most of a load (at 10,000 results, ~800 files),
and an edit touches one. `LoadCache` keeps each file's parse and validation
(the `Document`, what failed, the problems it raised) keyed by its path, its bytes'
hash and the schema it was checked against; `load_content`
then redoes everything that spans files (ids unique, references, series,
glossary) on the whole model, so the result is the one a fresh load gives:
the same `Content`, or the same problems in the same order. The results of
an unchanged results file are the last load's objects, so later steps can
tell an unchanged result by identity.

Nothing here imports MkDocs. Only the preview uses it: a build reads once.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path
from typing import Any

from .errors import ContentError, Problem
from .load import _gc_paused, _Loader
from .entries import Entry
from .model import Content, Grouping, Result
from .yamlfile import Document, YamlPath


@dataclass(frozen=True)
class _Read:
    """What `EntryReader.read` did for one file: its answer and its side effects."""

    key: tuple[Any, ...]
    doc: Document | None
    failed: frozenset[YamlPath]
    problems: tuple[Problem, ...]
    invalid_ids: frozenset[str]


@dataclass(frozen=True)
class _FileResults:
    """The results made from one parsed results file, and what they were made from."""

    doc: Document
    year: int
    data: list[Any]
    results: list[Result]


class LoadCache:
    """Per-file parse and validation results, kept between loads of one folder."""

    def __init__(self) -> None:
        self._reads: dict[Path, _Read] = {}
        #: Each results file's results, by the id of its parsed document (see `_CachedLoader.make_results`),
        #: and the groupings they were made for.
        self._files: dict[int, _FileResults] = {}
        self._groupings: tuple[Grouping, ...] | None = None
        #: How many files the last load parsed (the rest came from the cache).
        self.parsed = 0
        #: What results could name in the last load, if it had no problem (see `results_references`).
        self._known: dict[str, Any] | None = None

    def load(self, root: Path) -> Content:
        """`load_content(root)`, re-reading only the files changed since the last call."""
        loader = _CachedLoader(Path(root), self)
        self.parsed = 0
        with _gc_paused():
            content = loader.load()
        # Files that vanished are dropped, so the cache never outgrows the folder.
        self._reads = {path: read for path, read in self._reads.items() if path in loader.seen}
        self._files, self._groupings = loader.files, loader.groupings
        self._known = None if loader.problems else loader.known
        if loader.problems:
            raise ContentError(loader.problems)
        assert content is not None
        return content


class _CachedLoader(_Loader):
    """The loader, with `read` answered from the cache when the file is unchanged."""

    def __init__(self, root: Path, cache: LoadCache) -> None:
        super().__init__(root)
        self.cache = cache
        self.seen: set[Path] = set()
        self._fingerprints: dict[int, str] = {}
        self.files: dict[int, _FileResults] = {}
        self.groupings: tuple[Grouping, ...] | None = None
        #: The results taken unchanged from the last load (by id()), and what results could name now.
        self.kept: set[int] = set()
        self.known: dict[str, Any] | None = None

    def make_results(self, result_entries: list[tuple[Entry, int]], groupings: tuple[Grouping, ...]) -> list[Result]:
        """The results of a file read from the cache unchanged are the last load's objects (the
        plan's and downloads' memos then know them at once); the others are made anew.
        A file whose results raised a problem is never kept: its problems must be raised again."""
        self.groupings = groupings
        same_groupings = self.cache._groupings is not None and self.cache._groupings == groupings
        results: list[Result] = []
        # Each file's entries come together, in order.
        for _, file_entries in groupby(result_entries, key=lambda pair: id(pair[0].doc)):
            run = list(file_entries)
            doc, year = run[0][0].doc, run[0][1]
            data = [entry.data for entry, _ in run]
            kept = self.cache._files.get(id(doc))
            if same_groupings and kept is not None and kept.doc is doc and kept.year == year and kept.data == data:
                made, keep = kept.results, True
                self.kept.update(map(id, made))
            else:
                problems = len(self.problems)
                made = [self.result(entry, entry_year, groupings) for entry, entry_year in run]
                keep = len(self.problems) == problems
            if keep:
                self.files[id(doc)] = _FileResults(doc, year, data, made)
            results += made
        return results

    def results_references(self, result_entries: list[tuple[Entry, int]], results: list[Result],
                           known: dict[str, Any], groupings: tuple[Grouping, ...]) -> None:
        """A result kept from the last load names what it named then: when that load had no
        problem and the same areas, members and partners exist, it needs no check again."""
        self.known = known
        if self.cache._known is None or self.cache._known != known:
            super().results_references(result_entries, results, known, groupings)
            return
        for (entry, _), result in zip(result_entries, results):
            if id(result) not in self.kept:
                self.result_references(entry, result, known, groupings)

    def read(self, path: Path, file_schema: dict[str, Any]) -> tuple[Document | None, set[YamlPath]]:
        self.seen.add(path)
        key = self._key(path, file_schema)
        cached = self.cache._reads.get(path)
        if key is not None and cached is not None and cached.key == key:
            # Replay the side effects a fresh read has, in the same order.
            self.problems += cached.problems
            self.invalid_ids |= cached.invalid_ids
            return cached.doc, set(cached.failed)
        # This file's own invalid ids, even those another file already set aside.
        problems_before, invalid_before = len(self.problems), self.invalid_ids
        self.invalid_ids = set()
        try:
            doc, failed = super().read(path, file_schema)
        finally:
            added, self.invalid_ids = self.invalid_ids, invalid_before | self.invalid_ids
        self.cache.parsed += 1
        if key is not None:
            self.cache._reads[path] = _Read(key, doc, frozenset(failed), tuple(self.problems[problems_before:]),
                                            frozenset(added))
        return doc, failed

    def _key(self, path: Path, file_schema: dict[str, Any]) -> tuple[Any, ...] | None:
        """What a read depends on: the file's bytes and the schema; None if unreadable.

        The bytes, not the size and modification time: file times tick every few
        milliseconds, so two quick saves of the same length could look alike.
        Hashing every file costs ~20 ms at 10,000 results."""
        try:
            digest = hashlib.blake2b(path.read_bytes(), digest_size=20).digest()
        except OSError:
            return None  # the read reports why; nothing is cached
        fingerprint = self._fingerprints.get(id(file_schema))
        if fingerprint is None:
            fingerprint = json.dumps(file_schema, sort_keys=True, default=repr)
            self._fingerprints[id(file_schema)] = fingerprint
        return (digest, fingerprint)
