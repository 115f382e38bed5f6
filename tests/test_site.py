"""End to end: the real SEGOB site, built with `mkdocs build --strict`, read as HTML."""

from __future__ import annotations

import json
import re
from collections import Counter
from urllib.parse import urlsplit

import pytest

from rendicion.pages import plan_pages

from .conftest import all_pages, broken_links


@pytest.fixture(scope="module")
def pages(site):
    return all_pages(site.site_dir)


@pytest.fixture(scope="module")
def search_index(site):
    return json.loads((site.site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))


def test_every_planned_page_is_built(site, content):
    for page in plan_pages(content).pages:
        assert (site.site_dir / page.url / "index.html").is_file(), page.url


def test_every_result_has_exactly_one_canonical_anchor_on_its_area_page(site, content, pages):
    canonical = Counter()
    for name, soup in pages.items():
        for heading in soup.select("article.rc-result > h3[id], article.rc-result > h2[id]"):
            canonical[heading["id"]] += 1
            area = content.result(heading["id"]).area
            assert name == f"areas/{area}/index.html"
    assert canonical == Counter({r.id: 1 for r in content.results})
    # The text a reader sees is the YAML text, whole.
    for result in content.results:
        soup = pages[f"areas/{result.area}/index.html"]
        card = soup.find(id=result.id).parent
        assert card.select_one(".rc-result__text").get_text() == result.text


def test_every_result_is_listed_once_on_each_of_its_councils_pages(content, pages):
    for council in content.members_of("councils"):
        soup = pages[f"consejos/{council.id}/index.html"]
        listed = Counter(a["id"] for a in soup.select("article.rc-result[id]"))
        assert listed == Counter({r.id: 1 for r in content.results_of_member("councils", council.id)})
        for result in content.results_of_member("councils", council.id):
            card = soup.find(id=result.id)
            assert card.select_one("h3 a")["href"] == f"../../resultados/{result.id}/"  # its own page
            published_by = card.select_one(".rc-meta a")["href"]  # «Publicado por»: its card on its area page
            assert published_by == f"../../areas/{result.area}/#{result.id}"


def test_plan_pages_list_their_results(content, pages):
    for plan in content.members_of("plans"):
        soup = pages[f"planes/{plan.id}/index.html"]
        assert {a["id"] for a in soup.select("article.rc-result[id]")} == {r.id for r in content.results_of_member("plans", plan.id)}


def test_a_result_links_to_its_councils_plans_and_partners(pages):
    soup = pages["areas/procesos-de-dialogo/index.html"]
    card = soup.find(id="2018-consejos-alineacion-ods").parent
    hrefs = {a["href"] for a in card.select(".rc-meta a")}
    assert {"../../consejos/cnscc/", "../../consejos/coned/", "../../consejos/conasav/",
            "../../planes/pess/", "../../planes/agenda-2030/"} <= hrefs


def test_area_pages_link_to_their_councils_and_back(pages):
    area = pages["areas/procesos-de-dialogo/index.html"]
    assert "../../consejos/conasav/" in {a["href"] for a in area.select(".rc-intro a")}
    council = pages["consejos/conasav/index.html"]
    assert "../../areas/procesos-de-dialogo/" in {a["href"] for a in council.select(".rc-intro a")}
    legal = pages["areas/asuntos-legales/index.html"]
    assert "También informa resultados para" in legal.select_one(".rc-intro").get_text()


def test_navigation_shows_areas_and_councils(pages, content):
    nav = pages["index.html"].select_one("nav.md-nav--primary")
    labels = [a.get_text(" ", strip=True) for a in nav.select("a.md-nav__link")]
    for area in content.areas:
        assert area.short_name in labels
    for council in content.members_of("councils"):
        assert council.acronym in labels


def test_headline_figures_on_home_area_and_council_pages(pages):
    home = pages["index.html"].select(".rc-panel .rc-figure__value")
    assert {"17 millones", "390", "75 %", "$6,300", "107", "1,555"} <= {f.get_text() for f in home}
    for path in ("areas/procesos-de-dialogo/index.html", "consejos/conasav/index.html"):
        assert "17 millones" in {f.get_text() for f in pages[path].select(".rc-panel .rc-figure__value")}
    link = pages["index.html"].find("strong", string="107").find_parent("a")["href"]
    assert link == "resultados/2018-legal-adendas-lcesc/"  # the result's own page


