"""Shared fixtures of the tool's tests: SEGOB's 2018 report, built once per test session.

The tool's tests never read the project's own `content/`: they build fixture
projects (`tests/fixtures/`), so an institution that replaces `content/` with
its own keeps them passing. `tests/fixtures/segob/` is a frozen copy of SEGOB's
report, the realistic case; `tests/content/` is the suite that checks the
project's own `content/`.
"""

from __future__ import annotations

import os
import posixpath
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup

from benchmarks.browser import serve as serve_directory  # the site on 127.0.0.1, as the benchmark serves it

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).parent / "fixtures"
#: SEGOB's 2018 report as the tool's tests know it (not the project's content/, which may change).
CONTENT = FIXTURES / "segob"
#: The report that content was transcribed from (SEGOB's «Principales resultados 2018», as text).
SEED = FIXTURES / "informe-segob-2018.txt"
SECOND_YEAR = Path(__file__).parent / "fixtures" / "second_year" / "2019"


@dataclass
class BuildRun:
    """The outcome of one `mkdocs build`."""

    returncode: int
    output: str
    site_dir: Path

    def html(self, path: str) -> BeautifulSoup:
        """The parsed HTML of a page, by its URL path (`areas/x/`)."""
        file = self.site_dir / path / "index.html" if not path.endswith(".html") else self.site_dir / path
        return BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")

    def card(self, area: str, result_id: str) -> BeautifulSoup:
        """A result's card (`<article>`) on its area's page."""
        return self.html(f"areas/{area}/").find(id=result_id).find_parent("article")


def mkdocs_build(config: Path, site_dir: Path, *extra: str) -> BuildRun:
    """Run `mkdocs build --strict` as a reader of the README would."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    process = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(site_dir), *extra],
        capture_output=True, text=True, env=env, cwd=config.parent,
    )
    return BuildRun(process.returncode, process.stdout + process.stderr, site_dir)


def build_in_process(project: Path, site_dir: Path) -> None:
    """Build `project` into `site_dir` in this process, starting and stopping the plugins
    as `mkdocs build` does (a plugin kept from another test's `serve` starts afresh)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    cwd = os.getcwd()
    os.chdir(project)
    try:
        config = load_config(str(project / "mkdocs.yml"), site_dir=str(site_dir))
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
    finally:
        os.chdir(cwd)


def same_trees(a: Path, b: Path) -> None:
    """Assert that the folders `a` and `b` hold the same files, byte for byte."""
    import filecmp

    files_a = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file())
    assert files_a == files_b
    _, mismatch, errors = filecmp.cmpfiles(a, b, [str(p) for p in files_a], shallow=False)
    assert not mismatch and not errors, mismatch[:5]


def project_copy(tmp_path: Path, content: Path = CONTENT) -> Path:
    """A copy of the project's config, docs and overrides with its own content folder
    (the theme's templates and assets come from the installed package, as in any project).

    Returns the folder holding `mkdocs.yml`; edit `<folder>/content` freely.
    """
    project = tmp_path / "project"
    project.mkdir()
    for name in ("mkdocs.yml",):
        shutil.copy(ROOT / name, project / name)
    for name in ("docs", "overrides", "macros"):
        shutil.copytree(ROOT / name, project / name)
    shutil.copytree(content, project / "content")
    return project


def with_second_year(project: Path) -> None:
    """Add the second year of test data (tests/fixtures/second_year) to a `project_copy`."""
    shutil.copytree(SECOND_YEAR, project / "content" / "results" / "2019")


def built_site(tmp_path_factory: pytest.TempPathFactory, content: Path = CONTENT, name: str = "project") -> BuildRun:
    """The site of the content folder `content`, built with the project's config; it must build."""
    project = project_copy(tmp_path_factory.mktemp(name), content)
    run = mkdocs_build(project / "mkdocs.yml", project / "site")
    assert run.returncode == 0, run.output
    return run


def replace_once(path: Path, old: str, new: str) -> None:
    """Replace the first `old` in the file at `path` (which must hold it) with `new`."""
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def check_edited(tmp_path: Path, fixture: Path, edit) -> tuple[int, str]:
    """`rendicion check` on a copy of the content folder `fixture` changed by `edit(content)`:
    its exit status and everything it printed."""
    content = tmp_path / "content"
    shutil.copytree(fixture, content)
    edit(content)
    process = subprocess.run([sys.executable, "-m", "rendicion", "check", "--content", str(content)],
                             capture_output=True, text=True, cwd=ROOT)
    return process.returncode, process.stdout + process.stderr


