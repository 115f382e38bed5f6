"""Result text with paragraphs, lists and links in a built site (rendicion/richtext.py wired).

Pages show the safe Markdown subset as HTML (acronyms still marked); CSV and
feeds carry it as plain text; `resultados.json` keeps the exact source.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from rendicion.richtext import to_plain
from .conftest import broken_links, built_site

BOLIVIA = Path(__file__).parent / "fixtures" / "groupings" / "bolivia"
TEXT = """\
Primer párrafo con **negrita**, *cursiva* y un [informe](https://example.org/informe).

- Apoyo de la ONU a los talleres
  - Un punto anidado
- Escriba a [la unidad](mailto:unidad@example.org)

Un [truco](javascript:alert(1)) y <script>alert(2)</script> quedan como texto."""
RESULT = "- id: 2023-rico\n  title: Resultado con formato\n  text: " + json.dumps(TEXT, ensure_ascii=False) + \
    "\n  area: juridica\n"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    content = tmp_path_factory.mktemp("contenido") / "bolivia"
    shutil.copytree(BOLIVIA, content)
    (content / "glossary.yml").write_text("- {term: ONU, expansion: Organización de las Naciones Unidas}\n",
                                          encoding="utf-8")
    with (content / "results" / "2023" / "juridica.yml").open("a", encoding="utf-8") as file:
        file.write(RESULT)
    return built_site(tmp_path_factory, content, "richtext").site_dir


def _card(site: Path) -> BeautifulSoup:
    page = BeautifulSoup((site / "areas" / "juridica" / "index.html").read_text(encoding="utf-8"), "html.parser")
    return page.find(id="2023-rico").find_parent("article")


def test_paragraphs_lists_and_links_render_as_html(site):
    text = _card(site).select_one(".rc-result__text")
    assert [p.get_text(" ", strip=True)[:14] for p in text.find_all("p", recursive=False)] == \
        ["Primer párrafo", "Un truco y <sc"]
    assert text.select_one("p strong").get_text() == "negrita" and text.select_one("p em").get_text() == "cursiva"
    items = text.select(":scope > ul > li")
    assert len(items) == 2 and items[0].select_one("ul > li").get_text() == "Un punto anidado"
    hrefs = [a["href"] for a in text.find_all("a") if "rc-acronym" not in (a.get("class") or [])]
    assert hrefs == ["https://example.org/informe", "mailto:unidad@example.org"]
    assert broken_links(site) == []


def test_unsafe_links_and_html_stay_text(site):
    text = _card(site).select_one(".rc-result__text")
    assert not text.find("script") and not any("javascript" in a["href"] for a in text.find_all("a"))
    assert "<script>alert(2)</script>" in text.get_text()
    assert "truco" in text.get_text() and "javascript:alert(1)" not in text.get_text()


def test_acronyms_are_marked_inside_list_items(site):
    item = _card(site).select(".rc-result__text ul > li")[0]
    abbr = item.find("abbr")
    assert abbr is not None and abbr.get_text() == "ONU"
    assert abbr["title"] == "Organización de las Naciones Unidas"


def test_csv_and_feeds_carry_plain_text_and_json_the_source(site):
    plain = to_plain(TEXT)
    assert "• Apoyo de la ONU" in plain and "**" not in plain and "informe (https://example.org/informe)" in plain
    rows = csv.DictReader(io.StringIO((site / "datos" / "resultados.csv").read_text(encoding="utf-8-sig")))
    assert next(r for r in rows if r["id"] == "2023-rico")["text"] == plain
    feed = json.loads((site / "datos" / "feed.json").read_text(encoding="utf-8"))
    entry = next(i for i in feed["items"] if i["url"].endswith("resultados/2023-rico/"))
    assert entry["content_text"].startswith(plain)
    atom = ET.fromstring((site / "datos" / "resultados.atom").read_bytes())
    texts = [e.text or "" for e in atom.iter() if e.tag.endswith(("summary", "content"))]
    assert any(t.startswith(plain) for t in texts) and not any("**negrita**" in t for t in texts)
    document = json.loads((site / "datos" / "resultados.json").read_text(encoding="utf-8"))
    assert next(r for r in document["results"] if r["id"] == "2023-rico")["text"] == TEXT