def test_acronyms_show_their_expansion_and_link_to_the_glossary(pages):
    soup = pages["areas/asuntos-legales/index.html"]
    title = soup.find(id="2018-legal-observaciones-lpelp")
    assert title.find("abbr", string="LPELP")["title"].startswith("Ley Especial")
    abbr = title.parent.select_one(".rc-result__text").find("abbr", string="LPELP")
    assert abbr["title"] == "Ley Especial de Políticas Públicas Educativas de Largo Plazo"
    assert abbr.parent.name == "a" and abbr.parent["href"] == "../../glosario/#lpelp"
    glossary = pages["glosario/index.html"]
    assert glossary.find(id="lpelp") is not None
    # "LP" inside "LPELP" is not mistaken for the Ley Penitenciaria.
    assert all(a.get_text() != "LP" or a.parent.get_text() != "LPELP" for a in soup.find_all("abbr"))


def test_the_site_speaks_spanish(pages):
    for name, soup in pages.items():
        assert soup.html["lang"] == "es", name
    assert pages["index.html"].select_one("input.md-search__input")["placeholder"] == "Búsqueda"


def test_every_internal_link_and_anchor_resolves(site):
    assert broken_links(site.site_dir) == []


def test_no_third_party_requests(pages):
    """Stylesheets, scripts, images and fonts all come from the site itself."""
    for name, soup in pages.items():
        for element in soup.select("link[href], script[src], img[src], source[src], iframe[src]"):
            url = element.get("href") or element.get("src")
            if element.name == "link" and element.get("rel") in (["canonical"], ["alternate"], ["alternate", "feed"]):
                continue
            assert not urlsplit(url).netloc and not url.startswith("//"), f"{name}: {url}"
        assert "fonts.googleapis" not in str(soup) and "fonts.gstatic" not in str(soup)


def test_search_index_has_each_result_once_with_its_anchor(content, search_index):
    locations = Counter(doc["location"] for doc in search_index["docs"])
    for result in content.results:
        assert locations[f"areas/{result.area}/#{result.id}"] == 1, result.id
    result_docs = [d for d in search_index["docs"] if re.search(r"#\d{4}-", d["location"])]
    assert len(result_docs) == len(content.results) == 103
    for doc in result_docs:
        result = content.result(doc["location"].split("#")[1])
        assert doc["title"] == result.title.replace("&", "&amp;")


def test_search_is_configured_for_spanish_and_figures(search_index, pages):
    config = search_index["config"]
    assert config["lang"] == ["es"]
    separator = re.compile(config["separator"])
    assert separator.split("(1,555 nuevos usuarios") == ["", "1,555", "nuevos", "usuarios"]
    assert separator.split("$6,300 recaudados.") == ["", "6,300", "recaudados", ""]
    # Every page runs search through our worker, which folds accents.
    page_config = json.loads(pages["index.html"].select_one("#__config").string)
    assert page_config["search"].startswith("assets/javascripts/workers/busqueda.js?material=search.")


def test_search_index_text_is_accent_foldable(search_index):
    """The words readers type without accents are in the index with them."""
    text = " ".join(d["title"] + " " + d["text"] for d in search_index["docs"])
    for word in ("PLANTATÓN", "Educación", "LPELP", "1,555", "107", "adendas"):
        assert word in text


def test_the_404_page_is_in_spanish(pages):
    soup = pages["404.html"]
    assert soup.h1.get_text() == "Página no encontrada"
    assert soup.find("a", string=re.compile("Ir a la página de inicio"))["href"] == "/"


def test_a_published_site_has_no_preview_banner(site):
    """The announce bar carries only the preview's problems: empty, it is not there at all."""
    for page in ("index.html", "areas/procesos-de-dialogo/index.html"):
        assert "md-banner" not in (site.site_dir / page).read_text(encoding="utf-8")
