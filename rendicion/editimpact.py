"""Which pages an edit can change, told from the content before and after it,
without rendering anything (the live preview's rebuilds, `plugin/preview.py`).

A page is rendered again when it may show a result the edit added, removed,
changed or moved (`Changes.touch`); anything but the results changing
(`Content.same_except_results` false) makes every page change.
"""

from __future__ import annotations

import dataclasses

from .model import Content, Result
from .pages import Page, PagePlan, member_key


def changed_results(old: Content, new: Content, old_plan: PagePlan, new_plan: PagePlan) -> set[str]:
    """Ids of the results an edit added, removed, changed or moved to another page, and of
    the other results of their series (a card shows its series' other years)."""
    before = {r.id: r for r in old.results}
    after = {r.id: r for r in new.results}
    # An unchanged result is the same object after a cached load (loadcache.py): `is` first.
    changed = {i for i in before.keys() | after.keys()
               if (was := before.get(i)) is not (now := after.get(i)) and was != now}
    # Cards move when a year page is split anew: not when no card's page changed.
    if not (old_plan.same_places(new_plan) and old.paged_groupings == new.paged_groupings):
        changed |= {i for i, r in after.items()
                    if i in before and result_places(old, old_plan, before[i]) != result_places(new, new_plan, r)}
    for ident in list(changed):
        for content, result in ((old, before.get(ident)), (new, after.get(ident))):
            if result is not None and result.series is not None:
                changed |= {r.id for r in content.results_of_series(result.series)}
    return changed


def result_places(content: Content, plan: PagePlan, result: Result) -> tuple[str, ...]:
    """Where a result's card is (its result page links to each): on its area's page and its
    members' pages; a year page split anew moves cards the edit did not touch."""
    return (plan.result_anchor_url(result),
            *(plan.member_result_url(g.id, m, result) for g in content.paged_groupings for m in result.memberships[g.id]))


@dataclasses.dataclass(frozen=True)
class Changes:
    """What an edit changed: result ids, the areas and members (`member_key`) that own
    them, and their partners."""

    results: frozenset[str]
    areas: frozenset[str]
    members: frozenset[str]
    partners: frozenset[str] = frozenset()
    #: Areas and members (kind, key) whose year pages changed: added, removed, renumbered.
    restructured: frozenset[tuple[str, str]] = frozenset()

    @classmethod
    def of(cls, changed: set[str], *contents: Content, plans: tuple[PagePlan, ...] = ()) -> Changes:
        """What changing the results `changed` changes, in each of `contents` (before and
        after the edit) and between `plans` (the year pages of the owners involved)."""
        areas: set[str] = set()
        members: set[str] = set()
        partners: set[str] = set()
        for content in contents:
            by_id = {r.id: r for r in content.results if r.id in changed}
            for result in by_id.values():
                areas.add(result.area)
                partners.update(result.partners)
                for grouping in content.groupings:
                    for member_id in result.memberships.get(grouping.id, ()):
                        members.add(member_key(grouping.id, member_id))
                        # A member's page also counts its children's results (content.children).
                        if grouping.within:
                            parent = content.member(grouping.id, member_id).parent
                            if parent is not None:
                                members.add(member_key(grouping.within, parent))
        owners = [("area", a) for a in areas] + [("member", m) for m in members]
        restructured = {owner for owner in owners if len({_parts(plan, *owner) for plan in plans}) > 1}
        return cls(frozenset(changed), frozenset(areas), frozenset(members), frozenset(partners),
                   frozenset(restructured))

    def touch(self, page: Page | None) -> bool:
        """Whether `page` may show a changed result: the results it lists, and those of the
        area or member that owns it (its counts, filters, figures, children). A page of
        another kind may show any result: it is rendered again after any change."""
        if page is None or not self.results:
            return False
        if page.part is not None:  # a year page: its own results, and its pager's pages
            owner = (page.part.owner_kind, page.part.owner_key)
            return owner in self.restructured or not self.results.isdisjoint(page.listed_ids)
        kind, key = page.kind, page.key
        if kind == "result" and key is not None:  # a result page shows its own result only
            return key in self.results
        if kind == "partner" and key is not None:  # a partner's page lists its own results only
            return key in self.partners
        if kind == "area" and key is not None:
            owned = key in self.areas
        elif kind == "member" and key is not None:
            owned = key in self.members
        else:
            return True
        return owned or not self.results.isdisjoint(page.listed_ids)


def _parts(plan: PagePlan, kind: str, key: str) -> tuple[tuple[str, str, object], ...]:
    """What a year page's pager and steps show of its owner's year pages."""
    return tuple((p.url, p.title, p.part) for p in plan.parts_of(kind, key))
