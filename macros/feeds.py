"""Feeds of results (Atom and JSON Feed) so readers can follow new publications.

Entries are dated by the result's `date`, or by the last day of its year when
the report gives none (documented on the data page). Ids are `urn:uuid`s
derived from the institution and the result id: stable across builds and
independent of where the site is published. At most `FEED_LIMIT` entries, the
newest first; SEGOB's 103 results all fit.
"""

from __future__ import annotations

import datetime
import json
import uuid
from typing import TYPE_CHECKING, Iterable
from xml.etree import ElementTree as ET

from .model import Content, Result
from .pages import PagePlan, relative_url

if TYPE_CHECKING:
    from .exports import Publication

FEED_LIMIT = 500
ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def entry_date(result: Result) -> datetime.date:
    """When a result counts as published: its date, else the last day of its year."""
    return result.date or datetime.date(result.year, 12, 31)


def feed_results(results: Iterable[Result], limit: int = FEED_LIMIT) -> list[Result]:
    """The newest results first (ties keep content order), at most `limit`."""
    ordered = sorted(enumerate(results), key=lambda pair: (-entry_date(pair[1]).toordinal(), pair[0]))
    return [result for _, result in ordered[:limit]]


def entry_id(content: Content, result: Result) -> str:
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'{content.site.institution.name}#{result.id}')}"


def atom_feed(content: Content, plan: PagePlan, publication: Publication, results: Iterable[Result],
              feed_path: str, title: str) -> bytes:
    """An Atom 1.0 feed of `results`; links are absolute when the site's address is known."""
    entries = feed_results(results)
    link = _linker(publication, feed_path)
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {XML_LANG: content.site.language})
    _text(feed, "title", title)
    _text(feed, "id", f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'{content.site.institution.name}#{feed_path}')}")
    _text(feed, "updated", _timestamp(max((entry_date(r) for r in entries), default=None)))
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "self", "href": link(feed_path)})
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "alternate", "type": "text/html", "href": link("")})
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    _text(author, "name", content.site.institution.name)
    for result in entries:
        area = content.area(result.area)
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        _text(entry, "title", result.title)
        _text(entry, "id", entry_id(content, result))
        _text(entry, "updated", _timestamp(entry_date(result)))
        ET.SubElement(entry, f"{{{ATOM}}}link",
                      {"rel": "alternate", "type": "text/html", "href": link(plan.result_url(result))})
        ET.SubElement(entry, f"{{{ATOM}}}category", {"term": area.id, "label": area.name})
        for council_id in result.councils:
            ET.SubElement(entry, f"{{{ATOM}}}category",
                          {"term": council_id, "label": content.council(council_id).acronym})
        _text(entry, "summary", _summary(result), type="text")
    ET.indent(feed)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="utf-8") + b"\n"


def json_feed(content: Content, plan: PagePlan, publication: Publication, results: Iterable[Result],
              feed_path: str, title: str) -> bytes:
    """The same entries as a JSON Feed 1.1."""
    link = _linker(publication, feed_path)
    document = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": title,
        "home_page_url": link(""),
        "feed_url": link(feed_path),
        "language": content.site.language,
        "authors": [{"name": content.site.institution.name}],
        "items": [
            {
                "id": entry_id(content, result),
                "url": link(plan.result_url(result)),
                "title": result.title,
                "content_text": _summary(result),
                "date_published": _timestamp(entry_date(result)),
                "tags": [content.area(result.area).short_name]
                + [content.council(c).acronym for c in result.councils],
            }
            for result in feed_results(results)
        ],
    }
    # Compact: the C encoder (see exports._json); feed readers do not care.
    return (json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def _linker(publication: Publication, feed_path: str):
    """Absolute links when the address is known; else relative to the feed file."""
    if publication.site_url:
        return publication.url
    return lambda path: relative_url(feed_path, path)


def _summary(result: Result) -> str:
    return "\n".join([result.text, *(f"- {item}" for item in result.items)])


def _timestamp(day: datetime.date | None) -> str:
    return f"{(day or datetime.date(1970, 1, 1)).isoformat()}T00:00:00Z"


def _text(parent: ET.Element, tag: str, text: str, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attributes)
    element.text = text
    return element
