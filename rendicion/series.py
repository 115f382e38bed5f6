"""Periods and series: reports that span years, and goals followed from year to year.

Three optional pieces of content, all in YAML editors already write:

- `report.period` in site.yml may declare the years a report covers,
  `period: {start: 2014, end: 2019}` (with an optional `label`, by default
  «2014–2019»); every `results/<year>/` folder must then lie within them.
  Free text (`period: "2018"`) stays valid and is not checked: it may say
  anything («primer semestre de 2018»).
- A result may say when its work ran: `start` and `end`, real dates
  AAAA-MM-DD (either may be left out). A month-only date is not accepted: it
  would need a second date type in every export (CSV, Data Package, JSON
  Schema); editors write the first or last day of the month instead.
- Results that are the same goal in different years share a `series` id.

This module turns those fields into the model (`report`, `result_fields`),
checks the rules the schema cannot express (`check`), and answers the
questions pages and exports ask (`others`, `series_rows`, `series_document`).
The loader calls it; nothing here reads files or knows about MkDocs.
"""

from __future__ import annotations

import datetime
import difflib
from pathlib import Path
from typing import Any, Callable, Protocol

from .model import Content, Report, Result
from .yamlfile import Document, YamlPath

#: The years a date may fall in: the same bounds as the results/<year>/ folders.
FIRST_YEAR, LAST_YEAR = 1900, 2100
#: How alike two series ids must be (difflib's ratio) for a lone one to look like a typo.
TYPO_SIMILARITY = 0.85

#: `_Loader.problem`: (document, path in it, field, message, entry id).
Reporter = Callable[[Document, YamlPath, str, str, "str | None"], None]
#: `_Loader.file_problem`: (path, message).
FileReporter = Callable[[Path, str], None]


class Entry(Protocol):
    """A validated entry of a results file, as the loader keeps it."""

    doc: Document
    path: YamlPath
    data: dict[str, Any]


# -- building the model ---------------------------------------------------------------


def report(data: dict[str, Any]) -> Report:
    """`report` of a valid site.yml as the model's `Report`."""
    period = data["period"]
    if isinstance(period, dict):
        start, end = period["start"], period["end"]
        label = period.get("label") or (str(start) if start == end else f"{start}–{end}")
        return Report(data["title"], data["short_title"], label, (start, end))
    return Report(data["title"], data["short_title"], period)


def result_fields(data: dict[str, Any]) -> dict[str, Any]:
    """The `Result` fields of this module, from a valid result entry."""
    return {
        "start": _day(data.get("start")),
        "end": _day(data.get("end")),
        "series": data.get("series"),
    }


