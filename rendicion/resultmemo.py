"""What the live preview made from each result last time, kept while the result is the same.

After a cached load (`loadcache.py`) a result whose entry did not change is the
very same object as in the last load. Whatever a rebuild makes from one result
alone and the rest of the content (its page in the plan) is then
the same too, and is taken from a `ResultMemo` instead of being made again: at
50,000 results an edit changes one, and remaking the others was most of a rebuild.

The memo holds only while everything but the results is the same as when it was
filled (`Content.same_except_results`, and any other `context` the caller names);
otherwise it starts empty. Nothing here imports MkDocs.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

from .model import Content, Result

V = TypeVar("V")


class ResultMemo(Generic[V]):
    """Values made from one result each, by result id, for one run over the content at a time."""

    def __init__(self) -> None:
        self._content: Content | None = None
        self._context: Hashable = None
        #: Last run's values (result, value) and this run's, by result id.
        self._kept: dict[str, tuple[Result, V]] = {}
        self._made: dict[str, tuple[Result, V]] = {}

    def start(self, content: Content, context: Hashable = None) -> bool:
        """A run over `content` begins: what the last run made is kept (True) if only results
        changed and `context` is the same; only values this run asks for are kept for the next one."""
        same = (self._content is not None and context == self._context
                and content.same_except_results(self._content))
        self._kept = (self._made or self._kept) if same else {}
        self._made = {}
        self._content, self._context = content, context
        return same

    def value(self, result: Result, make: Callable[[Result], V]) -> V:
        """`make(result)`, or last run's value if `result` is the object it was made from."""
        kept = self._kept.get(result.id)
        if kept is not None and kept[0] is result:
            value = kept[1]
        else:
            value = make(result)
        self._made[result.id] = (result, value)
        return value
