"""rendicion/pages.py: the page plan and relative links."""

from __future__ import annotations

import posixpath

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from rendicion.layouts import area_layout
from rendicion.pages import nav_structure, plan_pages, relative_path, relative_url


@pytest.mark.parametrize("here, there, expected", [
    ("areas/a/", "consejos/c/#r", "../../consejos/c/#r"),
    ("", "areas/a/", "areas/a/"),
    ("areas/a/", "", "../../"),
    ("areas/a/", "areas/a/#r", "#r"),
    ("areas/a/", "glosario/#lp", "../../glosario/#lp"),
    ("areas/a.html", "consejos/c.html#r", "../consejos/c.html#r"),
])
def test_relative_url(here, there, expected):
    assert relative_url(here, there) == expected


def test_one_page_per_area_council_and_plan(content):
    plan = plan_pages(content)
    kinds = [p.kind for p in plan.pages]
    assert kinds.count("area") == 6 and kinds.count("member") == 7
    assert plan.member("councils", "conasav").url == "consejos/conasav/"
    assert plan_pages(content, directory_urls=False).get("area", "es-calidad").url == "areas/es-calidad.html"
    assert len({p.url for p in plan.pages}) == len(plan.pages)


def test_canonical_url_of_a_result(content):
    plan = plan_pages(content)
    result = content.result("2018-conasav-plantaton")
    assert plan.result_url(result) == "resultados/2018-conasav-plantaton/"  # its own page
    assert plan.result_anchor_url(result) == "areas/procesos-de-dialogo/#2018-conasav-plantaton"


def test_generated_markdown_is_front_matter_without_content_text(content):
    page = plan_pages(content).get("area", "procesos-de-dialogo")
    front, body = page.markdown.split("---\n")[1:3]
    assert yaml.safe_load(front) == {"render_macros": False}
    assert body == ""


def test_sections_keep_the_area_order_and_the_report_order(content):
    groups = area_layout(content, content.area("procesos-de-dialogo"))
    assert [g.id for g in groups] == [
        "consejos-nacionales", "conasav", "coned", "coned-pese", "cnscc-prevencion", "cnscc-pess", "cnscc-politica-publica",
    ]
    assert {g.level for g in groups} == {2}
    assert sum(len(g.results) for g in groups) == 33
    assert groups[3].lead.startswith("Acompañamiento en acciones impulsadas por el CONED")


def test_navigation_lists_areas_then_councils(content):
    nav = nav_structure(content, plan_pages(content))
    assert list(nav[1]) == ["Áreas"] and len(nav[1]["Áreas"]) == 6
    assert [list(item)[0] for item in nav[2]["Consejos Nacionales"]] == ["CONASAV", "CONED", "CNSCC"]


def test_big_pages_are_split_by_year_into_even_pages(content):
    plan = plan_pages(content, results_per_page=10)
    parts = plan.parts_of("area", "procesos-de-dialogo")
    assert [p.url for p in parts] == [f"areas/procesos-de-dialogo/2018/{n}" for n in ("", "2/", "3/", "4/")]
    assert [p.part.number for p in parts] == [1, 2, 3, 4] and {p.part.count for p in parts} == {4}
    assert plan.get("area", "procesos-de-dialogo").groups == ()  # the overview lists pages, not results
    assert plan.parts_of("area", "monitoreo-y-analisis") == ()  # 4 results fit one page
    assert plan.result_anchor_url(content.result("2018-conasav-plantaton")).startswith("areas/procesos-de-dialogo/2018/")
    assert len({p.url for p in plan.pages}) == len(plan.pages)
    assert nav_structure(content, plan) == nav_structure(content, plan_pages(content))  # year pages stay out of the nav


def test_partners_get_their_own_pages_when_the_list_is_long(content, monkeypatch):
    assert plan_pages(content).find("partner", "pnud") is None
    monkeypatch.setattr("rendicion.pages.PARTNER_ENTRIES_PER_PAGE", 5)
    plan = plan_pages(content)
    assert plan.find("partner", "pnud").url == "socios/pnud/" == plan.partner_url("pnud")


SEGMENTS = st.sampled_from(["", ".", "a", "b", "areas", "resultados", "2018-x", "index.html", "..", "a.b"])
PATHS = st.lists(SEGMENTS, max_size=5).map("/".join) | st.sampled_from(["/", "/a/b", "a//b/", "./a"])


@settings(max_examples=500)
@given(path=PATHS, start=PATHS)
def test_relative_path_is_posix_relpath(path, start):
    """The plan's own relative path (no working folder asked) is relpath's, for any pair."""
    assert relative_path(path or ".", start or ".") == posixpath.relpath(path or ".", start or ".")
