"""rendicion/pages.py's `PlanMemo`: the preview's kept plan is always the plan a full build makes.

After any sequence of edits (a result's title, text, year, area or related
members changed, a result added or removed, an area renamed), `plan_pages(content, memo=memo)`
gives the same pages as `plan_pages(content)`, with whole and with split
(per-year, numbered) listings. Results left untouched stay the same objects,
as the cached loader (`loadcache.py`) keeps them.
"""

from __future__ import annotations

import dataclasses

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rendicion.pages import PlanMemo, plan_pages

EDITS = st.lists(
    st.tuples(st.sampled_from(["title", "text", "year", "area", "add", "remove", "rename-area",
                             "members"]),
              st.integers(0, 1000)),
    min_size=1, max_size=6,
)


def edited(content, operation: str, index: int, step: int):
    """`content` with one edit; every result it does not touch is the same object."""
    results = list(content.results)
    i = index % len(results)
    r = results[i]
    if operation == "title":
        results[i] = dataclasses.replace(r, title=f"Editado {step} · {r.title}")
    elif operation == "text":
        results[i] = dataclasses.replace(r, text=f"Texto editado {step}. {r.text}")
    elif operation == "year":
        results[i] = dataclasses.replace(r, year=r.year - 1 - index % 2)
    elif operation == "area":
        area = content.areas[index % len(content.areas)]
        results[i] = dataclasses.replace(r, area=area.id, section=None)
    elif operation == "members":  # relate it to other members of a grouping (a council, a plan)
        grouping = content.groupings[index % len(content.groupings)]
        members = content.members_of(grouping.id)
        chosen = tuple(m.id for m in members[index % len(members):][:2])
        results[i] = dataclasses.replace(r, memberships={**r.memberships, grouping.id: chosen})
    elif operation == "add":
        results.insert(i, dataclasses.replace(r, id=f"{r.id}-nuevo-{step}", title=f"Nuevo {step}"))
    elif operation == "remove" and len(results) > 1:
        del results[i]
    elif operation == "rename-area":
        areas = list(content.areas)
        a = index % len(areas)
        areas[a] = dataclasses.replace(areas[a], short_name=f"Área {step}", name=f"Área renombrada {step}")
        return dataclasses.replace(content, areas=tuple(areas))
    return dataclasses.replace(content, results=tuple(results))


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(edits=EDITS, per_page=st.sampled_from([None, 3, 7]))
def test_a_kept_plan_after_any_edits_equals_a_fresh_plan(content, edits, per_page):
    options = {} if per_page is None else {"results_per_page": per_page}
    memo = PlanMemo()
    assert plan_pages(content, memo=memo, **options).pages == plan_pages(content, **options).pages
    for step, (operation, index) in enumerate(edits):
        content = edited(content, operation, index, step)
        kept = plan_pages(content, memo=memo, **options).pages
        assert kept == plan_pages(content, **options).pages, (operation, index)


def test_the_memo_gives_back_the_unchanged_pages(content):
    """The memo is used at all: an edit of one result keeps the other results' page objects."""
    memo = PlanMemo()
    before = {p.key: p for p in plan_pages(content, memo=memo).pages if p.kind == "result"}
    content = edited(content, "title", 0, 0)
    after = {p.key: p for p in plan_pages(content, memo=memo).pages if p.kind == "result"}
    edited_id = content.results[0].id
    assert after[edited_id] is not before[edited_id]
    assert all(after[k] is before[k] for k in after if k != edited_id)
