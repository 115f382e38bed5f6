"""The site's `sitemap.xml` (sitemaps.org 0.9) and `robots.txt`, made by us rather than MkDocs.

MkDocs' own sitemap lists nothing when `site_url` is empty (an empty
`<urlset>`, which the sitemaps.org schema refuses) and dates pages by the
build. Ours is written only when the site's public address is known, lists
every built page with an absolute `loc`, and dates each page by its content's
last change (never the build's clock), so two builds of the same content are
byte-identical. Past `MAX_URLS` addresses it becomes a sitemap index pointing
at numbered sitemaps, as the protocol requires.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable
from xml.etree import ElementTree as ET
from xml.sax.saxutils import escape

from .gitlog import commit_day, git_output
from .layouts import walk_results
from .model import Content
from .pages import Page
from .publication import Publication

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
#: The protocol's limit of addresses per sitemap file.
MAX_URLS = 50_000
SITEMAP = "sitemap.xml"
ROBOTS = "robots.txt"


@dataclass(frozen=True)
class SitemapEntry:
    """A page of the site: its site-relative URL and the day its content last changed."""

    url: str
    lastmod: datetime.date | None = None


def sitemap_files(entries: Iterable[SitemapEntry], publication: Publication) -> dict[str, bytes]:
    """Site path → bytes of the sitemap files; none without `site_url` (relative `loc`s are invalid).

    Addresses are listed once each, in the order given.
    """
    if not publication.site_url:
        return {}
    return dict(_sitemap_files(tuple(entries), publication))


# The preview's rebuilds ask again for the same addresses and days (a title edit changes none).
@lru_cache(maxsize=1)
def _sitemap_files(entries: tuple[SitemapEntry, ...], publication: Publication) -> tuple[tuple[str, bytes], ...]:
    seen: set[str] = set()
    unique = [e for e in entries if not (e.url in seen or seen.add(e.url))]
    if len(unique) <= MAX_URLS:
        return ((SITEMAP, _urlset(unique, publication)),)
    files: dict[str, bytes] = {}
    for number, start in enumerate(range(0, len(unique), MAX_URLS), start=1):
        files[f"sitemap-{number}.xml"] = _urlset(unique[start:start + MAX_URLS], publication)
    index = ET.Element(f"{{{SITEMAP_NS}}}sitemapindex")
    for path, chunk in zip(files, (unique[i:i + MAX_URLS] for i in range(0, len(unique), MAX_URLS))):
        item = ET.SubElement(index, f"{{{SITEMAP_NS}}}sitemap")
        ET.SubElement(item, f"{{{SITEMAP_NS}}}loc").text = publication.url(path)
        newest = max((e.lastmod for e in chunk if e.lastmod), default=None)
        if newest:
            ET.SubElement(item, f"{{{SITEMAP_NS}}}lastmod").text = newest.isoformat()
    return ((SITEMAP, _xml(index)), *files.items())


def robots_txt(publication: Publication, sitemap_written: bool) -> bytes:
    """Every crawler welcome; the sitemap's absolute address when there is one (the protocol wants it absolute)."""
    lines = ["User-agent: *", "Allow: /"]
    if sitemap_written and publication.site_url:
        lines.append(f"Sitemap: {publication.url(SITEMAP)}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def _urlset(entries: list[SitemapEntry], publication: Publication) -> bytes:
    # Written as text, not through ElementTree: at 50,000 addresses building and
    # indenting the tree took seconds. Every text is escaped (`escape`).
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<urlset xmlns="{SITEMAP_NS}">']
    for entry in entries:
        lastmod = f"\n    <lastmod>{entry.lastmod.isoformat()}</lastmod>" if entry.lastmod else ""
        lines.append(f"  <url>\n    <loc>{escape(publication.url(entry.url))}</loc>{lastmod}\n  </url>")
    lines.append("</urlset>\n")
    return "\n".join(lines).encode("utf-8")


def _xml(root: ET.Element) -> bytes:
    ET.register_namespace("", SITEMAP_NS)
    ET.indent(root)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8") + b"\n"


def content_file_dates(content_dir: Path) -> dict[str, datetime.date]:
    """The day each file of `content_dir` last changed in git, by its path as `Origin.file`
    writes it (`content/results/2018/x.yml`); empty outside a checkout.

    One `git log` for the whole folder: the newest commit naming a file comes first.
    """
    out = git_output(content_dir.parent, "log", "--format=%x00%cs", "--name-only", "--relative", "--",
                     content_dir.name, timeout=30)
    if out is None:
        return {}
    dates: dict[str, datetime.date] = {}
    day = None
    for line in out.decode("utf-8", "replace").splitlines():
        if line.startswith("\0"):
            day = commit_day(line[1:])
        elif line and day is not None:
            dates.setdefault(line, day)
    return dates


def page_lastmod(files: Iterable[str], dates: dict[str, datetime.date],
                 fallback: datetime.date | None) -> datetime.date | None:
    """The newest change among the files a page is made from; `fallback` when none is known."""
    return max((dates[f] for f in files if f in dates), default=fallback)


def page_sources(content: Content, page: Page) -> set[str]:
    """The content files a listing page (area, member, their year pages) is made from: its
    results' files and its owner's. Empty for pages made from everything (home, data…)."""
    files = {r.origin.file for r in walk_results(page.groups)}
    kind, key = (page.part.owner_kind, page.part.owner_key) if page.part else (page.kind, page.key)
    if files and kind == "area" and key:
        files.add(content.area(key).origin.file)
    elif files and kind == "member" and key:
        grouping_id, _, member_id = key.partition("/")
        files.add(content.member(grouping_id, member_id).origin.file)
    return files
