"""Feeds of the public record (Atom and JSON Feed) so readers can follow what changes.

With the git history (`history.py`), there is one entry per change: a new
result, a status, progress or figure that changed, a corrected text, a note of
the team. Each is dated by its commit (Atom `updated` and `published`, JSON
Feed `date_published` and `date_modified`), titled by what happened
(«Cambió el estado: …», «Corrección del texto: …», «Nuevo resultado: …») and
links to the result. Without history (a copy published without `.git`), one
entry per result, dated by the result's `date`, or by the last day of its year
when the report gives none (documented on the data page).

Ids are `urn:uuid`s derived from the institution and what the entry is about:
stable across builds and independent of where the site is published. A
result's first publication keeps the id its one entry had before the feeds
carried changes, so readers do not see every result again; any other change
is keyed by result, commit, kind, field (and which amount of a figure). At
most `FEED_LIMIT` entries, the newest first.

Every text that goes into a feed passes through `feed_text` first, so the
feeds stay well-formed whatever the content holds (the loader refuses control
characters too; this is the second line of defence). This module never
imports `exports` nor `downloadparts` (which import it): it takes the `History`
as an argument, and `EntryIndex` lets `downloadparts` share a result's entries
between the feeds of one build and, in the preview, between builds.
"""

from __future__ import annotations

import datetime
import hashlib
import re
import heapq
import uuid
from collections import defaultdict
from dataclasses import dataclass
from typing import Callable, Iterable, Mapping

from . import atomxml, changetext
from .history import Change, History
from .localeformat import LocaleFormat
from .model import Content, Result
from .richtext import to_plain
from .pages import PagePlan, relative_url
from .publication import Publication, json_bytes

FEED_LIMIT = 500

#: What XML 1.0 forbids (outside its `Char` production): C0 controls but tab,
#: LF and CR; U+FFFE and U+FFFF; surrogates, which in a Python string are
#: always lone halves. Lone surrogates cannot be encoded as UTF-8 either.
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def feed_text(text: str) -> str:
    """`text` without the characters XML 1.0 forbids (see `_NOT_XML`), for both feeds.

    Those characters are dropped, not replaced: they carry no meaning for a
    reader, and an XML parser refuses the whole feed for a single one. The
    JSON Feed gets the same text so that both feeds say the same thing, and
    so that lone surrogates never reach the UTF-8 encoder. Markup (`<`, `&`,
    `]]>`, quotes) is kept: the serialisers escape it.
    """
    return _NOT_XML.sub("", text)


def entry_date(result: Result) -> datetime.date:
    """When a result counts as published without history: its date, else the last day of its year."""
    return result.date or datetime.date(result.year, 12, 31)


def feed_results(results: Iterable[Result], limit: int = FEED_LIMIT) -> list[Result]:
    """The newest results first (ties keep content order), at most `limit`."""
    ordered = sorted(enumerate(results), key=lambda pair: (-entry_date(pair[1]).toordinal(), pair[0]))
    return [result for _, result in ordered[:limit]]


def entry_id(content: Content, result: Result) -> str:
    """A stable `urn:uuid` for a result's entry, the same in every build and at every address."""
    return _urn(content, result.id)


def change_id(content: Content, change: Change, first: bool = False) -> str:
    """A stable `urn:uuid` for one change. `first`: the result's first publication, which keeps
    the result's own id (`entry_id`)."""
    if first:
        return _urn(content, change.result_id)
    if change.kind == "nota":  # notes have no commit: their day and text say which one
        digest = hashlib.sha256((change.note or "").encode("utf-8", "replace")).hexdigest()[:16]
        which = f"{change.date.isoformat()}#{digest}"
    else:
        which = f"{change.commit}#{change.kind}#{change.field or ''}#{change.note or ''}"
    return _urn(content, f"{change.result_id}#{which}")


def _urn(content: Content, key: str) -> str:
    # feed_text: a lone surrogate in the name cannot be hashed (no UTF-8 for it);
    # any name the loader accepts is unchanged, so ids stay what they were.
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'{feed_text(content.site.institution.name)}#{feed_text(key)}')}"


