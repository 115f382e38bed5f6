"""rendicion/helperprocs.py: a build's helper processes end when the build is killed.

A killed `mkdocs serve` once left two forked copies of itself holding 3.3 GB each for
an hour: each kept the other's pipes open, so neither ever saw its build was gone."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")

ROOT = Path(__file__).resolve().parent.parent

#: A build whose result pages' copy would work for a minute.
RESULT_PAGES = """
import time
from rendicion.sharedwork import SharedWork
work = SharedWork(100, lambda i: time.sleep(60), chunk=1)
work.start()
print(work._pid, flush=True)
time.sleep(60)
"""

#: A build whose share images would take a minute each to draw.
IMAGES = """
import sys, tempfile, time
from pathlib import Path
from rendicion import ogstore
from rendicion.ogimage import Card
ogstore.render_png = lambda card, path: time.sleep(60)
folder = Path(tempfile.mkdtemp())
cards = [(Card("Inst", f"Resultado {n}", "", ""), f"{n}.png") for n in range(40)]
writer = ogstore.CardWriter(cards, folder / "cache", folder / "site", workers=2, parallel_above=1)
while len(writer.pool._processes) < 2:
    time.sleep(0.05)
print(" ".join(str(pid) for pid in writer.pool._processes), flush=True)
time.sleep(60)
"""


def alive(pid: int) -> bool:
    """Whether `pid` is running (a zombie waiting to be reaped has ended)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state not in ("Z", "X")


def helpers_after_killing(script: str) -> list[int]:
    """Run `script` (it prints its helpers' pids), kill it, and return the helpers still
    running a few seconds later."""
    build = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        helpers = [int(pid) for pid in build.stdout.readline().split()]
        assert helpers and all(alive(pid) for pid in helpers)
    finally:
        build.kill()
        build.wait()
    deadline = time.monotonic() + 10
    while any(alive(pid) for pid in helpers) and time.monotonic() < deadline:
        time.sleep(0.05)
    survivors = [pid for pid in helpers if alive(pid)]
    for pid in survivors:  # not left behind for an hour if the test fails
        os.kill(pid, signal.SIGKILL)
    return survivors


def test_the_result_pages_copy_ends_with_its_build():
    assert helpers_after_killing(RESULT_PAGES) == []


def test_the_image_workers_end_with_their_build():
    assert helpers_after_killing(IMAGES) == []
