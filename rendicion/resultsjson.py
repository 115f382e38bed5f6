"""`resultados.json`: the whole content as one JSON document, every reference resolved.

`results_document` is the document; `downloadparts` writes the same bytes
from pieces (`document_parts`, `result_json`) so that a result's part is made
once and, in the preview, kept while the result does not change.
"""

from __future__ import annotations

from typing import Any

from .model import Budget, Content, Figure, Grouping, Member, Result
from .pages import PagePlan
from .publication import Publication
from .series import series_document


def results_document(content: Content, plan: PagePlan, publication: Publication,
                     with_results: bool = True) -> dict[str, Any]:
    """The whole content as one JSON document, every reference resolved
    (`with_results=False`: its `results` empty, for `document_parts`)."""
    site = content.site
    refs = References(content)
    return {
        "institution": _drop_none(vars(site.institution)),
        "report": vars(site.report),
        "licence": site.licence,
        "updated": publication.updated.isoformat() if publication.updated else None,
        "results": [result_json(content, refs, plan, publication, r) for r in content.results] if with_results else [],
        "areas": [
            {
                "id": a.id, "name": a.name, "short_name": a.short_name, "program": a.program,
                "summary": a.summary,
                "sections": [{"id": s.id, "title": s.title, "lead": s.lead} for s in a.sections],
                "url": publication.url(plan.get("area", a.id).url),
            }
            for a in content.areas
        ],
        **{g.id: [_member(content, plan, publication, g, m) for m in content.members_of(g.id)]
           for g in content.groupings},
        "partners": [{**refs.partner(p.id), "url": p.url} for p in content.partners],
        "glossary": [{"term": t.term, "expansion": t.expansion} for t in content.glossary],
        "series": series_document(content),
    }


def document_parts(content: Content, plan: PagePlan, publication: Publication) -> tuple[dict[str, Any], dict[str, Any]]:
    """The document's keys before `results` and after it, in the document's order."""
    document = results_document(content, plan, publication, with_results=False)
    keys = list(document)
    at = keys.index("results")
    return ({k: document[k] for k in keys[:at]}, {k: document[k] for k in keys[at + 1:]})


def result_json(content: Content, refs: References, plan: PagePlan, publication: Publication,
                r: Result) -> dict[str, Any]:
    """One result as the document lists it."""
    return {
        "id": r.id,
        "year": r.year,
        "title": r.title,
        "text": r.text,
        "area": {"id": r.area, "name": content.area(r.area).name},
        "section": refs.section(r),
        **{g.id: [refs.member(g.id, m) for m in r.memberships[g.id]] for g in content.groupings},
        "partners": [refs.partner(p) for p in r.partners],
        "figures": [_figure(f) for f in r.figures],
        "items": list(r.items),
        "date": r.date.isoformat() if r.date else None,
        "start": r.start.isoformat() if r.start else None,
        "end": r.end.isoformat() if r.end else None,
        "series": r.series,
        "status": r.status,
        "progress": r.progress,
        "budget": _budget(r.budget),
        "details": [{"label": d.label, "value": d.value} for d in r.details],
        "sources": [{"title": s.title, "url": s.url} for s in r.sources],
        "updates": [{"date": u.date.isoformat(), "text": u.text} for u in r.updates],
        "url": publication.url(plan.result_url(r)),
    }


class References:
    """The id, acronym and name of referenced things, as the exports show them."""

    def __init__(self, content: Content) -> None:
        self.content = content

    def section(self, result: Result) -> dict[str, str] | None:
        if result.section is None:
            return None
        section = self.content.area(result.area).section(result.section)
        return {"id": section.id, "title": section.title}

    def member(self, grouping_id: str, member_id: str) -> dict[str, Any]:
        m = self.content.member(grouping_id, member_id)
        return {"id": m.id, "acronym": m.acronym, "name": m.name}

    def partner(self, partner_id: str) -> dict[str, Any]:
        p = self.content.partner(partner_id)
        return {"id": p.id, "acronym": p.acronym, "name": p.name}


def _member(content: Content, plan: PagePlan, publication: Publication, grouping: Grouping,
            member: Member) -> dict[str, Any]:
    """A member in the JSON export: its area and parent member when the grouping declares
    them (under `area` and the parent grouping's `item`), its page's URL when it has one."""
    entry: dict[str, Any] = {"id": member.id, "acronym": member.acronym, "name": member.name}
    if grouping.area:
        entry["area"] = member.area
    if grouping.within:
        entry[content.grouping(grouping.within).item] = member.parent
    entry["summary"] = member.summary
    entry["url"] = publication.url(plan.member(grouping.id, member.id).url) if grouping.pages else None
    return entry


def _figure(figure: Figure) -> dict[str, Any]:
    return {"value": figure.value, "target": figure.target, "baseline": figure.baseline, "unit": figure.unit,
            "label": figure.label, "highlight": figure.highlight}


def _budget(budget: Budget | None) -> dict[str, Any] | None:
    if budget is None:
        return None
    return {"planned": budget.planned, "executed": budget.executed, "currency": budget.currency}


def _drop_none(mapping: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in mapping.items() if v is not None}
