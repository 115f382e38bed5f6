"""URL-safe identifiers made from Spanish text."""

from __future__ import annotations

import re
import unicodedata


def slug(text: str, default: str, max_words: int | None = None) -> str:
    """Lower-case ASCII words joined by hyphens: `Área de Diálogo` → `area-de-dialogo`.

    Accents are dropped (`ñ` → `n`); `default` stands in when nothing is left.
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    words = re.findall(r"[a-z0-9]+", ascii_text)
    return "-".join(words[:max_words]) or default
