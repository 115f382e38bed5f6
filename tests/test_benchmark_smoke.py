"""The benchmark (`benchmarks/`) still runs: size 100 only, well under a minute."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from rendicion.load import load_content

ROOT = Path(__file__).resolve().parent.parent


def test_generated_content_is_valid_and_has_the_requested_size(tmp_path):
    from benchmarks.generate import MIN_AREAS, generate_content

    counts = generate_content(tmp_path / "content", 100)
    content = load_content(tmp_path / "content")
    assert len(content.results) == counts["results"] == 100
    assert len(content.areas) >= MIN_AREAS
    assert 3 <= len(content.members_of("councils")) <= 10
    assert 4 <= len(content.members_of("plans")) <= 8
    assert len(content.partners) == 20
    assert {r.year for r in content.results} == {2016, 2017, 2018, 2019}
    assert any(r.figures for r in content.results)
    # Deterministic: the same size and seed write the same files.
    generate_content(tmp_path / "again", 100)
    first = sorted(p.relative_to(tmp_path / "content") for p in (tmp_path / "content").rglob("*.yml"))
    assert first == sorted(p.relative_to(tmp_path / "again") for p in (tmp_path / "again").rglob("*.yml"))
    assert all((tmp_path / "content" / p).read_bytes() == (tmp_path / "again" / p).read_bytes() for p in first)


def test_benchmark_runs_at_size_100(tmp_path):
    out = tmp_path / "results.json"
    process = subprocess.run(
        [sys.executable, "-m", "benchmarks.run", "--sizes", "100", "--no-serve", "--browser-runs", "1",
         "--out", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert process.returncode == 0, process.stdout + process.stderr
    data = json.loads(out.read_text(encoding="utf-8"))
    assert len(data["rows"]) == 1
    row = data["rows"][0]
    assert row["results"] == 100
    for key in ("ours_s", "baseline_s", "load_s", "plan_s", "render_s", "ratio"):
        assert row[key] > 0, key
    assert row["peak_rss_bytes"] > 0
    assert row["pages"] > 0 and row["largest_page_bytes"] > 0
    assert row["search_index_gz_bytes"] > 0 and row["search_worker_bytes"] > 0
    assert row["search_backend"] == "material"  # 100 results: `auto` keeps Material's search
    if Path("/usr/bin/chromium").exists():  # measured in the browser: the index is among the files
        assert row["search_query_ms"] > 0 and "search/search_index.json" in row["search_query_files"]
        assert row["search_first_query_gz_bytes"] > row["search_index_gz_bytes"]
    assert data["targets"]["build_ratio_10k"]["status"] == "not measured"
    assert data["targets"]["largest_page"]["status"] in ("met", "not met")
    assert data["targets"]["serve_reload"]["status"] == "not measured"  # --no-serve; see test_serve.py
    assert "results" in process.stdout and "Targets:" in process.stdout
