"""In headless Chromium: a reader reaches every area and council from the home page,
and a council's results lead to their canonical place on the area page and back."""

from __future__ import annotations

from urllib.parse import urldefrag, urlsplit

import pytest

pytestmark = pytest.mark.browser

# Links a reader can see and click (not the hidden drawer copies, not downloads).
VISIBLE_LINKS = """() => [...document.querySelectorAll('a[href]')]
  .filter(a => !a.hasAttribute('download') && a.checkVisibility({visibilityProperty: true}))
  .map(a => a.href)"""

# True when the element with this id is in the viewport and not covered by the header.
IN_VIEW = """id => {
  const el = document.getElementById(id);
  if (!el) return 'missing';
  const box = el.getBoundingClientRect();
  if (box.bottom <= 0 || box.top >= window.innerHeight) return 'off screen at ' + box.top;
  const hit = document.elementFromPoint(box.left + Math.min(20, box.width / 2), box.top + box.height / 2);
  return hit && (el.contains(hit) || hit.contains(el)) ? 'ok' : 'covered by ' + (hit && hit.className);
}"""


def pages_of(site, folder: str) -> set[str]:
    return {f"{folder}/{path.name}/" for path in (site.site_dir / folder).iterdir() if (path / "index.html").is_file()}


def test_every_area_and_council_is_at_most_two_clicks_from_home(page, server, site):
    targets = {server + path for path in pages_of(site, "areas") | pages_of(site, "consejos")}
    assert len(targets) >= 9

    def links_on(url: str) -> set[str]:
        page.goto(url)
        return {urldefrag(link).url for link in page.evaluate(VISIBLE_LINKS) if link.startswith(server)}

    one_click = links_on(server)
    reached = targets & one_click
    for url in sorted(one_click - reached):
        if reached == targets:
            break
        reached |= targets & links_on(url)
    assert reached == targets, f"more than two clicks away: {sorted(targets - reached)}"


def test_home_cards_open_every_area_and_council(page, server, site):
    page.goto(server)
    cards = page.locator(".rc-card a").evaluate_all("els => els.map(a => [a.getAttribute('href'), a.querySelector('strong').textContent])")
    expected = pages_of(site, "areas") | pages_of(site, "consejos")
    assert expected <= {href for href, _ in cards}
    for href, label in cards:
        if href not in expected:
            continue
        page.locator(f".rc-card a[href='{href}']").click()
        page.wait_for_url(server + href, wait_until="domcontentloaded")
        h1 = page.locator("article h1").inner_text()
        assert label in h1 or label in page.locator(".rc-intro__name").inner_text(), (href, label, h1)
        page.go_back(wait_until="domcontentloaded")


@pytest.mark.parametrize("council", ["conasav", "coned", "cnscc"])
def test_council_results_land_on_their_anchor_and_link_back(page, server, council):
    """Every result's title on the council page links to the result's own page, and
    its «Publicado por» link to the result's heading on its area page. Per area, the first link is followed by a real
    click; the others are then followed on that page as the browser does for
    an anchor (same document). Each landing shows the result and its link back."""
    council_url = f"{server}consejos/{council}/"
    page.goto(council_url)
    results = page.locator("article.rc-result[id]").evaluate_all(
        """els => els.map(el => ({id: el.id,
             href: el.querySelector('.rc-result__title a').href,
             owner: [...el.querySelectorAll('.rc-meta div')]
                      .find(d => d.querySelector('dt').textContent === 'Publicado por').querySelector('a').href}))"""
    )
    assert results, f"no results on {council_url}"
    by_area: dict[str, list[str]] = {}
    for result in results:
        area_url, fragment = urldefrag(result["owner"])
        assert fragment == result["id"], result
        assert urlsplit(area_url).path.startswith("/areas/"), result
        assert urlsplit(result["href"]).path == f"/resultados/{result['id']}/", result
        by_area.setdefault(area_url, []).append(result["id"])

    def assert_landed(result_id: str) -> None:
        page.wait_for_function(f"id => ({IN_VIEW})(id) === 'ok'", arg=result_id, timeout=5000)
        heading = page.locator(f"[id='{result_id}']")
        assert heading.evaluate("el => el.matches('.rc-result__title')"), f"{result_id}: not the canonical heading"
        back = heading.locator("xpath=ancestor::article[1]//a[@href]").evaluate_all("els => els.map(a => a.href)")
        assert council_url in back, f"{result_id} on its area page does not link back to {council_url}"

    for number, (area_url, ids) in enumerate(by_area.items()):
        if number:
            page.goto(council_url, wait_until="domcontentloaded")
        page.locator(f"article[id='{ids[0]}'] .rc-meta a").first.click()  # «Publicado por»
        page.wait_for_url(f"{area_url}#{ids[0]}", wait_until="domcontentloaded")
        assert_landed(ids[0])
        for result_id in ids[1:]:
            page.evaluate("id => { location.hash = id }", result_id)
            assert_landed(result_id)
    # And back to the council by a real click on the last result's council link.
    page.locator(f"[id='{ids[-1]}']").locator("xpath=ancestor::article[1]").locator(
        f"a[href$='consejos/{council}/']").first.click()
    page.wait_for_url(council_url, wait_until="domcontentloaded")
    assert page.locator("article h1").inner_text().strip() != ""
