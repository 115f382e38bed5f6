"""Result texts with structure, safely (rendicion.richtext)."""

from __future__ import annotations

from functools import partial
from html.parser import HTMLParser

import pytest
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import Markup, escape

from rendicion import richtext
from rendicion.load import load_content
from rendicion.model import Term
from rendicion.render import AcronymMarker
from rendicion.richtext import is_plain, to_html, to_plain
from tests.conftest import CONTENT

MARKER = AcronymMarker((Term("CONASAV", "Consejo Nacional de Seguridad Vial", "conasav"),), "glosario/")
MARK = partial(MARKER.mark, "areas/x/")


def text_of(html: str) -> str:
    return BeautifulSoup(html, "html.parser").get_text()


# -- structure ---------------------------------------------------------------------


def test_plain_text_is_one_paragraph():
    assert to_html("Se firmó el convenio.") == "<p>Se firmó el convenio.</p>"
    assert to_plain("Se firmó el convenio.") == "Se firmó el convenio."


def test_paragraphs_and_line_breaks():
    assert to_html("Uno.\n\nDos.\nTres.") == "<p>Uno.</p><p>Dos.<br>Tres.</p>"
    assert to_plain("Uno.\n\nDos.\nTres.") == "Uno.\nDos.\nTres."


def test_lists_nested():
    text = "Se logró:\n\n- uno\n- dos\n  1. a\n  2. b\n- tres"
    assert to_html(text) == ("<p>Se logró:</p><ul><li>uno</li><li>dos<ol><li>a</li><li>b</li></ol></li>"
                             "<li>tres</li></ul>")
    assert to_plain(text) == "Se logró:\n• uno\n• dos\n  1. a\n  2. b\n• tres"


def test_ordered_list_keeps_its_start():
    assert to_html("3. tres\n4. cuatro") == '<ol start="3"><li>tres</li><li>cuatro</li></ol>'
    assert to_plain("3. tres\n4. cuatro") == "3. tres\n4. cuatro"


def test_emphasis_code_and_links():
    text = "*Muy* **importante**: `código` en [el sitio](https://www.gob.sv/a?b=1&c=2) o <mailto:x@gob.sv>."
    assert to_html(text) == ('<p><em>Muy</em> <strong>importante</strong>: <code>código</code> en '
                             '<a href="https://www.gob.sv/a?b=1&amp;c=2">el sitio</a> o '
                             '<a href="mailto:x@gob.sv">mailto:x@gob.sv</a>.</p>')
    assert to_plain(text) == "Muy importante: código en el sitio (https://www.gob.sv/a?b=1&c=2) o mailto:x@gob.sv."


def test_what_the_subset_does_not_read_shows_as_typed():
    """Nothing lost, nothing invented: no heading swallows its «#», no image its «!», no
    multiplication turns into emphasis, no rule or empty list item into an empty list."""
    assert to_html("# 1 en ventas\n\n![foto](https://x.org/a.png)") == \
        '<p># 1 en ventas</p><p>!<a href="https://x.org/a.png">foto</a></p>'
    assert to_plain("## Título") == "## Título"
    for text in ("Meta 2*3*4 alcanzada", "* * *", "- - -", "+ uno"):
        assert to_plain(text) == text
        assert BeautifulSoup(str(to_html(text)), "html.parser").get_text() == text
    assert to_html("* uno\n* dos") == "<p>* uno<br>* dos</p>"  # lists start with «- » or a number


def test_acronyms_marked_in_runs_but_never_in_links():
    html = to_html("- *El CONASAV*\n- [CONASAV](https://x.org/CONASAV) y CONASAV", MARK)
    soup = BeautifulSoup(html, "html.parser")
    assert soup.select_one("em abbr").get_text() == "CONASAV"
    link = soup.find("a", href="https://x.org/CONASAV")
    assert link.get_text() == "CONASAV" and link.find("abbr") is None
    assert len(soup.find_all("abbr")) == 2


# -- hostile payloads ----------------------------------------------------------------

HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](&#106;avascript:alert(1))",
    "[x](&#x6A;avascript&colon;alert(1))",
    "[x](<java\tscript:alert(1)>)",
    "[x]( javascript:alert(1))",
    "[x](javascript%3Aalert(1))",
    "[x](data:text/html;base64,PHNjcmlwdD4=)",
    "[x](vbscript:msgbox(1))",
    "[x](//evil.example/)",
    "[x](/relativo)",
    "<javascript:alert(1)>",
    "![x](javascript:alert(1))",
    '[x](https://a.org "t\\" onmouseover=\\"alert(1)")',
    "[x](https://a.org 'title\" onclick=\"x')",
    "[x][1]\n\n[1]: javascript:alert(1)",
    "[x]\n\n[x]: https://a.org",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;script&#62;",
    "{{ config }} {% include 'x' %}",
    "<!-- comentario --> <![CDATA[x]]>",
    "`</code><script>`",
]


