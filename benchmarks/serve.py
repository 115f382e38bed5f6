"""How long the live preview takes to show an edit: `mkdocs serve` of a project.

    .venv/bin/python -m benchmarks.serve [--repeat 3] [--size 10000] [--command rendicion]

Copies the project (real mkdocs.yml, docs/, overrides/, content/) to a
temporary folder — or, with `--size N`, makes one with N synthetic results
(`benchmarks.generate`) — starts `mkdocs serve` (or `rendicion serve`) on a
free port, waits for the first build, then edits the title of one result in
its YAML file and polls the result's page until the new title is served.
Prints every sample and the median of the seconds from saving the file to
seeing the change, and returns them as a dict for `benchmarks.run`.

The time includes the file watcher: content/ is polled every 0.2 s
(`rendicion.plugin.preview.CONTENT_POLL_SECONDS`), then MkDocs waits 0.1 s for
the writes to settle, so about 0.2 s of any sample is waiting. Each sample also
reports the CPU seconds the server used for it, which do not grow with
whatever else the machine runs.

Measured on this 2-core machine, quiet (`--size 10000 --repeat 5`,
`--size 50000 --repeat 3`), medians:

    25 Nov 2026 (first incremental preview): SEGOB 2.05 s, 10,000: 27–39 s (loaded machine)
     7 Dec 2026, before issue 15:  10,000: 11.5 s (server CPU 5.3 s)
     7 Dec 2026, its first part:   10,000: 1.39 s (CPU 1.1–1.3 s); 50,000: 8.09 s
     7 Dec 2026, its second part (idle garbage collection; plan, cards, downloads, loads kept):
                                   10,000: 0.87–0.95 s (CPU 0.6–0.9 s); 50,000: 1.72 s (CPU 1.5–1.9 s)
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import signal
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


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) the process `pid` has used so far (Linux; 0 elsewhere).

    Wall-clock samples grow with whatever else the machine runs; the server's
    own CPU time per edit does not, so both are reported."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@contextlib.contextmanager
def mkdocs_serve(project: Path, command: str = "mkdocs", log: Path | None = None) -> Iterator[str]:
    """`mkdocs serve` (or `rendicion serve`) of the project folder `project` on a free
    local port: yields its base URL and stops the server afterwards. Its output
    goes to `log`, if given."""
    with serve_process(project, command, log) as (base, _):
        yield base


@contextlib.contextmanager
def serve_process(project: Path, command: str = "mkdocs",
                  log: Path | None = None) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """As `mkdocs_serve`, also yielding the server's process."""
    port = free_port()
    config, address = str(project / "mkdocs.yml"), f"127.0.0.1:{port}"
    argv = (["rendicion", "--config", config, "serve", "-a", address] if command == "rendicion"
            else ["mkdocs", "serve", "-a", address, "-f", config])
    out = log.open("wb") if log else None
    # The server's own temporary folder: `mkdocs serve` builds into a folder there, which a
    # stopped server leaves behind (2.5 GB at 10,000 results); removed with it below.
    scratch = tempfile.mkdtemp(prefix="rendicion-serve-")
    process = subprocess.Popen(
        [sys.executable, "-m", *argv],
        cwd=project, env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "TMPDIR": scratch},
        stdout=out or subprocess.DEVNULL, stderr=out or subprocess.DEVNULL,
        # Its own process group: the image workers and a background Pagefind go with it.
        start_new_session=True,
    )
    try:
        yield f"http://127.0.0.1:{port}/", process
    finally:
        _stop_group(process)
        shutil.rmtree(scratch, ignore_errors=True)
        if out:
            out.close()


