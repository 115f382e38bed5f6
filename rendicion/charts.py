"""Bar charts of the model, as data for inline SVG drawn at build time.

No JavaScript chart library and no request: the template draws each chart
with percentages (so it fits any width without shrinking its text), and
prints the same numbers as a table for screen readers and print.
"""

from __future__ import annotations

import textwrap
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .localeformat import currency_of
from .model import Content, Figure, Result
from .pages import PagePlan
from .slugs import slug

#: Writes a number as the site's locale does (`LocaleFormat.number`); `str` in tests.
Number = Callable[[float], str]

#: The longest bar takes this share of the width, leaving room for its number.
MAX_BAR_PERCENT = 85.0
#: SVG text does not wrap: labels are broken into lines of at most this many
#: characters (fits a 360 px phone), two lines at most, then an ellipsis; the
#: table below the chart and the bar's tooltip keep them whole.
MAX_LINE_LENGTH = 38
MAX_LINES = 2
LINE_HEIGHT = 17
BAR_HEIGHT = 14
ROW_GAP = 12
#: A chart draws at most this many bars (the largest); a chart of hundreds of
#: areas is unreadable and weighs megabytes. The full numbers are linked.
MAX_BARS = 15
#: The home page shows at most this many charts of shared units (the largest).
MAX_UNIT_CHARTS = 6


def label_lines(text: str) -> list[str]:
    """`text` broken at words into at most `MAX_LINES` lines that fit."""
    lines = textwrap.wrap(text, MAX_LINE_LENGTH) or [""]
    if len(lines) > MAX_LINES:
        last = textwrap.shorten(" ".join(lines[MAX_LINES - 1:]), MAX_LINE_LENGTH, placeholder="…")
        lines = lines[: MAX_LINES - 1] + [last]
    return lines


@dataclass(frozen=True)
class Row:
    """Where one bar is drawn: its label lines' baselines and the bar's top."""

    bar: "Bar"
    lines: tuple[tuple[str, int], ...]
    bar_y: int


@dataclass(frozen=True)
class Bar:
    label: str
    title: str  # the full name, for the table and the tooltip
    value: int | float
    url: str  # site-relative page URL

    def percent(self, maximum: int | float) -> float:
        """The bar's length as a share of the chart's width."""
        return round(MAX_BAR_PERCENT * self.value / maximum, 2) if maximum else 0.0


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    description: str
    unit: str  # what the numbers count, in Spanish
    bars: tuple[Bar, ...]
    #: Bars left out by `top`, and where the reader finds every number (a
    #: site-relative URL and its link text).
    hidden: int = 0
    more_url: str = ""
    more_label: str = ""

    @property
    def maximum(self) -> int | float:
        return max((bar.value for bar in self.bars), default=0)

    @property
    def rows(self) -> list[Row]:
        """The drawing's layout, top to bottom."""
        rows, y = [], 0
        for bar in self.bars:
            lines = label_lines(bar.label)
            baselines = tuple((line, y + LINE_HEIGHT * (n + 1) - 2) for n, line in enumerate(lines))
            bar_y = y + LINE_HEIGHT * len(lines) + 4
            rows.append(Row(bar, baselines, bar_y))
            y = bar_y + BAR_HEIGHT + ROW_GAP
        return rows

    @property
    def height(self) -> int:
        rows = self.rows
        return rows[-1].bar_y + BAR_HEIGHT + 4 if rows else 0


def describe(bars: Iterable[Bar], number: Number, key: Callable[[Bar], str] = lambda bar: bar.title) -> str:
    """The bars in words, for screen readers: «Jurídica: 1,555; Planificación: 2»."""
    return "; ".join(f"{key(bar)}: {number(bar.value)}" for bar in bars)


def top(chart: Chart, more_url: str, more_label: str, limit: int = MAX_BARS, number: Number = str) -> Chart:
    """`chart` with only its `limit` largest bars (largest first) when it has more."""
    if len(chart.bars) <= limit:
        return chart
    kept = tuple(sorted(chart.bars, key=lambda bar: -bar.value)[:limit])
    description = (f"{chart.title}, los {number(limit)} mayores de {number(len(chart.bars))}. "
                   + describe(kept, number) + ".")
    return Chart(chart.id, chart.title, description, chart.unit, kept, len(chart.bars) - limit, more_url, more_label)


