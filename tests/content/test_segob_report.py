"""The content suite, SEGOB's part: `content/` is SEGOB's 2018 report, whole and verbatim.

It compares the project's `content/` with the report it was transcribed from
(tests/fixtures/informe-segob-2018.txt). Another institution's copy of the
project skips it (its site.yml names another institution) or deletes it.
"""

from __future__ import annotations

import re

import pytest
import yaml

from rendicion.load import load_content

from ..conftest import ROOT, SEED

SITE = yaml.safe_load((ROOT / "content" / "site.yml").read_text(encoding="utf-8"))
pytestmark = pytest.mark.skipif(SITE["institution"].get("acronym") != "SEGOB",
                                reason="content/ holds another institution's report, not SEGOB's")


@pytest.fixture(scope="module")
def segob():
    return load_content(ROOT / "content")


def report_lines() -> set[str]:
    """The report's lines without bullet markers, Markdown bold and escaped dollar signs."""
    return {
        re.sub(r"^(?:- )?(?:✓ )?(?:\d+\. )?", "", line.strip()).replace("**", "").replace("\\$", "$")
        for line in SEED.read_text(encoding="utf-8").splitlines()
    }


def test_the_report_is_whole(segob):
    assert len(segob.results) == 103
    counts = {a.id: len(segob.results_of_area(a.id)) for a in segob.areas}
    assert counts == {
        "procesos-de-dialogo": 33, "fortalecimiento-de-capacidades": 7, "es-calidad": 29,
        "monitoreo-y-analisis": 4, "asuntos-legales": 17, "comunicaciones": 13,
    }
    assert [m.acronym for m in segob.members_of("councils")] == ["CONASAV", "CONED", "CNSCC"]
    assert {m.id for m in segob.members_of("plans")} == {"pess", "pese", "pes-sustentable", "agenda-2030"}
    assert segob.years == (2018,)


def test_every_text_is_verbatim_from_the_report(segob):
    """Nothing reworded: each text, item and lead is a line of the report."""
    lines = report_lines()
    for result in segob.results:
        assert result.text in lines, result.id
        for item in result.items:
            assert item in lines, result.id
    for area in segob.areas:
        for section in area.sections:
            assert section.lead is None or section.lead in lines


def test_every_bullet_of_the_report_is_a_result(segob):
    """Nothing lost: each top-level bullet of the report is some result's text."""
    texts = {r.text for r in segob.results}
    bullets = [
        re.sub(r"^- (?:✓ )?", "", line.strip()).replace("**", "").replace("\\$", "$")
        for line in SEED.read_text(encoding="utf-8").splitlines()
        if line.startswith("- ")
    ]
    assert len(bullets) == 99  # plus the four paragraphs of Monitoreo y Análisis
    assert [b for b in bullets if b not in texts] == []
    assert len(segob.results_of_area("monitoreo-y-analisis")) == 4
