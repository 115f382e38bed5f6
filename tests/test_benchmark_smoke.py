"""The benchmark (`benchmarks/`) still runs: size 100 only, well under a minute."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.hugo import executable as hugo_executable, site_pages
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
         "--out", str(out), "--workdir", str(tmp_path / "work")],
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
    assert data["targets"]["hugo_ratio_10k"]["status"] == "not measured"
    if hugo_executable() is None:  # no Hugo: said so, no Hugo column, no crash
        assert row["hugo"] == "not installed" and row.get("hugo_s") is None
    else:  # Hugo rebuilt every HTML page of ours, and indexed them with the same search (Material here)
        folder = tmp_path / "work" / "size-100"
        ours = {p.relative_to(folder / "site") for p in site_pages(folder / "site")}
        theirs = {p.relative_to(folder / "site-hugo") for p in site_pages(folder / "site-hugo")}
        assert ours == theirs and row["hugo_pages"] == len(ours) > 10  # the same pages at the same URLs
        assert row["hugo_skipped_pages"] == [] and row["hugo_nav_entries"] > 0
        assert row["hugo_s"] > 0 and row["hugo_search_s"] > row["hugo_s"] and row["hugo_search"] == "material"
        assert row["ratio_hugo"] == pytest.approx(row["ours_s"] / row["hugo_search_s"])
        assert row["ratio_hugo_rebuild"] == pytest.approx(row["ours_rebuild_s"] / row["hugo_search_s"])
        assert "ratio hugo" in process.stdout
        # The same search: Material's index of Hugo's pages has as many entries as ours.
        index = [json.loads((folder / site / "search" / "search_index.json").read_text(encoding="utf-8"))
                 for site in ("site", "site-hugo")]
        assert len(index[0]["docs"]) == len(index[1]["docs"]) and index[0]["config"] == index[1]["config"]


def test_hugo_baseline_reads_the_article_and_says_when_hugo_is_missing(tmp_path, monkeypatch):
    from benchmarks import hugo

    page = ('<html lang="es"><head><title>Área &amp; más</title></head><body>'
            '<article class="md-content__inner md-typeset"><h1>T</h1><article class="card">a</article>'
            '<p>b</p></article><footer>pie</footer></body></html>')
    assert hugo.main_content(page) == '<h1>T</h1><article class="card">a</article><p>b</p>'
    assert hugo.main_content("<html><body><p>sin artículo</p></body></html>") is None
    assert hugo.page_url("index.html") == "/" and hugo.page_url("areas/x/index.html") == "/areas/x/"
    monkeypatch.setattr(hugo, "executable", lambda: None)
    messages = []
    assert hugo.measure_hugo(tmp_path, tmp_path, "material", log=messages.append) == {"hugo": "not installed"}
    assert "not installed" in messages[0]
