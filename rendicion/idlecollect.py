"""Python's cyclic garbage collector, kept out of the live preview's rebuilds.

A rebuild makes and drops hundreds of thousands of objects (at 10,000 results,
~500,000 tracked ones: the plan, the pages, MkDocs' files and theme). With the
collector on, the first collection after a rebuild scans all of them, while the
saved page waits: measured at 10,000 results, 0.5–0.8 s of a 1.4 s rebuild; at
50,000, 1.0 s. Reference counting frees almost everything a rebuild drops; only
cycles (MkDocs' pages and sections, Jinja's environments) need the collector.

So while serving, the collector is off during a rebuild and runs once the
preview has been idle for `IDLE_SECONDS` after it (the page has been served
and reloaded by then), then it is on again until the next rebuild. That
collection looks at the young objects only (what the rebuild made: ~0.2 s at
50,000 results); every `FULL_EVERY`-th one looks at everything (1–1.4 s at
50,000), which frees what earlier rebuilds made and this one dropped. A save
that arrives during a collection waits for it, never the other way round.

Nothing here imports MkDocs.
"""

from __future__ import annotations

import gc
import threading

#: How long after a rebuild the collection waits (the browser reloads the page at once).
IDLE_SECONDS = 0.3
#: One idle collection in this many is a full one (the others only look at young objects).
FULL_EVERY = 8


class IdleCollector:
    """Pauses the collector for a rebuild, and collects when the rebuild is over and idle."""

    def __init__(self, idle_seconds: float = IDLE_SECONDS) -> None:
        self.idle_seconds = idle_seconds
        self._lock = threading.Lock()
        self._timer: threading.Timer | None = None
        #: Whether the collector was on before `pause` turned it off (then it is turned on again).
        self._paused = False
        #: How many collections ran (for the tests).
        self.collections = 0

    def pause(self) -> None:
        """A rebuild starts: no collection until it is over (a pending idle one is cancelled)."""
        with self._lock:
            self._cancel()
            if gc.isenabled():
                gc.disable()
                self._paused = True

    def collect_when_idle(self) -> None:
        """A rebuild ended (finished or failed): collect `idle_seconds` from now, unless another starts."""
        with self._lock:
            self._cancel()
            if not self._paused:
                return
            timer = threading.Timer(self.idle_seconds, self._collect)
            timer.daemon = True
            self._timer = timer
            timer.start()

    def resume(self) -> None:
        """The session ends: the collector is on again, at once."""
        with self._lock:
            self._cancel()
            self._turn_on()

    def _collect(self) -> None:
        with self._lock:
            if self._timer is not threading.current_thread():
                return  # cancelled: a rebuild started in the meantime
            self._timer = None
            gc.collect(2 if (self.collections + 1) % FULL_EVERY == 0 else 1)
            self.collections += 1
            self._turn_on()

    def _turn_on(self) -> None:
        if self._paused:
            gc.enable()
            self._paused = False

    def _cancel(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
