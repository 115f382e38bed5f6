"""Render planned pages to HTML through autoescaped Jinja templates.

The templates live in `rendicion/templates/`; this module only prepares what they
need: relative links, acronym markup, result text (`richtext`) and the site
locale's number and date formatting (`localeformat`). Every piece of content
text goes through Jinja's autoescaping (or `markupsafe.escape` before acronyms
are marked, or the richtext renderer), so YAML can never inject markup into
the site.
"""

from __future__ import annotations

import re
from functools import partial
from pathlib import Path

from jinja2 import BytecodeCache, Environment, FileSystemLoader, StrictUndefined
from jinja2.bccache import Bucket
from markupsafe import Markup, escape

from . import richtext
from .charts import goal_chart, home_charts, results_per_year, shared_figures, unit_charts, year_rows
from .exports import Download, area_csv_path, area_feed_path, area_locations_path, member_csv_path, member_feed_path
from .feeds import FEED_LIMIT
from .changetext import template_globals as history_globals
from .groupings import agree, article, capitalise, member_count, of_the
from .history import History
from .localeformat import LocaleFormat
from .model import Content, Figure, Member, Result, Term
from .layouts import group_by_area, walk_results
from .pages import Page, PagePlan, relative_url
from .catalog import CATALOGUE_PATH, dataset_jsonld
from .institution import guess_article
from .publication import Publication
from .schema import STATUSES
from .series import others as series_others, series_rows
from .slugs import slug
from .tables import result_columns

TEMPLATES = Path(__file__).parent / "templates"
#: A page without highlighted figures shows this many of its own instead.
FALLBACK_FIGURES = 4
#: A page shows at most this many headline figures (a big site highlights
#: thousands); the rest stay in the figures download.
MAX_HEADLINE_FIGURES = 12


