"""benchmarks/sizes.py, the command README.md's figures come from, on a built site."""

from __future__ import annotations

from benchmarks import sizes


def test_sizes_weighs_the_home_page_the_largest_area_and_counts_pages(site, capsys):
    assert sizes.main([str(site.site_dir)]) == 0
    out = capsys.readouterr().out
    home = (site.site_dir / "index.html").stat().st_size
    assert f"| inicio `/` | {home / 1024:.1f} / " in out
    assert "| `/areas/procesos-de-dialogo/` |" in out  # SEGOB's largest area
    pages = len(list(site.site_dir.rglob("*.html")))
    assert f"páginas (archivos .html): {pages}" in out
    index = (site.site_dir / "search" / "search_index.json").stat().st_size
    assert f"índice de búsqueda: {index / 1024:.1f} / " in out
