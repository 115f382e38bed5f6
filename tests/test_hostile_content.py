"""Hostile text in any field is published as text: nothing evaluated, nothing
injected, every output well-formed (issue 11's structural guarantee).

The property test puts generated hostile strings — template syntax with every
kind of line break and escape, HTML, attribute breakers, control characters,
formula prefixes, long strings — into every string field of every kind of
content file, builds the real site, and looks at what readers' tools would see.
"""

from __future__ import annotations

import json
import re

import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from rendicion.cli import main

from .hostile import (
    ALL_FIELDS, BREAKS, CANARY, CONTROL, FORMULA_PAYLOADS, MARKUP_PAYLOADS, REFUSED, TEMPLATE_PAYLOADS,
    UNICODE, URL_PAYLOADS, check_site, write_project,
)

PIECES = TEMPLATE_PAYLOADS + MARKUP_PAYLOADS + FORMULA_PAYLOADS + BREAKS + UNICODE
#: Fields shown only inside page bodies, exports and feeds: no length limit.
#: Any character but the refused ones (control characters, noncharacters).
PRINTABLE = st.characters(exclude_categories=("Cc", "Cs"), exclude_characters="\ufffe\uffff")
LONG_FIELDS = ("summary", "lead", "text", "item", "description", "contact", "licence")


def hostile_text(pieces: list[str], long: bool = False) -> st.SearchStrategy[str]:
    """Up to five pieces (payloads, random text; a very long run if `long`) joined."""
    piece = st.one_of(st.sampled_from(pieces), st.text(PRINTABLE, max_size=6),
                      *([st.just("x" * 20_000)] if long else []))
    return st.lists(piece, min_size=1, max_size=5).map("".join).filter(bool)


def _values(pieces: list[str]) -> st.SearchStrategy[dict[str, str]]:
    return st.fixed_dictionaries({f: hostile_text(pieces, f.endswith(LONG_FIELDS)) for f in ALL_FIELDS})


def build(project, site) -> tuple[int, str]:
    """`rendicion build` in-process: its exit status and what it printed on stderr."""
    import contextlib
    import io

    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        status = main(["-f", str(project / "mkdocs.yml"), "build", "-d", str(site)])
    return status, err.getvalue()


def _must_be_refused(values: dict[str, str]) -> bool:
    """Content the loader refuses by rule: control characters, names over 300
    characters, a glossary term that repeats another acronym (or its anchor)."""
    from rendicion.load import term_anchor

    others = [values[f"{kind}.acronym"] for kind in ("council", "plan", "partner")]
    term = values["term.term"]
    if term in others or term_anchor(term) in map(term_anchor, others):
        return True
    for field, text in values.items():
        if REFUSED & set(text) or not re.search(r"\S", text):  # control characters, or only white space
            return True
        if len(text) > 300 and not field.endswith(LONG_FIELDS):
            return True
    return False


@pytest.fixture(autouse=True)
def no_canary():
    CANARY.unlink(missing_ok=True)
    yield
    assert not CANARY.exists(), "a template payload ran on the build machine"


@settings(max_examples=30, deadline=None, derandomize=True, 
          phases=[Phase.explicit, Phase.generate],  # shrinking rebuilds for minutes
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                 HealthCheck.filter_too_much])
@given(values=_values(PIECES),
       urls=st.tuples(st.sampled_from(URL_PAYLOADS), st.sampled_from(URL_PAYLOADS)))
def test_hostile_text_in_every_field_is_published_as_text(tmp_path_factory, values, urls):
    tmp_path = tmp_path_factory.mktemp("hostil")
    project = write_project(tmp_path, values, urls)
    site = tmp_path / "site"
    status, err = build(project, site)
    assert "Traceback" not in err, err
    if status != 0:
        assert status == 1
        assert _must_be_refused(values), err  # refused only by a stated rule...
        assert "content/" in err and "No se publicó nada" in err, err  # ...with where and why
        assert not site.exists()
        return
    assert not _must_be_refused(values), "content that breaks a rule was published"
    assert check_site(site) == []
    document = json.loads((site / "datos" / "resultados.json").read_text(encoding="utf-8"))
    result = document["results"][0]
    assert (result["title"], result["text"]) == (values["result.title"], values["result.text"])


