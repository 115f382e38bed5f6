"""The page plan: which pages the site has, where they live, what they are called.

Pure functions over `Content`: given the same content they always give the
same pages, URLs and anchors. The MkDocs glue turns each `Page` into a
generated Markdown file; the renderer uses the same URLs for cross-links, so a
link can never point at a page that is not planned.
"""

from __future__ import annotations

import math
import posixpath
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property, lru_cache, partial
from itertools import repeat

from markupsafe import escape

from . import resultpages
from .layouts import (Group, Layout, TocEntry, area_groups, area_layout, layout_toc, related_layout, section_groups,
                      walk_results)
from .localeformat import LocaleFormat
from .model import Content, Result
from .resultmemo import ResultMemo
from .siteidentity import site_description

#: An area or member page with more results than this is split into one
#: page per year, and a year with more than this into numbered pages: a result
#: card weighs about 3 KB of HTML, so no page passes about 1 MB.
RESULTS_PER_PAGE = 200
#: The partners page lists result titles (about 300 bytes each): above this
#: many entries in all, each partner gets its own page.
PARTNER_ENTRIES_PER_PAGE = 2000


@dataclass(frozen=True)
class Page:
    """A page the site will have."""

    kind: str  # home, area, member, part, partners, partner, glossary, years, changes, data, result
    key: str | None  # the id of the area, or `member_key` of the member, or the result, it shows
    src_uri: str
    url: str
    title: str
    description: str
    toc: tuple[TocEntry, ...] = ()
    #: Area and member pages: their results, grouped as the page shows
    #: them. The template and the TOC read this one layout.
    groups: tuple[Group, ...] = ()
    #: Pages of kind "part": which page's results they continue, and where.
    part: Part | None = None

    @cached_property
    def listed_ids(self) -> frozenset[str]:
        """The ids of the results the page lists (its layout's), kept with the page: the
        preview's plans reuse unchanged pages (`PlanMemo`), and with them this."""
        return frozenset(r.id for r in walk_results(self.groups))

    @property
    def in_nav(self) -> bool:
        """Year, partner and result pages are reached from other pages, not
        the navigation, so that it does not grow with the content."""
        return self.kind not in ("part", "partner", "result")

    @property
    def markdown(self) -> str:
        """The generated Markdown source: front matter only, and no content text.

        The body, title and description are handed to MkDocs by the plugin
        (`rendicion/plugin/theme.py`), already escaped. `render_macros: false`
        keeps mkdocs-macros from evaluating anything on the page, its title
        included, whatever the site's macros settings.
        """
        lines = ["---", "render_macros: false"]
        if self.kind == "glossary":
            lines.append("search: {boost: 0.5}")
        elif self.kind == "result":
            # Found once in search: on its area page. A slim template (no site navigation).
            lines += ["search:", "  exclude: true", "template: ficha.html"]
        return "\n".join(lines + ["---", ""])


@dataclass(frozen=True)
class Part:
    """Where a page of kind "part" belongs: one year of a split area or member
    page, or one numbered page of that year (`number` of `count`)."""

    owner_kind: str  # area, member
    owner_key: str
    year: int
    number: int = 1
    count: int = 1


