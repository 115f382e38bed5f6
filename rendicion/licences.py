"""The data licence that site.yml names (`licence`), in the forms open-data formats ask for.

`licence` is free text («CC BY 4.0», «CC-BY-4.0», «Creative Commons
Atribución 4.0»…). A licence recognised here gets its Open Definition / SPDX
id, its canonical URL and its title, for the Data Package, the DCAT
catalogue and the schema.org JSON-LD. One that is not recognised is only
shown as written: no format gets an id or a URL we would have to invent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Licence:
    id: str  # SPDX / Open Definition id, e.g. "CC-BY-4.0"
    url: str
    title: str


_CC = "https://creativecommons.org/licenses/{}/4.0/"
KNOWN = (
    Licence("CC-BY-4.0", _CC.format("by"), "Creative Commons Attribution 4.0"),
    Licence("CC-BY-SA-4.0", _CC.format("by-sa"), "Creative Commons Attribution Share-Alike 4.0"),
    Licence("CC0-1.0", "https://creativecommons.org/publicdomain/zero/1.0/", "Creative Commons CC0 1.0"),
    Licence("ODC-By-1.0", "https://opendatacommons.org/licenses/by/1-0/", "Open Data Commons Attribution License 1.0"),
    Licence("ODbL-1.0", "https://opendatacommons.org/licenses/odbl/1-0/", "Open Data Commons Open Database License 1.0"),
    Licence("PDDL-1.0", "https://opendatacommons.org/licenses/pddl/1-0/",
            "Open Data Commons Public Domain Dedication and License 1.0"),
)
#: Spellings people write, reduced by `_key`, to the licence they mean.
_ALIASES = {
    "ccby40": "CC-BY-4.0", "creativecommonsattribution40": "CC-BY-4.0", "creativecommonsatribucion40": "CC-BY-4.0",
    "ccbysa40": "CC-BY-SA-4.0", "creativecommonsattributionsharealike40": "CC-BY-SA-4.0",
    "creativecommonsatribucioncompartirigual40": "CC-BY-SA-4.0",
    "cc010": "CC0-1.0", "cc0": "CC0-1.0", "creativecommonscc010": "CC0-1.0", "creativecommonszero10": "CC0-1.0",
    "odcby10": "ODC-By-1.0", "odbl10": "ODbL-1.0", "odbl": "ODbL-1.0", "pddl10": "PDDL-1.0",
}
_BY_ID = {licence.id: licence for licence in KNOWN}
_ACCENTS = str.maketrans("áéíóúü", "aeiouu")


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower().translate(_ACCENTS))


def licence_of(text: str | None) -> Licence | None:
    """The licence `text` names (an id, a common spelling or its canonical URL), or None."""
    if not text:
        return None
    stripped = text.strip().rstrip("/")
    for licence in KNOWN:
        if stripped.lower() in (licence.url.rstrip("/").lower(), licence.id.lower()):
            return licence
    known = _ALIASES.get(_key(text))
    return _BY_ID[known] if known else None
