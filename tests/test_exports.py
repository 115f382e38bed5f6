"""Open data: downloads journalists can trust (rendicion/exports.py, rendicion/feeds.py, the /datos/ page)."""

from __future__ import annotations

import csv
import datetime
import io
import json
import re
from dataclasses import replace
from itertools import cycle
from pathlib import Path

import feedparser
import jsonschema
import pytest
import yaml

from rendicion.exports import build_downloads
from rendicion.model import Budget, Content, Detail, Source
from rendicion.pages import plan_pages
from rendicion.publication import Publication
from rendicion.richtext import to_plain
from rendicion.tables import FIGURE_COLUMNS, datapackage, neutralise, result_columns

from .conftest import CONTENT, all_pages, broken_links, mkdocs_build, project_copy

DATA = "datos"


def read_csv(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 byte-order mark, so spreadsheets keep accents"
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def yaml_results() -> dict[str, dict]:
    results = {}
    for path in sorted((CONTENT / "results").glob("*/*.yml")):
        results.update({entry["id"]: entry for entry in yaml.safe_load(path.read_text(encoding="utf-8"))})
    return results


@pytest.fixture(scope="module")
def data(site) -> Path:
    return site.site_dir / DATA


@pytest.fixture(scope="module")
def document(data) -> dict:
    return json.loads((data / "resultados.json").read_text(encoding="utf-8"))


def test_counts_agree_everywhere(data, document):
    expected = len(yaml_results())
    assert expected == 103
    assert len(read_csv(data / "resultados.csv")) == expected
    assert len(document["results"]) == expected
    atom = feedparser.parse((data / "resultados.atom").read_bytes())
    assert len(atom.entries) == expected
    assert len(json.loads((data / "feed.json").read_text(encoding="utf-8"))["items"]) == expected
    figures = sum(len(entry.get("figures", [])) for entry in yaml_results().values())
    assert len(read_csv(data / "cifras.csv")) == figures


def test_json_round_trips_every_text_byte_for_byte(document):
    raw = yaml_results()
    for result in document["results"]:
        assert result["text"] == raw[result["id"]]["text"]
        assert result["title"] == raw[result["id"]]["title"]
        assert result["items"] == raw[result["id"]].get("items", [])


def test_json_validates_against_the_schema_published_beside_it(data, document):
    published = json.loads((data / "resultados.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(published, format_checker=jsonschema.FormatChecker()).validate(document)


def test_json_resolves_every_reference(document):
    plantaton = next(r for r in document["results"] if r["id"] == "2018-conasav-plantaton")
    assert plantaton["area"] == {"id": "procesos-de-dialogo", "name": "Área de Procesos de Diálogo"}
    assert plantaton["councils"][0]["acronym"] == "CONASAV"
    assert plantaton["figures"][0] == {"value": 17000000, "target": None, "baseline": None, "unit": "árboles",
                                       "label": "árboles plantados", "highlight": True}
    assert (plantaton["budget"], plantaton["details"]) == (None, [])
    assert plantaton["url"] == "resultados/2018-conasav-plantaton/"  # the result's own page
    assert {a["id"] for a in document["areas"]} >= {"es-calidad", "comunicaciones"}
    assert any(t["term"] == "LPELP" for t in document["glossary"])


def test_csv_is_rfc4180_with_accents_and_plain_numbers(data):
    rows = {row["id"]: row for row in read_csv(data / "resultados.csv")}
    row = rows["2018-conasav-plantaton"]
    assert row["area"] == "Área de Procesos de Diálogo"
    assert row["councils"] == "CONASAV"
    assert row["figures"].startswith("17000000 árboles (árboles plantados); 390 sitios")
    assert row["url"] == "resultados/2018-conasav-plantaton/"
    assert (data / "resultados.csv").read_bytes().count(b"\r\n") >= len(rows) + 1
    assert rows["2018-legal-presentaciones-asamblea"]["items"].count("; ") == 2
    figures = [row for row in read_csv(data / "cifras.csv") if row["result_id"] == "2018-com-usuarios-redes"]
    assert [(f["value"], f["unit"]) for f in figures] == [("1555", "usuarios")]


def test_frictionless_validates_the_data_package(data):
    frictionless = pytest.importorskip("frictionless")
    report = frictionless.validate(str(data / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    package = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
    assert [r["path"] for r in package["resources"]] == ["resultados.csv", "cifras.csv"]


def test_every_content_file_validates_against_the_published_schema(data):
    published = json.loads((data / "schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(published, format_checker=jsonschema.FormatChecker())
    files = sorted(CONTENT.rglob("*.yml"))
    assert len(files) > 15
    for path in files:
        # Dates are text to the loader (it reads YAML without timestamps), so do the same here.
        document = yaml.load(path.read_text(encoding="utf-8"), Loader=_NoDates)
        assert list(validator.iter_errors(document)) == [], path


class _NoDates(yaml.SafeLoader):
    yaml_implicit_resolvers = {
        k: [r for r in v if r[0] != "tag:yaml.org,2002:timestamp"]
        for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }


def test_feed_entries_link_to_canonical_anchors(data):
    atom = feedparser.parse((data / "resultados.atom").read_bytes())
    assert not atom.bozo, atom.get("bozo_exception")
    assert atom.feed.title.startswith("Plan Operativo Anual")
    links = {entry.link for entry in atom.entries}
    assert "../resultados/2018-conasav-plantaton/" in links  # the result's own page
    ids = [entry.id for entry in atom.entries]
    assert len(set(ids)) == len(ids) and all(i.startswith("urn:uuid:") for i in ids)
    area = feedparser.parse((data / "areas" / "comunicaciones.atom").read_bytes())
    assert not area.bozo and len(area.entries) == 13


def test_per_area_and_per_council_downloads_hold_only_their_results(data, content):
    for area in content.areas:
        rows = read_csv(data / "areas" / f"{area.id}.csv")
        assert [r["id"] for r in rows] == [r.id for r in content.results_of_area(area.id)]
    for council in content.members_of("councils"):
        rows = read_csv(data / "consejos" / f"{council.id}.csv")
        assert [r["id"] for r in rows] == [r.id for r in content.results_of_member("councils", council.id)]


def test_area_and_council_pages_link_their_downloads(site):
    pages = all_pages(site.site_dir)
    area = {a["href"] for a in pages["areas/es-calidad/index.html"].select(".rc-downloads a")}
    assert area == {"../../datos/areas/es-calidad.csv", "../../datos/areas/es-calidad.atom"}
    council = {a["href"] for a in pages["consejos/cnscc/index.html"].select(".rc-downloads a")}
    assert council == {"../../datos/consejos/cnscc.csv", "../../datos/consejos/cnscc.atom"}


def test_the_data_page_lists_every_download_with_its_size(site, data):
    soup = all_pages(site.site_dir)["datos/index.html"]
    links = {a["href"] for a in soup.select("a[href]")}
    for path in data.rglob("*"):
        if path.is_file() and path.name != "index.html":
            assert path.relative_to(data).as_posix() in links, path
    text = soup.get_text(" ")
    assert "no ha indicado una licencia" in text
    assert "kB" in text
    dataset = json.loads(soup.find("script", type="application/ld+json").string)
    assert dataset["@type"] == "Dataset" and len(dataset["distribution"]) == 4  # CSV×2, JSON, DCAT catalogue
    for distribution in dataset["distribution"]:  # resolved against /datos/, each reaches its file
        assert (data / distribution["contentUrl"]).is_file(), distribution["contentUrl"]


def test_every_result_has_a_permalink_and_a_citation(site, content):
    pages = all_pages(site.site_dir)
    for result in content.results:
        card = pages[f"areas/{result.area}/index.html"].find(id=result.id).parent
        permalink = card.select_one("a[data-rc-permalink]")
        assert permalink["href"] == f"../../resultados/{result.id}/"  # the result's own page
        citation = card.select_one(".rc-cite__text").get_text()
        assert citation.startswith("Secretaría de Gobernabilidad (SEGOB). «")
        assert f"«{result.title}»" in citation and f", {result.year}." in citation
        assert f"resultados/{result.id}/" in citation and "[fecha de consulta]" in citation


def test_machine_readable_metadata(site):
    pages = all_pages(site.site_dir)
    home = json.loads(pages["index.html"].find("script", type="application/ld+json").string)
    assert home["@type"] == "GovernmentOrganization" and home["alternateName"] == "SEGOB"
    for name, soup in pages.items():
        assert soup.find("meta", property="og:title")["content"], name
        assert soup.find("meta", attrs={"name": "twitter:card"}), name
    description = pages["consejos/conasav/index.html"].find("meta", property="og:description")["content"]
    assert description.startswith("Consejo Nacional de Sustentabilidad Ambiental y Vulnerabilidad (CONASAV)")


def test_two_builds_give_byte_identical_downloads(tmp_path, site):
    again = mkdocs_build(project_copy(tmp_path) / "mkdocs.yml", tmp_path / "again")
    assert again.returncode == 0, again.output
    first = {p.relative_to(site.site_dir): p.read_bytes() for p in (site.site_dir / DATA).rglob("*") if p.is_file()}
    second = {p.relative_to(again.site_dir): p.read_bytes() for p in (again.site_dir / DATA).rglob("*") if p.is_file()}
    assert first.keys() == second.keys() and first == second


def test_the_site_works_under_a_sub_path(tmp_path):
    project = project_copy(tmp_path)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        'site_url: ""', 'site_url: "https://transparencia.example.org/segob/2018/"'), encoding="utf-8")
    run = mkdocs_build(config, tmp_path / "site")
    assert run.returncode == 0, run.output
    assert broken_links(run.site_dir, base_path="/segob/2018/") == []
    sitemap = (run.site_dir / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://transparencia.example.org/segob/2018/areas/es-calidad/</loc>" in sitemap
    document = json.loads((run.site_dir / DATA / "resultados.json").read_text(encoding="utf-8"))
    assert document["results"][0]["url"].startswith("https://transparencia.example.org/segob/2018/resultados/")
    atom = feedparser.parse((run.site_dir / DATA / "resultados.atom").read_bytes())
    assert all(e.link.startswith("https://transparencia.example.org/segob/2018/resultados/") for e in atom.entries)
    not_found = (run.site_dir / "404.html").read_text(encoding="utf-8")
    assert 'href="/segob/2018/assets/' in not_found


# -- Formula injection ------------------------------------------------------------

PAYLOADS = ['=HYPERLINK("http://x")', "+1", "-1+2", "@SUM(A1)", "\tx", "\rx"]
#: What a spreadsheet may read as a formula at the start of a cell.
DANGEROUS = tuple("=+-@\t\r")
#: A number we wrote ourselves: harmless even when negative.
NUMBER = re.compile(r"-?\d+(\.\d+)?")


def formula_content(content: Content) -> Content:
    """The real content with every text a CSV shows starting with a formula payload."""
    text = cycle(PAYLOADS)
    council, plan, partner = content.members_of("councils")[0].id, content.members_of("plans")[0].id, content.partners[0].id
    return replace(
        content,
        areas=tuple(replace(a, name=next(text), short_name=next(text),
                            sections=tuple(replace(s, title=next(text)) for s in a.sections))
                    for a in content.areas),
        members={g: tuple(replace(m, acronym=next(text), name=next(text)) for m in ms)
                 for g, ms in content.members.items()},
        partners=tuple(replace(p, acronym=next(text), name=next(text)) for p in content.partners),
        results=tuple(
            replace(
                r, title=next(text), text=next(text), items=(next(text), next(text)),
                memberships={"councils": (council,), "plans": (plan,)}, partners=(partner,),
                # -2.5: a negative value cannot be published, but one must stay a number too.
                figures=(replace(r.figures[0], value=-2.5, unit=next(text), label=next(text), target=-3,
                                 baseline=0.5),) if r.figures else (),
                sources=(Source(next(text), next(text)),), status="en-curso", progress=12.5,
                details=(Detail(next(text), next(text)), Detail(next(text), next(text))),
                budget=Budget(1000, 500.5, "USD"),
                date=datetime.date(2018, 5, 1),
            )
            for r in content.results
        ),
    )


@pytest.fixture(scope="module")
def formula_downloads(content):
    hostile = formula_content(content)
    return hostile, {d.path: d.data for d in build_downloads(hostile, plan_pages(hostile), Publication())}


def parse_csv(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_no_csv_cell_starts_a_formula(formula_downloads):
    _, downloads = formula_downloads
    tables = {path: parse_csv(data) for path, data in downloads.items() if path.endswith(".csv")}
    assert len(tables) > 10  # resultados, cifras, one per area and per council
    neutralised = 0
    for path, rows in tables.items():
        assert len({len(row) for row in rows}) == 1, f"{path}: rows of different lengths"
        for row in rows[1:]:
            for cell in row:
                assert not cell.startswith(DANGEROUS) or cell.startswith("'") or NUMBER.fullmatch(cell), (path, cell)
                neutralised += cell.startswith("'")
    assert neutralised > 1000


def test_neutralised_cells_keep_their_text_and_numbers_stay_numbers(formula_downloads):
    hostile, downloads = formula_downloads
    rows = list(csv.DictReader(io.StringIO(downloads["datos/resultados.csv"].decode("utf-8-sig"), newline="")))
    for row, result in zip(rows, hostile.results, strict=True):
        assert row["title"] == "'" + result.title
        # The CSV holds the text without Markdown (a leading tab or line break is layout there).
        plain = to_plain(result.text)
        assert row["text"] == ("'" + plain if plain.startswith(DANGEROUS) else plain)
        assert row["year"] == str(result.year)
        assert row["date"] == "2018-05-01" and row["progress"] == "12.5" and row["status"] == "en-curso"
        assert (row["budget_planned"], row["budget_executed"], row["budget_currency"]) == ("1000", "500.5", "USD")
        if result.figures:
            assert row["figures"].startswith("'-2.5 ")
    numeric = {name for name, kind, _ in FIGURE_COLUMNS if kind != "string"}
    figures = list(csv.DictReader(io.StringIO(downloads["datos/cifras.csv"].decode("utf-8-sig"), newline="")))
    assert figures and all(row["value"] == "-2.5" for row in figures)
    assert all(NUMBER.fullmatch(row[name]) or row[name] in ("true", "false") for row in figures for name in numeric)


def test_the_json_keeps_the_exact_text(formula_downloads):
    hostile, downloads = formula_downloads
    document = json.loads(downloads["datos/resultados.json"])
    for entry, result in zip(document["results"], hostile.results, strict=True):
        assert entry["title"] == result.title and entry["text"] == result.text
        assert entry["items"] == list(result.items)
        assert entry["sources"] == [{"title": s.title, "url": s.url} for s in result.sources]
    assert [a["name"] for a in document["areas"]] == [a.name for a in hostile.areas]
    assert [p["name"] for p in document["partners"]] == [p.name for p in hostile.partners]


def test_frictionless_reads_the_neutralised_csv(formula_downloads, tmp_path):
    frictionless = pytest.importorskip("frictionless")
    hostile, downloads = formula_downloads
    for name in ("resultados.csv", "cifras.csv"):
        (tmp_path / name).write_bytes(downloads[f"datos/{name}"])
    (tmp_path / "datapackage.json").write_text(json.dumps(datapackage(hostile, Publication())), encoding="utf-8")
    report = frictionless.validate(str(tmp_path / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


@pytest.mark.parametrize("text, expected", [
    ("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\tx", "'\tx"), ("\rx", "'\rx"), ("\nx", "'\nx"), ("\0x", "'\0x"),
    ("  =1+1", "'  =1+1"), ("\uff1d1+1", "'\uff1d1+1"), ("\uff20x", "'\uff20x"),
    ("texto; =1+1", "texto; '=1+1"), ("a;-1;b;@x", "a;'-1;b;'@x"), ("=a; +b", "'=a; '+b"),
    ("abc\t=HYPERLINK(1)", "abc\t'=HYPERLINK(1)"),
    ("texto normal", "texto normal"), ("2018-2019", "2018-2019"), ("a - b; c", "a - b; c"),
    ("'=ya", "'=ya"), ("", ""), ("|cmd", "|cmd"), ("a, =b", "a, =b"),
])
def test_neutralise(text, expected):
    assert neutralise(text) == expected


def test_only_text_columns_are_neutralised():
    """The rule keys on the declared type: a new column must say whether it holds text."""
    kinds = {kind for _, kind, _ in result_columns(()) + FIGURE_COLUMNS}
    assert kinds == {"string", "integer", "number", "date", "boolean"}
