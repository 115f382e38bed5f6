"""In headless Chromium: search finds what Spanish readers type and lands on the result."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.browser


def search(page, server: str, query: str) -> list[str]:
    """Type `query` in the search box; return the result links in order."""
    page.goto(server)
    page.keyboard.press("s")  # Material's shortcut focuses the search box
    page.locator("input.md-search__input").press_sequentially(query, delay=20)
    page.wait_for_function(
        "q => document.querySelector('.md-search-result__meta').textContent.trim() !== ''"
        " && document.querySelector('input.md-search__input').value === q",
        arg=query,
    )
    page.wait_for_timeout(300)  # let the result list settle
    return page.locator("a.md-search-result__link").evaluate_all("els => els.map(e => e.href)")


@pytest.mark.parametrize("query, result_id", [
    ("plantaton", "2018-conasav-plantaton"),
    ("aire puro", "2018-conasav-aire-puro"),
    ("LPELP", "2018-legal-observaciones-lpelp"),
    ("1,555", "2018-com-usuarios-redes"),
    ("adendas", "2018-legal-adendas-lcesc"),
    ("107", "2018-legal-adendas-lcesc"),
])
def test_search_finds_the_result_near_the_top(page, server, query, result_id):
    links = search(page, server, query)
    anchors = [urlsplit(link).fragment for link in links if urlsplit(link).fragment]
    assert result_id in anchors[:3], anchors


def test_search_folds_accents(page, server):
    links = search(page, server, "educacion")
    titles = page.locator(".md-search-result__article h1, .md-search-result__article h2").all_inner_texts()
    assert any("Educación" in title or "Educado" in title for title in titles[:5]), titles
    assert any("#2018-" in link for link in links)


def test_search_without_match_says_so_in_spanish(page, server):
    search(page, server, "xyzzyqw")
    assert page.locator(".md-search-result__meta").inner_text() == "No se encontraron documentos"


def test_clicking_a_hit_lands_on_the_result(page, server):
    search(page, server, "plantaton")
    page.locator("a.md-search-result__link[href*='#2018-conasav-plantaton']").first.click()
    page.wait_for_url("**/areas/procesos-de-dialogo/**#2018-conasav-plantaton")
    heading = page.locator("[id='2018-conasav-plantaton']")
    page.wait_for_timeout(300)
    box = heading.bounding_box()
    assert box is not None and 0 <= box["y"] < page.viewport_size["height"]
