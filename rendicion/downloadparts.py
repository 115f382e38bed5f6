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
edit to one result only that result's pieces are made again; and an area's or
member's file that lists the same results as before, none of them made again,
keeps its bytes (with the same record of changes, which orders the feeds), so
only the site-wide files and those of the edited result's area and members are
joined anew.
"""

from __future__ import annotations

from typing import Any, Callable, Iterable

from .atomxml import encode
from .feeds import EntryIndex, ResultEntries, atom_document, atom_entry, json_feed
from .history import Change, History
from .model import Content, Result
from .pages import PagePlan, relative_url
from .publication import Publication, json_bytes
from .resultsjson import References, document_parts, result_json
from .tables import FIGURE_COLUMNS, RowWriter, figure_values, result_columns, result_values

class ResultPieces:
    """One result's CSV row, figure rows and JSON object (each made when first asked for), and
    what they were made from: (the result, its page's URL)."""

    __slots__ = ("key", "row", "figures", "object")

    def __init__(self, key: tuple[Result, str]) -> None:
        self.key = key
        self.row: bytes | None = None
        self.figures: bytes | None = None
        self.object: bytes | None = None


class DownloadMemo:
    """What one preview session keeps of the downloads between rebuilds (`build_downloads(memo=)`).

    Create one per `serve` session; a normal build passes none. It holds the
    last build's pieces by result id, so it never grows past one build's worth.
    """

    def __init__(self) -> None:
        #: What every piece also depends on besides its result (see the module's docstring).
        self.context: tuple[Any, ...] | None = None
        self.pieces: dict[str, ResultPieces] = {}
        self.entries: dict[str, ResultEntries] = {}
        #: The record of changes the feeds were ranked by (None: no record).
        self.changes: tuple[Change, ...] | None = None
        #: An area's or member's file by path: (what it lists, its title), and its bytes.
        self.files: dict[str, tuple[tuple[Any, ...], bytes]] = {}


def _context(content: Content, plan: PagePlan, publication: Publication, history: History | None) -> tuple[Any, ...]:
    dated = history is not None and history.available
    return (content.site, content.areas, content.groupings, dict(content.members), content.partners, publication,
            plan.get("changes").url, dated, history.content_date if dated and history else None)


class DownloadParts:
    """One build's pieces of the downloads (see the module's docstring); `memo`: the preview's."""

    def __init__(self, content: Content, plan: PagePlan, publication: Publication, history: History | None,
                 memo: DownloadMemo | None = None, changed: frozenset[str] | None = None) -> None:
        self.content = content
        self.plan = plan
        self.publication = publication
        context = _context(content, plan, publication, history) if memo is not None else None
        previous = memo if memo is not None and memo.context == context else DownloadMemo()
        self._memo, self._context = memo, context
        self._before = previous.pieces
        #: This build's pieces by result id (one build has one `Result` per id).
        self._pieces: dict[str, ResultPieces] = {}
        self.entries = EntryIndex(content, plan, history, previous.entries)
        self._writer = RowWriter(result_columns(content.groupings))
        self._figure_writer = RowWriter(FIGURE_COLUMNS)
        self._refs = References(content)
        self._changes = history.changes if history is not None and history.available else None
        self._files: dict[str, tuple[tuple[Any, ...], bytes]] = {}
        self._files_before: dict[str, tuple[tuple[Any, ...], bytes]] = {}
        #: Results whose pieces or entries were made anew in this build: the files listing them are too.
        self._remade: set[str] = set()
        if previous.files and previous.changes == self._changes:
            # A feed ranks its entries by their place in the record: with another record, every feed is made anew.
            self._files_before = previous.files
            if changed is not None:
                # The preview tells which results an edit changed (`editimpact.changed_results`):
                # every other one equals the memo's, so its pieces and entries are the memo's.
                self._pieces = {i: p for i, p in previous.pieces.items() if i not in changed}
                self.entries.made.update((i, e) for i, e in previous.entries.items() if i not in changed)
                self._remade = set(changed)
            else:
                for r in content.results:
                    if self._of(r) is not previous.pieces.get(r.id) \
                            or self.entries.of(r.id, r) is not previous.entries.get(r.id):
                        self._remade.add(r.id)

    def keep(self) -> None:
        """Hand this build's pieces to the memo, for the next build (the last build's are dropped)."""
        if self._memo is not None:
            self._memo.context = self._context
            self._memo.pieces = self._pieces
            self._memo.entries = self.entries.made
            self._memo.changes = self._changes
            self._memo.files = self._files

    def listed_csv(self, path: str, results: tuple[Result, ...]) -> bytes:
        """An area's or member's CSV (`results_csv`), kept from the last build when it can be (`_listing`)."""
        return self._listing(path, "", results, lambda: self.results_csv(results))

    def listed_feed(self, path: str, results: tuple[Result, ...], title: str) -> bytes:
        """An area's or member's Atom feed (`atom_feed`), kept from the last build when it can be (`_listing`)."""
        return self._listing(path, title, results, lambda: self.atom_feed(results, path, title))

    def _listing(self, path: str, title: str, results: tuple[Result, ...], make: Callable[[], bytes]) -> bytes:
        """The last build's bytes of `path` when it lists the same results, none of them made
        anew, under the same title (the rest is the memo's context); else `make()`. An edit
        to one result then remakes only the files of its area and members, and the site's."""
        signature = (tuple(r.id for r in results), title)
        before = self._files_before.get(path)
        if before is not None and before[0] == signature and self._remade.isdisjoint(signature[0]):
            data = before[1]
        else:
            data = make()
        self._files[path] = (signature, data)
        return data

    def _of(self, r: Result) -> ResultPieces:
        """`r`'s pieces: the last build's when it was made from an equal result at the same URL."""
        pieces = self._pieces.get(r.id)
        if pieces is None:
            key = (r, self.plan.result_url(r))
            pieces = self._before.get(r.id)
            if pieces is None or pieces.key != key:
                pieces = ResultPieces(key)
            self._pieces[r.id] = pieces
        return pieces

    # -- CSV -----------------------------------------------------------------------

    def results_csv(self, results: Iterable[Result]) -> bytes:
        """`tables.results_csv` of `results`, from each result's row."""
        return self._writer.header + b"".join([self._row(r) for r in results])

    def _row(self, r: Result) -> bytes:
        pieces = self._of(r)
        if pieces.row is None:
            pieces.row = self._writer.row(result_values(self.content, self.plan, self.publication, r,
                                                        self._writer.names))
        return pieces.row

    def figures_csv(self) -> bytes:
        """`tables.figures_csv`, from each result's rows."""
        return self._figure_writer.header + b"".join([self._figure_rows(r) for r in self.content.results])

    def _figure_rows(self, r: Result) -> bytes:
        pieces = self._of(r)
        if pieces.figures is None:
            pieces.figures = b"".join(self._figure_writer.row(values)
                                      for values in figure_values(self.plan, self.publication, r))
        return pieces.figures

    # -- JSON ----------------------------------------------------------------------

    def results_json(self) -> bytes:
        """`resultados.json`: `json_bytes(results_document(...), compact=True)`, from each result's object."""
        head, tail = document_parts(self.content, self.plan, self.publication)
        objects = [self._object(r) for r in self.content.results]
        # Compact JSON of a dict is "{" + its members joined by "," + "}": the results' list
        # goes between the members before it and those after it.
        return b"".join([b"{", _dumps(head)[1:-1], b',"results":[', b",".join(objects), b"],",
                         _dumps(tail)[1:-1], b"}\n"])

    def _object(self, r: Result) -> bytes:
        pieces = self._of(r)
        if pieces.object is None:
            pieces.object = _dumps(result_json(self.content, self._refs, self.plan, self.publication, r))
        return pieces.object

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
    """`publication.json_bytes(compact=True)` without its final line feed (a piece of a document)."""
    return json_bytes(document, compact=True)[:-1]
