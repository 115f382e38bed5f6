"""How long the live preview takes to show an edit: `mkdocs serve` on the SEGOB site.

    .venv/bin/python -m benchmarks.serve [--repeat 3]

Copies the project (real mkdocs.yml, docs/, overrides/, content/) to a
temporary folder, starts `mkdocs serve` on a free port, waits for the first
build, then edits the title of one result in its YAML file and polls the
result's page until the new title is served. Prints the seconds from saving
the file to seeing the change (median of `--repeat` edits) and returns them
as a dict for `benchmarks.run`.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any, Iterator

ROOT = Path(__file__).resolve().parent.parent
#: Edits are marked with this, then a counter, so each one is new text.
MARK = "(edición de prueba"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def wait_for(url: str, text: str, timeout: float, poll: float = 0.05) -> float:
    """Poll `url` until its body contains `text`; the moment it did (perf_counter)."""
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        body = fetch(url)
        if body is not None and text in body:
            return time.perf_counter()
        time.sleep(poll)
    raise TimeoutError(f"{url} did not show {text!r} within {timeout:.0f} s")


@contextlib.contextmanager
def mkdocs_serve(project: Path) -> Iterator[str]:
    """`mkdocs serve` of the project folder `project` on a free local port: yields
    its base URL and stops the server afterwards."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}", "-f", str(project / "mkdocs.yml")],
        cwd=project, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def measure_serve_reload(repeat: int = 3, timeout: float = 120) -> dict[str, Any]:
    """Seconds from saving a YAML edit to the preview serving it, `repeat` times."""
    from rendicion.load import load_content
    from rendicion.pages import plan_pages

    with tempfile.TemporaryDirectory(prefix="rendicion-serve-") as folder:
        project = Path(folder) / "project"
        project.mkdir()
        shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
        for name in ("docs", "overrides", "macros", "content"):
            shutil.copytree(ROOT / name, project / name)
        content = load_content(project / "content")
        result = content.results[0]
        url_path = plan_pages(content).result_anchor_url(result).partition("#")[0]
        yaml_file = next(path for path in sorted((project / "content" / "results").rglob("*.yml"))
                         if f"id: {result.id}\n" in path.read_text(encoding="utf-8"))
        original = yaml_file.read_text(encoding="utf-8")
        title_line = next(line for line in original.splitlines() if line.strip().startswith("title:"))

        started = time.perf_counter()
        with mkdocs_serve(project) as base:
            first_build_s = wait_for(base + url_path, result.id, timeout) - started
            samples = []
            for n in range(1, repeat + 1):
                time.sleep(1.0)  # let the watcher settle after the previous rebuild
                marker = f"{MARK} {n})"
                edited = original.replace(title_line, title_line.rstrip('"') + f' {marker}"', 1)
                yaml_file.write_text(edited, encoding="utf-8")
                saved = time.perf_counter()
                samples.append(wait_for(base + url_path, marker, timeout) - saved)
    return {
        "serve_first_build_s": first_build_s,
        "serve_reload_s": statistics.median(samples),
        "serve_reload_samples_s": samples,
        "page": url_path,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.serve", description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="edits to time; the median is reported")
    args = parser.parse_args(argv)
    figures = measure_serve_reload(args.repeat)
    print(json.dumps(figures, indent=2))
    verdict = "met" if figures["serve_reload_s"] <= 2 else "not met"
    print(f"[{verdict}] an edit shows in the preview in ≤ 2 s: {figures['serve_reload_s']:.2f} s (median)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
