"""The 404 page of a site published in a sub-folder (`site_url: https://host/rendicion/`).

A web server sends 404.html for any missing address, at any depth: its
stylesheets, scripts, icons and home link must not depend on where it is read.
Served here as such a server would: the site under /rendicion/, 404.html (with
status 404) for everything else."""

from __future__ import annotations

import contextlib
import http.server
import threading
from pathlib import Path
from typing import Iterator
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

from tests.conftest import mkdocs_build, project_copy

PREFIX = "/rendicion/"


@pytest.fixture(scope="module")
def sub_folder_site(tmp_path_factory) -> Path:
    project = project_copy(tmp_path_factory.mktemp("subfolder"))
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(
        'site_url: ""', f'site_url: "https://example.org{PREFIX}"'), encoding="utf-8")
    run = mkdocs_build(config, project / "site")
    assert run.returncode == 0, run.output
    return run.site_dir


@contextlib.contextmanager
def serve_under_prefix(site_dir: Path) -> Iterator[str]:
    """`site_dir` at http://127.0.0.1:PORT/rendicion/, 404.html for any missing path."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            path = unquote(urlsplit(self.path).path)
            file = None
            if path.startswith(PREFIX) and ".." not in path:
                file = site_dir / path[len(PREFIX):]
                if file.is_dir():
                    file = file / "index.html"
            status = 200 if file is not None and file.is_file() else 404
            if status == 404:
                file = site_dir / "404.html"
            body = file.read_bytes()
            types = {".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript",
                     ".svg": "image/svg+xml", ".json": "application/json"}
            self.send_response(status)
            self.send_header("Content-Type", types.get(file.suffix, "application/octet-stream"))
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        thread.join()
        httpd.server_close()


def test_every_address_of_the_404_page_starts_at_the_sub_folder(sub_folder_site):
    page = BeautifulSoup((sub_folder_site / "404.html").read_text(encoding="utf-8"), "html.parser")
    addresses = [tag.get("href") or tag.get("src") for tag in page.select("link[href], script[src], a[href]")]
    internal = [a for a in addresses if a and not a.startswith(("https:", "http:", "mailto:", "javascript:"))]
    assert internal and all(a.startswith(PREFIX) for a in internal), [a for a in internal if not a.startswith(PREFIX)]
    assert page.find("a", string="Ir a la página de inicio")["href"] == PREFIX


@pytest.mark.browser
def test_the_404_page_is_styled_at_any_depth_of_a_sub_folder(sub_folder_site, new_page):
    from axe_playwright_python.sync_playwright import Axe

    with serve_under_prefix(sub_folder_site) as host:
        for width, scheme in ((1280, "light"), (360, "dark")):
            page = new_page(viewport={"width": width, "height": 800}, color_scheme=scheme)
            failed: list[str] = []
            page.on("requestfailed", lambda request: failed.append(request.url))
            page.on("response", lambda response: failed.append(response.url)
                    if response.status >= 400 and response.request.resource_type != "document" else None)
            response = page.goto(host + PREFIX + "no/existe/aqui/")
            assert response.status == 404
            page.wait_for_load_state("networkidle")
            assert failed == []
            # Styled: Material's header has its colour and height, its icons their size.
            header = page.evaluate("""() => { const s = getComputedStyle(document.querySelector('.md-header'));
                                              return [s.position, s.backgroundColor] }""")
            assert header[0] == "sticky" and header[1] not in ("rgba(0, 0, 0, 0)", "transparent"), header
            icons = page.evaluate("""() => [...document.querySelectorAll('.md-header svg')]
              .map(svg => svg.getBoundingClientRect().height).filter(height => height > 0)""")
            assert icons and max(icons) <= 32, icons
            # Our stylesheet is there too (rendicion.css defines the cards' colours).
            assert page.evaluate("getComputedStyle(document.body).getPropertyValue('--rc-card-border').trim()") in ("#d5dbe6", "#3a4558")
            assert Axe().run(page).response["violations"] == []
            home = page.get_by_role("link", name="Ir a la página de inicio")
            assert home.get_attribute("href") == PREFIX
            home.click()
            page.wait_for_url(host + PREFIX)
            assert page.locator("h1").first.is_visible()
