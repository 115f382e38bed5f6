"""Page layouts: how an area or member page groups its results, and the table
of contents that follows from it.

Pure functions over `Content`. The page plan (`pages.py`) gives each area and
member page its groups; the templates and the TOC read that one layout, so the
headings a page shows and the entries of its TOC cannot disagree.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from .model import Area, Content, Result

#: The heading under which an area lists results that have no section.
UNSECTIONED_TITLE = "Otros resultados"
UNSECTIONED_ID = "otros-resultados"


@dataclass(frozen=True)
class TocEntry:
    """A heading in a page's table of contents (`title` is plain text)."""

    id: str
    title: str
    level: int
    children: tuple[TocEntry, ...] = ()


@dataclass(frozen=True)
class Group:
    """A headed group of results on a page: a year, a section or an owning area.

    Groups nest (a year holds sections); results sit in the innermost ones
    and take the heading level below their group's.
    """

    id: str
    title: str
    level: int
    lead: str | None = None
    results: tuple[Result, ...] = ()
    children: tuple[Group, ...] = ()
    area: Area | None = None  # on member pages: the owning area

    def toc(self) -> TocEntry:
        entries = tuple(child.toc() for child in self.children)
        entries += tuple(TocEntry(r.id, r.title, self.level + 1) for r in self.results)
        return TocEntry(self.id, self.title, self.level, entries)


def area_layout(content: Content, area: Area) -> tuple[Group, ...]:
    """The area page: sections in the area's order (by year when there are several)."""
    return _by_year(content, content.results_of_area(area.id),
                    lambda results, level, suffix: section_groups(area, results, level, suffix))


def related_layout(content: Content, results: tuple[Result, ...]) -> tuple[Group, ...]:
    """Member pages: results grouped by owning area (by year when there are several)."""
    return _by_year(content, results, lambda members, level, suffix: area_groups(content, members, level, suffix))


#: How one page groups results: (results, heading level, id suffix) -> groups.
Layout = Callable[[tuple[Result, ...], int, str], tuple["Group", ...]]


def layout_toc(groups: tuple[Group, ...]) -> tuple[TocEntry, ...]:
    """The table of contents of a page laid out as `groups`."""
    return tuple(group.toc() for group in groups)


def walk_results(groups: tuple[Group, ...]) -> Iterator[Result]:
    """The results of `groups` in the order the page shows them."""
    for group in groups:
        yield from walk_results(group.children)
        yield from group.results


def area_groups(content: Content, results: tuple[Result, ...], level: int, suffix: str) -> tuple[Group, ...]:
    """One group per owning area, in area order (member pages)."""
    return tuple(
        Group(f"area-{area.id}{suffix}", area.short_name, level, results=grouped, area=area)
        for area, grouped in group_by_area(content, results)
    )


def _by_year(content: Content, results: tuple[Result, ...], build: Layout) -> tuple[Group, ...]:
    """One level per year, newest first, only when the content spans several years."""
    if len(content.years) < 2:
        return build(results, 2, "")
    return tuple(
        Group(f"anio-{year}", f"Resultados {year}", 2, children=build(members, 3, f"-{year}"))
        for year in sorted(content.years, reverse=True)
        if (members := tuple(r for r in results if r.year == year))
    )


def section_groups(area: Area, results: tuple[Result, ...], level: int, suffix: str) -> tuple[Group, ...]:
    """Sections keep the area's order and skip empty ones; results without a
    section come last under "Otros resultados"; an area without sections has
    one group, "Resultados"."""
    if not area.sections:
        return (Group(f"resultados{suffix}", "Resultados", level, results=results),) if results else ()
    groups = [
        Group(f"{section.id}{suffix}", section.title, level, section.lead, members)
        for section in area.sections
        if (members := tuple(r for r in results if r.section == section.id))
    ]
    loose = tuple(r for r in results if r.section is None)
    if loose:
        groups.append(Group(f"{UNSECTIONED_ID}{suffix}", UNSECTIONED_TITLE, level, results=loose))
    return tuple(groups)


def group_by_area(content: Content, results: tuple[Result, ...]) -> list[tuple[Area, tuple[Result, ...]]]:
    """`results` grouped by owning area, in area order (one pass: a member page of a
    big site lists thousands of results from hundreds of areas)."""
    by_area: dict[str, list[Result]] = {}
    for result in results:
        by_area.setdefault(result.area, []).append(result)
    return [(area, tuple(by_area[area.id])) for area in content.areas if area.id in by_area]
