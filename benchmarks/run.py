"""Benchmark the site build at several content sizes against plain MkDocs + Material.

    .venv/bin/python -m benchmarks.run --sizes 100,1000,10000 [--repeat N] [--out FILE]

For each size: generate synthetic content (`benchmarks.generate`) into a copy
of the project (real mkdocs.yml, docs/, overrides/), then measure

- our full `mkdocs build` in a child process: wall seconds and peak RSS;
- its parts in this process: load + validate, page planning, rendering of
  every page body; "MkDocs rest" is the full build minus those;
- a baseline: plain MkDocs + Material (same theme, search and Markdown
  settings, without the `rendicion` and `macros` plugins) building the same
  pages, pre-rendered to Markdown files holding our HTML, with the same nav;
- a second baseline, Hugo (`benchmarks.hugo`): a Hugo project made from the
  HTML pages our build wrote (same URLs, titles, bodies, navigation and
  stylesheets), built by `hugo`, then indexed by the same search as ours
  (Pagefind, or Material's index via `benchmarks.lunr_index`); skipped when
  Hugo is not installed;
- output: site bytes, largest HTML page, search index (raw and gzip -6) and
  the search worker scripts a browser loads before its first query;
- search in headless Chromium (`benchmarks.browser`): which backend the
  build used (Material or Pagefind, the `rendicion` plugin's `search`
  setting, forced with `--search`), the bytes a reader downloads for a cold
  first query and the milliseconds from the query to its first results.

See benchmarks/README.md for how to read the numbers.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

from . import browser, hugo
from .generate import generate_content
from .serve import measure_serve_reload

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SIZES = (100, 1_000, 10_000, 50_000)
DEFAULT_OUT = ROOT / "benchmarks" / "out" / "results.json"
OUR_PLUGINS = {"rendicion", "macros"}

KB = 1_000
MB = 1_000_000
GIB = 1 << 30

#: Targets: (key, description). Evaluated by `evaluate_targets`.
TARGETS = [
    ("build_ratio_10k", "build at 10,000 ≤ 1.15× baseline"),
    ("hugo_ratio_10k", "build at 10,000 ≤ 2.0× Hugo + the same search"),
    ("load_10k", "load+validate of 10,000 ≤ 2 s"),
    ("scaling_50k", "50,000 build ≤ 5.5× the 10,000 build"),
    ("memory_50k", "peak memory ≤ 1 GiB at 50,000"),
    ("largest_page", "no page over 1 MB HTML (all measured sizes)"),
    ("search_10k", "search first query ≤ 300 KB gzipped and ≤ 300 ms in the browser at 10,000"),
    ("serve_reload", "an edit to one YAML file shows in `mkdocs serve` of the SEGOB site in ≤ 2 s"),
]


# -- projects ------------------------------------------------------------------


def make_project(folder: Path, size: int, seed: int = 2018, search: str = "auto") -> tuple[Path, dict[str, int]]:
    """A copy of the project's mkdocs.yml, docs/ and overrides/ with `size` synthetic results
    (the theme's own files come from the installed package, as in any project).

    `search` other than `auto` forces the `rendicion` plugin's search backend."""
    project = folder / "project"
    if project.exists():
        shutil.rmtree(project)
    project.mkdir(parents=True)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    if search != "auto":
        config = (project / "mkdocs.yml").read_text(encoding="utf-8")
        setting = "  - rendicion:\n      content_dir: content\n"
        if setting not in config:
            raise RuntimeError("mkdocs.yml: cannot find the rendicion plugin's content_dir to add `search`")
        config = config.replace(setting, f"{setting}      search: {search}\n", 1)
        (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    for name in ("docs", "overrides", "macros"):
        shutil.copytree(ROOT / name, project / name)
    counts = generate_content(project / "content", size, seed)
    return project, counts


def baseline_config(project_config: Path, nav: list[dict]) -> dict[str, Any]:
    """The project's mkdocs.yml without our plugins, with an explicit nav."""
    from mkdocs.utils.yaml import yaml_load  # resolves MkDocs' own tags (!ENV) like a build does

    config = yaml_load(project_config.read_text(encoding="utf-8"))
    plugins = []
    for plugin in config.get("plugins", []):
        name = plugin if isinstance(plugin, str) else next(iter(plugin))
        if name not in OUR_PLUGINS:
            plugins.append(plugin)
    config["plugins"] = plugins
    config["nav"] = nav
    # What the rendicion plugin adds to every build: the package's assets and a site name.
    from rendicion.plugin import packagetheme

    config["site_name"] = config.get("site_name") or "Sitio"
    config["extra_css"] = [*packagetheme.EXTRA_CSS, *config.get("extra_css", [])]
    config["extra_javascript"] = [*packagetheme.EXTRA_JAVASCRIPT, *config.get("extra_javascript", [])]
    config["theme"]["favicon"] = packagetheme.FAVICON
    return config


def make_baseline(folder: Path, project: Path, parts: dict[str, Any]) -> Path:
    """A plain MkDocs + Material project with our rendered pages as Markdown files."""
    baseline = folder / "baseline"
    if baseline.exists():
        shutil.rmtree(baseline)
    baseline.mkdir(parents=True)
    from rendicion.plugin import packagetheme

    # The package's templates and assets, with the project's own on top (as the plugin layers them).
    shutil.copytree(packagetheme.OVERRIDES, baseline / "overrides")
    shutil.copytree(project / "overrides", baseline / "overrides", dirs_exist_ok=True)
    shutil.copytree(packagetheme.ASSETS, baseline / "docs" / "assets")
    shutil.copytree(project / "docs", baseline / "docs", dirs_exist_ok=True)
    (baseline / "docs" / "README.md").unlink(missing_ok=True)  # the plugin never publishes it
    config = baseline_config(project / "mkdocs.yml", parts["nav"])
    (baseline / "mkdocs.yml").write_text(
        yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    for page, body in zip(parts["plan"].pages, parts["bodies"]):
        # The title and description our plugin gives the page, and its body; and
        # its front matter (result pages: the slim template, out of search), so
        # both builds render the same pages the same way.
        front = {**yaml.safe_load(page.markdown.split("---\n")[1]), "title": page.title,
                 "description": page.description}
        path = baseline / "docs" / page.src_uri
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"---\n{json.dumps(front, ensure_ascii=False)}\n---\n\n{body}\n", encoding="utf-8")
    for download in parts["downloads"]:
        # Files our plugin generates besides pages (CSV, feeds...): static files here.
        path = baseline / "docs" / download.path
        path.parent.mkdir(parents=True, exist_ok=True)
        data = download.data
        path.write_bytes(data if isinstance(data, bytes) else str(data).encode("utf-8"))
    return baseline


# -- measuring -------------------------------------------------------------------


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


def run_size(size: int, workdir: Path, repeat: int = 1, seed: int = 2018, log=print,
             search: str = "auto", browser_runs: int = 3) -> dict[str, Any]:
    """Every measurement for one content size (medians over `repeat` runs; all samples kept).

    `browser_runs` cold first queries in Chromium (0: not measured)."""
    folder = workdir / f"size-{size}"
    started = time.perf_counter()
    project, counts = make_project(folder, size, seed, search)
    log(f"[{size}] content generated in {time.perf_counter() - started:.1f} s: {counts}")

    samples: dict[str, list[float]] = {k: [] for k in ("load_s", "plan_s", "setup_s", "render_s")}
    parts: dict[str, Any] = {}
    for _ in range(repeat):
        parts = measure_parts(project)
        for key in samples:
            samples[key].append(parts[key])
    plan = parts["plan"]
    log(f"[{size}] in-process: load {min(samples['load_s']):.2f} s, plan {min(samples['plan_s']):.2f} s, "
        f"setup {min(samples['setup_s']):.2f} s, render {min(samples['render_s']):.2f} s, "
        f"{len(plan.pages)} pages, {len(parts['downloads'])} downloads")
    baseline = make_baseline(folder, project, parts)
    results_loaded = len(parts["content"].results)
    del parts

    ours, base = [], []
    for _ in range(repeat):
        ours.append(timed_build(project / "mkdocs.yml", folder / "site"))
        log(f"[{size}] ours build {ours[-1]['seconds']:.2f} s, peak {ours[-1]['peak_rss_bytes'] / MB:.0f} MB")
        base.append(timed_build(baseline / "mkdocs.yml", folder / "site-baseline"))
        log(f"[{size}] baseline build {base[-1]['seconds']:.2f} s, peak {base[-1]['peak_rss_bytes'] / MB:.0f} MB")

    med = statistics.median
    ours_s = med(b["seconds"] for b in ours)
    base_s = med(b["seconds"] for b in base)
    load_s, plan_s, setup_s, render_s = (med(samples[k]) for k in ("load_s", "plan_s", "setup_s", "render_s"))
    row = {
        "size": size,
        "results": results_loaded,
        "pages": len(plan.pages),
        "counts": counts,
        "ours_s": ours_s,
        "baseline_s": base_s,
        "ratio": ours_s / base_s,
        "peak_rss_bytes": max(b["peak_rss_bytes"] for b in ours),
        "baseline_peak_rss_bytes": max(b["peak_rss_bytes"] for b in base),
        "load_s": load_s,
        "plan_s": plan_s,
        "setup_s": setup_s,
        "render_s": render_s,
        "mkdocs_rest_s": ours_s - load_s - plan_s - setup_s - render_s,
        "samples": {
            "ours_s": [b["seconds"] for b in ours],
            "baseline_s": [b["seconds"] for b in base],
            "ours_peak_rss_bytes": [b["peak_rss_bytes"] for b in ours],
            "ours_cpu_s": [b["cpu_s"] for b in ours],
            "baseline_cpu_s": [b["cpu_s"] for b in base],
            **samples,
        },
        "build_warnings": [b["output"] for b in ours + base if b["output"]],
        **site_stats(folder / "site"),
        "search_query_ms": None,
        "search_cold_query_ms": None,
        "baseline_site": site_stats(folder / "site-baseline"),
    }
    # The second baseline: Hugo rebuilding the pages our build wrote, plus the same search indexing.
    row.update(hugo.measure_hugo(folder / "site", folder, row["search_backend"], repeat, log))
    if row.get("hugo_s") is not None:
        row["ratio_hugo"] = ours_s / row["hugo_search_s"]
        row["ours_cpu_s"] = med(b["cpu_s"] for b in ours)
        row["ratio_hugo_cpu"] = row["ours_cpu_s"] / row["hugo_search_cpu_s"]
        log(f"[{size}] hugo build {row['hugo_s']:.2f} s ({row['hugo_pages']} pages, {row['hugo_nav_entries']} "
            f"nav entries), + {row['hugo_search']} index {row['hugo_index_s']:.2f} s: ours ÷ that "
            f"{row['ratio_hugo']:.2f}")
    if browser_runs:
        row.update(first_query(folder / "site", row["search_backend"], browser_runs, log))
        if row["search_query_ms"] is not None:
            log(f"[{size}] search ({row['search_backend']}): first query "
                f"{row['search_first_query_gz_bytes'] / KB:.0f} KB gz, {row['search_query_ms']:.0f} ms "
                f"after the last key, {row['search_cold_query_ms']:.0f} ms entered at once")
    return row


# -- reporting ---------------------------------------------------------------------


def evaluate_targets(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Each target as met / not met / not measured, with the measured value."""
    by_size = {row["size"]: row for row in rows}
    r10, r50 = by_size.get(10_000), by_size.get(50_000)

    def verdict(ok: bool | None, value: str) -> dict[str, Any]:
        status = "not measured" if ok is None else ("met" if ok else "not met")
        return {"status": status, "value": value}

    out: dict[str, dict[str, Any]] = {}
    out["build_ratio_10k"] = (verdict(r10["ratio"] <= 1.15, f"{r10['ratio']:.2f}× ({r10['ours_s']:.1f} s vs "
                                      f"{r10['baseline_s']:.1f} s)") if r10 else verdict(None, "-"))
    out["hugo_ratio_10k"] = hugo_verdict(r10, verdict)
    out["load_10k"] = verdict(r10["load_s"] <= 2, f"{r10['load_s']:.2f} s") if r10 else verdict(None, "-")
    if r10 and r50:
        factor = r50["ours_s"] / r10["ours_s"]
        out["scaling_50k"] = verdict(factor <= 5.5, f"{factor:.2f}× ({r50['ours_s']:.1f} s vs {r10['ours_s']:.1f} s)")
    else:
        out["scaling_50k"] = verdict(None, "-")
    out["memory_50k"] = (verdict(r50["peak_rss_bytes"] <= GIB, f"{r50['peak_rss_bytes'] / GIB:.2f} GiB")
                         if r50 else verdict(None, "-"))
    if rows:
        worst = max(rows, key=lambda r: r["largest_page_bytes"])
        over = [f"{r['size']}: {r['largest_page']} {r['largest_page_bytes'] / MB:.2f} MB"
                for r in rows if r["largest_page_bytes"] > MB]
        value = (f"largest {worst['largest_page_bytes'] / MB:.2f} MB ({worst['largest_page']} at {worst['size']}); "
                 f"sizes measured: {', '.join(str(r['size']) for r in rows)}")
        if over:
            value += "; over 1 MB: " + "; ".join(over)
        out["largest_page"] = verdict(not over, value)
    else:
        out["largest_page"] = verdict(None, "-")
    out["search_10k"] = search_verdict(r10, verdict)
    return out


def hugo_verdict(row: dict[str, Any] | None, verdict) -> dict[str, Any]:
    """Ours ≤ 2.0× Hugo + the same search indexing; not measured without Hugo or the size."""
    if not row or row.get("ratio_hugo") is None:
        return verdict(None, "-" if not row else "hugo not installed")
    return verdict(row["ratio_hugo"] <= 2.0,
                   f"{row['ratio_hugo']:.2f}× ({row['ours_s']:.1f} s vs Hugo {row['hugo_s']:.2f} s + "
                   f"{row['hugo_search']} {row['hugo_index_s']:.2f} s = {row['hugo_search_s']:.1f} s; "
                   f"{row['hugo_pages']} pages, {row['hugo_nav_entries']} nav entries; CPU time "
                   f"{row['ours_cpu_s']:.1f} s vs {row['hugo_search_cpu_s']:.1f} s = {row['ratio_hugo_cpu']:.2f}×)")


def serve_verdict(serve: dict[str, Any] | None) -> dict[str, Any]:
    """The live-preview target, from `benchmarks.serve.measure_serve_reload`."""
    if not serve:
        return {"status": "not measured", "value": "-"}
    seconds = serve["serve_reload_s"]
    samples = ", ".join(f"{s:.2f}" for s in serve["serve_reload_samples_s"])
    return {"status": "met" if seconds <= 2 else "not met",
            "value": f"{seconds:.2f} s median (samples {samples} s; page {serve['page']})"}


def search_verdict(row: dict[str, Any] | None, verdict) -> dict[str, Any]:
    """≤ 300 KB gz and ≤ 300 ms for a cold first query; not measured without the browser."""
    if not row or row.get("search_first_query_gz_bytes") is None or row.get("search_query_ms") is None:
        return verdict(None, "-")
    size, ms = row["search_first_query_gz_bytes"], row["search_query_ms"]
    value = (f"{row['search_backend']}: {size / KB:.0f} KB gz, {ms:.0f} ms after the last key "
             f"({row['search_cold_query_ms']:.0f} ms entered at once; query «{row['search_query']}»")
    if row["search_backend"] == "material":
        value += (f"; index {row['search_index_gz_bytes'] / KB:.0f} KB gz of {row['search_index_bytes'] / MB:.1f} MB"
                  f" raw + worker {row['search_worker_gz_bytes'] / KB:.0f} KB gz")
    else:
        files = row.get("search_query_files", {})
        parts = {"engine and UI": 0, "index": 0, "fragments": 0}
        for name, length in files.items():
            key = "index" if "/index/" in name else "fragments" if "/fragment/" in name else "engine and UI"
            parts[key] += length
        value += "; " + ", ".join(f"{key} {length / KB:.0f} KB" for key, length in parts.items())
    return verdict(size <= 300 * KB and ms <= 300, value + ")")


COLUMNS = [
    ("results", "results", "{:d}"),
    ("pages", "pages", "{:d}"),
    ("ours s", "ours_s", "{:.2f}"),
    ("baseline s", "baseline_s", "{:.2f}"),
    ("ratio", "ratio", "{:.2f}"),
    ("hugo s", "hugo_s", "{:.2f}"),
    ("hugo+search s", "hugo_search_s", "{:.2f}"),
    ("ratio hugo", "ratio_hugo", "{:.2f}"),
    ("peak MB", "peak_rss_bytes", "mb"),
    ("load s", "load_s", "{:.2f}"),
    ("plan s", "plan_s", "{:.2f}"),
    ("setup s", "setup_s", "{:.2f}"),
    ("render s", "render_s", "{:.2f}"),
    ("rest s", "mkdocs_rest_s", "{:.2f}"),
    ("largest page KB", "largest_page_bytes", "kb"),
    ("site MB", "site_bytes", "mb1"),
    ("search", "search_backend", "{}"),
    ("1st query KB gz", "search_first_query_gz_bytes", "kb"),
    ("query ms", "search_query_ms", "{:.0f}"),
    ("cold ms", "search_cold_query_ms", "{:.0f}"),
]


def table(rows: list[dict[str, Any]]) -> str:
    def cell(row: dict[str, Any], key: str, fmt: str) -> str:
        value = row.get(key)
        if value is None:
            return "-"
        if fmt == "mb":
            return f"{value / MB:.0f}"
        if fmt == "mb1":
            return f"{value / MB:.1f}"
        if fmt == "kb":
            return f"{value / KB:.0f}"
        return fmt.format(value)

    header = [name for name, _, _ in COLUMNS]
    body = [[cell(row, key, fmt) for _, key, fmt in COLUMNS] for row in rows]
    widths = [max(len(h), *(len(r[i]) for r in body)) if body else len(h) for i, h in enumerate(header)]
    lines = [" | ".join(h.rjust(w) for h, w in zip(header, widths)),
             "-|-".join("-" * w for w in widths)]
    lines += [" | ".join(c.rjust(w) for c, w in zip(r, widths)) for r in body]
    return "\n".join(lines)


def report(rows: list[dict[str, Any]], targets: dict[str, dict[str, Any]]) -> str:
    lines = [table(rows), "", "Targets:"]
    for key, description in TARGETS:
        t = targets[key]
        lines.append(f"  [{t['status']:>12}] {description}: {t['value']}")
    largest = [f"  {r['size']}: {r['largest_page']} ({r['largest_page_bytes'] / KB:.0f} KB); "
               f"search ({r['search_backend']}) first query "
               + (f"{r['search_first_query_gz_bytes'] / KB:.0f} KB gz" if r.get("search_first_query_gz_bytes") else "-")
               + (f", {r['search_query_ms']:.0f} ms after the last key, {r['search_cold_query_ms']:.0f} ms "
                  "entered at once" if r.get("search_query_ms") is not None else "")
               for r in rows]
    return "\n".join(lines + ["", "Largest page and search download per size:"] + largest)


# -- profiling -----------------------------------------------------------------------


def profile_build(size: int, workdir: Path, out: Path, top: int = 25, seed: int = 2018) -> str:
    """cProfile one full build of our project in this process; return the hotspots as text."""
    import cProfile
    import io
    import pstats

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    folder = workdir / f"size-{size}"
    project = folder / "project"
    if not (project / "content").is_dir():
        project, _ = make_project(folder, size, seed)
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    profiler = cProfile.Profile()
    cwd = os.getcwd()
    os.chdir(project)
    try:
        profiler.enable()
        config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=str(folder / "site-profile"))
        config.plugins.on_startup(command="build", dirty=False)
        build(config)
        config.plugins.on_shutdown()
        profiler.disable()
    finally:
        os.chdir(cwd)
    out.parent.mkdir(parents=True, exist_ok=True)
    profiler.dump_stats(str(out))
    stream = io.StringIO()
    stats = pstats.Stats(profiler, stream=stream).strip_dirs()
    stream.write(f"== all code, by cumulative time (top {top}) ==\n")
    stats.sort_stats("cumulative").print_stats(top)
    stream.write("== all code, by own time ==\n")
    stats.sort_stats("tottime").print_stats(top)
    full = pstats.Stats(str(out), stream=stream)
    stream.write("== our code (rendicion/), by cumulative time ==\n")
    full.sort_stats("cumulative").print_stats(r"/rendicion/", top)
    stream.write("== our code (rendicion/), by own time ==\n")
    full.sort_stats("tottime").print_stats(r"/rendicion/", top)
    return stream.getvalue()


# -- command line ----------------------------------------------------------------------


def parse_sizes(text: str) -> list[int]:
    sizes = [int(part.replace("_", "")) for part in text.split(",") if part.strip()]
    if not sizes or any(s < 1 for s in sizes):
        raise argparse.ArgumentTypeError("sizes must be positive integers, e.g. 100,1000")
    return sizes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=parse_sizes, default=list(DEFAULT_SIZES),
                        help="comma-separated numbers of results (default: 100,1000,10000,50000)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="JSON results file")
    parser.add_argument("--repeat", type=int, default=1, help="runs per measurement; medians are reported")
    parser.add_argument("--seed", type=int, default=2018, help="seed of the synthetic content")
    parser.add_argument("--workdir", type=Path, help="keep generated projects and sites here (default: a temp dir, removed)")
    parser.add_argument("--profile", type=int, metavar="SIZE",
                        help="also cProfile one in-process build at SIZE (pstats next to --out)")
    parser.add_argument("--search", choices=("auto", "material", "pagefind"), default="auto",
                        help="search backend of our build (default: auto, the plugin's choice by size)")
    parser.add_argument("--no-serve", dest="serve", action="store_false",
                        help="skip timing the live preview (mkdocs serve of the SEGOB site, 3 edits)")
    parser.add_argument("--browser-runs", type=int, default=3, metavar="N",
                        help="first queries measured in Chromium per size, typed and at once; "
                             "median ms (default 3, 0: none)")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")

    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="rendicion-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    rows: list[dict[str, Any]] = []
    data: dict[str, Any] = {}
    serve: dict[str, Any] | None = None

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    def save() -> None:
        data.update({
            "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "command": " ".join([Path(sys.executable).name, "-m", "benchmarks.run", *(argv or sys.argv[1:])]),
            "python": sys.version.split()[0],
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "repeat": args.repeat,
            "seed": args.seed,
            "sizes": args.sizes,
            "search": args.search,
            "units": {"KB": KB, "MB": MB, "GiB": GIB},
            "rows": rows,
            "serve": serve,
            "targets": {**evaluate_targets(rows), "serve_reload": serve_verdict(serve)},
        })
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")

    try:
        for size in args.sizes:
            rows.append(run_size(size, workdir, args.repeat, args.seed, log, args.search, args.browser_runs))
            save()  # keep what was measured even if a later size fails
        if args.serve:
            serve = measure_serve_reload()
            log(f"[serve] an edit shows in {serve['serve_reload_s']:.2f} s (samples "
                + ", ".join(f"{s:.2f}" for s in serve["serve_reload_samples_s"]) + ")")
        save()
        print(report(rows, data["targets"]))
        if args.profile:
            pstats_file = args.out.with_name(f"profile-{args.profile}.pstats")
            text = profile_build(args.profile, workdir, pstats_file, seed=args.seed)
            args.out.with_name(f"profile-{args.profile}.txt").write_text(text, encoding="utf-8")
            print(f"\nProfile of one in-process build at {args.profile}: {pstats_file}")
            print(text)
        print(f"\nResults written to {args.out}")
    finally:
        if args.workdir is None:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
