"""The open-data downloads alone: `build_downloads` in a full build, and in the preview after one save.

    .venv/bin/python -m benchmarks.downloads --size 10000 [--site-url https://example.org/informe/]

Makes the benchmark's synthetic project (`projects.make_project`) in a temporary
folder and commits its content to git, so the feeds carry a real record. Prints
the best of three full `build_downloads` (no memo, as `rendicion build`), then,
as `mkdocs serve` does, five times: save one result's title in its YAML file,
reload content, plan and record (not timed), and time `build_downloads` with the
session's `DownloadMemo`; each memoised result is checked against a fresh build.
The collector is paused while timing, as the preview pauses it (`plugin/preview.py`).
"""

from __future__ import annotations

import argparse
import datetime
import gc
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

from rendicion.exports import DownloadMemo, build_downloads
from rendicion.history import load_history
from rendicion.load import load_content
from rendicion.pages import plan_pages
from rendicion.publication import Publication

from .projects import make_project


def _timed(run: Callable[[], Any]) -> tuple[Any, float, float]:
    gc.collect()
    gc.disable()
    wall, cpu = time.perf_counter(), time.process_time()
    try:
        out = run()
    finally:
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        gc.enable()
    return out, wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=10000)
    parser.add_argument("--site-url", default="https://example.org/informe/")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        project, _ = make_project(Path(folder), args.size)
        git = ["git", "-c", "user.name=benchmark", "-c", "user.email=benchmark@example.org"]
        subprocess.run(["git", "init", "-q"], cwd=project, check=True)
        subprocess.run(["git", "add", "-A"], cwd=project, check=True)
        subprocess.run([*git, "commit", "-qm", "content"], cwd=project, check=True)
        content_dir = project / "content"
        publication = Publication(args.site_url, datetime.date(2019, 1, 1))
        content = load_content(content_dir)
        plan, history = plan_pages(content), load_history(content_dir, content)
        full = [_timed(lambda: build_downloads(content, plan, publication, history)) for _ in range(3)]
        print(f"{args.size} results, {len(full[0][0])} downloads")
        print(f"full build_downloads: {min(w for _, w, _ in full):.3f} s (cpu {min(c for _, _, c in full):.3f} s)")
        memo = DownloadMemo()
        build_downloads(content, plan, publication, history, memo)
        files = sorted((content_dir / "results").rglob("*.yml"))
        target = files[len(files) // 2]
        original = target.read_text(encoding="utf-8")
        samples = []
        for save in range(1, 6):
            target.write_text(original.replace("title: ", f"title: Editado {save} ", 1), encoding="utf-8")
            content = load_content(content_dir)
            plan, history = plan_pages(content), load_history(content_dir, content)
            made, wall, cpu = _timed(lambda: build_downloads(content, plan, publication, history, memo))
            fresh = build_downloads(content, plan, publication, history)
            assert [(d.path, d.data) for d in made] == [(d.path, d.data) for d in fresh], "a stale download"
            samples.append((wall, cpu))
        walls = sorted(w for w, _ in samples)
        print(f"memoised build_downloads after saving one result: median {walls[2]:.3f} s, best {walls[0]:.3f} s "
              f"(cpu best {min(c for _, c in samples):.3f} s)")


if __name__ == "__main__":
    main()
