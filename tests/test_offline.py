"""The offline copy: `rendicion build --offline` publishes a zip that works from file://."""

from __future__ import annotations

import zipfile

import pytest

from rendicion.cli import main

from .conftest import project_copy


@pytest.fixture(scope="module")
def offline_build(tmp_path_factory):
    root = tmp_path_factory.mktemp("offline")
    project = project_copy(root)
    site = root / "site"
    assert main(["-f", str(project / "mkdocs.yml"), "build", "--offline", "-d", str(site)]) == 0
    bundle = site / "datos" / "sitio-sin-conexion.zip"
    with zipfile.ZipFile(bundle) as archive:
        archive.extractall(root / "copia")
    return site, root / "copia" / "sitio"


def test_the_zip_is_linked_from_the_data_page(offline_build):
    site, copy = offline_build
    page = (site / "datos" / "index.html").read_text(encoding="utf-8")
    assert 'href="sitio-sin-conexion.zip"' in page
    assert (copy / "index.html").is_file() and (copy / "areas" / "es-calidad.html").is_file()
    assert (copy / "search" / "search_index.js").is_file()
    assert "unpkg.com" not in (copy / "index.html").read_text(encoding="utf-8")


@pytest.mark.browser
def test_the_offline_copy_works_from_file_urls_search_included(offline_build, browser):
    _, copy = offline_build
    context = browser.new_context()
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto((copy / "index.html").as_uri())
    page.get_by_role("link", name="Asuntos Legales").first.click()
    page.wait_for_url("**/areas/asuntos-legales.html")
    page.keyboard.press("s")
    page.locator("input.md-search__input").press_sequentially("plantaton", delay=20)
    page.wait_for_function("document.querySelector('.md-search-result__meta').textContent.includes('encontr')")
    page.locator("a.md-search-result__link[href*='#2018-conasav-plantaton']").first.click()
    page.wait_for_url("**/areas/procesos-de-dialogo.html*#2018-conasav-plantaton")
    assert page.locator("[id='2018-conasav-plantaton']").is_visible()
    assert all(url.startswith("file://") for url in requests), [u for u in requests if not u.startswith("file://")]
    context.close()


def test_only_the_offline_copy_loads_the_iframe_worker_shim(offline_build):
    """The shim runs the search worker from file:// only; the published site's pages
    would load it, synchronously in <head>, for nothing."""
    site, copy = offline_build
    published = [page for page in site.rglob("*.html") if "iframe-worker" in page.read_text(encoding="utf-8")]
    assert published == []
    for page in (copy / "index.html", copy / "areas" / "es-calidad.html"):
        assert 'src="assets/javascripts/vendor/iframe-worker-shim.js"' in page.read_text(encoding="utf-8") \
            or 'src="../assets/javascripts/vendor/iframe-worker-shim.js"' in page.read_text(encoding="utf-8")