def home_charts(content: Content, plan: PagePlan, number: Number = str) -> list[Chart]:
    """Results per area, and per member of each grouping that has pages."""
    years_url = plan.get("years").url

    def chart(id: str, title: str, noun: str, bars: list[Bar]) -> Chart:
        total = sum(bar.value for bar in bars)
        ranked = sorted(bars, key=lambda bar: -bar.value)
        description = f"{title}. " + describe(ranked, number) + "."
        return top(Chart(id, title, description if total else f"{title}: ninguno.", noun, tuple(bars)),
                   years_url, "la tabla por año", number=number)

    charts = [
        chart("grafico-areas", "Resultados por área", "resultados", [
            Bar(a.short_name, a.name, len(content.results_of_area(a.id)), plan.get("area", a.id).url)
            for a in content.areas
        ]),
    ]
    for g in content.paged_groupings:
        members = content.members_of(g.id)
        # A grouping no result names yet would only draw empty bars.
        if any(content.results_of_member(g.id, m.id) for m in members):
            charts.append(chart(
                f"grafico-{g.path}", f"Resultados relacionados con cada {g.short_singular}", "resultados", [
                    Bar(g.tag(m), m.name, len(content.results_of_member(g.id, m.id)), plan.member(g.id, m.id).url)
                    for m in members
                ]))
    return charts


#: A unit gets its own chart when at least this many figures use it.
MIN_FIGURES_PER_UNIT = 3


def unit_charts(content: Content, plan: PagePlan, number: Number = str) -> list[Chart]:
    """One chart per unit that several figures share (horas, jornadas…), a bar per figure."""
    by_unit: dict[str, list[tuple[Figure, Result]]] = {}
    for result in content.results:
        for figure in result.figures:
            by_unit.setdefault(figure.unit, []).append((figure, result))
    charts: list[Chart] = []
    figures_url = plan.get("data").url
    for unit, pairs in sorted(by_unit.items(), key=lambda item: (-len(item[1]), item[0])):
        if len(charts) == MAX_UNIT_CHARTS:
            break
        if len(pairs) < MIN_FIGURES_PER_UNIT or unit == "%" or currency_of(unit) is not None:
            continue  # shares and money do not add up across results
        bars = tuple(
            Bar(figure.label, f"{figure.label} ({result.title})", int(figure.value)
                if float(figure.value).is_integer() else figure.value, plan.result_url(result))
            for figure, result in pairs
        )
        title = f"Cifras en {unit}"
        description = f"{title}. " + describe(bars, number) + "."
        charts.append(top(Chart(f"grafico-{slug(unit, default='cifras')}", title, description, unit, bars),
                          figures_url, "los datos abiertos", number=number))
    return charts


def goal_chart(content: Content, plan: PagePlan, number: Number = str) -> Chart | None:
    """How far each figure with a target got, as a percentage of it (a bar per figure); None
    when no figure states a target. Shares compare across units, unlike the figures themselves."""
    bars = tuple(
        Bar(figure.label, f"{figure.label} ({result.title})", round(figure.share, 1), plan.result_url(result))
        for result in content.results for figure in result.figures if figure.share is not None
    )
    if not bars:
        return None
    title = "Avance hacia las metas"
    description = f"{title}, en porcentaje de cada meta. " + describe(bars, number) + "."
    return top(Chart("grafico-metas-cumplidas", title, description, "% de la meta", bars),
               plan.get("data").url, "los datos abiertos", number=number)


def results_per_year(content: Content, number: Number = str) -> Chart:
    """How many results each year has."""
    per_year = Counter(r.year for r in content.results)
    bars = [Bar(str(year), str(year), per_year[year], "") for year in content.years]
    description = "Resultados por año. " + describe(bars, number, key=lambda bar: bar.label) + "."
    return Chart("grafico-anios", "Resultados por año", description, "resultados", tuple(bars))


def year_rows(content: Content, plan: PagePlan) -> dict[str, list[tuple[str, str, list[int]]]]:
    """Results per year of each area and each member of the groupings that have
    pages: {"areas" | grouping id: [(label, url, counts)]}."""
    def rows(groups: list[tuple[str, str, tuple[Result, ...]]]) -> list[tuple[str, str, list[int]]]:
        counted = [(label, url, Counter(r.year for r in results)) for label, url, results in groups]
        return [(label, url, [per_year[year] for year in content.years]) for label, url, per_year in counted]

    return {
        "areas": rows([(a.short_name, plan.get("area", a.id).url, content.results_of_area(a.id))
                       for a in content.areas]),
        **{
            g.id: rows([(g.label(m), plan.member(g.id, m.id).url, content.results_of_member(g.id, m.id))
                        for m in content.members_of(g.id)])
            for g in content.paged_groupings
        },
    }


def shared_figures(content: Content) -> list[tuple[str, str, list[float | None]]]:
    """Figures that share unit and label across years: (label, unit, total per year or None)."""
    totals: dict[tuple[str, str], dict[int, float]] = {}
    for result in content.results:
        for figure in result.figures:
            per_year = totals.setdefault((figure.label, figure.unit), {})
            per_year[result.year] = per_year.get(result.year, 0) + figure.value
    return [
        (label, unit, [per_year.get(year) for year in content.years])
        for (label, unit), per_year in sorted(totals.items())
        if len(per_year) >= 2
    ]
