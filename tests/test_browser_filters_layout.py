"""The filter form does not move the page when filtros.js shows it.

Measured as Chromium measures Cumulative Layout Shift: `layout-shift`
entries from a PerformanceObserver, while the page loads with its scripts
late (as on a slow connection, where the reader sees the page before
filtros.js runs). SEGOB's plan page «PESS» has its form on the first screen,
at desktop and phone widths."""

from __future__ import annotations

import time

import pytest

pytestmark = pytest.mark.browser

PAGE = "planes/pess/"
SCREENS = [{"width": 1280, "height": 900}, {"width": 360, "height": 800}]
#: Everything Chromium reported as layout shifts since the page started loading.
SHIFTS = """() => new Promise(resolve => {
  new PerformanceObserver(list => resolve(list.getEntries().map(e => e.value)))
    .observe({type: 'layout-shift', buffered: true});
  setTimeout(() => resolve([]), 1000);  // none at all: the observer is never called
})"""
FIRST_RESULT_TOP = "document.querySelector('article.rc-result').getBoundingClientRect().top + scrollY"


def late(route) -> None:
    """Hold the filter script back: the page is painted before it runs."""
    time.sleep(0.5)
    route.continue_()


@pytest.mark.parametrize("screen", SCREENS, ids=lambda s: str(s["width"]))
def test_the_filter_form_causes_no_layout_shift(new_page, server, screen):
    page = new_page(viewport=screen)
    page.route("**/filtros.js", late)
    page.goto(server + PAGE)
    page.wait_for_function("!document.querySelector('form[data-rc-filter]').hidden")
    form = page.locator("form[data-rc-filter]").bounding_box()
    assert form["y"] < screen["height"], "the form must be on the first screen for this test to mean anything"
    page.wait_for_timeout(300)  # let a shift, if any, be reported
    shifts = page.evaluate(SHIFTS)
    assert sum(shifts) <= 0.01, shifts


@pytest.mark.parametrize("screen", SCREENS, ids=lambda s: str(s["width"]))
def test_the_results_start_where_they_will_stay(new_page, server, screen):
    """Before any script runs (or without JavaScript), the form's place is already kept."""
    without_js = new_page(viewport=screen, java_script_enabled=False)
    without_js.goto(server + PAGE)
    with_js = new_page(viewport=screen)
    with_js.goto(server + PAGE)
    with_js.wait_for_function("!document.querySelector('form[data-rc-filter]').hidden")
    assert without_js.evaluate(FIRST_RESULT_TOP) == with_js.evaluate(FIRST_RESULT_TOP)
