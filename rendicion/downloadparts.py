"""Each result's pieces of the downloads, made once and joined into every file that holds them.

A result appears in the site's CSV and feed, its area's and each of its
members'. `DownloadParts` makes its CSV row, its `resultados.json` object and
its Atom entries once per build, as bytes, and each file is a join of them
(byte for byte the files the whole-file functions of `tables`, `feeds` and
`resultsjson` write: `tests/test_downloads_identical.py`).

In the preview (`mkdocs serve`), a `DownloadMemo` keeps those pieces from one
build to the next. A piece is reused only when everything it was made from
compares equal: the frozen `Result` itself, its page's URL and, for feed
entries, its changes in the record; everything else it reads (the site, areas,
groupings, members, partners, the publication, whether there is a record) is
the memo's `context`, and any change there starts the memo afresh. So after an
edit to one result only that result's pieces are made again.
"""

from __future__ import annotations

import json
from typing import Any, Iterable

from .feeds import EntryIndex, ResultEntries, atom_document, atom_entry, json_feed
from .atomxml import encode
from .history import History
from .model import Content, Result
from .pages import PagePlan, relative_url
from .publication import Publication
from .resultsjson import References, document_parts, result_json
from .tables import RowWriter, result_columns, result_values

#: A piece and what it was made from: (result, its URL) -> bytes.
Piece = tuple[tuple[Result, str], bytes]


class DownloadMemo:
    """What one preview session keeps of the downloads between rebuilds (`build_downloads(memo=)`).

    Create one per `serve` session; a normal build passes none. It holds the
    last build's pieces by result id, so it never grows past one build's worth.
    """

    def __init__(self) -> None:
        #: What every piece also depends on besides its result (see the module's docstring).
        self.context: tuple[Any, ...] | None = None
        self.rows: dict[str, Piece] = {}
        self.objects: dict[str, Piece] = {}
        self.entries: dict[str, ResultEntries] = {}


def _context(content: Content, plan: PagePlan, publication: Publication, history: History | None) -> tuple[Any, ...]:
    dated = history is not None and history.available
    return (content.site, content.areas, content.groupings, dict(content.members), content.partners, publication,
            plan.get("changes").url, dated, history.content_date if dated and history else None)


class DownloadParts:
    """One build's pieces of the downloads (see the module's docstring); `memo`: the preview's."""

    def __init__(self, content: Content, plan: PagePlan, publication: Publication, history: History | None,
                 memo: DownloadMemo | None = None) -> None:
        self.content = content
        self.plan = plan
        self.publication = publication
        context = _context(content, plan, publication, history) if memo is not None else None
        previous = memo if memo is not None and memo.context == context else DownloadMemo()
        self._memo, self._context = memo, context
        self._rows_before, self._objects_before = previous.rows, previous.objects
        self._rows: dict[str, Piece] = {}
        self._objects: dict[str, Piece] = {}
        self.entries = EntryIndex(content, plan, history, previous.entries)
        self._writer = RowWriter(result_columns(content.groupings))
        self._refs = References(content)

    def keep(self) -> None:
        """Hand this build's pieces to the memo, for the next build (the last build's are dropped)."""
        if self._memo is not None:
            self._memo.context = self._context
            self._memo.rows, self._memo.objects = self._rows, self._objects
            self._memo.entries = self.entries.made

    # -- CSV -----------------------------------------------------------------------

    def results_csv(self, results: Iterable[Result]) -> bytes:
        """`tables.results_csv` of `results`, from each result's row."""
        return self._writer.header + b"".join(self._piece(self._rows, self._rows_before, r, self._row) for r in results)

    def _row(self, r: Result) -> bytes:
        return self._writer.row(result_values(self.content, self.plan, self.publication, r, self._writer.names))

    def _piece(self, made: dict[str, Piece], before: dict[str, Piece], r: Result, make: Any) -> bytes:
        piece = made.get(r.id)
        if piece is not None and piece[0][0] is r:  # already made in this build
            return piece[1]
        key = (r, self.plan.result_url(r))
        piece = before.get(r.id)
        if piece is None or piece[0] != key:
            piece = (key, make(r))
        made[r.id] = piece
        return piece[1]

    # -- JSON ----------------------------------------------------------------------

    def results_json(self) -> bytes:
        """`resultados.json`: `json_bytes(results_document(...), compact=True)`, from each result's object."""
        head, tail = document_parts(self.content, self.plan, self.publication)
        objects = [self._piece(self._objects, self._objects_before, r, self._object) for r in self.content.results]
        # Compact JSON of a dict is "{" + its members joined by "," + "}": the results' list
        # goes between the members before it and those after it.
        return b"".join([b"{", _dumps(head)[1:-1], b',"results":[', b",".join(objects), b"],",
                         _dumps(tail)[1:-1], b"}\n"])

    def _object(self, r: Result) -> bytes:
        return _dumps(result_json(self.content, self._refs, self.plan, self.publication, r))

    # -- Feeds ---------------------------------------------------------------------

    def atom_feed(self, results: Iterable[Result], feed_path: str, title: str, retired: bool = False) -> bytes:
        """`feeds.atom_feed` of `results`, from each entry's `<entry>`."""
        ranked = self.entries.ranked(results, retired)
        site_url = self.publication.site_url
        # Absolute links are the same in every feed; relative ones depend on where the feed is.
        base = site_url or feed_path
        dated = self.entries.dated
        pieces = []
        for made, i in ranked:
            piece = made.atom.get((i, base))
            if piece is None:
                entry = made.entries[i]
                href = self.publication.url(entry.path) if site_url else relative_url(feed_path, entry.path)
                piece = made.atom[(i, base)] = encode(atom_entry(self.content, entry, href, dated))
            pieces.append(piece)
        updated = max((made.entries[i].date for made, i in ranked), default=None)
        return atom_document(self.content, self.publication, feed_path, title, updated, pieces)

    def json_feed(self, results: Iterable[Result], feed_path: str, title: str, history: History | None,
                  retired: bool = False) -> bytes:
        """`feeds.json_feed`, with the entries the Atom feeds share."""
        return json_feed(self.content, self.plan, self.publication, results, feed_path, title, history, retired,
                         entries=self.entries.entries(results, retired))


def _dumps(document: Any) -> bytes:
    """As `publication.json_bytes(compact=True)`, without its final line feed."""
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
