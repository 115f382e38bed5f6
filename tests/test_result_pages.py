"""Result pages («fichas»): one page per result, linked both ways with its card,
with a share preview (Open Graph and Twitter tags, a 1200×630 PNG) and out of search."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from PIL import Image

from rendicion.pages import plan_pages

from .conftest import broken_links, mkdocs_build, project_copy, replace_once
from .hostile import check_site, write_project

HOSTILE_TITLE = '"><script>alert(1)</script> {{ 7*191919 }} & </title>'


def meta(soup: BeautifulSoup, name: str) -> str:
    tag = soup.find("meta", attrs={"property": name}) or soup.find("meta", attrs={"name": name})
    assert tag is not None, name
    return tag["content"]


def test_every_result_has_exactly_one_result_page(site, content):
    pages = sorted(p.parent.name for p in (site.site_dir / "resultados").glob("*/index.html"))
    assert pages == sorted(r.id for r in content.results)


def test_result_page_names_the_result_everywhere(site, content):
    for result in content.results:
        soup = site.html(f"resultados/{result.id}/")
        assert soup.h1.get_text(strip=True) == result.title
        assert soup.title.get_text().startswith(result.title + " - ")
        assert meta(soup, "og:title").startswith(result.title)
        assert meta(soup, "twitter:title").startswith(result.title)
        assert meta(soup, "og:type") == "article"
        assert meta(soup, "twitter:card") == "summary_large_image"
        description = meta(soup, "og:description")
        assert description and len(description) <= 200 and description == meta(soup, "twitter:description")
        assert meta(soup, "og:image:alt") == result.title


def test_share_image_is_a_1200_by_630_png_in_the_site(site, content):
    for result in content.results[:5]:
        soup = site.html(f"resultados/{result.id}/")
        image = meta(soup, "og:image")
        assert meta(soup, "og:image:width") == "1200" and meta(soup, "og:image:height") == "630"
        file = (site.site_dir / "resultados" / result.id / image).resolve()
        with Image.open(file) as png:
            assert png.format == "PNG" and png.size == (1200, 630)


def test_ficha_shows_what_the_card_shows(site, content):
    result = next(r for r in content.results if r.figures and r.memberships["councils"])
    soup = site.html(f"resultados/{result.id}/")
    body = soup.find("article", class_="md-content__inner")
    text = body.get_text(" ", strip=True)
    assert "Datos del resultado" in text and "Cómo citar este resultado" in text
    assert body.find(class_="rc-result__figures") is not None
    assert body.find(class_="rc-cite__text").get_text().count(f"resultados/{result.id}/") == 1


def test_ficha_and_card_link_to_each_other(site, content):
    result = next(r for r in content.results if r.memberships["councils"])
    soup = site.html(f"resultados/{result.id}/")
    back = soup.find("a", attrs={"data-rc-ficha-anchor": True})["href"]
    assert back.endswith(f"#{result.id}")
    area_page = (site.site_dir / "resultados" / result.id / back.split("#")[0] / "index.html").resolve()
    assert area_page == (site.site_dir / "areas" / result.area / "index.html").resolve()
    members = [a["href"] for a in soup.find_all("a", attrs={"data-rc-ficha-member": True})]
    assert len(members) == sum(len(result.memberships[g]) for g in ("councils", "plans"))
    for href in members:
        page = (site.site_dir / "resultados" / result.id / href.split("#")[0] / "index.html").resolve()
        listed = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        assert listed.find(id=result.id) is not None, href
    card = site.card(result.area, result.id)
    title_link = card.find(class_="rc-result__title").find("a")
    assert title_link["href"] == f"../../resultados/{result.id}/"
    assert card.find("a", attrs={"data-rc-permalink": True})["href"] == f"../../resultados/{result.id}/"
    assert broken_links(site.site_dir) == []


def test_result_pages_are_not_in_the_search_index(site, content):
    index = json.loads((site.site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = [doc["location"] for doc in index["docs"]]
    assert not [loc for loc in locations if loc.startswith("resultados/")]
    # Each result is found once, at its anchor on its area page.
    for result in content.results[:10]:
        assert sum(loc.endswith(f"#{result.id}") for loc in locations) == 1, result.id


def test_plan_result_url_is_the_ficha_and_anchor_is_kept(content):
    plan = plan_pages(content)
    result = content.results[0]
    assert plan.result_url(result) == f"resultados/{result.id}/"
    assert plan.result_anchor_url(result) == f"areas/{result.area}/#{result.id}"
    offline = plan_pages(content, directory_urls=False)
    assert offline.result_url(result) == f"resultados/{result.id}.html"
    assert offline.get("result", result.id).in_nav is False


@pytest.fixture(scope="module")
def offline_site(tmp_path_factory):
    """SEGOB without directory URLs (as the offline copy) and with a public address."""
    project = project_copy(tmp_path_factory.mktemp("fichas-offline"))
    replace_once(project / "mkdocs.yml", "use_directory_urls: true", "use_directory_urls: false")
    replace_once(project / "mkdocs.yml", 'site_url: ""', 'site_url: "https://example.org/segob/"')
    run = mkdocs_build(project / "mkdocs.yml", project / "site")
    assert run.returncode == 0, run.output
    return run


def test_offline_build_links_and_absolute_share_image(offline_site, content):
    result = content.results[0]
    page = offline_site.site_dir / "resultados" / f"{result.id}.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    image = meta(soup, "og:image")
    assert image == f"https://example.org/segob/resultados/{result.id}.png"
    assert (offline_site.site_dir / urlsplit(image).path.removeprefix("/segob/")).is_file()
    assert meta(soup, "og:url") == f"https://example.org/segob/resultados/{result.id}.html"
    assert soup.find("link", rel="canonical")["href"] == meta(soup, "og:url")
    assert soup.find("a", attrs={"data-rc-ficha-anchor": True})["href"] == f"../areas/{result.area}.html#{result.id}"
    assert broken_links(offline_site.site_dir, "/segob/") == []
    sitemap = (offline_site.site_dir / "sitemap.xml").read_text(encoding="utf-8")
    for each in content.results:  # each result page once in the sitemap
        assert sitemap.count(f"/segob/resultados/{each.id}.html<") == 1, each.id


def test_hostile_title_is_only_escaped_on_the_ficha(tmp_path):
    project = write_project(tmp_path, {"result.title": HOSTILE_TITLE, "result.text": HOSTILE_TITLE})
    run = mkdocs_build(project / "mkdocs.yml", project / "site")
    assert run.returncode == 0, run.output
    assert check_site(run.site_dir) == []
    raw = (run.site_dir / "resultados" / "2018-resultado-1" / "index.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in raw
    soup = BeautifulSoup(raw, "html.parser")
    assert soup.h1.get_text(strip=True) == HOSTILE_TITLE.strip()
    assert meta(soup, "og:title").startswith(HOSTILE_TITLE)
    assert meta(soup, "og:image:alt") == HOSTILE_TITLE
    assert meta(soup, "twitter:title").startswith(HOSTILE_TITLE)
    assert Path(run.site_dir / "resultados" / "2018-resultado-1.png").is_file()


def test_pagefind_does_not_index_result_pages(tmp_path):
    from rendicion.plugin.search import BUNDLE

    from .conftest import set_plugin_option
    from .test_search import fragments

    project = project_copy(tmp_path)
    set_plugin_option(project, "search", "pagefind")
    run = mkdocs_build(project / "mkdocs.yml", project / "site")
    assert run.returncode == 0, run.output
    assert (run.site_dir / BUNDLE / "pagefind.js").is_file()
    urls = [record["url"] for record in fragments(run.site_dir)]
    assert urls and not [url for url in urls if "resultados/" in url]
