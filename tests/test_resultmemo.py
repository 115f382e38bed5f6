"""rendicion/resultmemo.py: what the preview made from a result is reused only while it is still right.

A value is reused when the result is the very object it was made from and
nothing else in the content (site, areas, members...) nor the caller's context
changed; otherwise it is made again, so a page never shows a stale result.
"""

from __future__ import annotations

import dataclasses

import pytest

from rendicion.resultmemo import ResultMemo


class Maker:
    """`make` for the memo: counts the results it was called for."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    def __call__(self, result):
        self.calls.append(result.id)
        return ("made", result.id, result.title)


def run(memo: ResultMemo, content, context=None) -> tuple[Maker, list]:
    make = Maker()
    memo.start(content, context)
    return make, [memo.value(r, make) for r in content.results]


def test_the_same_result_objects_are_not_made_again(content):
    memo = ResultMemo()
    first, values = run(memo, content)
    assert len(first.calls) == len(content.results)
    again, kept = run(memo, content)
    assert again.calls == []
    assert all(a is b for a, b in zip(values, kept))


def test_an_equal_but_new_result_is_made_again(content):
    memo = ResultMemo()
    run(memo, content)
    target = content.results[3]
    copy = dataclasses.replace(target)  # equal, but not the object the value was made from
    edited = dataclasses.replace(target, title="Editado · " + target.title)
    for new in (copy, edited):
        results = tuple(new if r is target else r for r in content.results)
        make, values = run(memo, dataclasses.replace(content, results=results))
        assert make.calls == [target.id]
        assert values[3] == ("made", target.id, new.title)


@pytest.mark.parametrize("change", ["site", "area"])
def test_a_change_outside_the_results_makes_everything_again(content, change):
    memo = ResultMemo()
    run(memo, content)
    if change == "site":
        changed = dataclasses.replace(content, site=dataclasses.replace(content.site, description="Otra descripción"))
    else:
        areas = (dataclasses.replace(content.areas[0], name="Otro nombre"), *content.areas[1:])
        changed = dataclasses.replace(content, areas=areas)
    assert not changed.same_except_results(content)
    make, _ = run(memo, changed)
    assert len(make.calls) == len(content.results)


def test_a_different_context_makes_everything_again(content):
    memo = ResultMemo()
    run(memo, content, context=("a", 10))
    make, _ = run(memo, content, context=("a", 11))
    assert len(make.calls) == len(content.results)
    make, _ = run(memo, content, context=("a", 11))
    assert make.calls == []


def test_results_dropped_from_the_content_are_not_kept(content):
    memo = ResultMemo()
    run(memo, content)
    dropped = content.results[0]
    run(memo, dataclasses.replace(content, results=content.results[1:]))
    make, _ = run(memo, content)  # back again: the old value is gone, made anew
    assert make.calls == [dropped.id]
