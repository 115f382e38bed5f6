"""In headless Chromium: printing an area or a council page (Chromium's own PDF)
gives a clean document: the content only, every result with its figures, its
permanent address written out, and external links with their address."""

from __future__ import annotations

import io
import re

import pytest

from tests.conftest import PAGE_TYPES

pytestmark = pytest.mark.browser

# What the screen shows around the content: tabs, search, header, footer.
CHROME = ["Consejos Nacionales", "Planes nacionales", "Búsqueda", "Buscar", "Anterior", "Siguiente",
          "SEGOB · Principales resultados 2018", "Copiar la cita", "Ir al contenido", "Volver al principio"]

# What each result on the page says, as the reader sees it on screen.
RESULTS = """() => [...document.querySelectorAll('article.rc-result')].map(article => {
  const title = article.querySelector('.rc-result__title').cloneNode(true);
  title.querySelectorAll('.headerlink').forEach(a => a.remove());
  const permalink = article.querySelector('a[data-rc-permalink]');
  return {
    title: title.textContent,
    figures: [...article.querySelectorAll('.rc-result__figures li')].map(li => li.textContent),
    permalink: new URL(permalink.getAttribute('href'), location.href).href,
  };
})"""

SOURCE = "https://www.ejemplo.gob.sv/comunicado-de-prensa"


def normal(text: str) -> str:
    """Whitespace as one space, none after a hyphen or slash: PDF text breaks
    lines where the page did, also inside "2014-2018"."""
    return re.sub(r"(?<=[-/]) ", "", re.sub(r"[\s\u00a0\u202f]+", " ", text)).strip()


def compact(text: str) -> str:
    """No whitespace at all: long addresses wrap anywhere on paper."""
    return re.sub(r"[\s\u00a0\u202f]+", "", text)


def pdf_text(pdf: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.mark.parametrize("kind", ["area", "council"])
def test_printed_page_is_clean_and_complete(page, server, kind):
    page.goto(server + PAGE_TYPES[kind])
    results = page.evaluate(RESULTS)
    assert results
    # An external source link, as the template writes one (the 2018 report cites
    # none): on paper its address must follow its text.
    page.evaluate(
        """source => document.querySelector('article.rc-result dl.rc-meta').insertAdjacentHTML('beforeend',
             `<div><dt>Fuentes</dt><dd><a href="${source}" rel="noopener">Comunicado de prensa</a></dd></div>`)""",
        SOURCE,
    )
    # The content as printed: with the "Cómo citar" boxes open, as the print style opens them.
    page.evaluate("document.querySelectorAll('details.rc-cite').forEach(d => { d.open = true })")
    content = normal(page.locator("article.md-content__inner").inner_text())
    page.evaluate("document.querySelectorAll('details.rc-cite').forEach(d => { d.open = false })")
    page.emulate_media(media="print")
    text = pdf_text(page.pdf(format="A4"))
    flat, tight = normal(text), compact(text)

    for label in CHROME:  # only as often as the content itself says it
        assert flat.count(label) <= content.count(label), f"«{label}» printed from the page chrome"
    for result in results:
        assert normal(result["title"]) in flat, f"result title missing on paper: {result['title']!r}"
        for figure in result["figures"]:
            assert normal(figure) in flat, f"figure missing on paper: {figure!r}"
        assert compact(result["permalink"]) in tight, f"permanent address missing on paper: {result['permalink']}"
    assert compact(f"Comunicado de prensa ({SOURCE})") in tight, "external link printed without its address"
    if kind == "area":
        # The "Cómo citar" box is opened on paper: one citation per result.
        assert flat.count("Cómo citar este resultado") == len(results)
        assert flat.count("Disponible en:") == len(results)


def test_print_uses_the_light_palette_on_dark_screens(new_page, server):
    page = new_page(color_scheme="dark")
    page.goto(server + PAGE_TYPES["council"])
    assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
    page.emulate_media(media="print", color_scheme="dark")
    # Relative luminance of the text colour: dark ink on white paper.
    luminance = page.evaluate(
        """() => {
          const [r, g, b] = getComputedStyle(document.querySelector('.md-typeset p')).color
            .match(/[\\d.]+/g).slice(0, 3).map(Number).map(c => c / 255)
            .map(c => c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
          return 0.2126 * r + 0.7152 * g + 0.0722 * b;
        }"""
    )
    assert luminance < 0.1, f"text would print pale on white paper (luminance {luminance:.2f})"


def test_citation_gives_the_permanent_address(page, server):
    page.goto(server + PAGE_TYPES["area"])
    pairs = page.locator("article.rc-result").evaluate_all(
        """els => els.map(el => [new URL(el.querySelector('a[data-rc-permalink]').getAttribute('href'), location.href).href,
                                 el.querySelector('[data-rc-permalink-text]').textContent])"""
    )
    assert pairs
    for permalink, cited in pairs:
        assert cited == permalink