def set_plugin_option(project: Path, name: str, value: object) -> None:
    """Set one option of the `rendicion` plugin in a `project_copy`'s mkdocs.yml."""
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "      content_dir: content\n" in text
    config.write_text(text.replace("      content_dir: content\n", f"      content_dir: content\n      {name}: {value}\n"),
                      encoding="utf-8")


def all_pages(site_dir: Path) -> dict[str, BeautifulSoup]:
    """Every HTML page of a built site, parsed, by its path in the site."""
    return {
        path.relative_to(site_dir).as_posix(): BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for path in sorted(site_dir.rglob("*.html"))
    }


def broken_links(site_dir: Path, base_path: str = "/") -> list[str]:
    """A link checker over the output: every internal link and anchor must resolve.

    `base_path` is the path part of `site_url`, which root-relative links
    (the 404 page's) start with."""
    pages = all_pages(site_dir)
    ids = {name: {tag["id"] for tag in soup.find_all(id=True)} for name, soup in pages.items()}
    broken = []
    for name, soup in pages.items():
        for tag, attr in (("a", "href"), ("link", "href"), ("script", "src"), ("img", "src")):
            for element in soup.find_all(tag):
                url = element.get(attr)
                if not url or url.startswith(("mailto:", "tel:")):
                    continue
                parts = urlsplit(url)
                if parts.scheme or parts.netloc:
                    continue  # external: see test_no_third_party_requests
                if parts.path.startswith("/"):  # the 404 page links from the site root
                    if not parts.path.startswith(base_path):
                        broken.append(f"{name}: {url} (outside {base_path})")
                        continue
                    target = posixpath.normpath(unquote(parts.path)[len(base_path):] or ".")
                elif parts.path:
                    target = posixpath.normpath(posixpath.join(posixpath.dirname(name), unquote(parts.path)))
                else:
                    target = name
                file = site_dir / target
                if file.is_dir() or parts.path.endswith("/"):
                    file = file / "index.html"
                if not file.is_file():
                    broken.append(f"{name}: {url} (no file)")
                    continue
                page = file.relative_to(site_dir).as_posix()
                if parts.fragment and page in ids and unquote(parts.fragment) not in ids[page]:
                    broken.append(f"{name}: {url} (no anchor)")
    return broken


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> BuildRun:
    """SEGOB's site, built from the fixture with the project's mkdocs.yml."""
    return built_site(tmp_path_factory, name="segob")


@pytest.fixture(scope="session")
def content():
    from rendicion.load import load_content

    return load_content(CONTENT)


@pytest.fixture(scope="session")
def server(site):
    """The built site served on 127.0.0.1 (a free port) for the browser tests."""
    with serve_directory(site.site_dir) as url:
        yield url


CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update"]


@pytest.fixture(scope="session")
def browser():
    """Debian's headless Chromium driven by Playwright; never a downloaded browser."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (make test does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="es-SV")
    yield context.new_page()
    context.close()


# --- Browser helpers for tests/test_browser_*.py ------------------------------

# One page of each kind the site generates, by its URL path (404: Material's page).
PAGE_TYPES = {
    "home": "",
    "area": "areas/procesos-de-dialogo/",
    "council": "consejos/conasav/",
    "plan": "planes/pess/",
    "glossary": "glosario/",
    "partners": "socios/",
    "data": "datos/",
    "years": "anos/",
    "404": "404.html",
}


@pytest.fixture
def new_page(browser):
    """Open pages in fresh browser contexts with any Playwright context options
    (`color_scheme="dark"`, a phone viewport...); all closed after the test.

    `new_page(**options)` returns the page; `page.context` is its context."""
    contexts = []

    def make(**options):
        options = {"viewport": {"width": 1280, "height": 900}, "locale": "es-SV", **options}
        context = browser.new_context(**options)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def wait_for_search_results(page, query: str) -> None:
    """Wait until Material's search shows the results for `query`."""
    page.wait_for_function(
        "q => /encontr/.test(document.querySelector('.md-search-result__meta').textContent)"
        " && document.querySelector('input.md-search__input').value === q",
        arg=query,
    )
    page.wait_for_timeout(300)  # let the result list settle
