"""What a result measures: figures with a target and a baseline, a budget, and
the institution's own labelled details.

Three optional pieces of a result entry, as real reports publish them:

- A figure may carry its `target` (meta) and `baseline` (línea base) beside
  the achieved `value`: `{value: 120, target: 150, baseline: 40, unit:
  personas, label: personas capacitadas}`. Cards show «120 de 150 personas
  capacitadas (80 %)» with a progress bar; a target of 0 is allowed (a goal of
  «cero casos») but has no percentage.
- `budget: {planned: 557018, executed: 544520.5, currency: BOB}`: either
  amount may be left out, not both; the currency is required, since an
  amount without one cannot be written as money.
- `details: [{label: Beneficiarios, value: "1.200 familias"}]`: fields the
  institution's own report has (a POA code, beneficiaries). Both are short
  content text, never rich text; labels are unique within a result.

The schema (`schema.py`) states types and limits; this module builds the model
(`figures`, `result_fields`) and checks what a JSON Schema cannot (finite
numbers, ISO 4217 codes CLDR knows, at least one amount, repeated labels).
The shares pages show are `Figure.share` and `Budget.share`. The loader calls
it; nothing here reads files or knows about MkDocs.
"""

from __future__ import annotations

import math
from typing import Any, Callable

from .localeformat import is_currency
from .model import Budget, Detail, Figure
from .yamlfile import Document, YamlPath

#: `_Loader.problem`: (document, path in it, field, message, entry id).
Reporter = Callable[[Document, YamlPath, str, str, "str | None"], None]

_CURRENCY_HINT = "se esperaba un código de moneda de la norma ISO 4217 en mayúsculas (p. ej. BOB, PYG, USD, EUR)"


def figures(problem: Reporter, doc: Document, path: YamlPath, data: dict[str, Any]) -> tuple[Figure, ...]:
    """The figures of a valid result entry at `path` of `doc`, reporting what the schema lets through."""
    found = []
    for index, figure in enumerate(data.get("figures", [])):
        where = path + ("figures", index)
        # JSON Schema's minimum/maximum are false for NaN, so .nan passes them.
        for name in ("value", "target", "baseline"):
            if name in figure and not math.isfinite(figure[name]):
                problem(doc, where + (name,), f"figures[{index}].{name}", "se esperaba un número finito", data["id"])
        unit = figure["unit"]
        if len(unit) == 3 and unit.isascii() and unit.isalpha() and unit.isupper() and not is_currency(unit):
            # A mistyped code («UDS») would be shown as a plain number, without its currency.
            problem(doc, where + ("unit",), f"figures[{index}].unit",
                    f"«{unit}» parece un código de moneda, pero no es uno de la norma ISO 4217 "
                    "(p. ej. USD, BOB, EUR); corríjalo o escriba la unidad en minúsculas", data["id"])
        found.append(Figure(figure["value"], unit, figure["label"], figure.get("highlight", False),
                            target=figure.get("target"), baseline=figure.get("baseline")))
    return tuple(found)


def result_fields(problem: Reporter, doc: Document, path: YamlPath, data: dict[str, Any]) -> dict[str, Any]:
    """The `Result` fields `budget` and `details` of a valid result entry, reporting their problems."""
    return {"budget": _budget(problem, doc, path, data), "details": _details(problem, doc, path, data)}


def _budget(problem: Reporter, doc: Document, path: YamlPath, data: dict[str, Any]) -> Budget | None:
    budget = data.get("budget")
    if budget is None:
        return None
    where = path + ("budget",)
    currency = budget["currency"]
    if not is_currency(currency):
        problem(doc, where + ("currency",), "budget.currency",
                f"«{currency}» no es un código de moneda conocido; {_CURRENCY_HINT}", data["id"])
    if "planned" not in budget and "executed" not in budget:
        problem(doc, where, "budget", "falta la cantidad: indique planned (programado), executed (ejecutado) "
                "o ambas", data["id"])
    for name in ("planned", "executed"):
        if name in budget and not math.isfinite(budget[name]):
            problem(doc, where + (name,), f"budget.{name}", "se esperaba un número finito", data["id"])
    return Budget(planned=budget.get("planned"), executed=budget.get("executed"), currency=currency)


def _details(problem: Reporter, doc: Document, path: YamlPath, data: dict[str, Any]) -> tuple[Detail, ...]:
    details = tuple(Detail(d["label"], d["value"]) for d in data.get("details", []))
    seen: set[str] = set()
    for index, detail in enumerate(details):
        # Exports join details as «label: value»: two of one label could not be told apart.
        key = detail.label.strip().casefold()
        if key in seen:
            problem(doc, path + ("details", index, "label"), f"details[{index}].label",
                    f"la etiqueta «{detail.label}» ya se usa en otro dato de este resultado; "
                    "se esperaba una etiqueta distinta en cada dato", data["id"])
        seen.add(key)
    return details

