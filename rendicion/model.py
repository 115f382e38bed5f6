"""The typed content model: what `content/` means once it has been validated.

Every class is a frozen dataclass built only by `rendicion.load`; nothing here
reads files or knows about MkDocs. `Content` is the single object the page
plan, the renderer and the exports work from.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property


@dataclass(frozen=True)
class Origin:
    """Where a piece of content was written, for messages and edit links."""

    file: str
    line: int


@dataclass(frozen=True)
class Institution:
    name: str
    acronym: str | None = None
    parent: str | None = None
    country: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class Report:
    title: str
    short_title: str
    period: str


@dataclass(frozen=True)
class Site:
    """`content/site.yml`: who publishes, which report, under which terms."""

    institution: Institution
    report: Report
    language: str = "es"
    #: CLDR locale numbers, currencies and dates are written in (`es_SV`, `es_BO`...).
    locale: str = "es_SV"
    description: str | None = None
    contact: str | None = None
    licence: str | None = None
    updated: datetime.date | None = None


@dataclass(frozen=True)
class Section:
    """An ordered sub-heading of an area, optionally introduced by a lead line."""

    id: str
    title: str
    lead: str | None = None


@dataclass(frozen=True)
class Area:
    """An organisational area of the institution: the canonical home of results."""

    id: str
    order: int
    name: str
    short_name: str
    program: str | None
    summary: str | None
    sections: tuple[Section, ...]
    origin: Origin

    def section(self, section_id: str) -> Section:
        return self._sections[section_id]

    @cached_property
    def _sections(self) -> dict[str, Section]:
        return {s.id: s for s in self.sections}


@dataclass(frozen=True)
class Council:
    """A national dialogue council; results of any area may relate to it."""

    id: str
    order: int | None
    acronym: str
    name: str
    area: str
    summary: str | None
    origin: Origin


@dataclass(frozen=True)
class Plan:
    """A national plan that results contribute to."""

    id: str
    order: int | None
    acronym: str | None
    name: str
    council: str | None
    summary: str | None
    origin: Origin


@dataclass(frozen=True)
class Partner:
    """An institution named as working with the publisher."""

    id: str
    acronym: str | None
    name: str
    url: str | None
    origin: Origin


@dataclass(frozen=True)
class Term:
    """An acronym or abbreviation and what it stands for."""

    term: str
    expansion: str
    #: The page anchor under `/glosario/` (derived from the term, URL-safe).
    anchor: str
    #: The council, plan or partner the acronym names, as (kind, id), if any.
    refers_to: tuple[str, str] | None = None


@dataclass(frozen=True)
class Figure:
    """A key number a result reports, with its unit and what it counts."""

    value: int | float
    unit: str
    label: str
    highlight: bool = False


@dataclass(frozen=True)
class Source:
    title: str
    url: str


@dataclass(frozen=True)
class Result:
    """One achievement, as published. `id` is its permanent anchor."""

    id: str
    year: int
    title: str
    text: str
    area: str
    section: str | None
    councils: tuple[str, ...]
    plans: tuple[str, ...]
    partners: tuple[str, ...]
    figures: tuple[Figure, ...]
    items: tuple[str, ...]
    date: datetime.date | None
    sources: tuple[Source, ...]
    origin: Origin
    #: Optional: one of `schema.STATUSES`, and the share done (0-100).
    status: str | None = None
    progress: float | None = None


@dataclass(frozen=True)
class Content:
    """Everything in `content/`, validated, with every reference resolved.

    Collections keep the order editors gave them (areas by `order`, results
    in file order within an area), so pages and exports are deterministic.
    """

    site: Site
    areas: tuple[Area, ...]
    councils: tuple[Council, ...]
    plans: tuple[Plan, ...]
    partners: tuple[Partner, ...]
    glossary: tuple[Term, ...]
    results: tuple[Result, ...]
    def area(self, area_id: str) -> Area:
        return self._by_id["area"][area_id]  # type: ignore[return-value]

    def council(self, council_id: str) -> Council:
        return self._by_id["council"][council_id]  # type: ignore[return-value]

    def plan(self, plan_id: str) -> Plan:
        return self._by_id["plan"][plan_id]  # type: ignore[return-value]

    def partner(self, partner_id: str) -> Partner:
        return self._by_id["partner"][partner_id]  # type: ignore[return-value]

    def result(self, result_id: str) -> Result:
        return self._by_id["result"][result_id]  # type: ignore[return-value]

    def results_of_area(self, area_id: str) -> tuple[Result, ...]:
        return self._results_by["area"].get(area_id, ())

    def results_of_council(self, council_id: str) -> tuple[Result, ...]:
        return self._results_by["councils"].get(council_id, ())

    def results_of_plan(self, plan_id: str) -> tuple[Result, ...]:
        return self._results_by["plans"].get(plan_id, ())

    def results_of_partner(self, partner_id: str) -> tuple[Result, ...]:
        return self._results_by["partners"].get(partner_id, ())

    @cached_property
    def years(self) -> tuple[int, ...]:
        return tuple(sorted({result.year for result in self.results}))

    # Lookups are built once, on first use: pages ask for them thousands of times.
    @cached_property
    def _by_id(self) -> dict[str, dict[str, object]]:
        kinds = {"area": self.areas, "council": self.councils, "plan": self.plans,
                 "partner": self.partners, "result": self.results}
        return {kind: {item.id: item for item in items} for kind, items in kinds.items()}

    @cached_property
    def _results_by(self) -> dict[str, dict[str, tuple[Result, ...]]]:
        groups: dict[str, dict[str, list[Result]]] = {
            "area": defaultdict(list), "councils": defaultdict(list),
            "plans": defaultdict(list), "partners": defaultdict(list),
        }
        for result in self.results:
            groups["area"][result.area].append(result)
            for relation in ("councils", "plans", "partners"):
                for key in getattr(result, relation):
                    groups[relation][key].append(result)
        return {name: {key: tuple(rs) for key, rs in group.items()} for name, group in groups.items()}

    def councils_of_area(self, area_id: str) -> tuple[Council, ...]:
        """Councils the area coordinates."""
        return tuple(c for c in self.councils if c.area == area_id)

    def plans_of_council(self, council_id: str) -> tuple[Plan, ...]:
        return tuple(p for p in self.plans if p.council == council_id)
