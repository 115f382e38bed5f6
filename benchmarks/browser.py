"""A reader's first search query, measured in headless Chromium.

    measure_first_query(site_dir, backend) -> {"bytes": ..., "ms": ..., "files": [...]}

Serves the built site on 127.0.0.1, opens a page in a fresh browser context
(empty cache), opens the search as soon as the page has loaded, puts the query
in the box and waits for the first result link. Measures

- the bytes the browser fetched for search, from page load to the first
  results, as a server that compresses text would send them: Pagefind's index,
  fragments, metadata and WebAssembly are compressed already (their size on
  disk is what travels); scripts, stylesheets and Material's JSON index count
  gzipped at level 6;
- the milliseconds from the query entering the box (one `input`/`keyup`
  event, as the last keystroke would give) to the first result link on screen,
  measured inside the page. For Material this includes waiting for its worker
  to download the index and build it, which it starts at page load; for
  Pagefind, the search box's debounce and loading its engine, index chunks
  and the first results' fragments.

Uses Debian's Chromium (/usr/bin/chromium), like the browser tests.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import threading
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import unquote, urlsplit

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
#: Typed without its accent, as readers do; common in the synthetic content
#: (a verb of many result titles), so many pages match.
QUERY = "capacitacion"
#: Files Pagefind writes compressed: their size on disk is what a browser downloads.
COMPRESSED = (".pf_index", ".pf_fragment", ".pf_meta", ".pf_filter", ".pagefind")

#: Per backend: the search box, a result link, and which fetched paths belong
#: to search. Both open their search with the "/" key.
BACKENDS: dict[str, dict[str, Any]] = {
    "pagefind": {
        "input": "input.pf-input",
        "result": "a.pf-heading-link, a.pf-result-link",
        "files": ("pagefind/", "assets/javascripts/busqueda-pagefind.js",
                  "assets/stylesheets/busqueda-pagefind.css"),
    },
    "material": {
        "input": "input.md-search__input",
        "result": "a.md-search-result__link",
        "files": ("search/", "assets/javascripts/workers/", "assets/javascripts/lunr/"),
    },
}

TIMED_QUERY = """async ([query, input, result]) => {
  const box = document.querySelector(input)
  const shown = new Promise(resolve => {
    const observer = new MutationObserver(() => {
      if (document.querySelector(result)) { observer.disconnect(); resolve(performance.now()) }
    })
    observer.observe(document.body, {subtree: true, childList: true})
  })
  const start = performance.now()
  box.value = query
  box.dispatchEvent(new Event("input", {bubbles: true}))
  box.dispatchEvent(new KeyboardEvent("keyup", {bubbles: true, key: query.slice(-1)}))
  return (await shown) - start
}"""


@contextlib.contextmanager
def serve(site_dir: Path) -> Iterator[str]:
    """The site on a free port of 127.0.0.1, without compression; yields its URL."""

    class QuietHandler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(site_dir)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        thread.join()
        httpd.server_close()


def transfer_bytes(path: Path) -> int:
    """What a compressing server sends for `path` (Pagefind's own files are compressed already)."""
    data = path.read_bytes()
    if path.name.endswith(COMPRESSED):
        return len(data)
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def measure_first_query(site_dir: Path, backend: str, query: str = QUERY, page: str = "",
                        timeout_ms: int = 120_000) -> dict[str, Any]:
    """One cold first query against the site in `site_dir`; see the module's docstring."""
    from playwright.sync_api import sync_playwright

    spec = BACKENDS[backend]
    with serve(site_dir) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="es-SV")
            tab = context.new_page()
            tab.set_default_timeout(timeout_ms)
            fetched: list[str] = []
            tab.on("requestfinished", lambda request: fetched.append(request.url))
            errors: list[str] = []
            tab.on("pageerror", lambda error: errors.append(str(error)))
            tab.goto(url + page, wait_until="load")
            tab.keyboard.press("/")
            tab.wait_for_function("s => document.activeElement && document.activeElement.matches(s)",
                                  arg=spec["input"])
            ms = tab.evaluate(TIMED_QUERY, [query, spec["input"], spec["result"]])
            results = tab.locator(spec["result"]).count()
            context.close()
        finally:
            browser.close()
    files = {}
    for address in fetched:
        path = unquote(urlsplit(address).path).lstrip("/")
        if path.startswith(spec["files"]) and (site_dir / path).is_file():
            files[path] = transfer_bytes(site_dir / path)
    return {
        "backend": backend,
        "query": query,
        "ms": ms,
        "bytes": sum(files.values()),
        "files": dict(sorted(files.items())),
        "results_shown": results,
        "page_errors": errors,
    }


if __name__ == "__main__":  # python -m benchmarks.browser SITE_DIR BACKEND [QUERY]
    import json
    import sys

    print(json.dumps(measure_first_query(Path(sys.argv[1]), sys.argv[2], *sys.argv[3:]), indent=2))
