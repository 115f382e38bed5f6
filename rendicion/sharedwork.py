"""A list of independent jobs, done by this process and one forked copy of it.

MkDocs builds pages on one core; the machines that build our sites have two
or more. The result pages (thousands, each independent of the others) are
written by a forked copy of the build, which starts as soon as everything
they need is known and shares them with this process once it is free.
Both take the next chunk from a shared counter, so neither waits while
the other has work left, and each job is done once.

Forking copies the whole build (content, plan, templates) without pickling
anything. The copy ends with `os._exit`: no exit handler of the build (a
process pool's, MkDocs') runs twice. Whatever the copy raises comes back
with `finish`, which raises it here. A copy whose build was killed is killed
too (`helperprocs.py`).
"""

from __future__ import annotations

import multiprocessing
import os
import traceback
from typing import Callable

from .helperprocs import end_with_parent


class WorkerFailed(RuntimeError):
    """The forked copy stopped with an error (its traceback is the message)."""


class SharedWork:
    """Jobs `0 .. count - 1`, run by `job(i)` here and in one forked copy.

    `start` forks the copy, which starts claiming chunks of `chunk` jobs;
    `finish` claims what is left here, then waits for the copy.
    """

    def __init__(self, count: int, job: Callable[[int], None], chunk: int = 64) -> None:
        self.count = count
        self.job = job
        self.chunk = chunk
        self._next = multiprocessing.get_context("fork").Value("q", 0)
        self._pid: int | None = None
        self._errors: int | None = None

    def start(self) -> None:
        """Fork the copy (on a system without `fork`, everything is done by `finish`)."""
        if not hasattr(os, "fork"):
            return
        read, write = os.pipe()
        parent = os.getpid()
        pid = os.fork()
        if pid == 0:  # the copy
            os.close(read)
            code = 0
            try:
                end_with_parent(parent)
                self._drain()
            except BaseException:  # noqa: BLE001 - reported to the build, which raises it
                os.write(write, traceback.format_exc().encode("utf-8", "replace"))
                code = 1
            finally:
                os._exit(code)
        os.close(write)
        self._pid, self._errors = pid, read

    def finish(self) -> None:
        """Do the jobs no one has claimed yet, wait for the copy; raise `WorkerFailed` if it failed."""
        try:
            self._drain()
        finally:
            self.stop()

    def stop(self) -> None:
        """Wait for the copy to end (after an error here: make it end first)."""
        if self._pid is None:
            return
        pid, self._pid = self._pid, None
        with self._next.get_lock():
            self._next.value = self.count  # nothing more to claim: the copy ends after its chunk
        # Read first: a long report would fill the pipe and keep the copy from ending.
        report = _read_all(self._errors) if self._errors is not None else ""
        self._errors = None
        _, status = os.waitpid(pid, 0)
        code = os.waitstatus_to_exitcode(status)
        if code != 0:
            raise WorkerFailed(report.strip() or f"el proceso auxiliar terminó con el código {code}")

    def _claim(self) -> range:
        with self._next.get_lock():
            first = self._next.value
            self._next.value = min(self.count, first + self.chunk)
        return range(first, min(self.count, first + self.chunk))

    def _drain(self) -> None:
        while jobs := self._claim():
            for i in jobs:
                self.job(i)


def _read_all(descriptor: int) -> str:
    chunks = []
    while chunk := os.read(descriptor, 65536):
        chunks.append(chunk)
    os.close(descriptor)
    return b"".join(chunks).decode("utf-8", "replace")
