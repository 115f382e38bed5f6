"""Loading `content/` again after an edit, re-reading only the files that changed.

The live preview reloads the whole folder on every save. Parsing and
validating every YAML file is most of a load (at 10,000 results, ~800 files),
and an edit touches one. `LoadCache` keeps each file's parse and validation
(the `Document`, what failed, the problems it raised) keyed by its path, its bytes'
hash and the schema it was checked against; `load_content`
then redoes everything that spans files (ids unique, references, series,
glossary) on the whole model, so the result is the one a fresh load gives:
the same `Content`, or the same problems in the same order.

Nothing here imports MkDocs. Only the preview uses it: a build reads once.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
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


class LoadCache:
    """Per-file parse and validation results, kept between loads of one folder."""

    def __init__(self) -> None:
        self._reads: dict[Path, _Read] = {}
        #: Each result made from an unchanged entry, by the id of the entry's data (see `_CachedLoader.result`).
        self._results: dict[int, tuple[Any, Any, tuple[Any, ...], int, tuple[Grouping, ...], Result]] = {}
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
        self._results = loader.results
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
        self.results: dict[int, tuple[Any, Any, tuple[Any, ...], int, tuple[Grouping, ...], Result]] = {}
        #: The results taken unchanged from the last load (by id()), and what results could name now.
        self.kept: set[int] = set()
        self.known: dict[str, Any] | None = None

    def result(self, entry: Entry, year: int, groupings: tuple[Grouping, ...]) -> Result:
        """The same `Result` object as the last load when its entry came from the cache
        unchanged (the downloads' memo then knows it at once), else made anew. A result
        whose making raised a problem is never kept: its problems must be raised again."""
        kept = self.cache._results.get(id(entry.data))
        if (kept is not None and kept[0] is entry.data and kept[1] is entry.doc and kept[2] == entry.path
                and kept[3] == year and kept[4] == groupings):
            made = kept[5]
            self.kept.add(id(made))
        else:
            problems = len(self.problems)
            made = super().result(entry, year, groupings)
            if len(self.problems) != problems:
                return made
        self.results[id(entry.data)] = (entry.data, entry.doc, entry.path, year, groupings, made)
        return made

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
