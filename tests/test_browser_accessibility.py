"""In headless Chromium: every page type passes axe-core in both palettes, the search
works by keyboard alone, focus is visible, headings never skip a level and every
acronym explains itself.

axe-core comes inside the `axe-playwright-python` wheel (pinned in
requirements-dev.txt) and is injected into the page: nothing is fetched."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tests.conftest import PAGE_TYPES, wait_for_search_results

pytestmark = pytest.mark.browser

BLOCKING = ("serious", "critical")


@pytest.fixture(scope="module")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


def axe_report(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:5]:
            messages = [check["message"] for key in ("any", "all", "none") for check in node.get(key, [])]
            lines.append(f"    {', '.join(map(str, node['target']))}: {node['html'][:120]} {messages[:1]}")
    return "\n".join(lines)


HEADINGS = """() => [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')]
  .map(h => [Number(h.tagName[1]), h.textContent.trim().slice(0, 60)])"""
UNTITLED_ABBR = """() => [...document.querySelectorAll('abbr')]
  .filter(a => !(a.getAttribute('title') || '').trim()).map(a => a.outerHTML)"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("kind", list(PAGE_TYPES))
def test_page_is_accessible(new_page, server, axe, kind, scheme):
    """axe-core: no serious or critical violation; headings h1 → h2 → h3 without
    a skipped level; every <abbr> has a title. One page load for all three."""
    page = new_page(color_scheme=scheme)
    page.goto(server + PAGE_TYPES[kind])
    expected = "slate" if scheme == "dark" else "default"
    assert page.evaluate("document.body.dataset.mdColorScheme") == expected

    headings = page.evaluate(HEADINGS)
    assert headings and headings[0][0] == 1, f"the page does not start with an h1: {headings[:3]}"
    assert [level for level, _ in headings].count(1) == 1, headings
    for (before, before_text), (level, text) in zip(headings, headings[1:]):
        assert level <= before + 1, f"h{before} «{before_text}» is followed by h{level} «{text}»"
    assert page.evaluate(UNTITLED_ABBR) == []
    if kind in ("area", "council", "plan", "glossary"):
        assert page.locator("abbr[title]").count() > 0, "expected acronyms explained on this page"

    # Open every "Cómo citar" box so what it hides is checked too.
    page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true })")
    violations = axe.run(page).response["violations"]
    blocking = [v for v in violations if v["impact"] in BLOCKING]
    assert not blocking, axe_report(blocking)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_on_open_search_results(new_page, server, axe, scheme):
    page = new_page(color_scheme=scheme)
    page.goto(server)
    page.keyboard.press("s")
    page.locator("input.md-search__input").press_sequentially("consejo", delay=10)
    wait_for_search_results(page, "consejo")
    violations = axe.run(page, context=".md-search").response["violations"]
    blocking = [v for v in violations if v["impact"] in BLOCKING]
    assert not blocking, axe_report(blocking)


def test_search_by_keyboard_alone(page, server):
    page.goto(server)
    for _ in range(6):  # Tab from the top of the page to the search box
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('input.md-search__input')"):
            break
    else:
        pytest.fail("the search box is not among the first Tab stops")
    page.keyboard.type("plantaton", delay=20)
    wait_for_search_results(page, "plantaton")
    for _ in range(10):  # arrow down through the results to the one wanted
        page.keyboard.press("ArrowDown")
        focused = page.evaluate("document.activeElement.getAttribute('href') || ''")
        if "#2018-conasav-plantaton" in focused:
            break
    else:
        pytest.fail("the PLANTATÓN result is not reachable with the arrow keys")
    page.keyboard.press("Enter")
    page.wait_for_url("**/areas/procesos-de-dialogo/**#2018-conasav-plantaton", wait_until="domcontentloaded")
    page.wait_for_function(
        """() => { const box = document.getElementById('2018-conasav-plantaton').getBoundingClientRect();
                   return box.top >= 0 && box.top < window.innerHeight }"""
    )


def test_shortcut_focuses_the_search_box(page, server):
    page.goto(server + PAGE_TYPES["area"])
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.matches('input.md-search__input')")
    page.keyboard.press("Escape")
    assert not page.evaluate("document.activeElement.matches('input.md-search__input')")


# The ring of the focused element: for Material's hidden palette switch, its label.
FOCUS_RING = """() => {
  let el = document.activeElement;
  if (el.matches('input.md-option')) el = el.nextElementSibling;
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
  const shadow = style.boxShadow !== 'none';
  return {what: el.tagName + '.' + el.className + ' ' + (el.getAttribute('href') || ''),
          visible: outline || shadow, outline: style.outline, shadow: style.boxShadow};
}"""


@pytest.mark.parametrize("kind, scheme", [("home", "light"), ("area", "dark")])
def test_keyboard_focus_is_visible(new_page, server, kind, scheme):
    page = new_page(color_scheme=scheme)
    page.goto(server + PAGE_TYPES[kind])
    seen = []
    for _ in range(30):
        page.keyboard.press("Tab")
        ring = page.evaluate(FOCUS_RING)
        seen.append(ring["what"])
        assert ring["visible"], f"no visible focus on {ring}"
    # The walk went from the header into the page's content.
    assert any("md-tabs__link" in what for what in seen)
    assert any("md-nav__link" in what or "rc-figure__link" in what for what in seen)


def test_glossary_links_from_acronyms_resolve(page, server):
    """Acronym links (for touch screens) lead to a glossary entry that exists."""
    page.goto(server + PAGE_TYPES["area"])
    links = page.locator("a.rc-acronym").evaluate_all("els => [...new Set(els.map(a => a.href))]")
    if not links:
        pytest.skip("no acronym links on this page")
    page.goto(links[0])
    assert page.locator(f"[id='{urlsplit(links[0]).fragment}']").count() == 1
