"""The typed content model: what `content/` means once it has been validated.

Every class is a frozen dataclass built only by `rendicion.load`; nothing here
reads files or knows about MkDocs. `Content` is the single object the page
plan, the renderer and the exports work from.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
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
    #: The article its name takes in a sentence («publicados por la Secretaría…»); see institution.py.
    article: str | None = None


@dataclass(frozen=True)
class Report:
    title: str
    short_title: str
    #: What pages say the report covers: the free text of `period`, or its `label`.
    period: str
    #: The first and last year covered, when `period` declares them (`series.py`).
    years: tuple[int, int] | None = None


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
class Grouping:
    """A way the institution groups its results besides areas, declared in
    `site.yml` (`groupings:`): SEGOB's councils and national plans, a city's
    «ejes», a ministry's «programas». Its labels are content text."""

    id: str  # the key results use (`councils: [...]`) and the folder of its members
    path: str  # URL folder of its members' pages and CSV downloads
    name: str  # heading on the home page
    short_name: str  # navigation tab
    singular: str  # in sentences: «1 consejo nacional»
    plural: str
    short_singular: str  # in labels: filter «Consejo», «Por consejo», «página del consejo»
    short_plural: str  # in labels: «Consejos» on a result card
    gender: str  # "masculino" or "femenino": agreement of articles and participles
    member_label: str  # "acronym" or "name": what nav, titles and chips show of a member
    pages: bool  # whether each member has a page (and the grouping a nav tab)
    item: str  # singular key: CSV column `<item>_ids`, a child member's field naming its parent
    area: bool  # whether each member names the area that coordinates it
    within: str | None  # the grouping a member may name its parent member in
    origin: Origin

    @property
    def feminine(self) -> bool:
        return self.gender == "femenino"

    def label(self, member: Member) -> str:
        """What navigation, page titles and chips show of a member (`member_label`)."""
        if self.member_label == "acronym" and member.acronym:
            return member.acronym
        return member.name

    @staticmethod
    def tag(member: Member) -> str:
        """The member's shortest name (filters, cards): its acronym, else its name."""
        return member.acronym or member.name


@dataclass(frozen=True)
class Member:
    """One member of a grouping (a council, a plan, an «eje»); results of any area may relate to it."""

    grouping: str
    id: str
    order: int | None
    acronym: str | None
    name: str
    summary: str | None
    area: str | None  # the coordinating area, when the grouping declares `area: true`
    parent: str | None  # the member of the grouping `within` names, if any
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
    #: What the acronym names, as (kind, id): ("partner", id) or (grouping id, member id).
    refers_to: tuple[str, str] | None = None


@dataclass(frozen=True)
class Figure:
    """A key number a result reports, with its unit and what it counts."""

    value: int | float
    unit: str
    label: str
    highlight: bool = False
    #: Optional: the goal (meta) and the starting point (línea base), in the same unit (`measures.py`).
    target: int | float | None = None
    baseline: int | float | None = None

    @property
    def share(self) -> float | None:
        """The value as a percentage of the target; None without a target or with a target of 0."""
        if self.target is None or self.target == 0:
            return None
        return self.value / self.target * 100


@dataclass(frozen=True)
class Budget:
    """What a result was planned to cost and what was spent, in an ISO 4217 currency
    (either amount may be missing, not both)."""

    planned: int | float | None
    executed: int | float | None
    currency: str

    @property
    def share(self) -> float | None:
        """Executed as a percentage of planned; None unless both are given and planned is not 0."""
        if self.planned is None or self.executed is None or self.planned == 0:
            return None
        return self.executed / self.planned * 100


@dataclass(frozen=True)
class Detail:
    """One of the institution's own labelled fields («Código POA: 3.2.1»): short content text."""

    label: str
    value: str


@dataclass(frozen=True)
class Source:
    title: str
    url: str


@dataclass(frozen=True)
class Update:
    """A note the team adds to a result's public record (`updates:`), with its date."""

    date: datetime.date
    text: str


@dataclass(frozen=True)
class Result:
    """One achievement, as published. `id` is its permanent anchor."""

    id: str
    year: int
    title: str
    text: str
    area: str
    section: str | None
    #: Grouping id -> the ids of the members the result relates to (every
    #: declared grouping has a key). A mapping, so left out of the hash.
    memberships: Mapping[str, tuple[str, ...]] = field(hash=False)
    partners: tuple[str, ...]
    figures: tuple[Figure, ...]
    items: tuple[str, ...]
    date: datetime.date | None
    sources: tuple[Source, ...]
    origin: Origin
    #: Optional: one of `schema.STATUSES`, and the share done (0-100).
    status: str | None = None
    progress: float | None = None
    #: Optional: when the work ran (either end may be open), and the id of the
    #: goal it follows from year to year (see `rendicion/series.py`).
    start: datetime.date | None = None
    end: datetime.date | None = None
    series: str | None = None
    #: Optional: the result's budget and the institution's own labelled details (`measures.py`).
    budget: Budget | None = None
    details: tuple[Detail, ...] = ()
    #: Optional: the team's dated notes, oldest first as written (`history.py` shows them).
    updates: tuple[Update, ...] = ()


