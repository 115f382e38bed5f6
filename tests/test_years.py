"""Several years side by side, with a second year of test data (tests/fixtures/second_year)."""

from __future__ import annotations

from collections import Counter

import feedparser
import pytest

from rendicion.cli import main

from .conftest import all_pages, broken_links, project_copy, with_second_year

@pytest.fixture(scope="module")
def two_years(tmp_path_factory):
    root = tmp_path_factory.mktemp("years")
    project = project_copy(root)
    with_second_year(project)
    site = root / "site"
    assert main(["-f", str(project / "mkdocs.yml"), "build", "-d", str(site)]) == 0
    return site, all_pages(site)


def test_area_pages_group_results_by_year_newest_first(two_years):
    _, pages = two_years
    soup = pages["areas/procesos-de-dialogo/index.html"]
    years = [h2["id"] for h2 in soup.select("article ~ h2, section > h2[id^=anio-]")]
    assert years == ["anio-2019", "anio-2018"]
    assert soup.find(id="conasav-2019").name == "h3" and soup.find(id="conasav-2018").name == "h3"
    assert soup.find(id="2019-prueba-plantaton").name == "h4"
    canonical = Counter(h["id"] for h in soup.select("article.rc-result > h4[id]"))
    assert canonical["2019-prueba-plantaton"] == 1 and sum(canonical.values()) == 35
    toc = [a.get_text(strip=True) for a in soup.select("nav.md-nav--secondary a.md-nav__link")][:2]
    assert toc[0] == "Resultados 2019"


def test_council_pages_group_by_year_then_area(two_years):
    _, pages = two_years
    soup = pages["consejos/conasav/index.html"]
    assert soup.find(id="anio-2019") is not None and soup.find(id="area-procesos-de-dialogo-2019").name == "h3"
    assert soup.find(id="2019-prueba-plantaton")["class"] == ["rc-result"]


def test_the_years_page_compares_them(two_years):
    _, pages = two_years
    soup = pages["anos/index.html"]
    def table(caption: str) -> dict[str, list[str]]:
        found = soup.find("caption", string=caption).parent
        return {tr.th.get_text(strip=True): [td.get_text() for td in tr.find_all("td")] for tr in found.select("tbody tr")}

    rows = table("Resultados por área y año")
    assert rows["Procesos de Diálogo"] == ["33", "2"] and rows["Comunicaciones"] == ["13", "1"]
    svg_rows = [(g["data-label"], g["data-value"]) for g in soup.select("g.rc-chart__row")]
    assert svg_rows == [("2018", "103"), ("2019", "3")]
    shared = table("Suma de las cifras con la misma etiqueta y unidad, por año")
    assert shared["árboles plantados (árboles)"] == ["17,000,000", "5,000,000"]
    assert shared["nuevos usuarios en Twitter (usuarios)"] == ["1,555", "2,000"]


def test_links_resolve_and_the_feed_puts_the_new_year_first(two_years):
    site, pages = two_years
    assert broken_links(site) == []
    feed = feedparser.parse((site / "datos" / "resultados.atom").read_bytes())
    assert all("resultados/2019-" in entry.link for entry in feed.entries[:3])
    options = pages["areas/procesos-de-dialogo/index.html"].select("select[name=year] option")
    assert [option["value"] for option in options] == ["", "2018", "2019"]


def test_one_year_sites_stay_flat(site):
    pages = all_pages(site.site_dir)
    assert pages["areas/procesos-de-dialogo/index.html"].find(id="anio-2018") is None
    assert "un solo año" in pages["anos/index.html"].get_text()