@dataclass(frozen=True)
class Entry:
    """One entry of both feeds."""

    id: str
    title: str
    date: datetime.date
    path: str  # site-relative link
    summary: str
    result: Result | None  # for its categories; None for a result since removed


def feed_entries(content: Content, plan: PagePlan, results: Iterable[Result], history: History | None = None,
                 retired: bool = False, limit: int = FEED_LIMIT) -> list[Entry]:
    """The entries for `results`, newest first: one per change with history, else one per result.
    `retired`: also the changes of results no longer published (the site-wide feeds)."""
    return EntryIndex(content, plan, history).entries(results, retired, limit)


class ResultEntries:
    """One result's entries, what they were made from (`key`), and their Atom text per link base."""

    __slots__ = ("key", "entries", "atom")

    def __init__(self, key: tuple[object, ...], entries: list[Entry]) -> None:
        self.key = key
        self.entries = entries
        #: (entry's index, link base: the site's address, or the feed's path when links are relative)
        #: -> the entry's `<entry>`, encoded; filled by `downloadparts`.
        self.atom: dict[tuple[int, str], bytes] = {}


class EntryIndex:
    """Every result's feed entries, made once per build and shared by every feed that lists it.

    A result's entries depend on the result, its changes, its URL and the site
    (which the caller checks before passing `previous`: `downloadparts.DownloadMemo`);
    a feed only picks its results' entries and orders them. With `previous`,
    the last build's `made`, a result whose inputs compare equal keeps its entries.
    """

    def __init__(self, content: Content, plan: PagePlan, history: History | None,
                 previous: Mapping[str, ResultEntries] | None = None) -> None:
        self.content = content
        self.plan = plan
        self.history = history if history is not None and history.available else None
        self.previous: Mapping[str, ResultEntries] = previous or {}
        #: This build's entries, by result id (what a memo keeps for the next build).
        self.made: dict[str, ResultEntries] = {}
        self._fmt = LocaleFormat.of(content.site.locale)
        self._names = changetext.field_names({g.id: g.short_plural for g in content.groupings})
        # Each result's changes with their place in the newest-first record, in one pass
        # (a feed used to walk the whole record to find its results' changes).
        self._changes: dict[str, list[tuple[int, Change]]] = defaultdict(list)
        if self.history is not None:
            for position, change in enumerate(self.history.latest()):
                self._changes[change.result_id].append((position, change))
        self._retired: list[str] | None = None
        self._ranked: dict[str, list[tuple[int, int, int, ResultEntries, int]]] = {}

    @property
    def dated(self) -> bool:
        """Whether entries are dated by the record of changes (Atom also says `published`)."""
        return self.history is not None

    def of(self, result_id: str, result: Result | None) -> ResultEntries:
        """The entries of one result (None: one since removed), in the record's newest-first order."""
        made = self.made.get(result_id)
        if made is not None:  # one build passes the same inputs for an id (retired ids have no result)
            return made
        history = self.history
        url = self.plan.result_url(result) if result is not None else None
        if history is None:
            key: tuple[object, ...] = (result, url)
        else:
            key = (result, url, tuple(c for _, c in self._changes.get(result_id, ())),
                   history.is_current(result_id), None if result is not None else history.title_of(result_id))
        made = self.previous.get(result_id)
        if made is None or made.key != key:
            made = ResultEntries(key, self._make(result_id, result))
        self.made[result_id] = made
        return made

    def _make(self, result_id: str, result: Result | None) -> list[Entry]:
        content, plan, history = self.content, self.plan, self.history
        if history is None:
            assert result is not None
            return [Entry(entry_id(content, result), result.title, entry_date(result), plan.result_url(result),
                          _summary(result), result)]
        changes = self._changes.get(result_id)
        if not changes:  # in no commit yet: one entry, dated as the content
            assert result is not None
            day = history.first_published(result.id) or entry_date(result)
            return [Entry(entry_id(content, result), f"Nuevo resultado: {result.title}", day,
                          plan.result_url(result), _summary(result), result)]
        return [_change_entry(content, plan, history, change, result, self._fmt, self._names)
                for _, change in changes]

    def entries(self, results: Iterable[Result], retired: bool = False, limit: int = FEED_LIMIT) -> list[Entry]:
        """The entries for `results`, newest first, at most `limit` (see `feed_entries`)."""
        return [made.entries[i] for made, i in self.ranked(results, retired, limit)]

    def ranked(self, results: Iterable[Result], retired: bool = False,
               limit: int = FEED_LIMIT) -> list[tuple[ResultEntries, int]]:
        """A feed's entries, newest first, as (result's entries, index): at most `limit`.

        Without history: by the result's date, ties in the order of `results`.
        With it: by day, a day's changes in the record's order, then the
        results in no commit yet in the order of `results`.
        """
        listed = list(results)
        # (newest first, a recorded change before a result in no commit, position or index, …):
        # the first three are unique, so tuples sort without ever comparing the entries.
        ranked: list[tuple[int, int, int, ResultEntries, int]] = []
        if self.history is None:
            for index, result in enumerate(listed):
                made = self.of(result.id, result)
                ranked.append((-made.entries[0].date.toordinal(), 1, index, made, 0))
        else:
            wanted = {r.id: r for r in listed}
            ids: list[str] = list(wanted)
            if retired:
                ids += [rid for rid in self._retired_ids() if rid not in wanted]
            for index, rid in enumerate(ids):
                recorded = self._ranked.get(rid)
                if recorded is None:
                    recorded = self._ranked[rid] = self._recorded(rid, wanted.get(rid))
                if recorded:
                    ranked += recorded
                else:
                    made = self.of(rid, wanted.get(rid))
                    ranked.append((-made.entries[0].date.toordinal(), 1, index, made, 0))
        return [(made, i) for _, _, _, made, i in heapq.nsmallest(limit, ranked)]

    def _recorded(self, rid: str, result: Result | None) -> list[tuple[int, int, int, ResultEntries, int]]:
        """A result's recorded changes as a feed ranks them (the same in every feed of a build)."""
        positions = self._changes.get(rid)
        if not positions:
            return []
        made = self.of(rid, result)
        return [(-entry.date.toordinal(), 0, position, made, i)
                for i, ((position, _), entry) in enumerate(zip(positions, made.entries))]

    def _retired_ids(self) -> list[str]:
        """Results in the record that the content no longer has."""
        if self._retired is None:
            assert self.history is not None
            self._retired = [rid for rid in self._changes if not self.history.is_current(rid)]
        return self._retired


