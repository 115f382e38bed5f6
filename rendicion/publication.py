"""Where and when the site is published, and how its JSON files are written.

Shared by the exports (`rendicion.exports`, `rendicion.tables`) and the feeds
(`rendicion.feeds`) so that the data path reads in one direction: both import
this module, and neither imports the other.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

#: The folder of the site that holds every download.
DATA_DIR = "datos"


@dataclass(frozen=True)
class Publication:
    """Where and when the site is published: what exports need beyond content."""

    site_url: str = ""
    #: The date the content last changed, if known (from site.yml or the repository).
    updated: datetime.date | None = None

    def url(self, path: str) -> str:
        """Absolute when `site_url` is known, else relative to the site root."""
        if not self.site_url:
            return path
        base = self.site_url if self.site_url.endswith("/") else self.site_url + "/"
        # Site paths never start with "/" or "..": joining is appending, and
        # urljoin's parsing was a tenth of the exports' time at 10,000 results.
        return base + path if not path.startswith(("/", "..")) else urljoin(base, path)


def json_bytes(document: Any, compact: bool = False) -> bytes:
    """`document` as UTF-8 JSON.

    Big files are `compact`: without `indent`, the json module uses its C
    encoder (several times faster at 10,000 results), and browsers and `jq`
    indent it for reading anyway.
    """
    if compact:
        return (json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
