"""rendicion/render.py: figures as the report writes them, acronyms, escaping."""

from __future__ import annotations

import pytest

from rendicion.model import Term
from rendicion.localeformat import LocaleFormat
from rendicion.render import MAX_HEADLINE_FIGURES, AcronymMarker, headline_figures


@pytest.mark.parametrize("value, unit, expected", [
    (17_000_000, "árboles", "17 millones"),
    (1_000_000, "personas", "1 millón"),
    (2_500_000, "USD", "$2,500,000"),
    (1555, "usuarios", "1,555"),
    (6300, "USD", "$6,300"),
    (75, "%", "75 %"),
    (12.5, "%", "12.5 %"),
    (107, "adendas", "107"),
])
def test_figure_value(value, unit, expected):
    # The pages' `figure_value` filter for SEGOB's locale.
    assert LocaleFormat.of("es_SV").figure(value, unit) == expected


def marker() -> AcronymMarker:
    return AcronymMarker(
        (Term("LP", "Ley Penitenciaria", "lp"), Term("LPELP", "Ley de Políticas", "lpelp"),
         Term("O.E.", "Órgano Ejecutivo", "o-e"), Term("amp", "no debe aparecer", "amp")),
        "glosario/",
    )


def test_acronyms_are_marked_and_the_first_one_links_to_the_glossary():
    html = str(marker().mark("areas/a/", "Reformas a la LP y a la LPELP; de nuevo la LP."))
    assert html.count('<abbr title="Ley Penitenciaria">LP</abbr>') == 2
    assert html.count('href="../../glosario/#lp"') == 1
    assert '<abbr title="Ley de Políticas">LPELP</abbr>' in html


def test_acronyms_with_dots_and_word_boundaries():
    html = str(marker().mark("", "en el O.E.; LPs no es LP"))
    assert '<abbr title="Órgano Ejecutivo">O.E.</abbr>' in html
    assert ">LPs<" not in html and "LPs no" in html


def test_text_is_escaped_before_acronyms_are_marked():
    html = str(marker().mark("", '<script>alert("LP")</script> & amp'))
    assert "<script>" not in html
    assert html.startswith("&lt;script&gt;alert(&#34;")
    assert "&amp;" in html and "no debe aparecer" in html  # the word, not the entity
    assert html.count("no debe aparecer") == 1


def test_headline_figures_prefer_highlighted_ones(content):
    results = content.results_of_area("procesos-de-dialogo")
    figures, total = headline_figures(results)
    assert figures and all(f.highlight for f, _ in figures) and total == len(figures)
    plain = content.results_of_area("es-calidad")[:3]
    assert len(headline_figures(plain)[0]) <= 4


def test_headline_figures_are_capped_but_counted(content):
    figures, total = headline_figures(content.results * 2)  # 24 highlighted figures
    assert len(figures) == MAX_HEADLINE_FIGURES < total == 24


def test_acronyms_in_headings_are_explained_without_links():
    html = str(marker().mark("", "Observaciones a la LPELP", link=False))
    assert html == 'Observaciones a la <abbr title="Ley de Políticas">LPELP</abbr>'