def _change_entry(content: Content, plan: PagePlan, history: History, change: Change, result: Result | None,
                  fmt: LocaleFormat, names: dict[str, str]) -> Entry:
    title = result.title if result else (history.title_of(change.result_id) or change.result_id)
    path = plan.result_url(result) if result else plan.get("changes").url
    first = change.kind == "publicado" and next(
        (c for c in history.changes_of(change.result_id) if c.kind == "publicado"), None) == change
    if change.kind == "publicado":
        heading, summary = "Nuevo resultado", _summary(result) if result else title
    else:
        heading, summary = changetext.heading(change, names), changetext.summary(change, fmt, names)
    return Entry(change_id(content, change, first), f"{heading}: {title}", change.date, path, summary, result)


def atom_entry(content: Content, item: Entry, href: str, dated: bool) -> str:
    """One `<entry>` of an Atom feed, indented as in the feed; `href`: the link to it as the feed writes it."""
    timestamp = _timestamp(item.date)
    parts = ["  <entry>\n", atomxml.leaf(2, "title", feed_text(item.title)), atomxml.leaf(2, "id", feed_text(item.id)),
             atomxml.leaf(2, "updated", timestamp)]
    if dated:
        parts.append(atomxml.leaf(2, "published", timestamp))
    parts.append(atomxml.empty(2, "link", ("rel", "alternate"), ("type", "text/html"), ("href", feed_text(href))))
    if item.result is not None:
        area = content.area(item.result.area)
        parts.append(atomxml.empty(2, "category", ("term", feed_text(area.id)), ("label", feed_text(area.name))))
        for g in content.groupings:
            for member_id in item.result.memberships[g.id]:
                label = g.label(content.member(g.id, member_id))
                parts.append(atomxml.empty(2, "category", ("term", feed_text(member_id)), ("label", feed_text(label))))
    parts.append(atomxml.leaf(2, "summary", feed_text(item.summary), ("type", "text")))
    parts.append("  </entry>\n")
    return "".join(parts)


