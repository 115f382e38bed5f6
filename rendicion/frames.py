"""Many pages of one shape, written from one rendered frame.

A site has one result page per result: thousands of pages that differ only
in a few values (the result's id, title, description and body) inside the
same theme frame (head, header, navigation, footer). Rendering the theme's
templates for each of them was most of a big site's build. Instead the
frame is rendered once with a *marker* in place of each value, split at the
markers, and each page is the frame's parts joined with its own values.

The markers are random per build (`Markers`), made of letters and digits only,
so every template filter passes them through unchanged and no content can
name one. Values are joined in, never searched: a value holding something
that looks like a marker is copied as it is. Whether a value may take the
fast path (a filter in the frame could change it) and whether the frame
gives the same page as a full render are the caller's checks
(`rendicion/plugin/resultsite.py`).
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

#: The values a result page's frame leaves open.
SLOTS = ("id", "title", "description", "body")


@dataclass(frozen=True)
class Markers:
    """One marker per slot, for one build: `rc<token><slot><token>`."""

    token: str = field(default_factory=lambda: secrets.token_hex(8))

    def __getitem__(self, slot: str) -> str:
        if slot not in SLOTS:
            raise KeyError(slot)
        return f"rc{self.token}{slot}{self.token}"

    def pattern(self) -> re.Pattern[str]:
        return re.compile(f"rc{self.token}({'|'.join(SLOTS)}){self.token}")


class Frame:
    """A page rendered with markers, split into its fixed text and its slots."""

    def __init__(self, html: str, markers: Markers) -> None:
        pieces = markers.pattern().split(html)
        #: Fixed text at even positions, slot names at odd ones.
        self.pieces: tuple[str, ...] = tuple(pieces)
        self.slots: frozenset[str] = frozenset(pieces[1::2])

    @property
    def text(self) -> str:
        """The frame with each marker replaced by its slot's name: the same from build to build."""
        return "".join(piece if i % 2 == 0 else f"\0{piece}\0" for i, piece in enumerate(self.pieces))

    def fill(self, values: Mapping[str, str]) -> str:
        """The page with `values` (one per slot of `SLOTS`) in place of the markers."""
        return "".join(piece if i % 2 == 0 else values[piece] for i, piece in enumerate(self.pieces))


def write_page(site_dir: Path, dest_uri: str, html: str) -> None:
    """Write one page as MkDocs does (UTF-8, characters it cannot encode as references)."""
    path = site_dir / dest_uri
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(html.encode("utf-8", errors="xmlcharrefreplace"))
