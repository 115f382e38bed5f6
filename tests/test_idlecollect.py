"""rendicion/idlecollect.py: the cyclic collector is off during a preview rebuild and runs once idle.

What a user would notice: memory freed after the preview goes idle (a cycle made
during a rebuild is collected), the collector on again afterwards, no collection
in the middle of the next rebuild, and the collector never turned on behind the
back of whoever turned it off before the preview did. Last, the same through a
real serve-mode rebuild of the plugin.
"""

from __future__ import annotations

import gc
import time
import weakref

import pytest

from rendicion.idlecollect import IdleCollector

IDLE = 0.05


@pytest.fixture(autouse=True)
def gc_state():
    """Whatever a test does, the collector is left as it was."""
    enabled = gc.isenabled()
    yield
    if enabled:
        gc.enable()
    else:
        gc.disable()


class Node:
    def __init__(self) -> None:
        self.other: Node | None = None


def cycle() -> weakref.ref:
    """A reference cycle only the cyclic collector frees, and a weak reference to watch it."""
    a, b = Node(), Node()
    a.other, b.other = b, a
    return weakref.ref(a)


def wait_for(condition, timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.01)
    return condition()


def test_pause_turns_the_collector_off():
    gc.enable()
    collector = IdleCollector(IDLE)
    collector.pause()
    assert not gc.isenabled()
    collector.resume()


def test_an_idle_collection_frees_cycles_of_the_rebuild_and_turns_the_collector_on():
    gc.enable()
    collector = IdleCollector(IDLE)
    collector.pause()
    watched = cycle()
    time.sleep(IDLE * 2)
    assert watched() is not None  # paused: nothing collected it
    collector.collect_when_idle()
    assert wait_for(lambda: collector.collections == 1)
    assert watched() is None
    assert gc.isenabled()


def test_garbage_older_than_the_last_rebuild_is_freed_by_the_periodic_full_collection():
    """A cycle that outlived one idle collection sits with the old objects: young-only
    collections never free it once dropped; one in `FULL_EVERY` looks at everything."""
    from rendicion.idlecollect import FULL_EVERY

    gc.enable()
    collector = IdleCollector(IDLE)
    a, b = Node(), Node()
    a.other, b.other = b, a
    watched = weakref.ref(a)
    for rebuild in range(1, FULL_EVERY + 1):
        collector.pause()
        if rebuild == 2:
            del a, b  # dropped during the second rebuild, after the first idle collection kept it
        collector.collect_when_idle()
        assert wait_for(lambda: collector.collections == rebuild)
        assert (watched() is None) == (rebuild == FULL_EVERY)
    assert gc.isenabled()


def test_a_rebuild_starting_before_the_delay_cancels_the_collection():
    gc.enable()
    collector = IdleCollector(0.3)
    collector.pause()
    collector.collect_when_idle()
    collector.pause()  # the next save arrives before the preview was idle
    watched = cycle()
    time.sleep(0.6)
    assert collector.collections == 0
    assert not gc.isenabled()
    assert watched() is not None
    collector.collect_when_idle()
    assert wait_for(lambda: collector.collections == 1)
    assert gc.isenabled() and watched() is None


def test_resume_turns_the_collector_on_at_once_and_cancels_the_collection():
    gc.enable()
    collector = IdleCollector(0.3)
    collector.pause()
    collector.collect_when_idle()
    collector.resume()
    assert gc.isenabled()
    time.sleep(0.5)
    assert collector.collections == 0


def test_a_collector_someone_else_turned_off_stays_off():
    gc.disable()
    collector = IdleCollector(IDLE)
    collector.pause()
    assert not gc.isenabled()
    collector.collect_when_idle()
    time.sleep(IDLE * 4)
    assert not gc.isenabled()
    collector.resume()
    assert not gc.isenabled()


def test_a_preview_rebuild_leaves_the_collector_on_once_idle_and_stopping_turns_it_on(tmp_path, monkeypatch):
    """In `mkdocs serve`: the collector is off right after a rebuild, runs once idle, and is on again."""
    from .conftest import project_copy
    from .test_preview_incremental import Preview, _retitle

    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    gc.enable()
    project = project_copy(tmp_path)
    preview = Preview(project, tmp_path / "preview")
    _retitle(project)
    plugin = preview.rebuild()
    collector = plugin.preview.collector
    assert wait_for(lambda: collector.collections >= 1 and gc.isenabled())
    plugin.preview.start_build()  # the next save: off again, until the session ends
    assert not gc.isenabled()
    plugin.on_shutdown()
    assert gc.isenabled()
