"""The live preview: `mkdocs serve` on the SEGOB site shows a YAML edit.

Runs `benchmarks.serve` once (start the preview, edit a result's title in
its YAML file, poll the page): the edit must appear, which needs the plugin's
on_serve to watch content/ and its incremental rebuilds (preview.py) to
rewrite the page. How fast is the benchmark's business, not a test's; that a
rebuild writes what a full build writes is tests/test_preview_incremental.py's.
"""

from __future__ import annotations

import time
from pathlib import Path

from benchmarks.serve import fetch, measure_serve_reload, mkdocs_serve, serve_process, wait_for

from .conftest import project_copy


def test_editing_a_result_file_updates_the_preview():
    """Through `rendicion serve` (the MkDocs path is the next test's)."""
    figures = measure_serve_reload(repeat=1, timeout=90, command="rendicion")
    assert figures["page"] == "areas/procesos-de-dialogo/"
    assert len(figures["serve_reload_samples_s"]) == 1


def test_a_broken_edit_keeps_the_last_good_preview_with_the_problems_shown(tmp_path):
    """MkDocs leaves every request hanging after a failed rebuild; ours keeps
    serving the last content that loaded, says what is wrong, and recovers."""
    project = project_copy(tmp_path)
    results = project / "content" / "results" / "2018" / "comunicaciones.yml"
    original = results.read_text(encoding="utf-8")
    with mkdocs_serve(project) as base:
        page = base + "areas/comunicaciones/"
        wait_for(page, "2018-", timeout=90)
        time.sleep(1.0)  # let the watcher settle
        results.write_text(original + "- id: 2018-roto\n  title: [sin cerrar\n", encoding="utf-8")
        wait_for(page, "rc-preview-problems", timeout=60)
        body = fetch(page)
        assert body is not None
        assert "content/results/2018/comunicaciones.yml:" in body  # where to fix it
        assert "última versión correcta" in body
        assert body.count('class="rc-result') >= 10  # the last good results, still there
        time.sleep(1.0)
        results.write_text(original.replace("title: ", "title: Recuperado · ", 1), encoding="utf-8")
        wait_for(page, "Recuperado · ", timeout=60)
        assert "rc-preview-problems" not in (fetch(page) or "")


def test_a_stopped_preview_leaves_no_built_site_behind(tmp_path):
    """`mkdocs serve` builds into a temporary folder that a stopped server cannot remove (2.5 GB
    at 10,000 results, once per benchmark run): the server gets a folder of its own, removed with it."""
    project = project_copy(tmp_path)
    with serve_process(project) as (base, process):
        wait_for(base + "areas/comunicaciones/", "2018-", timeout=90)
        environ = Path(f"/proc/{process.pid}/environ").read_bytes().split(b"\0")
        scratch = Path(next(v for v in environ if v.startswith(b"TMPDIR=")).decode()[len("TMPDIR="):])
        assert any(scratch.glob("mkdocs_*/index.html"))  # the preview's site is built there
    assert not scratch.exists()


def test_content_is_looked_at_more_often_than_mkdocs_watches(tmp_path):
    """A save in content/ is seen within 0.2 s (MkDocs looks every 0.5 s); its other watches keep theirs."""
    from mkdocs.livereload import LiveReloadServer

    from rendicion.plugin.preview import CONTENT_POLL_SECONDS, watch_content

    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    (tmp_path / "docs").mkdir()
    (tmp_path / "content").mkdir()
    server.watch(str(tmp_path / "docs"))
    watch_content(server, tmp_path / "content")
    intervals = {Path(e.watch.path).name: e.timeout for e in server.observer.emitters}
    assert intervals == {"docs": 0.5, "content": CONTENT_POLL_SECONDS}
    assert server.observer.timeout == 0.5
    server.server_close()