@settings(max_examples=6, deadline=None, derandomize=True, phases=[Phase.explicit, Phase.generate],
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(values=_values(PIECES), field=st.sampled_from(ALL_FIELDS), control=st.sampled_from(CONTROL))
def test_control_characters_are_refused_with_their_place(tmp_path_factory, values, field, control):
    # Blank labels are refused too (site.yml's declaration, then its folders, unread): keep
    # this example to the control character alone.
    values = {name: text if re.search(r"\S", text) else "x" for name, text in values.items()}
    values = {**values, field: values[field] + control}
    tmp_path = tmp_path_factory.mktemp("control")
    project = write_project(tmp_path, values)
    site = tmp_path / "site"
    status, err = build(project, site)
    assert status == 1 and "Traceback" not in err, err
    assert f"U+{ord(control):04X}" in err, err  # names the character...
    assert re.search(r"content/\S+\.yml:\d+:\d+: ", err), err  # ...and where it is
    assert not site.exists()


# -- The reviewer's cases, as they were reported ------------------------------------------


def test_template_in_a_name_after_a_line_break_is_not_run(tmp_path):
    payload = f"Comunicaciones\n{{{{ cycler.__init__.__globals__.os.system('touch {CANARY}') }}}}"
    project = write_project(tmp_path, {"area.short_name": payload, "area.name": payload})
    site = tmp_path / "site"
    status, err = build(project, site)
    assert status == 0, err
    assert not CANARY.exists()
    page = BeautifulSoup((site / "areas" / "area-uno" / "index.html").read_text(encoding="utf-8"), "html.parser")
    nav_labels = [a.get_text(" ", strip=True) for a in page.select(".md-nav__link")]
    assert any("cycler.__init__" in label for label in nav_labels)  # shown, as written
    assert check_site(site) == []


def test_a_quote_in_a_name_cannot_add_attributes_to_meta_tags(tmp_path):
    payload = 'Diálogo" http-equiv="refresh" content="0;url=https://evil.example/'
    project = write_project(tmp_path, {"area.name": payload, "site.report.title": payload,
                                       "site.report.short_title": payload, "site.description": payload})
    site = tmp_path / "site"
    assert build(project, site)[0] == 0
    for page in ("index.html", "areas/area-uno/index.html"):
        soup = BeautifulSoup((site / page).read_text(encoding="utf-8"), "html.parser")
        assert soup.find("meta", attrs={"http-equiv": True}) is None
        description = soup.find("meta", attrs={"name": "description"})["content"]
        assert 'http-equiv="refresh"' in description  # the text, whole, inside the attribute
    assert check_site(site) == []


def test_markup_in_a_partner_name_stays_text_on_partner_pages(tmp_path, monkeypatch):
    import rendicion.pages

    monkeypatch.setattr(rendicion.pages, "PARTNER_ENTRIES_PER_PAGE", 0)  # every partner gets a page
    payload = "<img src=x onerror=alert(1)></title><x-inj data-inj=1>"
    project = write_project(tmp_path, {"partner.name": payload, "partner.acronym": payload})
    site = tmp_path / "site"
    status, err = build(project, site)
    assert status == 0, err
    pages = [p for p in site.joinpath("socios").rglob("index.html") if p.parent.name != "socios"]
    assert pages, "partner pages were expected"
    soup = BeautifulSoup(pages[0].read_text(encoding="utf-8"), "html.parser")
    assert payload in soup.title.get_text()
    assert payload in soup.h1.get_text()
    assert check_site(site) == []


def test_generated_pages_never_reach_mkdocs_macros(tmp_path):
    """The Markdown of a generated page holds no content text: only front matter
    telling mkdocs-macros not to render it."""
    from rendicion.load import load_content
    from rendicion.pages import plan_pages

    project = write_project(tmp_path, {"area.name": "{{ 7*191919 }}", "result.title": "{% raw %}"})
    plan = plan_pages(load_content(project / "content"))
    for page in plan.pages:
        assert "{" not in page.markdown.replace("{boost: 0.5}", "")
        assert "render_macros: false" in page.markdown
