"""The garbage collector around a build's forked processes.

A build forks helpers once its content, plan and downloads are in memory
(the share images' workers, the copy that writes result pages). Each
collection in a helper, and each full one in the build, would walk those
millions of long-lived objects again, and writing their collector headers
copies the pages a fork shares. `FrozenHeap.freeze` moves everything made
so far out of the collector's reach before a fork (`gc.freeze`, as Python's
documentation advises for fork without exec); `release` gives it back once
the build is over, so a process that builds many sites (the tests, a
publishing service) collects it as usual.
"""

from __future__ import annotations

import gc


class FrozenHeap:
    """Freezes the collector's objects before forks; `release` unfreezes what it froze."""

    def __init__(self) -> None:
        self.frozen = False

    def freeze(self) -> None:
        """Keep every object made so far out of later collections (here and in forks)."""
        gc.freeze()
        self.frozen = True

    def release(self) -> None:
        """Give the frozen objects back to the collector (once per build, after it)."""
        if self.frozen:
            gc.unfreeze()
            self.frozen = False
