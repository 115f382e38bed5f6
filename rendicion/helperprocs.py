"""Helper processes that end when the build that forked them ends.

A build forks helpers (the copy that writes result pages, the share images'
workers). If the build is killed (a `mkdocs serve` stopped with SIGKILL, a
CI job cancelled, the machine out of memory), nothing tells them: they would
go on for minutes, holding a copy of the whole build's memory (3 GB at
50,000 results was seen), writing into a folder that may be gone. On Linux
each helper asks the kernel to kill it when its parent ends
(`PR_SET_PDEATHSIG`); elsewhere they still finish their jobs and exit.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys

#: prctl(2) option: the signal this process gets when its parent ends.
PR_SET_PDEATHSIG = 1


def end_with_parent(parent: int) -> None:
    """In a helper forked by `parent`: be killed when `parent` ends; exit now if it
    already has (it may have ended before the request was made)."""
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        except (OSError, AttributeError):  # no prctl in this C library: as on other systems
            return
    if os.getppid() != parent:
        os._exit(1)