def atom_document(content: Content, publication: Publication, feed_path: str, title: str,
                  updated: datetime.date | None, entries: Iterable[bytes]) -> bytes:
    """A whole Atom feed around `entries` (from `atom_entry`, encoded); `updated`: its newest entry's day."""
    link = _linker(publication, feed_path)
    head = "".join([
        atomxml.feed_start(content.site.language),
        atomxml.leaf(1, "title", feed_text(title)),
        atomxml.leaf(1, "id", feed_text(_urn(content, feed_path))),
        atomxml.leaf(1, "updated", _timestamp(updated)),
        atomxml.empty(1, "link", ("rel", "self"), ("href", feed_text(link(feed_path)))),
        atomxml.empty(1, "link", ("rel", "alternate"), ("type", "text/html"), ("href", feed_text(link("")))),
        "  <author>\n", atomxml.leaf(2, "name", feed_text(content.site.institution.name)), "  </author>\n",
    ])
    return b"".join([atomxml.encode(head), *entries, atomxml.FEED_END.encode()])


def atom_feed(content: Content, plan: PagePlan, publication: Publication, results: Iterable[Result],
              feed_path: str, title: str, history: History | None = None, retired: bool = False) -> bytes:
    """An Atom 1.0 feed of `results` (of their changes, with `history`); links are absolute
    when the site's address is known. Always well-formed XML: every text and attribute
    goes through `feed_text`. (`downloadparts` makes the site's feeds from shared entries.)
    """
    index = EntryIndex(content, plan, history)
    entries = index.entries(results, retired)
    link = _linker(publication, feed_path)
    return atom_document(content, publication, feed_path, title, max((e.date for e in entries), default=None),
                         [atomxml.encode(atom_entry(content, e, link(e.path), index.dated)) for e in entries])


def json_feed(content: Content, plan: PagePlan, publication: Publication, results: Iterable[Result],
              feed_path: str, title: str, history: History | None = None, retired: bool = False,
              entries: list[Entry] | None = None) -> bytes:
    """The same entries as a JSON Feed 1.1, with the same texts as the Atom feed (see `feed_text`).
    `entries`: the feed's entries when the caller already has them (`feed_entries`)."""
    link = _linker(publication, feed_path)
    dated = history is not None and history.available
    if entries is None:
        entries = feed_entries(content, plan, results, history, retired)
    document = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": feed_text(title),
        "home_page_url": link(""),
        "feed_url": link(feed_path),
        "language": content.site.language,
        "authors": [{"name": feed_text(content.site.institution.name)}],
        "items": [
            {
                "id": item.id,
                "url": link(item.path),
                "title": feed_text(item.title),
                "content_text": feed_text(item.summary),
                "date_published": _timestamp(item.date),
                **({"date_modified": _timestamp(item.date)} if dated else {}),
                "tags": _tags(content, item.result),
            }
            for item in entries
        ],
    }
    # Compact: the C encoder (see publication.json_bytes); feed readers do not care.
    return json_bytes(document, compact=True)


def _tags(content: Content, result: Result | None) -> list[str]:
    if result is None:
        return []
    return [feed_text(content.area(result.area).short_name)] + [
        feed_text(g.label(content.member(g.id, m))) for g in content.groupings for m in result.memberships[g.id]]


def _linker(publication: Publication, feed_path: str) -> Callable[[str], str]:
    """Absolute links when the address is known; else relative to the feed file."""
    if publication.site_url:
        return publication.url
    return lambda path: relative_url(feed_path, path)


def _summary(result: Result) -> str:
    # Feeds carry plain text: a reader must not see Markdown (nor render links we did not check).
    return "\n".join([to_plain(result.text), *(f"- {item}" for item in result.items)])


def _timestamp(day: datetime.date | None) -> str:
    return f"{(day or datetime.date(1970, 1, 1)).isoformat()}T00:00:00Z"
