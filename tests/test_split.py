"""Big pages split by year and into numbered pages (`results_per_page`), built end to end.

The SEGOB content plus a second year of test data, with a limit of 10 results
per page, so every area, council and plan with more is split the way a site
of tens of thousands of results is.
"""

from __future__ import annotations

import json
import posixpath
from collections import Counter

import pytest

from rendicion.load import load_content
from rendicion.pages import plan_pages

from .conftest import (all_pages, broken_links, mkdocs_build, project_copy, serve_directory, set_plugin_option,
                       with_second_year)

LIMIT = 10


@pytest.fixture(scope="module")
def split(tmp_path_factory):
    root = tmp_path_factory.mktemp("split")
    project = project_copy(root)
    with_second_year(project)
    set_plugin_option(project, "results_per_page", LIMIT)
    run = mkdocs_build(project / "mkdocs.yml", root / "site")
    assert run.returncode == 0, run.output
    return run.site_dir, all_pages(run.site_dir), load_content(project / "content"), run.output


def test_every_result_is_published_once_at_its_canonical_anchor(split):
    site, pages, content, _ = split
    canonical = Counter(
        heading["id"]
        for name, soup in pages.items() if name.startswith("areas/")
        for heading in soup.select("article.rc-result > .rc-result__title[id]")
    )
    assert sorted(canonical) == sorted(r.id for r in content.results)
    assert set(canonical.values()) == {1}
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    located = Counter(doc["location"].partition("#")[2] for doc in index["docs"])
    assert all(located[r.id] == 1 for r in content.results)


def test_year_pages_stay_out_of_the_navigation_quietly(split):
    _, pages, _, output = split
    assert "not included in the \"nav\"" not in output  # no list of hundreds of pages in the build log
    nav = pages["areas/procesos-de-dialogo/2018/2/index.html"].select("nav.md-nav--primary a.md-nav__link")
    assert not any("2018" in a.get("href", "") for a in nav)


def test_no_page_lists_more_than_the_limit(split):
    _, pages, _, _ = split
    for name, soup in pages.items():
        assert len(soup.select("article.rc-result")) <= LIMIT, name


def test_the_area_page_becomes_an_index_of_its_year_pages(split):
    _, pages, _, _ = split
    soup = pages["areas/procesos-de-dialogo/index.html"]
    assert soup.select("article.rc-result") == []
    assert [h2["id"] for h2 in soup.select("section > h2[id^=anio-]")] == ["anio-2019", "anio-2018"]
    links = [a["href"] for a in soup.select("a.rc-parts__link")]
    # 2 results in 2019 fit one page; 33 in 2018 take four pages of 9, 8, 8, 8.
    assert links == ["2019/", "2018/", "2018/2/", "2018/3/", "2018/4/"]
    toc = [a.get_text(strip=True) for a in soup.select("nav.md-nav--secondary a.md-nav__link")]
    assert toc[:2] == ["Resultados 2019", "Resultados 2018"]
    sizes = [len(pages[f"areas/procesos-de-dialogo/{p}index.html"].select("article.rc-result"))
             for p in ("2018/", "2018/2/", "2018/3/", "2018/4/")]
    assert sizes == [9, 8, 8, 8]


def test_year_pages_say_where_they_are_and_link_to_their_neighbours(split):
    _, pages, _, _ = split
    soup = pages["areas/procesos-de-dialogo/2018/2/index.html"]
    assert soup.h1.get_text(strip=True) == "Procesos de Diálogo · 2018, página 2 de 4"
    assert soup.select_one(".rc-pager [aria-current=page]").get_text(strip=True) == "2018 (2/4)"
    assert soup.select_one(".rc-pager a")["href"] == "../../"
    assert soup.select_one("a[rel=prev]")["href"] == "../"
    assert soup.select_one("a[rel=next]")["href"] == "../3/"


def test_councils_link_each_result_to_the_year_page_that_holds_it(split):
    _, pages, content, _ = split
    plan = plan_pages(content, results_per_page=LIMIT)
    cards = [
        (name, card)
        for name, soup in pages.items() if name.startswith("consejos/conasav/")
        for card in soup.select("article.rc-result[id]")
    ]
    assert len(cards) == len(content.results_of_member("councils", "conasav"))
    for name, card in cards:
        # «Publicado por» leads to the card on the area's year page that holds it.
        path, _, anchor = card.select_one(".rc-meta a")["href"].partition("#")
        target = posixpath.normpath(posixpath.join(posixpath.dirname(name), path)) + "/"
        assert f"{target}#{anchor}" == plan.result_anchor_url(content.result(card["id"])), name
    plantaton = pages["consejos/conasav/2018/index.html"].find(id="2018-conasav-plantaton")
    assert plantaton.select_one(".rc-meta a")["href"] == \
        "../../../areas/procesos-de-dialogo/2018/#2018-conasav-plantaton"
    assert plantaton.select_one(".rc-result__title a")["href"] == "../../../resultados/2018-conasav-plantaton/"


def test_downloads_and_every_link_point_at_the_year_pages(split):
    site, _, content, _ = split
    data = json.loads((site / "datos" / "resultados.json").read_text(encoding="utf-8"))
    urls = {r["id"]: r["url"] for r in data["results"]}
    assert len(urls) == len(content.results)
    assert urls["2018-conasav-plantaton"].endswith("resultados/2018-conasav-plantaton/")
    ficha = site / "resultados" / "2018-conasav-plantaton" / "index.html"
    assert 'href="../../areas/procesos-de-dialogo/2018/#2018-conasav-plantaton"' in ficha.read_text(encoding="utf-8")
    assert broken_links(site) == []


@pytest.mark.browser
def test_old_links_find_a_result_that_moved_to_another_page(split, page):
    site, pages, _, _ = split
    # The last result of 2018 on Procesos de Diálogo sits on page 4; links made
    # before the area was split, or before results were added, still reach it.
    last = pages["areas/procesos-de-dialogo/2018/4/index.html"].select("article.rc-result > [id]")[-1]["id"]
    with serve_directory(site) as base:
        for old in ("areas/procesos-de-dialogo/", "areas/procesos-de-dialogo/2018/"):
            page.goto(f"{base}{old}#{last}")
            page.wait_for_url(f"{base}areas/procesos-de-dialogo/2018/4/#{last}")
            assert page.locator(f"[id='{last}']").is_visible()


@pytest.mark.browser
@pytest.mark.parametrize("path", ["areas/procesos-de-dialogo/", "areas/procesos-de-dialogo/2018/2/",
                                  "consejos/coned/2018/3/"])
def test_split_pages_are_accessible(split, new_page, path):
    from axe_playwright_python.sync_playwright import Axe

    from .test_browser_accessibility import BLOCKING, HEADINGS, axe_report

    site, _, _, _ = split
    with serve_directory(site) as base:
        for scheme in ("light", "dark"):
            page = new_page(color_scheme=scheme)
            page.goto(base + path)
            levels = [level for level, _ in page.evaluate(HEADINGS)]
            assert levels[0] == 1 and all(b <= a + 1 for a, b in zip(levels, levels[1:])), levels
            violations = Axe().run(page).response["violations"]
            blocking = [v for v in violations if v["impact"] in BLOCKING]
            assert not blocking, axe_report(blocking)
