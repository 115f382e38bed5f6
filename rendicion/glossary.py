"""The site's glossary: the acronyms `glossary.yml` explains plus those of members and partners.

Built once per load from what the loader has read. Pure: the loader hands in
the candidate terms and a callback for the editor's mistakes (a glossary entry
that repeats an acronym already defined), so this module reads no files.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

from .model import Term
from .slugs import slug

#: Where a glossary entry came from (the loader's entry), to report it.
Source = TypeVar("Source")


def term_anchor(term: str) -> str:
    """A URL-safe anchor for an acronym: `O.E.` → `o-e`, `LPELP` → `lpelp`."""
    return slug(term, default="sigla")


@dataclass(frozen=True)
class Candidate(Generic[Source]):
    """A term that may enter the glossary."""

    term: str
    expansion: str
    #: The glossary.yml entry it comes from; None for a member's or partner's acronym.
    entry: Source | None = None
    #: (grouping id or "partner", id) when the acronym is a member's or partner's.
    refers_to: tuple[str, str] | None = None


def build_glossary(candidates: Iterable[Candidate[Source]],
                   duplicate: Callable[[Source, str, Term], None]) -> tuple[Term, ...]:
    """One `Term` per acronym (and per anchor), sorted as readers look them up.

    Pass members' and partners' acronyms first: a glossary entry that repeats
    one of them is the editor's mistake, reported through `duplicate(entry,
    term, the term already defined)`; a repeated member acronym is silently
    kept once (the groupings' own checks speak for members)."""
    terms: dict[str, Term] = {}
    anchors: dict[str, str] = {}
    for c in candidates:
        anchor = term_anchor(c.term)
        if c.term in terms or anchor in anchors:
            if c.entry is not None:
                duplicate(c.entry, c.term, terms.get(c.term) or terms[anchors[anchor]])
            continue
        terms[c.term] = Term(c.term, c.expansion, anchor, c.refers_to)
        anchors[anchor] = c.term
    return tuple(sorted(terms.values(), key=lambda t: (t.term.casefold(), t.term)))
