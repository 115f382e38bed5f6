"""Site search, chosen per site (`rendicion/plugin/search.py`): Material's built-in
search or Pagefind. The choice, a Pagefind build of the SEGOB content (every
result indexed exactly once, at its anchor), the default build keeping
Material, the offline copy never using Pagefind, and Pagefind's search dialog
in headless Chromium."""

from __future__ import annotations

import gzip
import json
import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from rendicion.load import load_content
from rendicion.plugin import search
from rendicion.plugin.config import RendicionConfig

from .conftest import mkdocs_build, project_copy, set_plugin_option

RESULT_HEADING = re.compile(r"h[1-6]")


# --- the choice -------------------------------------------------------------------


@pytest.mark.parametrize("setting, results, offline, expected", [
    ("auto", 103, False, "material"),                       # the SEGOB site
    ("auto", search.PAGEFIND_ABOVE, False, "material"),
    ("auto", search.PAGEFIND_ABOVE + 1, False, "pagefind"),
    ("auto", 50_000, False, "pagefind"),
    ("material", 50_000, False, "material"),
    ("pagefind", 10, False, "pagefind"),
    ("pagefind", 10, True, "material"),                     # the offline copy: file://
    ("auto", 50_000, True, "material"),
])
def test_choose_backend(setting, results, offline, expected):
    assert search.choose_backend(setting, results, offline) == expected


def test_choose_backend_refuses_unknown_settings():
    with pytest.raises(ValueError):
        search.choose_backend("lunr", 10)


def test_the_setting_accepts_exactly_the_backends():
    config = RendicionConfig()
    config.load_dict({})
    assert config.validate() == ([], []) and config.search == "auto"
    for value in search.CHOICES:
        config = RendicionConfig()
        config.load_dict({"search": value})
        assert config.validate()[0] == [], value
    config = RendicionConfig()
    config.load_dict({"search": "lunr"})
    assert [key for key, _ in config.validate()[0]] == ["search"]


def test_pagefind_indexes_the_page_content_without_excluded_parts():
    command = search.pagefind_command(Path("/tmp/site"))
    assert command[command.index("--root-selector") + 1] == ".md-content"
    excluded = [command[i + 1] for i, arg in enumerate(command) if arg == "--exclude-selectors"]
    assert "[data-search-exclude]" in excluded and ".headerlink" in excluded


