"""rendicion/forkgc.py: a build's objects kept out of collections while it forks, then given back."""

from __future__ import annotations

import gc

from rendicion.forkgc import FrozenHeap


class Node:
    def __init__(self) -> None:
        self.me = self  # a cycle: only the collector frees it


def test_frozen_objects_are_not_collected_until_released():
    heap = FrozenHeap()
    gc.collect()
    node = Node()
    heap.freeze()
    try:
        assert gc.get_freeze_count() > 0
        del node
        assert gc.collect() == 0  # the cycle was frozen: no collection frees it
    finally:
        heap.release()
    assert gc.get_freeze_count() == 0
    assert gc.collect() > 0  # given back: the next collection frees it
    heap.release()  # a second release is harmless
    assert gc.get_freeze_count() == 0
