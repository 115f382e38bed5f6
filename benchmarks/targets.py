"""The benchmark's targets and its report: each target met, not met or not
measured, and the table `python -m benchmarks.run` prints."""

from __future__ import annotations

from typing import Any

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
    ("serve_reload_10k", "an edit shows in `mkdocs serve` at 10,000 results in ≤ 1.0 s"),
    ("serve_reload_50k", "an edit shows in `mkdocs serve` at 50,000 results in ≤ 2.0 s"),
]
#: The live preview's limits: seconds from saving to the page showing the edit, by target.
SERVE_LIMITS = {"serve_reload": 2.0, "serve_reload_10k": 1.0, "serve_reload_50k": 2.0}


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
                   f"{row['ours_cpu_s']:.1f} s vs {row['hugo_search_cpu_s']:.1f} s = {row['ratio_hugo_cpu']:.2f}×; "
                   f"a first build, every share image drawn; a rebuild that keeps them: "
                   f"{row['ours_rebuild_s']:.1f} s = {row['ratio_hugo_rebuild']:.2f}×)")


def serve_verdict(serve: dict[str, Any] | None, target: str = "serve_reload") -> dict[str, Any]:
    """A live-preview target, from `benchmarks.serve.measure_serve_reload`."""
    if not serve:
        return {"status": "not measured", "value": "-"}
    seconds = serve["serve_reload_s"]
    samples = ", ".join(f"{s:.2f}" for s in serve["serve_reload_samples_s"])
    cpu = ", ".join(f"{s:.2f}" for s in serve["serve_reload_cpu_samples_s"])
    return {"status": "met" if seconds <= SERVE_LIMITS[target] else "not met",
            "value": f"{seconds:.2f} s median (samples {samples} s; server CPU {cpu} s; page {serve['page']})"}


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
