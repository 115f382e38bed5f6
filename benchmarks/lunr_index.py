"""Material's search index of a site built by Hugo (the Hugo baseline, `benchmarks.hugo`).

    python -m benchmarks.lunr_index SITE_DIR SETTINGS_JSON

Indexes every page of SITE_DIR with Material's own `SearchIndex` (the code our
build's search plugin runs for each page) and writes `SITE_DIR/search/search_index.json`.
SETTINGS_JSON is the index our build wrote: its `config` (lang, separator,
pipeline, fields) is reused, so both indexes are built the same way. Pages
have no table of contents here (Hugo's output carries none), so sections are
located by their heading ids. Prints `{"seconds", "cpu_s", "entries"}`: the time of the
indexing itself, after Python's start and the imports.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from types import SimpleNamespace

from material.plugins.search.plugin import SearchIndex

from .hugo import HEAD_TITLE, SEARCH_EXCLUDED, head_and_content, head_of, main_content, site_pages


def build_index(site_dir: Path, settings: dict) -> int:
    """Index the pages of `site_dir`; write the index; return the number of entries."""
    search = SearchIndex(**settings)
    for path in site_pages(site_dir):
        html = path.read_text(encoding="utf-8")
        body = main_content(html)
        if body is None or SEARCH_EXCLUDED.search(head_and_content(html)):  # as our search plugin does
            continue
        title = HEAD_TITLE.search(head_of(html))
        rel = path.relative_to(site_dir).as_posix()
        url = "" if rel == "index.html" else rel.removesuffix("index.html")
        page = SimpleNamespace(content=body, toc=[], url=url, title=title.group(1) if title else "",
                               meta={"title": title.group(1) if title else ""})
        search.add_entry_from_context(page)
    out = site_dir / "search" / "search_index.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(search.generate_search_index(None), encoding="utf-8")
    return len(search.entries)


def main(argv: list[str]) -> int:
    site_dir, settings_file = Path(argv[0]), Path(argv[1])
    settings = json.loads(settings_file.read_text(encoding="utf-8"))["config"]
    start, cpu = time.perf_counter(), time.process_time()
    entries = build_index(site_dir, settings)
    # The indexing alone, without starting Python and importing Material (a build pays
    # those anyway): what the comparison counts (`benchmarks.hugo.index`).
    print(json.dumps({"seconds": time.perf_counter() - start, "cpu_s": time.process_time() - cpu,
                      "entries": entries}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