def _stop_group(process: subprocess.Popen[bytes]) -> None:
    """Stop the server and every process it started (they write into the folder removed next)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    # Children may outlive the server by a moment: make sure none still writes.
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)


def measure_serve_reload(repeat: int = 3, timeout: float = 120, size: int | None = None,
                         command: str = "mkdocs", log: Path | None = None) -> dict[str, Any]:
    """Seconds from saving a YAML edit to the preview serving it, `repeat` times:
    on the SEGOB site, or with `size` on a synthetic site of that many results."""
    from rendicion.load import load_content
    from rendicion.pages import plan_pages

    with tempfile.TemporaryDirectory(prefix="rendicion-serve-") as folder:
        if size is None:
            project = Path(folder) / "project"
            project.mkdir()
            shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
            for name in ("docs", "overrides", "macros", "content"):
                shutil.copytree(ROOT / name, project / name)
        else:
            from .projects import make_project

            project, _ = make_project(Path(folder), size)
        content = load_content(project / "content")
        result, yaml_file, title_line = editable_result(project / "content", content)
        url_path = plan_pages(content).result_anchor_url(result).partition("#")[0]
        original = yaml_file.read_text(encoding="utf-8")

        started = time.perf_counter()
        with serve_process(project, command, log) as (base, process):
            first_build_s = wait_for(base + url_path, result.id, timeout) - started
            samples, cpu = [], []
            for n in range(1, repeat + 1):
                time.sleep(1.0)  # let the watcher settle after the previous rebuild
                marker = f"{MARK} {n})"
                edited = original.replace(title_line, retitled(title_line, result.title, marker), 1)
                cpu_before = cpu_seconds(process.pid)
                yaml_file.write_text(edited, encoding="utf-8")
                saved = time.perf_counter()
                samples.append(wait_for(base + url_path, marker, timeout) - saved)
                cpu.append(cpu_seconds(process.pid) - cpu_before)
                print(f"  sample {n}: {samples[-1]:.2f} s (server CPU {cpu[-1]:.2f} s)", file=sys.stderr)
    return {
        "size": size or len(content.results),
        "serve_first_build_s": first_build_s,
        "serve_reload_s": statistics.median(samples),
        "serve_reload_samples_s": samples,
        #: CPU seconds the server used from the save to the page showing the edit (load-independent).
        "serve_reload_cpu_s": statistics.median(cpu),
        "serve_reload_cpu_samples_s": cpu,
        "page": url_path,
    }


def editable_result(root: Path, content: Any) -> tuple[Any, Path, str]:
    """The first result whose title is one line of its file: the result, its file and that line."""
    files = sorted((root / "results").rglob("*.yml"))
    for result in content.results:
        path = root / result.origin.file.split("/", 1)[1] if result.origin.file.startswith("content/") else None
        candidates = [path] if path and path.is_file() else files
        for candidate in candidates:
            lines = candidate.read_text(encoding="utf-8").splitlines()
            for index, line in enumerate(lines):
                if line.lstrip("- ").rstrip() != f"id: {result.id}":
                    continue
                indent = len(line) - len(line.lstrip("- "))
                for after in range(index + 1, len(lines)):
                    other = lines[after]
                    if other.strip().startswith("title:"):
                        following = lines[after + 1] if after + 1 < len(lines) else ""
                        continued = len(following) - len(following.lstrip()) > indent and ":" not in following
                        if not continued:
                            return result, candidate, other
                        break
                    if other.startswith("- "):
                        break
                break
    raise RuntimeError("no result has a one-line title to edit")


def retitled(line: str, title: str, marker: str) -> str:
    """`line` (a `title:` line) with the title `title` followed by `marker`, quoted as JSON
    (a valid YAML double-quoted scalar)."""
    head = line[: line.index("title:") + len("title:")]
    return f"{head} {json.dumps(f'{title} {marker}', ensure_ascii=False)}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.serve", description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="edits to time; the median is reported")
    parser.add_argument("--size", type=int, help="a synthetic site of this many results (default: the SEGOB site)")
    parser.add_argument("--command", choices=("mkdocs", "rendicion"), default="mkdocs", help="which serve to run")
    parser.add_argument("--log", type=Path, help="write the server's output to this file")
    parser.add_argument("--timeout", type=float, help="seconds to wait for the first build (default: by size)")
    args = parser.parse_args(argv)
    # A first build of a big synthetic site takes minutes (50,000 results: ~2 on two cores).
    timeout = args.timeout or max(120.0, (args.size or 0) / 50)
    figures = measure_serve_reload(args.repeat, timeout=timeout, size=args.size, command=args.command, log=args.log)
    print(json.dumps(figures, indent=2))
    limit = 1.0 if (args.size or 0) <= 10_000 else 2.0
    verdict = "met" if figures["serve_reload_s"] <= limit else "not met"
    print(f"[{verdict}] an edit shows in the preview in ≤ {limit:g} s at {figures['size']} results: "
          f"{figures['serve_reload_s']:.2f} s (median)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