@dataclass(frozen=True)
class PagePlan:
    """All planned pages, with lookups by kind and id."""

    pages: tuple[Page, ...]
    _by_key: dict[tuple[str, str | None], Page] = field(default_factory=dict, init=False, repr=False, compare=False)
    _by_src: dict[str, Page] = field(default_factory=dict, init=False, repr=False, compare=False)
    _parts: dict[tuple[str, str], list[Page]] = field(default_factory=dict, init=False, repr=False, compare=False)
    _canonical: dict[str, str] = field(default_factory=dict, init=False, repr=False, compare=False)
    _on_member: dict[tuple[str, str], str] = field(default_factory=dict, init=False, repr=False, compare=False)
    _results: list[Page] = field(default_factory=list, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._by_key.update({(p.kind, p.key): p for p in self.pages})
        self._results.extend(p for p in self.pages if p.kind == "result")
        self._by_src.update({p.src_uri: p for p in self.pages})
        for page in self.pages:
            if page.part is not None:
                self._parts.setdefault((page.part.owner_kind, page.part.owner_key), []).append(page)
            owner = page.part.owner_kind if page.part else page.kind
            if owner == "area":
                self._canonical.update(dict.fromkeys(page.listed_ids, page.url))
            elif owner == "member":
                key = page.part.owner_key if page.part else page.key
                self._on_member.update(dict.fromkeys(zip(repeat(key), page.listed_ids), page.url))

    def get(self, kind: str, key: str | None = None) -> Page:
        return self._by_key[(kind, key)]

    def by_src_uri(self, src_uri: str) -> Page | None:
        return self._by_src.get(src_uri)

    def member(self, grouping_id: str, member_id: str) -> Page:
        """The page of a member of a grouping that has pages."""
        return self._by_key[("member", member_key(grouping_id, member_id))]

    def find(self, kind: str, key: str | None = None) -> Page | None:
        """The page (`kind`, `key`) if the plan has it (split and partner pages depend on size)."""
        return self._by_key.get((kind, key))

    def partner_url(self, partner_id: str) -> str:
        """Where a partner's results are listed: its own page, or its entry on the partners page."""
        own = self.find("partner", partner_id)
        return own.url if own else f"{self.get('partners').url}#{partner_id}"

    @property
    def result_pages(self) -> list[Page]:
        """The result pages, in plan order (the plugin writes them, not MkDocs: `plugin/resultsite.py`)."""
        return self._results

    def same_places(self, other: PagePlan) -> bool:
        """Whether every result's card is on the same pages in both plans (`result_places`)."""
        return self._canonical == other._canonical and self._on_member == other._on_member

    def parts_of(self, kind: str, key: str) -> tuple[Page, ...]:
        """The year pages (and their numbered pages) a split page continues on; () when not split."""
        return tuple(self._parts.get((kind, key), ()))

    def result_url(self, result: Result) -> str:
        """The canonical URL of a result: its own page (its «ficha»)."""
        return self._by_key[("result", result.id)].url

    def result_anchor_url(self, result: Result) -> str:
        """A result's card on its area's page (or on the year page of it that
        lists the result, when the area is split)."""
        return f"{self._canonical[result.id]}#{result.id}"

    def member_result_url(self, grouping_id: str, member_id: str, result: Result) -> str:
        """A result's card on a member's page (or on its year page that lists it)."""
        return f"{self._on_member[(member_key(grouping_id, member_id), result.id)]}#{result.id}"


class PlanMemo:
    """The pages planned for the last content, kept by the live preview between rebuilds.

    A listing (an area's or member's pages) whose inputs are the same as last time, and a
    result page whose result is the same object (`resultmemo.py`), are taken from here
    instead of being laid out again: at 50,000 results that was most of the plan's time.
    Only while everything but the results is the same; otherwise it starts empty.
    """

    def __init__(self) -> None:
        self.results: ResultMemo[Page] = ResultMemo()
        self._listings: dict[tuple[str, str], tuple[tuple[object, ...], list[Page]]] = {}

    def start(self, content: Content, directory_urls: bool, results_per_page: int) -> None:
        """Planning `content` begins. Layouts also read the years the results span."""
        if not self.results.start(content, (directory_urls, results_per_page, content.years)):
            self._listings = {}

    def listing(self, owner: tuple[str, str], inputs: tuple[object, ...], make: Callable[[], list[Page]]) -> list[Page]:
        """The pages of `owner`, made by `make` unless `inputs` equal last time's (results by identity first)."""
        kept = self._listings.get(owner)
        if kept is not None and kept[0] == inputs:
            return kept[1]
        pages = make()
        self._listings[owner] = (inputs, pages)
        return pages


def plan_pages(content: Content, directory_urls: bool = True,
               results_per_page: int = RESULTS_PER_PAGE, memo: PlanMemo | None = None) -> PagePlan:
    """Plan every page of the site for `content`.

    An area or member with more than `results_per_page` results keeps
    its page as an overview and lists its results on one page per year, split
    again into numbered pages when a year alone has more. `memo` (the preview's)
    gives back the pages whose inputs did not change since its last plan.
    """
    if memo is not None:
        memo.start(content, directory_urls, results_per_page)

    def page(kind: str, key: str | None, path: str, title: str, description: str,
             toc: tuple[TocEntry, ...] = (), groups: tuple[Group, ...] = (), part: Part | None = None) -> Page:
        if path == "index":
            url = ""
        else:
            url = f"{path}/" if directory_urls else f"{path}.html"
        return Page(kind, key, f"{path}.md", url, title, description, toc or layout_toc(groups), groups, part)

    def listing(kind: str, key: str, path: str, title: str, description: str,
                results: tuple[Result, ...], layout: Layout, whole: Callable[[], tuple[Group, ...]]) -> list[Page]:
        """The page of an area or member, with its year pages when it is split."""
        make = partial(lay_out, kind, key, path, title, description, results, layout, whole)
        return make() if memo is None else memo.listing((kind, key), (path, title, description, results), make)

    def lay_out(kind: str, key: str, path: str, title: str, description: str,
                results: tuple[Result, ...], layout: Layout, whole: Callable[[], tuple[Group, ...]]) -> list[Page]:
        if len(results) <= results_per_page:
            return [page(kind, key, path, title, description, groups=whole())]
        parts = []
        years = sorted({r.year for r in results}, reverse=True)
        for year in years:
            ordered = tuple(walk_results(layout(tuple(r for r in results if r.year == year), 2, "")))
            count = math.ceil(len(ordered) / results_per_page)
            for number, chunk in enumerate(_even_chunks(ordered, count), start=1):
                where = f"{year}" if count == 1 else f"{year}, página {number} de {count}"
                sub = f"{path}/{year}" if number == 1 else f"{path}/{year}/{number}"
                parts.append(page(
                    "part", sub, sub, f"{title} · {where}",
                    f"{title}, resultados de {where}: {_results(len(chunk))}.",
                    groups=layout(chunk, 2, ""), part=Part(kind, key, year, number, count),
                ))
        toc = tuple(TocEntry(f"anio-{year}", f"Resultados {year}", 2) for year in years)
        return [page(kind, key, path, title, description, toc=toc), *parts]

    site = content.site
    publisher = site.institution.acronym or site.institution.name
    words = LocaleFormat.of(site.locale).count

    def _results(n: int, related: bool = False) -> str:
        """«1 resultado», «1.555 resultados relacionados»: the locale's digits, agreeing nouns."""
        if related:
            return words(n, "resultado relacionado", "resultados relacionados")
        return words(n, "resultado", "resultados")

    pages = [
        page("home", None, "index", site.report.short_title, site_description(site)),
    ]
    by_area = partial(area_groups, content)
    for area in content.areas:
        results = content.results_of_area(area.id)
        pages += listing(
            "area", area.id, f"areas/{area.id}", area.short_name,
            f"{area.name}: {_results(len(results))} de {publisher} en {site.report.period}.",
            results, partial(section_groups, area), partial(area_layout, content, area),
        )
    for grouping in content.paged_groupings:
        for member in content.members_of(grouping.id):
            results = content.results_of_member(grouping.id, member.id)
            label = grouping.label(member)
            named = f"{member.name} ({member.acronym})" if label == member.acronym else member.name
            pages += listing(
                "member", member_key(grouping.id, member.id), f"{grouping.path}/{member.id}", label,
                f"{named}: {_results(len(results), related=True)}, de todas las áreas de {publisher}.",
                results, by_area, partial(related_layout, content, results),
            )
    # Pages with nothing to list are not made (a new site, a report that names no partner).
    partner_entries = sum(len(content.results_of_partner(p.id)) for p in content.partners)
    if partner_entries:
        pages.append(page(
            "partners", None, "socios", "Instituciones socias",
            f"Instituciones con las que {publisher} trabajó en {site.report.period} y los resultados en que participan.",
            tuple(TocEntry(p.id, p.acronym or p.name, 2) for p in content.partners if content.results_of_partner(p.id)),
        ))
        if partner_entries > PARTNER_ENTRIES_PER_PAGE:
            for partner in content.partners:
                if results := content.results_of_partner(partner.id):
                    name = f"{partner.acronym} · {partner.name}" if partner.acronym else partner.name
                    pages.append(page(
                        "partner", partner.id, f"socios/{partner.id}", name,
                        f"{_results(len(results))} de {publisher} con {partner.name}.",
                    ))
    def result_page(r: Result) -> Page:
        return page("result", r.id, f"{resultpages.FOLDER}/{r.id}", r.title, resultpages.summary(r.text))

    pages += ([result_page(r) for r in content.results] if memo is None
              else [memo.results.value(r, result_page) for r in content.results])
    years = ", ".join(map(str, content.years))
    pages.append(page(
        "years", None, "anos", "Años",
        f"Resultados de {publisher} por año" + (f" ({years})" if years else "")
        + (", y su comparación." if len(content.years) > 1 else "."),
    ))
    pages.append(page(
        "changes", None, "novedades", "Novedades",
        f"Los últimos cambios en los resultados de {publisher}: nuevos resultados, estados, cifras y correcciones.",
    ))
    pages.append(page(
        "data", None, "datos", "Datos abiertos",
        f"Descargue todos los resultados de {publisher} en JSON, CSV y como canal de novedades.",
    ))
    if content.glossary:
        pages.append(page(
            "glossary", None, "glosario", "Glosario de siglas",
            f"Qué significan las siglas que usa el informe de {publisher}.",
        ))
    return PagePlan(tuple(pages))


def toc_tokens(entries: tuple[TocEntry, ...]) -> list[dict]:
    """The table of contents in the shape MkDocs' `get_toc` expects (names as HTML)."""
    return [
        {"level": e.level, "id": e.id, "name": str(escape(e.title)), "children": toc_tokens(e.children)}
        for e in entries
    ]


def nav_structure(content: Content, plan: PagePlan) -> list[dict]:
    """The site navigation as MkDocs' `nav` setting: areas, then each grouping
    that has pages (and members), in the declared order."""
    return [
        {"Inicio": plan.get("home").src_uri},
        {"Áreas": [{plan.get("area", a.id).title: plan.get("area", a.id).src_uri} for a in content.areas]},
        *(
            {g.short_name: [{g.label(m): plan.member(g.id, m.id).src_uri} for m in members]}
            for g in content.paged_groupings if (members := content.members_of(g.id))
        ),
        {"Años": plan.get("years").src_uri},
        {"Novedades": plan.get("changes").src_uri},
        *({label: page.src_uri} for label, page in (("Socios", plan.find("partners")),
                                                   ("Glosario", plan.find("glossary"))) if page is not None),
        {"Datos abiertos": plan.get("data").src_uri},
    ]


@lru_cache(maxsize=65536)  # a site has few page pairs; links between them repeat a lot
def relative_url(from_url: str, to_url: str) -> str:
    """A link from the page at `from_url` to `to_url` (both site-relative), as a relative URL.

    Relative links keep the site working under any sub-path and from a folder.
    """
    path, hash_, fragment = to_url.partition("#")
    if path == from_url and hash_:
        return f"#{fragment}"
    start = from_url.rstrip("/") if from_url.endswith("/") else posixpath.dirname(from_url)
    relative = relative_path(path or ".", start or ".")
    if (path == "" or path.endswith("/")) and not relative.endswith("/"):
        relative = "./" if relative == "." else relative + "/"
    return relative + (f"#{fragment}" if hash_ else "")


def relative_path(path: str, start: str) -> str:
    """`posixpath.relpath(path, start)` for the site-relative paths of a plan, by their
    folders alone: relpath asks the operating system for the working folder twice per
    call, and a big site makes ~100,000 links between pairs of pages seen once."""
    if path.startswith("/") or start.startswith("/") or ".." in path or ".." in start:
        return posixpath.relpath(path, start)  # not a plan's path: the standard answer
    to = [part for part in path.split("/") if part and part != "."]
    here = [part for part in start.split("/") if part and part != "."]
    common = 0
    for a, b in zip(to, here):
        if a != b:
            break
        common += 1
    return "/".join([".."] * (len(here) - common) + to[common:]) or "."


def _even_chunks(results: tuple[Result, ...], count: int) -> Iterator[tuple[Result, ...]]:
    """`results` cut into `count` consecutive pieces whose sizes differ by one at most."""
    size, extra = divmod(len(results), count)
    start = 0
    for number in range(count):
        end = start + size + (number < extra)
        yield results[start:end]
        start = end


def member_key(grouping_id: str, member_id: str) -> str:
    """The key of a member's page: ids hold no «/», so the pair stays unambiguous."""
    return f"{grouping_id}/{member_id}"

