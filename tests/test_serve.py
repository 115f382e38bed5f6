"""The live preview: `mkdocs serve` on the SEGOB site shows a YAML edit.

Runs `benchmarks.serve` once (start the preview, edit a result's title in
its YAML file, poll the page): the edit must appear, which needs the plugin's
on_serve to watch content/. How fast is the benchmark's business, not a test's.
"""

from __future__ import annotations

from benchmarks.serve import measure_serve_reload


def test_editing_a_result_file_updates_the_preview():
    figures = measure_serve_reload(repeat=1, timeout=90)
    assert figures["page"] == "areas/procesos-de-dialogo/"
    assert len(figures["serve_reload_samples_s"]) == 1
