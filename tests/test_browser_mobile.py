"""In headless Chromium as a 360 px phone: no page scrolls sideways, the menu
opens with the areas in it, and the search finds a result."""

from __future__ import annotations

import pytest

from tests.conftest import PAGE_TYPES, wait_for_search_results

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True,
         "device_scale_factor": 2}


@pytest.fixture
def phone(new_page):
    return new_page(**PHONE)


def test_no_page_scrolls_sideways(phone, server):
    too_wide = {}
    for kind, path in PAGE_TYPES.items():
        phone.goto(server + path)
        width = phone.evaluate("document.documentElement.scrollWidth")
        if width > 360:
            wide = phone.evaluate(
                """() => [...document.querySelectorAll('body *')]
                     .filter(el => el.getBoundingClientRect().right > 361 && el.checkVisibility())
                     .slice(0, 3).map(el => el.tagName + '.' + el.className)"""
            )
            too_wide[kind] = (width, wide)
    assert too_wide == {}, too_wide


# Links of the drawer that a reader sees: inside the drawer's box (its panels slide
# sideways inside it) and the drawer inside the phone's screen (it slides in from the left).
ON_SCREEN = """() => {
  const drawer = document.querySelector('.md-sidebar--primary').getBoundingClientRect();
  if (drawer.left < 0 || drawer.right > window.innerWidth) return [];
  return [...document.querySelectorAll('.md-sidebar--primary a.md-nav__link')]
    .filter(a => { const r = a.getBoundingClientRect();
                   return r.width > 0 && r.left >= drawer.left && r.right <= drawer.right
                          && r.top >= 0 && r.bottom <= window.innerHeight
                          && a.checkVisibility({visibilityProperty: true}) })
    .map(a => a.getAttribute('href'));
}"""


def test_menu_opens_with_the_areas(phone, server, site):
    areas = {f"areas/{path.name}/" for path in (site.site_dir / "areas").iterdir()}
    phone.goto(server)
    assert phone.evaluate(ON_SCREEN) == [], "the menu is open before being tapped"
    phone.locator(".md-header label[for=__drawer]").tap()
    phone.wait_for_function("() => document.querySelector('.md-sidebar--primary').getBoundingClientRect().left >= 0")
    # The drawer shows the site's sections; «Áreas» opens the list of areas.
    section = phone.locator(".md-sidebar--primary label.md-nav__link", has_text="Áreas").first
    assert section.is_visible()
    section.tap()
    phone.wait_for_function(f"() => ({ON_SCREEN})().filter(h => h.startsWith('areas/')).length >= {len(areas)}")
    assert areas <= set(phone.evaluate(ON_SCREEN))
    phone.locator(".md-sidebar--primary a.md-nav__link[href='areas/comunicaciones/']").tap()
    phone.wait_for_url(server + "areas/comunicaciones/", wait_until="domcontentloaded")


def test_search_works_on_a_phone(phone, server):
    phone.goto(server)
    phone.locator(".md-header label.md-header__button[for=__search]").tap()
    search_box = phone.locator("input.md-search__input")
    search_box.wait_for(state="visible")
    search_box.press_sequentially("plantaton", delay=20)
    wait_for_search_results(phone, "plantaton")
    hit = phone.locator("a.md-search-result__link[href*='#2018-conasav-plantaton']").first
    hit.wait_for(state="visible")
    hit.tap()
    phone.wait_for_url("**/areas/procesos-de-dialogo/**#2018-conasav-plantaton", wait_until="domcontentloaded")
