"""How a change of the public record (`history.Change`) reads to people, as plain text.

Shared by the templates (`_history.html`, `changes.html`, through `Renderer`)
and the feeds, so the page and the feed say the same thing: «Cambió el estado»,
«En curso → Cumplido». Plain text only: the templates escape it, the feeds
pass it through `feeds.feed_text`. No HTML here.
"""

from __future__ import annotations

import datetime
import difflib
import re
from collections.abc import Mapping

from .history import Change, History
from .localeformat import LocaleFormat
from .model import Content
from .richtext import to_plain
from .schema import STATUSES

#: What a change says happened, by kind (figures and other fields name themselves).
HEADINGS = {
    "publicado": "Nuevo resultado",
    "estado": "Cambió el estado",
    "avance": "Cambió el avance",
    "titulo": "Cambió el título",
    "texto": "Corrección del texto",
    "fecha": "Cambió la fecha",
    "nota": "Nota",
    "retirado": "Resultado retirado",
}
#: Spanish names of the other fields a result has (groupings name themselves: see `field_names`).
FIELD_NAMES = {
    "items": "la lista del resultado",
    "section": "el apartado",
    "area": "el área",
    "partners": "las instituciones socias",
    "sources": "las fuentes",
    "start": "el inicio del periodo",
    "end": "el fin del periodo",
    "series": "la serie",
    "budget": "el presupuesto",
    "details": "los datos propios",
    "year": "el año",
    "figures.unit": "la unidad de la cifra",
}
#: Words of unchanged text kept around each change in a text correction.
CONTEXT_WORDS = 6
#: A value of a generic field longer than this is cut («…»): the JSON export has it whole.
MAX_VALUE = 300


#: The «Novedades» page lists at most this many changes; the feeds and history carry the rest.
CHANGES_PAGE_LIMIT = 300


def template_globals(content: Content, history: History, fmt: LocaleFormat) -> dict[str, object]:
    """What the templates need to show the record (`_history.html`, `changes.html`)."""
    names = field_names({g.id: g.short_plural for g in content.groupings})
    return {
        "history": history,
        "change_heading": lambda change: heading(change, names),
        "change_value": lambda change, raw: value(change, raw, fmt),
        "word_diff": word_diff,
        "changes_limit": CHANGES_PAGE_LIMIT,
        # A change's result, when it is still published (a removed one has no page to link to).
        "change_result": lambda change: content.result(change.result_id) if history.is_current(change.result_id)
        else None,
    }


def field_names(groupings: Mapping[str, str]) -> dict[str, str]:
    """`FIELD_NAMES` with each grouping's key (`councils`) named as the site names it («los consejos»)."""
    return {**{key: f"«{name}»" for key, name in groupings.items()}, **FIELD_NAMES}


def heading(change: Change, names: Mapping[str, str] = FIELD_NAMES) -> str:
    """What happened, in a few words: «Cambió el estado», «Cambió la cifra «personas capacitadas» (meta)»."""
    if change.kind == "cifras":
        what = {None: "", "target": " (meta)", "baseline": " (línea base)"}.get(change.note, "")
        if change.old is None and change.note is None:
            return f"Nueva cifra «{change.field}»"
        if change.new is None and change.note is None:
            return f"Se quitó la cifra «{change.field}»"
        return f"Cambió la cifra «{change.field}»{what}"
    if change.kind == "texto" and change.field == "items":
        return "Corrección de la lista del resultado"
    if change.kind == "otro":
        name = names.get(change.field or "", f"el campo «{change.field}»")
        return f"Cambió {name}" + (f" («{change.note}»)" if change.note else "")
    return HEADINGS.get(change.kind, "Cambio")


def value(change: Change, raw: str | None, fmt: LocaleFormat) -> str:
    """One side of a change (`change.old` or `change.new`), written as the site writes it: «En curso»,
    «75 %», «$6,300», «3 de marzo de 2018»; «(sin valor)» when absent."""
    if raw is None:
        return "(sin valor)"
    try:
        if change.kind == "estado":
            return STATUSES.get(raw, raw)
        if change.kind == "avance":
            return fmt.percent(_number(raw))
        if change.kind == "cifras":
            return fmt.figure(_number(raw), change.unit or "")
        if change.kind == "fecha":
            return fmt.date(datetime.date.fromisoformat(raw))
    except (ValueError, ArithmeticError):
        pass  # a value an old, invalid state held: shown as it was written
    if change.kind == "texto":
        return to_plain(raw)
    return raw if len(raw) <= MAX_VALUE else raw[:MAX_VALUE].rstrip() + "…"


def summary(change: Change, fmt: LocaleFormat, names: Mapping[str, str] = FIELD_NAMES) -> str:
    """The whole change in one plain text, for feeds: «Cambió el estado: En curso → Cumplido»."""
    if change.kind == "publicado":
        return f"Nuevo resultado: {change.new or ''}"
    if change.kind == "retirado":
        return f"Resultado retirado: {change.old or ''}"
    if change.kind == "nota":
        return f"Nota: {to_plain(change.note or '')}"
    if change.kind == "texto":
        return (f"{heading(change, names)}.\nAntes: {value(change, change.old, fmt)}\n"
                f"Ahora: {value(change, change.new, fmt)}")
    return f"{heading(change, names)}: {value(change, change.old, fmt)} → {value(change, change.new, fmt)}"


def word_diff(old: str | None, new: str | None, context: int = CONTEXT_WORDS) -> list[tuple[str, str]]:
    """A text correction as segments (op, text): op "=" unchanged (long runs cut to
    `context` words each side, «…» between), "-" removed, "+" added. Plain text of both."""
    before, after = _words(to_plain(old or "")), _words(to_plain(new or ""))
    segments: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    opcodes = matcher.get_opcodes()
    for at, (op, i1, i2, j1, j2) in enumerate(opcodes):
        if op == "equal":
            words = before[i1:i2]
            first, last = at == 0, at == len(opcodes) - 1
            if len(words) > 2 * context or (first or last) and len(words) > context:
                head = [] if first else words[:context]
                tail = [] if last else words[-context:]
                words = head + ["…"] + tail
            segments.append(("=", " ".join(words)))
            continue
        if i2 > i1:
            segments.append(("-", " ".join(before[i1:i2])))
        if j2 > j1:
            segments.append(("+", " ".join(after[j1:j2])))
    return segments


def _words(text: str) -> list[str]:
    return re.split(r"\s+", text.strip()) if text.strip() else []


def _number(raw: str) -> int | float:
    number = float(raw)
    return int(number) if number.is_integer() and abs(number) < 2**53 else number
