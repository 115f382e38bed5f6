"""Groupings: the ways an institution groups results besides areas.

`site.yml` declares them (`groupings:`); each has its members in
`content/<id>/<member>.yml` and results name members under the grouping's id
(`councils: [conasav]`). This module holds the declaration's schema, turns it
into `Grouping`s, checks it (ids, paths and keys that cannot collide with the
rest of the site), builds the member and result schemas from it, and words
the Spanish sentences that count or name members (numbers, plural agreement and
list joining come from the site's `localeformat.LocaleFormat`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from .model import Grouping, Origin
from .yamlfile import Document, YamlPath

if TYPE_CHECKING:  # only for annotations: localeformat needs nothing from here
    from .localeformat import LocaleFormat

GENDERS = ("masculino", "femenino")
MEMBER_LABELS = ("acronym", "name")

#: Keys a grouping id may not take: fields of a result (the id is a result
#: field), names at the top of content/ (the id is a folder there) and the
#: page kinds of the site.
RESERVED_IDS = frozenset({
    "id", "year", "title", "text", "area", "section", "partners", "figures", "items", "date", "status",
    "progress", "sources", "url", "memberships", "area_id", "partner_ids", "start", "end", "series",
    "budget", "details", "budget_planned", "budget_executed", "budget_currency",
    "site", "areas", "partners", "glossary", "results",
    "home", "part", "partner", "member", "years", "data",
})
#: URL folders the site already uses (pages, downloads, theme, search).
RESERVED_PATHS = frozenset({
    "areas", "anos", "socios", "glosario", "datos", "assets", "search", "pagefind", "index", "404",
    "sitemap", "javascripts", "stylesheets", "overrides",
})
#: Fields of a member file; a grouping's `item` (its parent field in a child's file) may not take them.
MEMBER_FIELDS = ("id", "order", "acronym", "name", "summary", "area")
#: CSV columns of a result that are not groupings' (see `tables.result_columns`).
OTHER_COLUMNS = frozenset({"area_id", "partner_ids"})

_ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
_KEY_PATTERN = r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$"
_LABEL = {"type": "string", "minLength": 1, "maxLength": 300, "pattern": r"\S"}  # as schema._LABEL

#: The `groupings` field of site.yml.
DECLARATION: dict[str, Any] = {
    "type": "array",
    "description": "Las agrupaciones de resultados además de las áreas (p. ej. consejos, planes, ejes, "
                   "programas), en el orden en que se muestran. Sin agrupaciones, el sitio no muestra ninguna.",
    "items": {
        "type": "object",
        "description": "Una agrupación: sus miembros están en content/<id>/<miembro>.yml y cada resultado "
                       "los nombra con el campo <id> (p. ej. «ejes: [movilidad, vivienda]»).",
        "additionalProperties": False,
        "required": ["id", "name", "singular", "plural", "gender"],
        "properties": {
            "id": {"type": "string", "pattern": _KEY_PATTERN, "maxLength": 40,
                   "description": "Clave en los resultados y carpeta de los miembros (p. ej. «councils», "
                                  "«ejes»): minúsculas sin acentos, cifras y «_»."},
            "path": {"type": "string", "pattern": _ID_PATTERN, "maxLength": 80,
                     "description": "Carpeta de las direcciones web de sus miembros (p. ej. «consejos» da "
                                    "/consejos/<miembro>/). Por omisión, el id."},
            "name": {**_LABEL, "description": "Título en la portada (p. ej. «Consejos Nacionales de Diálogo»)."},
            "short_name": {**_LABEL, "description": "Pestaña del menú. Por omisión, «name»."},
            "singular": {**_LABEL, "description": "Un miembro, en frases: «1 consejo nacional»."},
            "plural": {**_LABEL, "description": "Varios miembros, en frases: «3 consejos nacionales»."},
            "short_singular": {**_LABEL, "description": "Forma corta para filtros y tablas: «Consejo», "
                                                        "«Por consejo». Por omisión, «singular»."},
            "short_plural": {**_LABEL, "description": "Forma corta en plural, en cada resultado: «Consejos». "
                                                      "Por omisión, «plural»."},
            "gender": {"type": "string", "enum": list(GENDERS),
                       "description": "Género del nombre, para concordar artículos y adjetivos "
                                      "(«el consejo coordinado», «la meta coordinada»)."},
            "member_label": {"type": "string", "enum": list(MEMBER_LABELS),
                             "description": "Qué se muestra de cada miembro en el menú, el título de su página "
                                            "y los resultados: «acronym» (la sigla) o «name» (el nombre). "
                                            "Por omisión, «name»."},
            "pages": {"type": "boolean",
                      "description": "Si cada miembro tiene su página (y la agrupación su pestaña). Con false, "
                                     "los miembros solo etiquetan y filtran resultados. Por omisión, true."},
            "item": {"type": "string", "pattern": _KEY_PATTERN, "maxLength": 40,
                     "description": "Nombre en singular de un miembro como clave: columna «<item>_ids» de los "
                                    "CSV y campo con que un miembro de otra agrupación lo nombra (p. ej. "
                                    "«eje: movilidad»). Por omisión, el id sin la «s» final."},
            "area": {"type": "boolean",
                     "description": "Si cada miembro nombra el área que lo coordina (campo «area», obligatorio). "
                                    "Por omisión, false."},
            "within": {"type": "string", "pattern": _KEY_PATTERN,
                       "description": "Id de otra agrupación: cada miembro puede nombrar el miembro de ella al "
                                      "que pertenece (p. ej. una meta nombra su eje con «eje: movilidad»)."},
        },
    },
}


def default_item(grouping_id: str) -> str:
    """The singular key of a grouping id: `councils` → `council`, `ejes` → `eje`."""
    return grouping_id[:-1] if grouping_id.endswith("s") and len(grouping_id) > 3 else grouping_id


def parse(data: list[dict[str, Any]], file: str, line_of: Callable[[YamlPath], int]) -> tuple[Grouping, ...]:
    """The declared groupings, defaults filled in (the declaration has passed its schema)."""
    groupings = []
    for index, item in enumerate(data):
        groupings.append(Grouping(
            id=item["id"], path=item.get("path", item["id"].replace("_", "-")), name=item["name"],
            short_name=item.get("short_name", item["name"]),
            singular=item["singular"], plural=item["plural"],
            short_singular=item.get("short_singular", item["singular"]),
            short_plural=item.get("short_plural", item["plural"]),
            gender=item["gender"], member_label=item.get("member_label", "name"),
            pages=item.get("pages", True), item=item.get("item", default_item(item["id"])),
            area=item.get("area", False), within=item.get("within"),
            origin=Origin(file, line_of(("groupings", index))),
        ))
    return tuple(groupings)


def check(groupings: tuple[Grouping, ...], doc: Document,
          problem: Callable[[Document, YamlPath, str, str], None]) -> bool:
    """Report what in the declaration collides or does not resolve; whether it is usable."""
    ok = True

    def bad(index: int, key: str, message: str) -> None:
        nonlocal ok
        ok = False
        problem(doc, ("groupings", index, key), f"groupings[{index}].{key}", message)

    seen: dict[str, dict[str, int]] = {"id": {}, "path": {}, "item": {}}
    ids = {g.id for g in groupings}
    for index, g in enumerate(groupings):
        if g.id in RESERVED_IDS:
            bad(index, "id", f"«{g.id}» ya es un campo de los resultados o un nombre de content/; "
                             "elija otro id (p. ej. «ejes», «programas»)")
        if g.path in RESERVED_PATHS:
            bad(index, "path", f"la carpeta «{g.path}» ya la usa el sitio; elija otra (no puede ser: "
                               + ", ".join(sorted(RESERVED_PATHS)) + ")")
        if f"{g.item}_ids" in OTHER_COLUMNS:
            bad(index, "item", f"«{g.item}» daría la columna «{g.item}_ids», que ya existe; elija otro")
        for key, value in (("id", g.id), ("path", g.path), ("item", g.item)):
            if value in seen[key]:
                bad(index, key, f"«{value}» ya lo usa la agrupación n.º {seen[key][value] + 1}; "
                                "cada agrupación necesita uno propio")
            seen[key].setdefault(value, index)
        if g.within is not None:
            if g.within == g.id:
                bad(index, "within", "una agrupación no puede estar dentro de sí misma")
            elif g.within not in ids:
                bad(index, "within", f"agrupación desconocida «{g.within}»; se esperaba una de: "
                                     + (", ".join(sorted(ids - {g.id})) or "(no hay otra declarada)"))
    for index, g in enumerate(groupings):
        if g.within in ids:
            parent_item = next(p.item for p in groupings if p.id == g.within)
            if parent_item in MEMBER_FIELDS:
                bad(index, "within", f"los miembros nombrarían a su contenedor con el campo «{parent_item}», que ya "
                                     "tienen para otra cosa; dé otro «item» a la agrupación contenedora")
            if _cycle(g, {x.id: x for x in groupings}):
                bad(index, "within", "las agrupaciones se contienen unas a otras en círculo")
    return ok


def _cycle(start: Grouping, by_id: dict[str, Grouping]) -> bool:
    seen = {start.id}
    current = start
    while current.within in by_id:
        current = by_id[current.within]  # type: ignore[index]
        if current.id in seen:
            return True
        seen.add(current.id)
    return False


# -- Schemas built from the declaration --------------------------------------------------


@lru_cache(maxsize=256)  # one object per shape: schema.compiled() caches by identity
def member_schema(grouping: Grouping, parent: Grouping | None) -> dict[str, Any]:
    """The schema of `content/<grouping id>/<member>.yml`."""
    from .schema import _ID, _LABEL as LABEL, _TEXT, _object

    article = "una" if grouping.feminine else "un"
    the = "la" if grouping.feminine else "el"
    properties: dict[str, Any] = {
        "id": _ID,
        "order": {"type": "integer", "minimum": 1, "description": "Posición en menús (opcional)."},
        "acronym": LABEL,
        "name": LABEL,
    }
    required = ["id", "name"]
    if grouping.member_label == "acronym":
        required.insert(1, "acronym")
    if grouping.area:
        properties["area"] = {**_ID, "description": f"Área que coordina {the} {grouping.short_singular}."}
        required.append("area")
    if parent is not None:
        properties[parent.item] = {
            **_ID, "description": f"{capitalise(parent.short_singular)} que impulsa {the} {grouping.short_singular}."}
    properties["summary"] = _TEXT
    return _object(properties, required, f"content/{grouping.id}/<id>.yml: {article} {grouping.singular}.")


def member_schemas(groupings: Iterable[Grouping]) -> dict[str, dict[str, Any]]:
    """Each grouping's member schema, by grouping id."""
    by_id = {g.id: g for g in groupings}
    return {g.id: member_schema(g, by_id.get(g.within or "")) for g in by_id.values()}


