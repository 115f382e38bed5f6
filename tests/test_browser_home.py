"""The home page on a 360 × 640 phone: the ways in (search, areas, groupings)
come within the first two screens, before the figures and charts; the search
prompt on the page opens the site's search with what was typed."""

from __future__ import annotations

import pytest

from tests.conftest import wait_for_search_results

pytestmark = pytest.mark.browser

SCREEN = {"width": 360, "height": 640}
TOP = "selector => Math.round(document.querySelector(selector).getBoundingClientRect().top + window.scrollY)"


@pytest.fixture
def phone(new_page):
    return new_page(viewport=SCREEN, is_mobile=True, has_touch=True, device_scale_factor=2)


def test_the_ways_in_come_within_two_screens_of_a_phone(phone, server):
    phone.goto(server)
    two_screens = 2 * SCREEN["height"]
    assert phone.evaluate(TOP, "#areas") < SCREEN["height"]  # the areas start on the first screen
    first_area = phone.locator("#areas ~ ul.rc-cards > li").first.bounding_box()
    assert first_area["y"] + first_area["height"] <= two_screens
    for heading in ("#consejos", "#planes"):  # SEGOB's groupings
        assert phone.evaluate(TOP, heading) < two_screens, heading
    assert phone.locator("form.rc-search input[name=q]").bounding_box()["y"] < SCREEN["height"]
    # Figures and charts follow the ways in.
    assert phone.evaluate(TOP, "#cifras") > phone.evaluate(TOP, "#planes")
    assert phone.evaluate(TOP, "#graficos") > phone.evaluate(TOP, "#cifras")


def test_the_search_prompt_opens_the_search_with_the_query(phone, server):
    phone.goto(server)
    phone.locator("form.rc-search input[name=q]").fill("plantaton")
    phone.locator("form.rc-search button").tap()
    wait_for_search_results(phone, "plantaton")
    hit = phone.locator("a.md-search-result__link[href*='#2018-conasav-plantaton']").first
    hit.wait_for(state="visible")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_phone_home_page_has_no_axe_violation(new_page, server, scheme):
    """Any impact, not only the serious ones test_browser_accessibility.py blocks on."""
    from axe_playwright_python.sync_playwright import Axe

    page = new_page(viewport=SCREEN, is_mobile=True, has_touch=True, color_scheme=scheme)
    page.goto(server)
    assert Axe().run(page).response["violations"] == []
