"""Hostile content for the trust tests: payloads, a small project that carries
them in every string field, and the checks a built site must pass.

Used by `tests/test_hostile_content.py` (the property test and the reviewer's
cases). The checks look at what a browser, a feed reader, a spreadsheet or a
JSON parser would see, never at our own implementation.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

from bs4 import BeautifulSoup

from .conftest import project_copy

#: Where a template payload that ran would leave its mark.
CANARY = Path("/tmp/rendicion-canary-evaluado")
#: 7 * 191919: appears in the output only if a template expression was evaluated.
EVALUATED = "1343433"

TEMPLATE_PAYLOADS = [
    "{{ 7*191919 }}",
    "{{7*191919}}",
    f"{{{{ cycler.__init__.__globals__.os.system('touch {CANARY}') }}}}",
    f"{{% set x = cycler.__init__.__globals__.os.system('touch {CANARY}') %}}",
    "{% raw %}", "{% endraw %}", "{# nota", "#}", "{{", "}}", "{%", "%}",
    "${{ 7*191919 }}", "{{ config }}", "{{ page.title }}",
]
MARKUP_PAYLOADS = [
    "<x-inj data-inj=1>", "</title><x-inj data-inj=1>", "</script><x-inj data-inj=1>",
    '" data-inj="1', "' data-inj='1", '" http-equiv="refresh" content="0;url=https://evil.example/',
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "]]>", "<![CDATA[", "-->", "<!--",
    "&amp;", "&lt;x-inj data-inj=1&gt;", "&#123;&#123;", "\\", "`", "*negrita*", "[enlace](javascript:alert(1))",
    "<https://evil.example>", "# título", "- viñeta", "| tabla |", "::: nota",
    # Result texts are a Markdown subset (rendicion/richtext.py): links, lists, emphasis.
    "[x](JaVaScRiPt:alert(1))", "[x](data:text/html,<x-inj data-inj=1>)", "[x](&#106;avascript:alert(1))",
    "<javascript:alert(1)>", '[x](https://evil.example/" data-inj="1)', "**<x-inj data-inj=1>**",
    "\n\n- <x-inj data-inj=1>\n  - [y](https://evil.example/'onmouseover='alert(1))\n\n",
    "`<x-inj data-inj=1>`", "![<x-inj data-inj=1>](https://evil.example/x.png)", "1. uno\n2. =1+1",
    "[x][ref]\n\n[ref]: javascript:alert(1)",
]
FORMULA_PAYLOADS = ['=HYPERLINK("https://evil.example","x")', "+1+1", "-1+1", "@SUM(A1)", "=1+1"]
BREAKS = ["\n", "\t"]
UNICODE = ["\u200f", "\u200b", "\ufeff", "ñ", "😀", "\u0301", "𝔘"]
CONTROL = ["\x00", "\x01", "\x1b", "\x7f", "\x9b", "\x85", "\v", "\f", "\r", "\ufffe", "\uffff", "\u2028", "\u2029", "\u202e", "\u2067"]

#: Characters that content files may not hold (refused at load, with file:line:column).
REFUSED = set(CONTROL) | {chr(c) for c in range(0, 32) if chr(c) not in "\t\n"} \
    | {chr(c) for c in range(0x7f, 0xa0)} | {"\u2028", "\u2029"} \
    | {chr(c) for c in [*range(0x202a, 0x202f), *range(0x2066, 0x206a)]}

#: Every string field of every kind of content file, by where it lives.
SITE_FIELDS = ["institution.name", "institution.acronym", "institution.parent", "institution.country",
               "report.title", "report.short_title", "report.period", "description", "contact", "licence"]
AREA_FIELDS = ["name", "short_name", "program", "summary", "section.title", "section.lead"]
#: The labels site.yml declares for each grouping (councils and plans here).
GROUPING_FIELDS = ["name", "short_name", "singular", "plural", "short_singular", "short_plural"]
COUNCIL_FIELDS = ["acronym", "name", "summary"]
PLAN_FIELDS = ["acronym", "name", "summary"]
PARTNER_FIELDS = ["acronym", "name"]
TERM_FIELDS = ["term", "expansion"]
RESULT_FIELDS = ["title", "text", "item", "figure.unit", "figure.label", "source.title",
                 "detail.label", "detail.value"]
URL_PAYLOADS = ["https://evil.example/'onmouseover='alert(1)", "https://evil.example/{{7*191919}}",
                "https://evil.example/?a=1&b=2", "https://evil.example/`x`"]

ALL_FIELDS = ([f"site.{f}" for f in SITE_FIELDS] + [f"area.{f}" for f in AREA_FIELDS]
              + [f"councils.{f}" for f in GROUPING_FIELDS] + [f"plans.{f}" for f in GROUPING_FIELDS]
              + [f"council.{f}" for f in COUNCIL_FIELDS] + [f"plan.{f}" for f in PLAN_FIELDS]
              + [f"partner.{f}" for f in PARTNER_FIELDS] + [f"term.{f}" for f in TERM_FIELDS]
              + [f"result.{f}" for f in RESULT_FIELDS])


def _q(value: str) -> str:
    """A YAML double-quoted scalar that carries every character of `value`:
    printable ones as they are, the others as YAML escapes (`\\x1b`, `\\u2028`)."""
    quoted = json.dumps(value, ensure_ascii=False)
    return "".join(c if c.isprintable() or c == " " else f"\\U{ord(c):08x}" for c in quoted)


def write_project(tmp_path: Path, values: dict[str, str], urls: tuple[str, str] = ("https://a.example/", "https://b.example/")) -> Path:
    """A project whose content/ is one small site carrying `values` (field → text;
    see ALL_FIELDS; a field not given gets a plain text)."""
    project = project_copy(tmp_path)
    content = project / "content"
    shutil.rmtree(content)
    (content / "areas").mkdir(parents=True)
    (content / "councils").mkdir()
    (content / "plans").mkdir()
    (content / "results" / "2018").mkdir(parents=True)

    def v(name: str) -> str:
        return _q(values.get(name, f"Texto de {name}"))

    (content / "site.yml").write_text(
        f"institution:\n  name: {v('site.institution.name')}\n  acronym: {v('site.institution.acronym')}\n"
        f"  parent: {v('site.institution.parent')}\n  country: {v('site.institution.country')}\n"
        f"  url: {_q(urls[0])}\n"
        f"report:\n  title: {v('site.report.title')}\n  short_title: {v('site.report.short_title')}\n"
        # The period as years with a label (series.py): the label is the text pages show.
        f"  period: {{start: 2018, end: 2019, label: {v('site.report.period')}}}\n"
        f"description: {v('site.description')}\ncontact: {v('site.contact')}\nlicence: {v('site.licence')}\n"
        "groupings:\n"
        + "".join(
            f"  - id: {g}\n    path: {path}\n    gender: {gender}\n    member_label: {label}\n{extra}"
            + "".join(f"    {f}: {v(f'{g}.{f}')}\n" for f in GROUPING_FIELDS)
            for g, path, gender, label, extra in (
                ("councils", "consejos", "masculino", "acronym", "    area: true\n"),
                ("plans", "planes", "femenino", "name", "    within: councils\n"),
            )
        ),
        encoding="utf-8")
    (content / "areas" / "area-uno.yml").write_text(
        f"id: area-uno\norder: 1\nname: {v('area.name')}\nshort_name: {v('area.short_name')}\n"
        f"program: {v('area.program')}\nsummary: {v('area.summary')}\n"
        f"sections:\n  - {{id: apartado, title: {v('area.section.title')}, lead: {v('area.section.lead')}}}\n",
        encoding="utf-8")
    (content / "councils" / "consejo-uno.yml").write_text(
        f"id: consejo-uno\nacronym: {v('council.acronym')}\nname: {v('council.name')}\n"
        f"area: area-uno\nsummary: {v('council.summary')}\n", encoding="utf-8")
    (content / "plans" / "plan-uno.yml").write_text(
        f"id: plan-uno\nacronym: {v('plan.acronym')}\nname: {v('plan.name')}\ncouncil: consejo-uno\n"
        f"summary: {v('plan.summary')}\n", encoding="utf-8")
    (content / "partners.yml").write_text(
        f"- {{id: socio-uno, acronym: {v('partner.acronym')}, name: {v('partner.name')}, url: {_q(urls[1])}}}\n",
        encoding="utf-8")
    (content / "glossary.yml").write_text(
        f"- {{term: {v('term.term')}, expansion: {v('term.expansion')}}}\n", encoding="utf-8")
    results = ""
    for n in (1, 2):
        results += (
            f"- id: 2018-resultado-{n}\n  title: {v('result.title')}\n  text: {v('result.text')}\n"
            f"  area: area-uno\n  section: apartado\n  councils: [consejo-uno]\n  plans: [plan-uno]\n"
            f"  partners: [socio-uno]\n  items: [{v('result.item')}]\n"
            # A target and a baseline (measures.py): the label is also the progress bar's aria-label.
            f"  figures: [{{value: {n}, target: 3, baseline: 0, unit: {v('result.figure.unit')}, "
            f"label: {v('result.figure.label')}, highlight: true}}]\n"
            f"  budget: {{planned: 1000, executed: 500.5, currency: USD}}\n"
            f"  details: [{{label: {v('result.detail.label')}, value: {v('result.detail.value')}}}]\n"
            f"  status: en-curso\n  progress: 40\n  date: 2018-05-0{n}\n"
            f"  sources: [{{title: {v('result.source.title')}, url: {_q(urls[0])}}}]\n"
        )
    # The first result's goal followed into 2019 (series.py): each card links the
    # other's title; a date range is shown too.
    results = results.replace("  date: 2018-05-01\n", "  date: 2018-05-01\n  series: serie-uno\n"
                              "  start: 2018-01-01\n  end: 2019-06-30\n", 1)
    (content / "results" / "2018" / "area-uno.yml").write_text(results, encoding="utf-8")
    (content / "results" / "2019").mkdir()
    (content / "results" / "2019" / "area-uno.yml").write_text(
        f"- id: 2019-resultado-3\n  title: {v('result.title')}\n  text: {v('result.text')}\n"
        "  area: area-uno\n  series: serie-uno\n  status: cumplido\n", encoding="utf-8")
    return project


def injected_markup(soup: BeautifulSoup) -> list[str]:
    """Elements or attributes that only a payload could have put there."""
    found = [f"<{tag.name}>" for tag in soup.find_all(["x-inj", "img"]) if tag.name == "x-inj" or tag.get("onerror")]
    found += [f"{tag.name}[{attr}]" for tag in soup.find_all(True) for attr in tag.attrs
              if attr in ("data-inj", "onerror", "onmouseover", "http-equiv")]
    # A link that runs a payload or carries a document (the richtext renderer allows http, https,
    # mailto; the theme's own `javascript:void(0)` is not a payload).
    found += [f"<a href={tag['href'][:30]!r}>" for tag in soup.find_all("a", href=True)
              if (href := tag["href"].strip().lower()).startswith(("data:", "vbscript:"))
              or (href.startswith("javascript:") and "alert" in href)]
    # A script that runs (JSON-LD is data: check_site parses it as JSON).
    found += ["<script>alert" for tag in soup.find_all("script")
              if "alert(1)" in (tag.string or "") and tag.get("type") != "application/ld+json"]
    return found


def check_site(site: Path) -> list[str]:
    """Every way hostile text could have escaped into a built site; [] when none did."""
    problems: list[str] = []
    if CANARY.exists():
        problems.append(f"a template payload ran: {CANARY} exists")
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        name = path.relative_to(site).as_posix()
        data = path.read_bytes()
        if path.suffix == ".gz":
            data = gzip.decompress(data)
        if EVALUATED.encode() in data:
            problems.append(f"{name}: a template expression was evaluated")
        if path.suffix == ".html":
            soup = BeautifulSoup(data.decode("utf-8"), "html.parser")
            problems += [f"{name}: {what}" for what in injected_markup(soup)]
            for script in soup.find_all("script", type="application/ld+json"):
                try:
                    json.loads(script.string or "")
                except ValueError as error:
                    problems.append(f"{name}: JSON-LD does not parse: {error}")
        elif path.suffix in (".xml", ".atom") or path.name.endswith(".xml.gz"):
            try:
                ET.fromstring(data)
            except ET.ParseError as error:
                problems.append(f"{name}: not well-formed XML: {error}")
        elif path.suffix == ".json":
            try:
                document = json.loads(data)
            except ValueError as error:
                problems.append(f"{name}: not JSON: {error}")
                continue
            if name == "search/search_index.json":
                for doc in document["docs"]:  # Material shows titles and texts as HTML
                    soup = BeautifulSoup(doc["title"] + doc["text"], "html.parser")
                    problems += [f"{name} ({doc['location']}): {what}" for what in injected_markup(soup)]
        elif path.suffix == ".csv":
            rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
            for row in rows[1:]:
                for cell in row:
                    if cell[:1] in ("=", "+", "-", "@", "\t", "\r"):
                        problems.append(f"{name}: a cell a spreadsheet would run: {cell[:40]!r}")
            if len({len(row) for row in rows}) > 1:
                problems.append(f"{name}: rows of different lengths")
    return problems