class MemoryBytecodeCache(BytecodeCache):
    """Compiled templates kept in memory for the life of the process.

    `mkdocs serve` rebuilds the whole site on every change, and every build
    makes new Jinja environments (the theme's, ours) that compiled every
    template again: about a third of a SEGOB rebuild. A bucket's key includes
    a checksum of the template's source, so an edited template is compiled
    anew.
    """

    def __init__(self) -> None:
        self.compiled: dict[str, bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        if (code := self.compiled.get(bucket.key)) is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.compiled[bucket.key] = bucket.bytecode_to_string()


#: Shared by every build of this process: our templates and the theme's.
TEMPLATE_CACHE = MemoryBytecodeCache()


class Renderer:
    """Renders the body of each planned page; build one per site build."""

    def __init__(self, content: Content, plan: PagePlan, publication: Publication,
                 downloads: list[Download], history: History | None = None) -> None:
        self.content = content
        self.plan = plan
        self.publication = publication
        #: The public record of changes (history.py): unavailable unless the build loaded it.
        self.history = history or History.unavailable(content)
        glossary = plan.find("glossary")  # planned whenever there is a term to mark
        self.acronyms = AcronymMarker(content.glossary, glossary.url if glossary else "")
        fmt = LocaleFormat.of(content.site.locale)
        self.env = Environment(
            loader=FileSystemLoader(TEMPLATES),
            autoescape=True,
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            bytecode_cache=TEMPLATE_CACHE,
            # One renderer per build: templates need no stat() per page to see if they changed.
            auto_reload=False,
        )
        # Every number and date a page shows is written by the site's locale.
        self.env.filters.update(
            number=fmt.number, percent=fmt.percent, file_size=fmt.file_size,
            figure_value=lambda figure: fmt.figure(figure.value, figure.unit),
            # A figure's target or baseline, written as its value is (money, %, millions).
            figure_amount=lambda figure, amount: fmt.figure(amount, figure.unit),
            money=fmt.money,
            date=fmt.date, numeric_date=fmt.numeric_date,
        )
        self.env.globals.update(
            fmt=fmt,
            content=content,
            plan=plan,
            publication=publication,
            downloads={d.path: d for d in downloads},
            area_csv_path=area_csv_path,
            area_feed_path=area_feed_path,
            area_locations_path=area_locations_path,
            member_csv_path=member_csv_path,
            member_feed_path=member_feed_path,
            feed_limit=FEED_LIMIT,
            result_columns=result_columns(content.groupings),
            group_by_area=partial(group_by_area, content),
            headline_figures=headline_figures,
            member_counts=partial(member_counts, content),
            # Spanish agreement with a grouping's declared nouns (see groupings.py).
            article=article, of_the=of_the, agree=agree, join=fmt.join, capitalise=capitalise, slug=slug,
            member_count=partial(member_count, fmt),
            # The members of a grouping that some result names (the home page counts those).
            named_members=content.named_members,
            charts=home_charts(content, plan, fmt.number),
            unit_charts=unit_charts(content, plan, fmt.number),
            goal_chart=goal_chart(content, plan, fmt.number),
            year_chart=results_per_year(content, fmt.number),
            year_rows=year_rows(content, plan),
            shared_figures=shared_figures(content),
            statuses=STATUSES,
            filter_options=partial(filter_options, content),
            page_results=lambda page: tuple(walk_results(page.groups)),
            parts_by_year=partial(parts_by_year, plan),
            part_neighbours=partial(part_neighbours, plan),
            series_others=partial(series_others, content),
            series_rows=series_rows(content),
            dataset_jsonld=partial(dataset_jsonld, content, publication, {d.path: d for d in downloads}),
            catalogue_path=CATALOGUE_PATH,
            name_article=guess_article,  # «por la Unidad…», «por el Área…» (institution.py)
        )
        self.env.globals.update(history_globals(content, self.history, fmt))

    def page_body(self, kind: str, key: str | None = None) -> Markup:
        """The HTML body of the planned page (`kind`, `key`)."""
        page = self.plan.get(kind, key)
        result = self.content.result(key) if kind == "result" and key else None
        template = self.env.get_template(f"{kind}.html")  # member.html for every grouping
        html = template.render(
            page=page,
            href=partial(relative_url, page.url),
            result_href=partial(self.result_href, page),
            anchor_href=partial(self.anchor_href, page),
            permalink=self.permalink,
            result=result,
            mark=partial(self.acronyms.mark, page.url),
            # Result text is a small Markdown subset; acronyms are marked in its text runs.
            rich=lambda text: richtext.to_html(text, partial(self.acronyms.mark, page.url)),
        )
        # Blank lines only weigh: templates leave many.
        return Markup("\n".join(line for line in html.splitlines() if line.strip()))

    def result_href(self, page: Page, result: Result) -> str:
        return relative_url(page.url, self.plan.result_url(result))

    def anchor_href(self, page: Page, result: Result) -> str:
        """A link to the result's card on its area page (not its own page)."""
        return relative_url(page.url, self.plan.result_anchor_url(result))

    def permalink(self, result: Result) -> str:
        """The result's canonical URL: absolute when the site's address is configured."""
        return self.publication.url(self.plan.result_url(result))


class AcronymMarker:
    """Wraps glossary acronyms in text with `<abbr>` and links them to the glossary."""

    def __init__(self, glossary: tuple[Term, ...], glossary_url: str) -> None:
        self.terms = {str(escape(t.term)): t for t in glossary}
        self.glossary_url = glossary_url
        # Longest first so that "LPELP" wins over "LP"; whole words only, and
        # never inside an HTML entity such as "&amp;".
        alternatives = "|".join(re.escape(term) for term in sorted(self.terms, key=len, reverse=True))
        self.pattern = re.compile(rf"(?<![\w.&#;])({alternatives})(?![\w])") if self.terms else None

    def mark(self, page_url: str, text: str, link: bool = True) -> Markup:
        """Escape `text`, then mark acronyms; the first of each links to its glossary
        entry unless `link` is false (headings, labels)."""
        escaped = str(escape(text))
        if self.pattern is None:
            return Markup(escaped)
        seen: set[str] = set()

        def replace(match: re.Match[str]) -> str:
            term = self.terms[match.group(1)]
            abbr = f'<abbr title="{escape(term.expansion)}">{match.group(1)}</abbr>'
            if term.term in seen or not link:
                return abbr
            seen.add(term.term)
            href = relative_url(page_url, f"{self.glossary_url}#{term.anchor}")
            return f'<a class="rc-acronym" href="{escape(href)}">{abbr}</a>'

        return Markup(self.pattern.sub(replace, escaped))


def headline_figures(results: tuple[Result, ...]) -> tuple[list[tuple[Figure, Result]], int]:
    """The figures to headline for `results` (the highlighted ones, else the first
    few), at most `MAX_HEADLINE_FIGURES`, and how many there were in all."""
    pairs = [(f, r) for r in results for f in r.figures]
    highlighted = [(f, r) for f, r in pairs if f.highlight]
    chosen = highlighted or pairs[:FALLBACK_FIGURES]
    return chosen[:MAX_HEADLINE_FIGURES], len(chosen)


def parts_by_year(plan: PagePlan, kind: str, key: str) -> list[tuple[int, list[Page]]]:
    """The year pages of a split page, newest year first: [(year, its numbered pages)]."""
    years: dict[int, list[Page]] = {}
    for part in plan.parts_of(kind, key):
        assert part.part is not None
        years.setdefault(part.part.year, []).append(part)
    return list(years.items())


def part_neighbours(plan: PagePlan, page: Page) -> tuple[Page | None, Page | None]:
    """The pages before and after `page` among its split page's year pages."""
    assert page.part is not None
    siblings = plan.parts_of(page.part.owner_kind, page.part.owner_key)
    at = siblings.index(page)
    return (siblings[at - 1] if at else None, siblings[at + 1] if at + 1 < len(siblings) else None)


def member_counts(content: Content, grouping_id: str, results: tuple[Result, ...]) -> list[tuple[Member, int]]:
    """Members of the grouping that `results` relate to, with how many of them, in menu order."""
    return [
        (member, n)
        for member in content.members_of(grouping_id)
        if (n := sum(member.id in r.memberships[grouping_id] for r in results))
    ]


def filter_options(content: Content, results: tuple[Result, ...]) -> list[tuple[str, str, list[tuple[str, str]]]]:
    """The filters worth offering for `results`: (field, label, [(value, text)]), in a
    stable order (year, each grouping, partners, status); a filter with fewer than
    two choices filters nothing and is left out."""
    present = {g.id: {value for r in results for value in r.memberships[g.id]} for g in content.groupings}
    partners = {value for r in results for value in r.partners}
    options = [
        ("year", "Año", [(str(y), str(y)) for y in sorted({r.year for r in results})]),
        *((g.id, capitalise(g.short_singular), [(m.id, g.tag(m)) for m in content.members_of(g.id)
                                                if m.id in present[g.id]])
          for g in content.groupings),
        ("partners", "Institución socia", [(p.id, p.acronym or p.name) for p in content.partners
                                           if p.id in partners]),
        ("status", "Estado", [(k, v) for k, v in STATUSES.items() if any(r.status == k for r in results)]),
    ]
    return [option for option in options if len(option[2]) >= 2 or (option[0] != "year" and option[2])]

