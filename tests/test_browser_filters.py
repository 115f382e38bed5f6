"""Filters on area and council pages: they narrow the list with JavaScript, and
without it the page lists every result."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_filtering_by_plan_shows_only_its_results(page, server, content):
    page.goto(server + "areas/procesos-de-dialogo/")
    form = page.locator("form[data-rc-filter]")
    assert form.is_visible()
    page.select_option("form[data-rc-filter] select[name=plans]", "pess")
    expected = {r.id for r in content.results_of_area("procesos-de-dialogo") if "pess" in r.memberships["plans"]}
    visible = set(page.locator("article.rc-result:visible h3[id]").evaluate_all("els => els.map(e => e.id)"))
    assert visible == expected and len(expected) == 5
    assert page.locator(".rc-filter__count").inner_text() == "Se muestran 5 de 33 resultados."
    # Sections without a matching result disappear with their heading.
    assert not page.locator("h2#coned").is_visible()
    page.select_option("form[data-rc-filter] select[name=plans]", "")
    assert page.locator("article.rc-result:visible").count() == 33


def test_council_page_filters_combine(page, server, content):
    page.goto(server + "consejos/conasav/")
    page.select_option("form[data-rc-filter] select[name=plans]", "pes-sustentable")
    expected = {r.id for r in content.results_of_member("councils", "conasav")
                if "pes-sustentable" in r.memberships["plans"]}
    visible = set(page.locator("article.rc-result:visible").evaluate_all("els => els.map(e => e.id)"))
    assert visible == expected and expected
    shown = len(expected)
    verb = "Se muestra" if shown == 1 else "Se muestran"  # agrees with the number shown
    total = len(content.results_of_member("councils", "conasav"))
    assert page.locator(".rc-filter__count").inner_text() == f"{verb} {shown} de {total} resultados."


def test_without_javascript_every_result_is_listed_and_the_filter_hidden(browser, server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(server + "areas/procesos-de-dialogo/")
    assert not page.locator("form[data-rc-filter]").is_visible()
    assert page.locator("article.rc-result:visible").count() == 33
    context.close()
