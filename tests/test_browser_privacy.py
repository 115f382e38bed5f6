"""In headless Chromium: reading the site asks nothing of any other server and
leaves no cookie, also while searching."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests.conftest import PAGE_TYPES, wait_for_search_results

pytestmark = pytest.mark.browser


def test_every_request_stays_on_the_site_and_no_cookie_is_set(new_page, server):
    page = new_page()
    context = page.context
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    origin = urlsplit(server)

    for path in PAGE_TYPES.values():
        page.goto(server + path, wait_until="networkidle")
    # The search: its worker, the language files and the index are fetched now.
    page.goto(server)
    page.keyboard.press("s")
    page.locator("input.md-search__input").press_sequentially("plantaton", delay=10)
    wait_for_search_results(page, "plantaton")
    page.locator("a.md-search-result__link[href*='#2018-conasav-plantaton']").first.click()
    page.wait_for_load_state("networkidle")

    assert len(requests) > len(PAGE_TYPES) * 3, requests  # pages, styles, scripts, search
    assert any("search_index.json" in url for url in requests), "the search index was not requested"
    elsewhere = [url for url in requests
                 if (urlsplit(url).scheme, urlsplit(url).hostname, urlsplit(url).port)
                 != (origin.scheme, "127.0.0.1", origin.port)]
    assert elsewhere == [], f"requests that leave the site: {elsewhere}"
    assert context.cookies() == []
    assert page.evaluate("document.cookie") == ""
