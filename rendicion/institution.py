"""How sentences name the institution: with the article Spanish asks for.

«Resultados publicados por la Secretaría de Gobernabilidad», «por el Ministerio
de Salud», «por SEGOB». site.yml may say the article (`institution.article`);
otherwise it follows from the name's first word: its gender, by the usual
endings and the common nouns of institutions that break them. An acronym on
its own («SEGOB») takes none.
"""

from __future__ import annotations

from .model import Institution

ARTICLES = ("el", "la", "los", "las")
#: Nouns of institutions whose gender their ending does not tell.
_MASCULINE = frozenset({"sistema", "programa", "consejo", "fondo", "organismo", "órgano", "instituto",
                        "ministerio", "gobierno", "tribunal", "centro", "comité", "despacho", "ente",
                        "registro", "banco", "servicio", "departamento", "viceministerio", "gabinete",
                        "poder", "concejo", "municipio", "observatorio", "proyecto", "plan", "hospital"})
_FEMININE = frozenset({"corte", "red", "sede", "cámara", "mesa", "junta", "contraloría", "gerencia",
                       "oficina", "agencia", "asamblea", "alcaldía", "comisión", "unidad", "dirección"})
#: Feminine nouns that start with a stressed «a» or «ha» written without an accent (they take «el»).
_STRESSED_A = frozenset({"agua", "aula", "alma", "arma", "ala", "hacha", "habla", "hambre", "arca", "aria", "asma"})
_FEMININE_ENDINGS = ("a", "ión", "dad", "tad", "tud", "ez", "umbre", "sis")


def name_with_article(name: str) -> str:
    """«la Unidad de Comunicación», «el Área de Comunicaciones», «ES Calidad»: any name after «por»."""
    art = guess_article(name)
    return f"{art} {name}" if art else name


def article_of(institution: Institution) -> str:
    """The article of the institution's name in a sentence: «el», «la», «los», «las» or "" (none)."""
    if institution.article is not None:
        return institution.article
    return guess_article(institution.name)


def guess_article(name: str) -> str:
    """The article a Spanish institution's name takes, from its first word."""
    words = name.split()
    if not words:
        return ""
    first = words[0]
    lower = first.lower()
    if lower in ARTICLES or first.isupper() or not first[:1].isalpha():
        return ""  # already has one, an acronym, or a name starting with a number
    plural = lower.endswith("s") and not lower.endswith(("sis", "ís", "és")) and len(lower) > 3
    # A plural's singular: «fuerzas» → fuerza, «tribunales» → tribunal, «comisiones» → comision.
    nouns = [lower[:-1], lower[:-2]] if plural else [lower]
    if any(n in _MASCULINE for n in nouns):
        feminine = False
    elif any(n in _FEMININE for n in nouns):
        feminine = True
    else:
        feminine = any(n.endswith(_FEMININE_ENDINGS + ("ion",)) for n in nouns[:1]) or (
            plural and nouns[1].endswith(("ion", "dad", "tad", "tud")))
    if plural:
        return "las" if feminine else "los"
    if feminine and (lower[:1] == "á" or lower in _STRESSED_A):
        return "el"  # «el Área de Comunicaciones», «el agua»: a feminine noun with a stressed a- or ha-
    return "la" if feminine else "el"


def with_article(institution: Institution) -> str:
    """The name as a sentence uses it after a preposition: «la Secretaría de Gobernabilidad»."""
    art = article_of(institution)
    return f"{art} {institution.name}" if art else institution.name


def by_institution(institution: Institution) -> str:
    """«por la Secretaría…», «por el Ministerio…»."""
    return f"por {with_article(institution)}"


def of_institution(institution: Institution) -> str:
    """«de la Secretaría…», «del Ministerio…» (de + el contracts)."""
    art = article_of(institution)
    if art == "el":
        return f"del {institution.name}"
    return f"de {art} {institution.name}" if art else f"de {institution.name}"
