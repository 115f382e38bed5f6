"""What one build knows, for the MkDocs glue: the content, its plan, the renderer,
and the bodies waiting for their page (see `Build`)."""

from __future__ import annotations

import itertools
import re
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from ..exports import Download
from ..model import Content
from ..pages import PagePlan
from ..render import Renderer


@dataclass(frozen=True)
class Build:
    """What one build knows: the content, its page plan and the renderer."""

    content_dir: Path
    content: Content
    plan: PagePlan
    downloads: list[Download]
    renderer: Renderer
    #: Rendered bodies waiting for their page's `on_page_content`, by marker number.
    bodies: dict[int, str] = field(default_factory=dict)
    #: Generated pages' bodies set aside compressed until their page is written, by marker number.
    aside: dict[int, bytes] = field(default_factory=dict)
    numbers: Iterator[int] = field(default_factory=itertools.count)
    #: The theme's feed links, by (page kind, key) (see `headlinks.feed_links`).
    feed_links: dict[tuple[str | None, str | None], list[tuple[str, str, str, bool]]] = field(default_factory=dict)

    def stash(self, html: str) -> str:
        """Keep `html` aside and return the marker that stands for it in the Markdown.

        For hand-written pages in docs/ that call the `page_body` macro (generated
        pages get their body directly in `on_page_content`). The body is HTML
        already, and its text must not meet Markdown or mkdocs-macros again. Handing it to Python-Markdown would make it
        parse every tag of a page of thousands of results only to copy it
        through (most of the build's time on big sites); a one-line comment
        passes through untouched and is swapped back in `on_page_content`.
        """
        number = next(self.numbers)
        self.bodies[number] = html
        return f"<!--rendicion-body-{number}-->"

    def set_aside(self, html: str) -> str:
        """Keep a generated page's body compressed until its page is written (`put_back`),
        and return the marker that stands for it in `page.content`.

        MkDocs holds every page's content from the first page read to the last
        written: at 50,000 results, over a thousand listing pages of up to half a
        megabyte each, most of the build's memory. The marker says whether the
        body has its own <h1> (Material adds the page title as one when not).
        """
        number = next(self.numbers)
        self.aside[number] = zlib.compress(html.encode("utf-8"), 1)
        return f"<!--rendicion-aside-{number}{' <h1' if '<h1' in html else ''}-->"

    def put_back(self, html: str) -> str:
        """`html` with the body set aside in its place (see `set_aside`)."""
        found = ASIDE_MARKER.search(html)
        if found is None:
            return html
        body = zlib.decompress(self.aside.pop(int(found.group(1)))).decode("utf-8")
        return html[:found.start()] + body + html[found.end():]

    def unstash(self, html: str) -> str:
        """`html` with every body marker replaced by the body it stands for."""
        if "<!--rendicion-body-" not in html:
            return html
        return BODY_MARKER.sub(lambda m: self.bodies.pop(int(m.group(1))), html)


# Markdown may wrap the marker in a paragraph when a page writes it inline.
BODY_MARKER = re.compile(r"(?:<p>)?<!--rendicion-body-(\d+)-->(?:</p>)?")
ASIDE_MARKER = re.compile(r"<!--rendicion-aside-(\d+)(?: <h1)?-->")
