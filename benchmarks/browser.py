"""A reader's first search query, measured in headless Chromium.

    measure_first_query(site_dir, backend, typed=True) -> {"bytes": ..., "ms": ..., "files": {...}}

Serves the built site on 127.0.0.1 and opens its home page in a fresh browser
context (empty cache). As soon as the page has loaded, opens the search with
the "/" key and enters the query, then waits for the first result link of that
query. Two ways of entering it:

- typed (`typed=True`): key by key, `TYPING_MS` apart, as a quick typist does;
  `ms` runs from the last keystroke to the first result link of the whole
  query. Whatever the search does while the reader types (Material building
  its index, Pagefind loading its engine or answering the first letters) is
  part of the bytes, and of the time only if it is not done by the last key;
- at once (`typed=False`: pasted, or typed faster than anything loads):
  `ms` runs from the query entering the box to the first result link, so it
  includes all the loading: the worst case.

`bytes` sums every search file the browser fetched from page load to the
results, as a server that compresses text would send it: Pagefind's index,
fragments, metadata and WebAssembly are compressed already (their size on
disk is what travels); scripts, stylesheets and Material's JSON index count
gzipped at level 6. Times are measured inside the page (`performance.now()`).

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
#: (a verb of many result titles), so most pages match: a heavy query.
QUERY = "capacitacion"
#: Milliseconds between keystrokes when typing (about 100 words a minute).
TYPING_MS = 100
#: Files Pagefind writes compressed: their size on disk is what a browser downloads.
COMPRESSED = (".pf_index", ".pf_fragment", ".pf_meta", ".pf_filter", ".pagefind")

#: Per backend: the search box, a result link, the element that names the query
#: its results are for (none: Material's results follow the box), and which
#: fetched paths belong to search. Both open their search with the "/" key.
BACKENDS: dict[str, dict[str, Any]] = {
    "pagefind": {
        "input": "input.pf-input",
        "result": "a.pf-heading-link, a.pf-result-link",
        "names_query": ".pf-summary",
        "files": ("pagefind/", "assets/javascripts/busqueda-pagefind.js",
                  "assets/stylesheets/busqueda-pagefind.css"),
    },
    "material": {
        "input": "input.md-search__input",
        "result": "a.md-search-result__link",
        "names_query": None,
        "files": ("search/", "assets/javascripts/workers/", "assets/javascripts/lunr/"),
    },
}

#: Installed before the query: `__rcShown` is when the page first showed a
#: result link for the query in the box (after its last key, for the whole
#: query if the results name it), `__rcEntered` when the query was complete.
WATCH = """([query, result, namesQuery]) => {
  window.__rcEntered = null
  window.__rcShown = null
  const shown = () => {
    if (window.__rcShown !== null || window.__rcEntered === null) return
    if (!document.querySelector(result)) return
    if (namesQuery && !document.querySelector(namesQuery).textContent.includes("«" + query + "»")) return
    window.__rcShown = performance.now()
  }
  document.addEventListener("keydown", () => {
    window.__rcShown = null
    window.__rcEntered = performance.now()  // the last key wins
  }, true)
  new MutationObserver(shown).observe(document.body, {subtree: true, childList: true, characterData: true})
  window.__rcCheck = shown
}"""
AT_ONCE = """([query, input]) => {
  const box = document.querySelector(input)
  window.__rcShown = null
  window.__rcEntered = performance.now()
  box.value = query
  box.dispatchEvent(new Event("input", {bubbles: true}))
  box.dispatchEvent(new KeyboardEvent("keyup", {bubbles: true, key: query.slice(-1)}))
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


def measure_first_query(site_dir: Path, backend: str, typed: bool = True, query: str = QUERY,
                        page: str = "", timeout_ms: int = 120_000) -> dict[str, Any]:
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
            tab.evaluate(WATCH, [query, spec["result"], spec["names_query"]])
            if typed:
                tab.keyboard.type(query, delay=TYPING_MS)
            else:
                tab.evaluate(AT_ONCE, [query, spec["input"]])
            tab.evaluate("window.__rcCheck()")  # the results may already be there
            tab.wait_for_function("window.__rcShown !== null", polling=50)
            ms = tab.evaluate("window.__rcShown - window.__rcEntered")
            tab.wait_for_timeout(500)  # the fragments of the other results in view
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
        "typed": typed,
        "ms": ms,
        "bytes": sum(files.values()),
        "files": dict(sorted(files.items())),
        "results_shown": results,
        "page_errors": errors,
    }


if __name__ == "__main__":  # python -m benchmarks.browser SITE_DIR BACKEND [typed|once]
    import json
    import sys

    typed = sys.argv[3] != "once" if len(sys.argv) > 3 else True
    print(json.dumps(measure_first_query(Path(sys.argv[1]), sys.argv[2], typed), indent=2))