def test_pagefind_reads_every_page_but_the_result_pages(tmp_path):
    for name in ("index.html", "404.html", "sitemap.xml"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    for folder in ("areas", "consejos", "resultados", "assets", "pagefind"):
        (tmp_path / folder).mkdir()
    assert search.index_glob(tmp_path) == "{404.html,areas/**/*.html,consejos/**/*.html,index.html}"
    command = search.pagefind_command(tmp_path)
    assert command[command.index("--glob") + 1] == search.index_glob(tmp_path)
    # A name a glob would read as a pattern: every file is read, as without a glob.
    (tmp_path / "a{b}").mkdir()
    assert search.index_glob(tmp_path) is None and "--glob" not in search.pagefind_command(tmp_path)


# --- builds -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pagefind_site(tmp_path_factory):
    """The SEGOB content built with `search: pagefind`."""
    root = tmp_path_factory.mktemp("pagefind")
    project = project_copy(root)
    set_plugin_option(project, "search", "pagefind")
    run = mkdocs_build(project / "mkdocs.yml", root / "site")
    assert run.returncode == 0, run.output
    return run


def fragments(site_dir: Path) -> list[dict]:
    """Pagefind's per-page records (gzip of "pagefind_dcd" + JSON)."""
    records = []
    for path in sorted((site_dir / "pagefind" / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(path.read_bytes())
        assert data.startswith(b"pagefind_dcd")
        records.append(json.loads(data[len(b"pagefind_dcd"):]))
    return records


def test_pagefind_build_has_pagefind_and_no_material_index(pagefind_site):
    site_dir = pagefind_site.site_dir
    for name in ("pagefind.js", "pagefind-entry.json", "pagefind-component-ui.js", "pagefind-component-ui.css"):
        assert (site_dir / "pagefind" / name).is_file(), name
    assert not (site_dir / "search" / "search_index.json").exists()
    entry = json.loads((site_dir / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert list(entry["languages"]) == ["es"]
    for path in ("", "areas/comunicaciones/", "404.html"):
        page = pagefind_site.html(path)
        header = page.select_one("header.md-header")
        assert header.select_one(".rc-pagefind template") is not None, path
        assert header.select_one(".md-search") is None and page.select_one("[for='__search'].md-header__button") is None
        scripts = [tag["src"].rsplit("/", 1)[-1] for tag in page.select("script[src]")]
        # Ours configures Pagefind's components, so it runs right after them.
        assert scripts.index("busqueda-pagefind.js") == scripts.index("pagefind-component-ui.js") + 1
        styles = [tag["href"].rsplit("/", 1)[-1] for tag in page.select("head link[rel=stylesheet]")]
        assert {"pagefind-component-ui.css", "busqueda-pagefind.css"} <= set(styles)


def test_every_result_is_indexed_once_at_its_anchor(pagefind_site):
    """Pagefind's sub-results come from headings with an id: each result's <h3>
    on its area page. Duplicate cards (council and plan pages) are excluded."""
    content = load_content(pagefind_site.site_dir.parent / "project" / "content")
    ids = {result.id for result in content.results}
    found: dict[str, list[str]] = {}
    for record in fragments(pagefind_site.site_dir):
        for anchor in record["anchors"]:
            if RESULT_HEADING.fullmatch(anchor["element"]) and anchor["text"].strip() and anchor["id"] in ids:
                found.setdefault(anchor["id"], []).append(record["url"])
    assert sum(len(urls) for urls in found.values()) == len(ids) == len(content.results) == 103
    assert set(found) == ids
    for result_id, (url,) in found.items():
        page = pagefind_site.html(url.lstrip("/"))
        heading = page.find(id=result_id)
        assert heading is not None and RESULT_HEADING.fullmatch(heading.name), (result_id, url)
        assert url.startswith("/areas/"), (result_id, url)


def test_pagefind_skips_what_material_skips(pagefind_site):
    records = fragments(pagefind_site.site_dir)
    assert "/404.html" not in {record["url"] for record in records}
    text = " ".join(record["content"] for record in records)
    # Citations, figure panels and duplicate cards are left out (the data page cites itself once).
    assert "Cómo citar este resultado" not in text and text.count("[fecha de consulta]") == 1
    assert "Cifras destacadas" not in text
    assert "¶" not in " ".join(a["text"] for record in records for a in record["anchors"])
    # Only the page content: not the header, navigation or table of contents.
    assert "Tabla de contenidos" not in text and "SEGOB · Principales resultados 2018" not in text


def test_the_segob_site_keeps_material_search(site):
    assert search.choose_backend("auto", 103) == search.MATERIAL
    assert (site.site_dir / "search" / "search_index.json").is_file()
    assert not (site.site_dir / "pagefind").exists()
    home = site.html("")
    assert home.select_one("header .md-search") is not None
    assert home.select_one(".rc-pagefind") is None and "pagefind" not in str(home)


def test_the_offline_copy_never_uses_pagefind(tmp_path, monkeypatch):
    project = project_copy(tmp_path)
    set_plugin_option(project, "search", "pagefind")
    monkeypatch.setenv("OFFLINE", "true")  # as `rendicion build --offline` does
    run = mkdocs_build(project / "mkdocs.yml", tmp_path / "site")
    assert run.returncode == 0, run.output
    assert (run.site_dir / "search" / "search_index.js").is_file()
    assert not (run.site_dir / "pagefind").exists()
    assert "pagefind" not in (run.site_dir / "index.html").read_text(encoding="utf-8")


# --- in the browser -----------------------------------------------------------------


@pytest.fixture(scope="module")
def pagefind_server(pagefind_site, tmp_path_factory):
    """The Pagefind site served from a subfolder (/segob/2018/), as it may be published."""
    from benchmarks.browser import serve

    root = tmp_path_factory.mktemp("served")
    (root / "segob").mkdir()
    os.symlink(pagefind_site.site_dir, root / "segob" / "2018")
    with serve(root) as url:
        yield url + "segob/2018/"


def open_search(page, query: str) -> None:
    """Open Pagefind's dialog with its "/" shortcut, type `query`, wait for results."""
    page.locator("header .pf-trigger-btn").wait_for()
    page.keyboard.press("/")
    page.wait_for_function("document.activeElement && document.activeElement.matches('dialog[open] input.pf-input')")
    page.keyboard.type(query, delay=15)
    page.wait_for_function("q => document.querySelector('dialog[open] .pf-summary').textContent.includes('«' + q + '»')",
                           arg=query)
    page.locator("dialog[open] a.pf-heading-link").first.wait_for()


def close_search(page) -> None:
    """Close the dialog with Escape and wait until it is gone (closing is not instant)."""
    page.keyboard.press("Escape")
    page.wait_for_function("!document.querySelector('dialog[open]')")


def result_anchors(page) -> list[str]:
    links = page.locator("dialog[open] a.pf-heading-link").evaluate_all("els => els.map(e => e.href)")
    return [urlsplit(link).fragment for link in links]


@pytest.mark.browser
def test_pagefind_search_without_accents_lands_on_the_result(new_page, pagefind_server):
    page = new_page()
    requests: list[str] = []
    errors: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(pagefind_server + "areas/asuntos-legales/")
    trigger = page.locator("header .rc-pagefind button.pf-trigger-btn")
    assert trigger.get_attribute("aria-label") == "Buscar" and trigger.get_attribute("aria-keyshortcuts") == "/"

    open_search(page, "organizacion")  # «Organización de eventos públicos…»
    # Results render as their fragments arrive (the first before the rest): wait for this one.
    page.locator("dialog[open] a.pf-heading-link[href$='#2018-com-eventos-publicos']").first.wait_for()
    summary = page.locator("dialog[open] .pf-summary").inner_text()
    assert re.fullmatch(r"\d+ páginas? contienen? «organizacion»", summary), summary

    close_search(page)
    open_search(page, "1,555")
    # Results render as their fragments arrive: wait for this one, then check its rank.
    page.locator("dialog[open] a.pf-heading-link[href$='#2018-com-usuarios-redes']").first.wait_for()
    assert result_anchors(page).index("2018-com-usuarios-redes") < 3

    close_search(page)
    open_search(page, "plantaton")  # PLANTATÓN
    link = page.locator("dialog[open] a.pf-heading-link[href$='#2018-conasav-plantaton']").first
    assert urlsplit(link.get_attribute("href")).path.startswith("/segob/2018/areas/")
    link.click()
    page.wait_for_url("**/segob/2018/areas/**#2018-conasav-plantaton")
    page.wait_for_timeout(300)
    box = page.locator("[id='2018-conasav-plantaton']").bounding_box()
    assert box is not None and 0 <= box["y"] < page.viewport_size["height"]
    assert all(url.startswith(pagefind_server.split("segob")[0]) for url in requests), requests
    assert not errors, errors


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_pagefind_dialog_is_accessible(new_page, pagefind_server, scheme):
    from axe_playwright_python.sync_playwright import Axe

    page = new_page(color_scheme=scheme)
    page.goto(pagefind_server)
    # By keyboard alone: Tab reaches the button, Enter opens the dialog in its box.
    for _ in range(8):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('.pf-trigger-btn')"):
            break
    else:
        pytest.fail("the search button is not among the first Tab stops")
    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement.matches('dialog[open] input.pf-input')")
    assert page.locator("dialog[open]").get_attribute("aria-label") == "Buscar"
    page.keyboard.type("consejo", delay=15)
    # The results of the whole word, not of the first letters (they render again).
    page.wait_for_function("document.querySelector('dialog[open] .pf-summary').textContent.includes('«consejo»')")
    page.locator("dialog[open] a.pf-heading-link").first.wait_for()
    page.keyboard.press("ArrowDown")
    page.wait_for_function(
        "document.activeElement.matches('dialog[open] a.pf-result-link, dialog[open] a.pf-heading-link')")
    violations = Axe().run(page, context="dialog[open]").response["violations"]
    blocking = [f"{v['id']}: {[(n['target'], n['any'][0]['message'] if n['any'] else '') for n in v['nodes'][:3]]}" for v in violations
                if v["impact"] in ("serious", "critical")]
    assert not blocking, blocking
    close_search(page)
    page.wait_for_function("document.activeElement && document.activeElement.matches('.pf-trigger-btn')")


@pytest.mark.browser
def test_pagefind_search_on_a_phone(new_page, pagefind_server):
    page = new_page(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    page.goto(pagefind_server + "consejos/conasav/")
    trigger = page.locator("header .pf-trigger-btn")
    box = trigger.bounding_box()
    assert box is not None and box["x"] + box["width"] <= 360 and box["y"] < 60
    trigger.tap()
    page.wait_for_function("document.activeElement && document.activeElement.matches('dialog[open] input.pf-input')")
    page.keyboard.type("educacion", delay=15)
    page.locator("dialog[open] a.pf-heading-link").first.wait_for()
    assert page.evaluate("document.querySelector('dialog[open]').scrollWidth") <= 360
    dialog = page.locator("dialog[open]").bounding_box()
    assert dialog["x"] >= 0 and dialog["x"] + dialog["width"] <= 360
    page.locator("dialog[open] .pf-modal-close").tap()
    page.wait_for_function("!document.querySelector('dialog[open]')")
