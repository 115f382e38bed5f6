"""Benchmark the site build at several content sizes against plain MkDocs + Material.

    .venv/bin/python -m benchmarks.run --sizes 100,1000,10000 [--repeat N] [--out FILE]

For each size: generate synthetic content (`benchmarks.generate`) into a copy
of the project (real mkdocs.yml, docs/, overrides/), then measure

- our full `mkdocs build` in a child process: wall seconds and peak RSS, as a
  first build (no share image kept from an earlier build: the strict case,
  what the targets use), then once as a rebuild that finds them drawn;
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

This module runs the sizes and the command line; the projects are made by
`benchmarks.projects`, measured by `benchmarks.measure`, and the targets and
the printed table come from `benchmarks.targets`.

See benchmarks/README.md for how to read the numbers.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from rendicion.plugin.plugin import OG_CACHE

from . import hugo
from .measure import first_query, measure_parts, site_stats, timed_build
from .projects import ROOT, make_baseline, make_project
from .serve import measure_serve_reload
from .targets import GIB, KB, MB, evaluate_targets, report, serve_verdict

DEFAULT_SIZES = (100, 1_000, 10_000, 50_000)
DEFAULT_OUT = ROOT / "benchmarks" / "out" / "results.json"


def parts_and_baseline(project: Path, folder: Path, repeat: int) -> dict[str, Any]:
    """Our plugin's parts timed in this process (`measure_parts`, `repeat` times) and the
    MkDocs baseline project made from the pages they rendered; what `run_size` needs of them."""
    samples: dict[str, list[float]] = {k: [] for k in ("load_s", "plan_s", "setup_s", "render_s")}
    parts: dict[str, Any] = {}
    for _ in range(repeat):
        parts = measure_parts(project)
        for key in samples:
            samples[key].append(parts[key])
    return {"samples": samples, "baseline": make_baseline(folder, project, parts),
            "pages": len(parts["plan"].pages), "downloads": len(parts["downloads"]),
            "results": len(parts["content"].results)}


def run_size(size: int, workdir: Path, repeat: int = 1, seed: int = 2018, log=print,
             search: str = "auto", browser_runs: int = 3) -> dict[str, Any]:
    """Every measurement for one content size (medians over `repeat` runs; all samples kept).

    `browser_runs` cold first queries in Chromium (0: not measured)."""
    folder = workdir / f"size-{size}"
    started = time.perf_counter()
    project, counts = make_project(folder, size, seed, search)
    log(f"[{size}] content generated in {time.perf_counter() - started:.1f} s: {counts}")

    # In another process: a build started from this one would count this process's memory
    # as its own peak (Linux records the memory of the process a child is started from).
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        measured = pool.submit(parts_and_baseline, project, folder, repeat).result()
    samples: dict[str, list[float]] = measured["samples"]
    baseline: Path = measured["baseline"]
    results_loaded = measured["results"]
    log(f"[{size}] in-process: load {min(samples['load_s']):.2f} s, plan {min(samples['plan_s']):.2f} s, "
        f"setup {min(samples['setup_s']):.2f} s, render {min(samples['render_s']):.2f} s, "
        f"{measured['pages']} pages, {measured['downloads']} downloads")

    ours, base = [], []

    def first_build() -> None:
        # No share image kept from an earlier build: the strict case, as in a fresh clone on CI.
        shutil.rmtree(project / OG_CACHE, ignore_errors=True)
        ours.append(timed_build(project / "mkdocs.yml", folder / "site"))
        log(f"[{size}] ours build {ours[-1]['seconds']:.2f} s, peak {ours[-1]['peak_rss_bytes'] / MB:.0f} MB")

    # Ours and Hugo take turns (this machine's speed drifts by tens of per cent within
    # minutes): Hugo rebuilds the pages our build wrote, and indexes them with the same search.
    first_build()
    ours_site = site_stats(folder / "site")
    hugo_row = hugo.measure_hugo(folder / "site", folder, ours_site["search_backend"], repeat, log,
                                 between=first_build)
    while len(ours) < repeat:  # no Hugo: nothing to take turns with
        first_build()
    for _ in range(repeat):
        base.append(timed_build(baseline / "mkdocs.yml", folder / "site-baseline"))
        log(f"[{size}] baseline build {base[-1]['seconds']:.2f} s, peak {base[-1]['peak_rss_bytes'] / MB:.0f} MB")
    # And a rebuild, which finds every share image drawn (what each later build of a project does).
    rebuild = timed_build(project / "mkdocs.yml", folder / "site")
    log(f"[{size}] ours rebuild (share images kept) {rebuild['seconds']:.2f} s")

    med = statistics.median
    ours_s = med(b["seconds"] for b in ours)
    base_s = med(b["seconds"] for b in base)
    load_s, plan_s, setup_s, render_s = (med(samples[k]) for k in ("load_s", "plan_s", "setup_s", "render_s"))
    row = {
        "size": size,
        "results": results_loaded,
        "pages": measured["pages"],
        "counts": counts,
        "ours_s": ours_s,
        "baseline_s": base_s,
        "ratio": ours_s / base_s,
        "ours_rebuild_s": rebuild["seconds"],
        "peak_rss_bytes": max(b["peak_rss_bytes"] for b in ours + [rebuild]),
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
        **ours_site,
        "search_query_ms": None,
        "search_cold_query_ms": None,
        "baseline_site": site_stats(folder / "site-baseline"),
    }
    row.update(hugo_row)
    if row.get("hugo_s") is not None:
        # Each of our builds against the Hugo run right after it.
        row["ratio_hugo"] = med(b["seconds"] / (h + i) for b, h, i in zip(
            ours, row["hugo_samples"]["hugo_s"], row["hugo_samples"]["hugo_index_s"]))
        row["ours_cpu_s"] = med(b["cpu_s"] for b in ours)
        row["ratio_hugo_cpu"] = row["ours_cpu_s"] / row["hugo_search_cpu_s"]
        row["ratio_hugo_rebuild"] = row["ours_rebuild_s"] / row["hugo_search_s"]
        log(f"[{size}] hugo build {row['hugo_s']:.2f} s ({row['hugo_pages']} pages, {row['hugo_nav_entries']} "
            f"nav entries), + {row['hugo_search']} index {row['hugo_index_s']:.2f} s: ours ÷ that "
            f"{row['ratio_hugo']:.2f} (a rebuild: {row['ratio_hugo_rebuild']:.2f})")
    if browser_runs:
        row.update(first_query(folder / "site", row["search_backend"], browser_runs, log))
        if row["search_query_ms"] is not None:
            log(f"[{size}] search ({row['search_backend']}): first query "
                f"{row['search_first_query_gz_bytes'] / KB:.0f} KB gz, {row['search_query_ms']:.0f} ms "
                f"after the last key, {row['search_cold_query_ms']:.0f} ms entered at once")
    return row


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
                        help="skip timing the live preview (mkdocs serve of the SEGOB site, and of "
                             "10,000 and 50,000 results when those sizes are run; 3 edits each)")
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
    serve_sizes: dict[int, dict[str, Any]] = {}

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
            "serve_sizes": serve_sizes,
            "targets": {**evaluate_targets(rows), "serve_reload": serve_verdict(serve),
                        "serve_reload_10k": serve_verdict(serve_sizes.get(10_000), "serve_reload_10k"),
                        "serve_reload_50k": serve_verdict(serve_sizes.get(50_000), "serve_reload_50k")},
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
            # The preview's targets at the sizes they name, when those sizes were run.
            for size in (s for s in args.sizes if s in (10_000, 50_000)):
                serve_sizes[size] = measure_serve_reload(size=size, timeout=1800)
                log(f"[serve {size}] an edit shows in {serve_sizes[size]['serve_reload_s']:.2f} s (samples "
                    + ", ".join(f"{s:.2f}" for s in serve_sizes[size]["serve_reload_samples_s"]) + ")")
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
