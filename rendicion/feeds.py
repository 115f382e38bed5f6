"""Feeds of results (Atom and JSON Feed) so readers can follow new publications.

Entries are dated by the result's `date`, or by the last day of its year when
the report gives none (documented on the data page). Ids are `urn:uuid`s
derived from the institution and the result id: stable across builds and
independent of where the site is published. At most `FEED_LIMIT` entries, the
newest first; SEGOB's 103 results all fit.

Every text that goes into a feed passes through `feed_text` first, so the
feeds stay well-formed whatever the content holds (the loader refuses control
characters too; this is the second line of defence).
"""

from __future__ import annotations

import datetime
import re
import uuid
from typing import Callable, Iterable
from xml.etree import ElementTree as ET

from .model import Content, Result
from .richtext import to_plain
from .pages import PagePlan, relative_url
from .publication import Publication, json_bytes

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
    """When a result counts as published: its date, else the last day of its year."""
    return result.date or datetime.date(result.year, 12, 31)


def feed_results(results: Iterable[Result], limit: int = FEED_LIMIT) -> list[Result]:
    """The newest results first (ties keep content order), at most `limit`."""
    ordered = sorted(enumerate(results), key=lambda pair: (-entry_date(pair[1]).toordinal(), pair[0]))
    return [result for _, result in ordered[:limit]]


def entry_id(content: Content, result: Result) -> str:
    """A stable `urn:uuid` for a result's entry, the same in every build and at every address."""
    return _urn(content, result.id)


def _urn(content: Content, key: str) -> str:
    # feed_text: a lone surrogate in the name cannot be hashed (no UTF-8 for it);
    # any name the loader accepts is unchanged, so ids stay what they were.
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'{feed_text(content.site.institution.name)}#{key}')}"


def atom_feed(content: Content, plan: PagePlan, publication: Publication, results: Iterable[Result],
              feed_path: str, title: str) -> bytes:
    """An Atom 1.0 feed of `results`; links are absolute when the site's address is known.

    Always well-formed XML: every text and attribute goes through `feed_text`.
    """
    entries = feed_results(results)
    link = _linker(publication, feed_path)
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {XML_LANG: content.site.language})
    _text(feed, "title", title)
    _text(feed, "id", _urn(content, feed_path))
    _text(feed, "updated", _timestamp(max((entry_date(r) for r in entries), default=None)))
    _element(feed, "link", rel="self", href=link(feed_path))
    _element(feed, "link", rel="alternate", type="text/html", href=link(""))
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    _text(author, "name", content.site.institution.name)
    for result in entries:
        area = content.area(result.area)
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        _text(entry, "title", result.title)
        _text(entry, "id", entry_id(content, result))
        _text(entry, "updated", _timestamp(entry_date(result)))
        _element(entry, "link", rel="alternate", type="text/html", href=link(plan.result_url(result)))
        _element(entry, "category", term=area.id, label=area.name)
        for g in content.groupings:
            for member_id in result.memberships[g.id]:
                _element(entry, "category", term=member_id, label=g.label(content.member(g.id, member_id)))
        _text(entry, "summary", _summary(result), type="text")
    ET.indent(feed)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="utf-8") + b"\n"


def json_feed(content: Content, plan: PagePlan, publication: Publication, results: Iterable[Result],
              feed_path: str, title: str) -> bytes:
    """The same entries as a JSON Feed 1.1, with the same texts as the Atom feed (see `feed_text`)."""
    link = _linker(publication, feed_path)
    document = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": feed_text(title),
        "home_page_url": link(""),
        "feed_url": link(feed_path),
        "language": content.site.language,
        "authors": [{"name": feed_text(content.site.institution.name)}],
        "items": [
            {
                "id": entry_id(content, result),
                "url": link(plan.result_url(result)),
                "title": feed_text(result.title),
                "content_text": feed_text(_summary(result)),
                "date_published": _timestamp(entry_date(result)),
                "tags": [feed_text(content.area(result.area).short_name)]
                + [feed_text(g.label(content.member(g.id, m))) for g in content.groupings
                   for m in result.memberships[g.id]],
            }
            for result in feed_results(results)
        ],
    }
    # Compact: the C encoder (see publication.json_bytes); feed readers do not care.
    return json_bytes(document, compact=True)


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