@pytest.mark.parametrize("payload", HOSTILE)
def test_hostile_payloads(payload):
    html = to_html(payload, MARK)
    check_safe(html)
    assert "javascript" not in " ".join(a.get("href", "") for a in BeautifulSoup(html, "html.parser").find_all("a"))
    to_plain(payload)


def test_raw_html_and_entities_show_as_typed():
    assert text_of(to_html("<b>negrita</b> &lt;script&gt; &amp;")) == "<b>negrita</b> &lt;script&gt; &amp;"


def test_refused_links_show_their_text():
    assert to_html("[clic](javascript:alert(1))") == "<p>clic</p>"
    assert to_html("[inicio](/inicio/) y [otro](//x.org)") == "<p>inicio y otro</p>"
    assert to_plain("[clic](javascript:alert(1))") == "clic"


def test_template_delimiters_stay_literal():
    assert text_of(to_html("{{ x }} y {% if %}")) == "{{ x }} y {% if %}"


def test_reference_links_are_not_parsed():
    assert text_of(to_html("[x][1]\n\n[1]: https://a.org")) == "[x][1][1]: https://a.org"


def test_scheme_is_lower_cased():
    assert to_html("[w](HTTPS://EX.com/)") == '<p><a href="https://EX.com/">w</a></p>'


# -- properties ----------------------------------------------------------------------

ALLOWED = {"p": set(), "br": set(), "ul": set(), "ol": {"start"}, "li": set(), "em": set(),
           "strong": set(), "code": set(), "a": {"href"}, "abbr": {"title"}}


class Checker(HTMLParser):
    def handle_starttag(self, tag, attrs):
        assert tag in ALLOWED, tag
        for name, value in attrs:
            assert name in ALLOWED[tag], (tag, name)
            if name == "href":
                assert value.startswith(("http:", "https:", "mailto:")), value

    def handle_comment(self, data):
        raise AssertionError(f"comment {data!r}")

    def handle_decl(self, decl):
        raise AssertionError(f"declaration {decl!r}")


def check_safe(html: str) -> None:
    assert "<script" not in html.lower()
    Checker(convert_charrefs=True).feed(html)


PIECES = list("ab CONASAV*_[]()<>!&#;:/\\`-+.1\n\t\"'{}%=|~") + [
    "javascript:", "https://", "mailto:", "&#106;", "<script>", "\n\n", "- ", "1. ", "  "]
MARKDOWNISH = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)
ANY_TEXT = st.one_of(st.text(max_size=200), MARKDOWNISH)


@settings(max_examples=400, deadline=None)
@given(text=ANY_TEXT)
def test_output_is_always_safe(text):
    check_safe(to_html(text))
    check_safe(to_html(text, MARK))
    assert isinstance(to_plain(text), str)


def check_fast_path(text: str) -> None:
    """A text the fast path takes is exactly one paragraph of itself for the parser."""
    if is_plain(text):
        parsed = richtext._MD.parse(text)
        assert [t.type for t in parsed] == ["paragraph_open", "inline", "paragraph_close"]
        assert [c.type for c in parsed[1].children] == ["text"] and parsed[1].children[0].content == text
        assert to_html(text, MARK) == Markup("<p>") + MARK(text) + Markup("</p>")


@settings(max_examples=400, deadline=None)
@given(text=st.one_of(st.text(max_size=120), MARKDOWNISH))
def test_fast_path_equals_parser(text):
    check_fast_path(text)


@pytest.mark.parametrize("text", ["1.", "- x", "-", "+", "2018. Año", "1) uno", "---", "===", "=", "*", "a=b",
                                  "a\u2028b", "a\x0cb", "\u00a0a", "a  b", "ab\x0b", "a\x00b",
                                  "CONASAV: 75 % (2018) – $6,300; “sí”"])
def test_fast_path_edge_cases(text):
    check_fast_path(text)


def test_fast_path_equals_parser_on_segob_like_texts(monkeypatch):
    texts = [r.text for r in load_content(CONTENT).results]
    fast = [to_html(t, MARK) for t in texts]
    monkeypatch.setattr(richtext, "is_plain", lambda text: False)
    assert [to_html(t, MARK) for t in texts] == fast
    assert [to_plain(t) for t in texts] == texts


# -- SEGOB ---------------------------------------------------------------------------


def test_segob_texts_unchanged():
    content = load_content(CONTENT)
    marker = AcronymMarker(content.glossary, "glosario/")
    mark = partial(marker.mark, "areas/comunicaciones/")
    assert len(content.results) == 103
    for result in content.results:
        # Nothing in SEGOB's texts is Markdown: each is one paragraph, exactly as today.
        assert is_plain(result.text), result.id
        assert to_html(result.text, mark) == Markup("<p>") + mark(result.text) + Markup("</p>")
        assert to_plain(result.text) == result.text
        assert text_of(to_html(result.text, mark)) == result.text


def test_escape_is_the_default_mark():
    assert to_html("A & B <i>") == "<p>" + str(escape("A & B <i>")) + "</p>"
