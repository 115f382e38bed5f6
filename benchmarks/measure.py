"""What one benchmark size measures: our plugin's parts in process, a build in a
child process (time and peak memory), the built site's sizes and a first search
query in headless Chromium."""

from __future__ import annotations

import gzip
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from . import browser


def measure_parts(project: Path) -> dict[str, Any]:
    """Our plugin's work, in this process: the seconds of each part and what it produced.

    Runs the `rendicion` plugin's own `on_config` on the project's real config
    (so whatever it sets up, such as downloads, is included), timing
    `load_content` and `plan_pages` inside it; then renders every planned page
    body with the plugin's renderer, as the macros do during the build.
    """
    from mkdocs.config import load_config

    from rendicion.pages import nav_structure
    from rendicion.plugin import plugin as glue

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(project / "unused-site"))
    rendicion = config.plugins["rendicion"]
    spent = {"load_content": 0.0, "plan_pages": 0.0}

    def timed(name: str, function: Any) -> Any:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                spent[name] += time.perf_counter() - start
        return wrapper

    originals = {name: getattr(glue, name) for name in spent}
    for name, function in originals.items():
        setattr(glue, name, timed(name, function))
    try:
        start = time.perf_counter()
        config = rendicion.on_config(config) or config
        configured = time.perf_counter()
    finally:
        for name, function in originals.items():
            setattr(glue, name, function)
    build = rendicion.current
    started = time.perf_counter()
    bodies = [str(build.renderer.page_body(page.kind, page.key)) for page in build.plan.pages]
    rendered = time.perf_counter()
    on_config_s = configured - start
    return {
        "load_s": spent["load_content"],
        "plan_s": spent["plan_pages"],
        # The rest of on_config: exports/downloads and the renderer's setup.
        "setup_s": on_config_s - spent["load_content"] - spent["plan_pages"],
        "render_s": rendered - started,
        "content": build.content,
        "plan": build.plan,
        "downloads": list(getattr(build, "downloads", None) or []),
        "bodies": bodies,
        "nav": nav_structure(build.content, build.plan),  # plain titles (config.nav holds escaped ones)
    }


def timed_build(config: Path, site_dir: Path) -> dict[str, Any]:
    """`mkdocs build -q` in a child process: wall seconds and the child's peak RSS."""
    if site_dir.exists():
        shutil.rmtree(site_dir)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(site_dir)]
    with tempfile.TemporaryFile() as output:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=config.parent, env=env, stdout=output, stderr=subprocess.STDOUT)
        _pid, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        output.seek(0)
        text = output.read().decode("utf-8", "replace")
    if process.returncode != 0:
        raise RuntimeError(f"mkdocs build failed ({config}):\n{text[-4000:]}")
    # ru_maxrss is in KiB on Linux, in bytes on macOS.
    peak = usage.ru_maxrss if sys.platform == "darwin" else usage.ru_maxrss * 1024
    # CPU seconds (the child's and those of its waited-for children, such as Pagefind):
    # steadier than wall time on a busy machine.
    return {"seconds": seconds, "cpu_s": usage.ru_utime + usage.ru_stime, "peak_rss_bytes": peak,
            "output": text.strip()}


def _gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def site_stats(site_dir: Path) -> dict[str, Any]:
    """Bytes of the site, its largest HTML page and what Material's search downloads
    (zero for a site built with Pagefind: see `first_query`)."""
    total = 0
    files = 0
    largest = (0, "")
    for path in site_dir.rglob("*"):
        if not path.is_file():
            continue
        size = path.stat().st_size
        total += size
        files += 1
        if path.suffix == ".html" and size > largest[0]:
            largest = (size, path.relative_to(site_dir).as_posix())
    index_file = site_dir / "search" / "search_index.json"
    index = index_file.read_bytes() if index_file.exists() else b""
    pagefind = site_dir / "pagefind"
    workers = site_dir / "assets" / "javascripts" / "workers"
    lunr = site_dir / "assets" / "javascripts" / "lunr" / "min"
    # What the browser runs for the first query with language "es": our worker
    # (if present), Material's worker, lunr's stemmer support and Spanish.
    scripts = sorted(workers.glob("search.*.min.js")) + [
        p for p in (workers / "busqueda.js", lunr / "lunr.stemmer.support.min.js", lunr / "lunr.es.min.js")
        if p.exists()
    ]
    worker = {p.relative_to(site_dir).as_posix(): p.read_bytes() for p in scripts}
    worker_raw = sum(len(b) for b in worker.values())
    worker_gz = sum(_gz(b) for b in worker.values())
    index_gz = _gz(index) if index else 0
    return {
        "search_backend": "pagefind" if (pagefind / "pagefind.js").is_file() else "material",
        "pagefind_bytes": sum(p.stat().st_size for p in pagefind.rglob("*") if p.is_file()),
        "site_bytes": total,
        "site_files": files,
        "html_pages": sum(1 for _ in site_dir.rglob("*.html")),
        "largest_page_bytes": largest[0],
        "largest_page": largest[1],
        "search_index_bytes": len(index),
        "search_index_gz_bytes": index_gz,
        "search_worker_files": sorted(worker),
        "search_worker_bytes": worker_raw,
        "search_worker_gz_bytes": worker_gz,
        # Material: the whole index and the worker scripts, before any query;
        # replaced by what the browser fetched when `first_query` runs.
        "search_first_query_gz_bytes": index_gz + worker_gz if index else None,
    }


def first_query(site_dir: Path, backend: str, runs: int, log=print) -> dict[str, Any]:
    """A reader's first query in headless Chromium (`benchmarks.browser`), `runs` times
    typed and `runs` times entered at once, each in a fresh browser context (empty
    cache): bytes of the first typed run, median milliseconds of each way."""
    if not Path(browser.CHROMIUM).exists():
        log(f"{browser.CHROMIUM} is missing: search not measured in the browser")
        return {}
    typed = [browser.measure_first_query(site_dir, backend, typed=True) for _ in range(runs)]
    at_once = [browser.measure_first_query(site_dir, backend, typed=False) for _ in range(runs)]
    errors = [error for sample in typed + at_once for error in sample["page_errors"]]
    if errors:
        raise RuntimeError(f"search in the browser: {errors}")
    first = typed[0]
    return {
        "search_first_query_gz_bytes": first["bytes"],
        "search_query_ms": statistics.median(sample["ms"] for sample in typed),
        "search_cold_query_ms": statistics.median(sample["ms"] for sample in at_once),
        "search_query": first["query"],
        "search_query_files": first["files"],
        "search_query_results_shown": first["results_shown"],
        "search_cold_query_gz_bytes": at_once[0]["bytes"],
        "search_query_samples_ms": [sample["ms"] for sample in typed],
        "search_cold_query_samples_ms": [sample["ms"] for sample in at_once],
    }