# -- Words -----------------------------------------------------------------------------------


def capitalise(text: str) -> str:
    """`text` with its first letter upper-case, the rest as written."""
    return text[:1].upper() + text[1:]


def article(grouping: Grouping, plural: bool = False) -> str:
    """The definite article that agrees with the grouping's noun: el, la, los, las."""
    if grouping.feminine:
        return "las" if plural else "la"
    return "los" if plural else "el"


def of_the(grouping: Grouping) -> str:
    """«del» or «de la», before the grouping's singular noun."""
    return "de la" if grouping.feminine else "del"


def agree(word: str, grouping: Grouping) -> str:
    """A masculine participle or adjective (`relacionado`, `relacionados`) agreeing with the grouping."""
    if not grouping.feminine:
        return word
    if word.endswith("os"):
        return word[:-2] + "as"
    return word[:-1] + "a" if word.endswith("o") else word



def member_count(fmt: LocaleFormat, grouping: Grouping, count: int, short: bool = False) -> str:
    """`count` members in words: «1 consejo nacional», «1.555 planes» (es_BO): the
    locale's digits, and the declared noun agreeing as the locale's plural rules say."""
    if short:
        return fmt.count(count, grouping.short_singular, grouping.short_plural)
    return fmt.count(count, grouping.singular, grouping.plural)