@dataclass(frozen=True)
class Content:
    """Everything in `content/`, validated, with every reference resolved.

    Collections keep the order editors gave them (areas by `order`, members
    by `order`, results in file order within an area), so pages and exports
    are deterministic.
    """

    site: Site
    areas: tuple[Area, ...]
    #: The declared groupings, in the order of `site.yml`, and their members in menu order.
    groupings: tuple[Grouping, ...]
    members: Mapping[str, tuple[Member, ...]] = field(hash=False)
    partners: tuple[Partner, ...]
    glossary: tuple[Term, ...]
    results: tuple[Result, ...]

    def area(self, area_id: str) -> Area:
        return self._by_id["area"][area_id]  # type: ignore[return-value]

    def grouping(self, grouping_id: str) -> Grouping:
        return self._groupings[grouping_id]

    def members_of(self, grouping_id: str) -> tuple[Member, ...]:
        return self.members[grouping_id]

    def member(self, grouping_id: str, member_id: str) -> Member:
        return self._members[grouping_id][member_id]

    def partner(self, partner_id: str) -> Partner:
        return self._by_id["partner"][partner_id]  # type: ignore[return-value]

    def result(self, result_id: str) -> Result:
        return self._by_id["result"][result_id]  # type: ignore[return-value]

    def results_of_area(self, area_id: str) -> tuple[Result, ...]:
        return self._results_by["area"].get(area_id, ())

    def results_of_member(self, grouping_id: str, member_id: str) -> tuple[Result, ...]:
        return self._results_by[grouping_id].get(member_id, ())

    def areas_with_results(self) -> frozenset[str]:
        """The ids of the areas that have at least one result."""
        return frozenset(self._results_by["area"])

    def named_members(self, grouping_id: str) -> frozenset[str]:
        """The ids of the grouping's members that some result names."""
        return frozenset(self._results_by.get(grouping_id, ()))

    def results_of_partner(self, partner_id: str) -> tuple[Result, ...]:
        return self._results_by["partners"].get(partner_id, ())

    def results_of_series(self, series: str) -> tuple[Result, ...]:
        """The results that follow one goal, oldest year first."""
        return self._series.get(series, ())

    @cached_property
    def series(self) -> tuple[str, ...]:
        """The series keys results use, in the order their first result is published."""
        return tuple(self._series)

    @cached_property
    def _series(self) -> dict[str, tuple[Result, ...]]:
        found: dict[str, list[Result]] = defaultdict(list)
        for result in self.results:  # sorted by year: each series comes out oldest first
            if result.series is not None:
                found[result.series].append(result)
        return {key: tuple(sorted(rs, key=lambda r: r.year)) for key, rs in found.items()}

    def same_except_results(self, other: Content) -> bool:
        """Whether everything but the results is the same (areas, groupings, members, glossary, site…)."""
        return all(getattr(self, f.name) == getattr(other, f.name) for f in fields(self) if f.name != "results")

    @property
    def paged_groupings(self) -> tuple[Grouping, ...]:
        """Groupings whose members have pages (and a navigation tab)."""
        return tuple(g for g in self.groupings if g.pages)

    @cached_property
    def years(self) -> tuple[int, ...]:
        return tuple(sorted({result.year for result in self.results}))

    # Lookups are built once, on first use: pages ask for them thousands of times.
    @cached_property
    def _by_id(self) -> dict[str, dict[str, object]]:
        kinds = {"area": self.areas, "partner": self.partners, "result": self.results}
        return {kind: {item.id: item for item in items} for kind, items in kinds.items()}

    @cached_property
    def _groupings(self) -> dict[str, Grouping]:
        return {g.id: g for g in self.groupings}

    @cached_property
    def _members(self) -> dict[str, dict[str, Member]]:
        return {g: {m.id: m for m in members} for g, members in self.members.items()}

    @cached_property
    def _results_by(self) -> dict[str, dict[str, tuple[Result, ...]]]:
        # Grouping ids never collide with "area" or "partners" (the loader refuses them).
        groups: dict[str, dict[str, list[Result]]] = {
            name: defaultdict(list) for name in ("area", "partners", *self._groupings)
        }
        for result in self.results:
            groups["area"][result.area].append(result)
            for key in result.partners:
                groups["partners"][key].append(result)
            for grouping_id, member_ids in result.memberships.items():
                for key in member_ids:
                    groups[grouping_id][key].append(result)
        return {name: {key: tuple(rs) for key, rs in group.items()} for name, group in groups.items()}

    def members_of_area(self, grouping_id: str, area_id: str) -> tuple[Member, ...]:
        """Members of the grouping the area coordinates."""
        return tuple(m for m in self.members[grouping_id] if m.area == area_id)

    def children(self, grouping_id: str, member_id: str) -> list[tuple[Grouping, tuple[Member, ...]]]:
        """Members of other groupings that name this member as their parent, by grouping."""
        found = []
        for grouping in self.groupings:
            if grouping.within == grouping_id:
                if kids := tuple(m for m in self.members[grouping.id] if m.parent == member_id):
                    found.append((grouping, kids))
        return found
