"""FROZEN REFERENCE for tests/test_downloads_identical.py: rendicion/feeds.py as it was before
the Atom feeds were written without ElementTree (commit 8793478). Do not edit.

Feeds of the public record (Atom and JSON Feed) so readers can follow what changes.

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
imports `exports` (which imports it): it takes the `History` as an argument.
"""

from __future__ import annotations

import datetime
import hashlib
import re
import uuid
from dataclasses import dataclass
from typing import Callable, Iterable
from xml.etree import ElementTree as ET

from rendicion import changetext
from rendicion.history import Change, History
from rendicion.localeformat import LocaleFormat
from rendicion.model import Content, Result
from rendicion.richtext import to_plain
from rendicion.pages import PagePlan, relative_url
from rendicion.publication import Publication, json_bytes

FEED_LIMIT = 500
ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

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
    if history is None or not history.available:
        return [Entry(entry_id(content, r), r.title, entry_date(r), plan.result_url(r), _summary(r), r)
                for r in feed_results(results, limit)]
    fmt = LocaleFormat.of(content.site.locale)
    names = changetext.field_names({g.id: g.short_plural for g in content.groupings})
    wanted = {r.id: r for r in results}
    entries: list[Entry] = []
    seen: set[str] = set()
    for change in history.latest():
        result = wanted.get(change.result_id)
        if result is None and not (retired and not history.is_current(change.result_id)):
            continue
        seen.add(change.result_id)
        entries.append(_change_entry(content, plan, history, change, result, fmt, names))
    # Results in no commit yet: one entry each, dated as the content.
    for result in wanted.values():
        if result.id not in seen:
            day = history.first_published(result.id) or entry_date(result)
            entries.append(Entry(entry_id(content, result), f"Nuevo resultado: {result.title}", day,
                                 plan.result_url(result), _summary(result), result))
    entries.sort(key=lambda e: -e.date.toordinal())  # stable: a day keeps the record's order
    return entries[:limit]


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


def atom_feed(content: Content, plan: PagePlan, publication: Publication, results: Iterable[Result],
              feed_path: str, title: str, history: History | None = None, retired: bool = False) -> bytes:
    """An Atom 1.0 feed of `results` (of their changes, with `history`); links are absolute
    when the site's address is known. Always well-formed XML: every text and attribute
    goes through `feed_text`.
    """
    entries = feed_entries(content, plan, results, history, retired)
    link = _linker(publication, feed_path)
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {XML_LANG: content.site.language})
    _text(feed, "title", title)
    _text(feed, "id", _urn(content, feed_path))
    _text(feed, "updated", _timestamp(max((e.date for e in entries), default=None)))
    _element(feed, "link", rel="self", href=link(feed_path))
    _element(feed, "link", rel="alternate", type="text/html", href=link(""))
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    _text(author, "name", content.site.institution.name)
    for item in entries:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        _text(entry, "title", item.title)
        _text(entry, "id", item.id)
        _text(entry, "updated", _timestamp(item.date))
        if history is not None and history.available:
            _text(entry, "published", _timestamp(item.date))
        _element(entry, "link", rel="alternate", type="text/html", href=link(item.path))
        if item.result is not None:
            area = content.area(item.result.area)
            _element(entry, "category", term=area.id, label=area.name)
            for g in content.groupings:
                for member_id in item.result.memberships[g.id]:
                    _element(entry, "category", term=member_id, label=g.label(content.member(g.id, member_id)))
        _text(entry, "summary", item.summary, type="text")
    ET.indent(feed)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="utf-8") + b"\n"


def json_feed(content: Content, plan: PagePlan, publication: Publication, results: Iterable[Result],
              feed_path: str, title: str, history: History | None = None, retired: bool = False) -> bytes:
    """The same entries as a JSON Feed 1.1, with the same texts as the Atom feed (see `feed_text`)."""
    link = _linker(publication, feed_path)
    dated = history is not None and history.available
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
            for item in feed_entries(content, plan, results, history, retired)
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


def _text(parent: ET.Element, tag: str, text: str, **attributes: str) -> ET.Element:
    element = _element(parent, tag, **attributes)
    element.text = feed_text(text)
    return element


def _element(parent: ET.Element, tag: str, **attributes: str) -> ET.Element:
    cleaned = {name: feed_text(value) for name, value in attributes.items()}
    return ET.SubElement(parent, f"{{{ATOM}}}{tag}", cleaned)