def _day(text: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(text) if text else None


# -- rules the schema cannot express ----------------------------------------------------


def check(problem: Reporter, file_problem: FileReporter, site: Document | None, results_folder: Path,
          entries: list[tuple[Entry, int]], results: list[Result]) -> None:
    """Report every problem with periods, date ranges and series (`site` is
    site.yml when it is valid, else None)."""
    if site is not None:
        _check_period(problem, file_problem, site, results_folder, {year for _, year in entries})
    pairs = list(zip((entry for entry, _ in entries), results))
    for entry, result in pairs:
        _check_range(problem, entry, result)
    _check_series(problem, pairs)


def _check_period(problem: Reporter, file_problem: FileReporter, site: Document, results_folder: Path,
                  years: set[int]) -> None:
    period = site.data["report"]["period"]
    if not isinstance(period, dict):
        return  # free text: nothing to check against
    start, end = period["start"], period["end"]
    if end < start:
        problem(site, ("report", "period", "end"), "report.period.end",
                f"el último año del informe ({end}) es anterior al primero ({start}); "
                "se esperaba un año igual o posterior", None)
        return
    line = site.position(("report", "period"))[0]
    for year in sorted(years):
        if not start <= year <= end:
            file_problem(results_folder / str(year),
                         f"la carpeta results/{year}/ está fuera del periodo del informe, de {start} a {end} "
                         f"(report.period en {site.file}:{line}); mueva sus resultados a la carpeta de un año "
                         "del periodo o amplíe el periodo")


def _check_range(problem: Reporter, entry: Entry, result: Result) -> None:
    for name, day in (("start", result.start), ("end", result.end)):
        if day is not None and not FIRST_YEAR <= day.year <= LAST_YEAR:
            problem(entry.doc, entry.path + (name,), name,
                    f"la fecha {day.isoformat()} está fuera de los años admitidos; "
                    f"se esperaba una fecha entre {FIRST_YEAR} y {LAST_YEAR}", result.id)
    if result.start is not None and result.end is not None and result.end < result.start:
        problem(entry.doc, entry.path + ("end",), "end",
                f"la fecha de fin ({result.end.isoformat()}) es anterior a la de inicio "
                f"({result.start.isoformat()}); se esperaba una fecha igual o posterior", result.id)


def _check_series(problem: Reporter, pairs: list[tuple[Entry, Result]]) -> None:
    """One result per series and year; a series used once whose id is nearly
    that of a series used by several results is taken for a typo.

    A lone series is otherwise fine: it is how a goal's first year is
    published. But a typo silently cuts the year-to-year links the series
    exists for, and the id is never shown to readers, so renaming a
    genuinely different series costs the editor nothing.
    """
    by_series: dict[str, list[tuple[Entry, Result]]] = {}
    for pair in pairs:
        if pair[1].series is not None:
            by_series.setdefault(pair[1].series, []).append(pair)
    for key, members in by_series.items():
        first: dict[int, tuple[Entry, Result]] = {}
        for entry, result in members:
            if result.year in first:
                other_entry, other = first[result.year]
                line = other_entry.doc.position(other_entry.path)[0]
                problem(entry.doc, entry.path + ("series",), "series",
                        f"la serie «{key}» ya tiene un resultado en {result.year}: «{other.id}» "
                        f"({other_entry.doc.file}:{line}); una serie sigue un objetivo con un resultado "
                        "por año: si es otro objetivo, use otro id de serie", result.id)
            else:
                first[result.year] = (entry, result)
    established = {key: members for key, members in by_series.items() if len(members) > 1}
    for key, members in by_series.items():
        if len(members) != 1:
            continue
        entry, result = members[0]
        # Only a series this result could have joined: one without a result of its year.
        candidates = [k for k, ms in established.items() if all(r.year != result.year for _, r in ms)]
        close = difflib.get_close_matches(key, candidates, n=1, cutoff=TYPO_SIMILARITY)
        if close:
            years = ", ".join(str(r.year) for _, r in sorted(established[close[0]], key=lambda m: m[1].year))
            problem(entry.doc, entry.path + ("series",), "series",
                    f"la serie «{key}» solo la usa este resultado; ¿quiso decir «{close[0]}» "
                    f"(la usan los resultados de {years})? Si es un objetivo distinto, "
                    "elija un id de serie menos parecido", result.id)


# -- what pages and exports show ------------------------------------------------------


def others(content: Content, result: Result) -> tuple[Result, ...]:
    """The other results of `result`'s series, oldest first (none without a series)."""
    if result.series is None:
        return ()
    return tuple(r for r in content.results_of_series(result.series) if r is not result)


def series_rows(content: Content) -> list[tuple[Result, list[Result | None]]]:
    """The years page's table: for each series followed in more than one year,
    its latest result (which names the row) and its result in each of
    `content.years` (None where it has none)."""
    rows = []
    for key in content.series:
        results = content.results_of_series(key)
        if len({r.year for r in results}) < 2:
            continue
        by_year = {r.year: r for r in results}
        rows.append((results[-1], [by_year.get(year) for year in content.years]))
    return rows


def series_document(content: Content) -> list[dict[str, Any]]:
    """The series of `resultados.json`: each id with its results' ids, oldest first."""
    return [{"id": key, "results": [r.id for r in content.results_of_series(key)]} for key in content.series]

