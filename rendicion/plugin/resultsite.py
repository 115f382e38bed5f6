"""The result pages, written by the plugin instead of MkDocs' page loop.

A site has one page per result (`resultados/<id>/`, the slim `ficha.html`
template): 10,000 pages at 10,000 results, which MkDocs would read, convert,
pass through every plugin and render with the theme one by one: most of a
big site's build. They are not MkDocs files. After MkDocs has written its
pages (`on_post_build`), the plugin writes them here:

1. the **frame**: one result page rendered exactly as MkDocs renders a page
   (`render_page`: every plugin's page events, the theme's template), planned
   with a marker for its id, title, description and body (`frames.py`);
2. the **check**: the first and last result pages rendered the same exact
   way, and compared with the frame filled with their values. Any
   difference (a theme override or a plugin that shows something else per
   page) turns the frame off: every page is then rendered exactly, as slow
   as before but never different;
3. each page: the frame filled with its values when they are *plain* (no
   filter in the theme can change them: see `plain`), else rendered exactly.

`tests/test_resultsite.py` compares every result page with an exact render.
"""

from __future__ import annotations

import dataclasses
import logging
import re
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

from markupsafe import Markup, escape
from mkdocs.commands.build import get_context
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page as MkDocsPage

from .. import resultpages
from ..frames import Frame, Markers, write_page
from ..sharedwork import SharedWork, WorkerFailed
from ..pages import Page
from .theme import theme_text

log = logging.getLogger("mkdocs.plugins.rendicion")

#: Above this many pages to write, a forked copy of the build writes them beside MkDocs.
PARALLEL_ABOVE = 500
#: Result ids are slugs (schema.ID_PATTERN): the same in every URL and attribute.
PLAIN_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def render_page(planned: Page, config: MkDocsConfig, files: Files, nav: Any, env: Any) -> str:
    """`planned` rendered as MkDocs' build renders a page (`_populate_page` and
    `_build_page` of mkdocs/commands/build.py), without writing it."""
    file = File.generated(config, planned.src_uri, content=planned.markdown, inclusion=InclusionLevel.NOT_IN_NAV)
    page = MkDocsPage(None, file, config)
    config._current_page = page
    try:
        page = config.plugins.on_pre_page(page, config=config, files=files)
        page.read_source(config)
        page.markdown = config.plugins.on_page_markdown(page.markdown or "", page=page, config=config, files=files)
        page.render(config, files)
        page.content = config.plugins.on_page_content(page.content or "", page=page, config=config, files=files)
        page.active = True
        context = get_context(nav, files, config, page)
        template = env.get_template(page.meta.get("template", "main.html"))
        context = config.plugins.on_page_context(context, page=page, config=config, nav=nav)
        return config.plugins.on_post_page(template.render(context), page=page, config=config)
    finally:
        page.active = False
        config._current_page = None


def plain(text: str) -> bool:
    """Whether the theme text `text` comes out of every filter the theme applies
    to a title unchanged: `striptags | e` (in <title>) unescapes entities,
    turns `&#123;` back into `{` and collapses runs of white space."""
    return str(escape(Markup(text).striptags())) == text


def dest_uri(planned: Page) -> str:
    """Where MkDocs would write `planned` (directory URLs or not)."""
    return planned.url + "index.html" if planned.url.endswith("/") or not planned.url else planned.url


@dataclasses.dataclass
class Written:
    """What `write_result_pages` did: pages written from the frame and rendered exactly."""

    framed: int = 0
    exact: int = 0
    frame: str | None = None  # the frame's text (None when it was turned off)


class ResultPages:
    """Writes a build's result pages into the site (see the module's docstring).

    `render(planned, body)` renders a planned page exactly with `body` as its
    body (the plugin's `render_generated`); `body(planned)` is the page's body.
    """

    def __init__(self, render: Callable[[Page, str], str], body: Callable[[Page], str]) -> None:
        self.render = render
        self.body = body
        self.done = Written()
        self.site_dir = Path()
        self.frame: Frame | None = None
        self.todo: list[Page] = []
        self.shared: SharedWork | None = None

    def frame_of(self, sample: Page) -> Frame:
        """The frame of result pages, rendered from `sample` with markers for its values."""
        markers = Markers()
        folder = f"{resultpages.FOLDER}/{sample.key}"
        if not (sample.src_uri.startswith(folder) and sample.url.startswith(folder)):
            raise ValueError(f"rendicion: una ficha fuera de {resultpages.FOLDER}/: {sample.src_uri}")
        stand_in = dataclasses.replace(
            sample, key=markers["id"], title=markers["title"], description=markers["description"],
            src_uri=f"{resultpages.FOLDER}/{markers['id']}{sample.src_uri[len(folder):]}",
            url=f"{resultpages.FOLDER}/{markers['id']}{sample.url[len(folder):]}")
        return Frame(self.render(stand_in, markers["body"]), markers)

    def values(self, planned: Page, body: str) -> dict[str, str] | None:
        """The frame's values for `planned`, or None when one is not plain (then: exact render)."""
        title, description = str(theme_text(planned.title)), str(theme_text(planned.description))
        if not (PLAIN_ID.fullmatch(str(planned.key)) and plain(title) and plain(description)
                and "<h1" not in body):  # Material adds the page title as <h1> to a body without one
            return None
        return {"id": str(planned.key), "title": title, "description": description, "body": body}

    def start(self, pages: Sequence[Page], site_dir: Path, only: Iterable[str] | None = None,
              last_frame: str | None = None, parallel_above: int | None = None) -> None:
        """Make the frame, check it, and start writing `pages` (all result pages of
        the plan, in order) into `site_dir`: in a forked copy of the build when
        there are more than `parallel_above` (`sharedwork.py`), else in `finish`.
        With `only` (src_uris), just those, if the frame is `last_frame` (the
        frame of the build that wrote the others: the preview's rebuilds)."""
        self.site_dir = site_dir
        if not pages:
            return
        self.frame = self.frame_of(pages[0])
        samples = self._samples(pages)
        if not samples or any(self.frame.fill(values) != self.render(sample, values["body"])
                              for sample, values in samples):
            log.info("rendicion: las fichas se generan una a una (el tema muestra en cada una algo propio)")
            self.frame = None
        self.done.frame = self.frame.text if self.frame is not None else None
        wanted = None if only is None or self.done.frame != last_frame else set(only)
        self.todo = [p for p in pages if wanted is None or p.src_uri in wanted]
        if len(self.todo) > (PARALLEL_ABOVE if parallel_above is None else parallel_above):
            self.shared = SharedWork(len(self.todo), self._write_one)
            self.shared.start()

    def _samples(self, pages: Sequence[Page], tries: int = 20) -> list[tuple[Page, dict[str, str]]]:
        """The first and the last page the frame would write (their values): the check renders them exactly."""
        found: dict[str, tuple[Page, dict[str, str]]] = {}
        for candidates in (pages[:tries], pages[:-tries - 1:-1]):
            for planned in candidates:
                values = self.values(planned, self.body(planned))
                if values is not None:
                    found[planned.src_uri] = (planned, values)
                    break
        return list(found.values())

    def finish(self) -> Written:
        """Write what is left, wait for the forked copy; what was written (the
        counts are this process's: the copy's are not reported back)."""
        if self.shared is not None:
            try:
                self.shared.finish()
            except WorkerFailed as error:
                raise PluginError(f"rendicion: no se pudieron escribir las fichas de resultados:\n{error}") from None
        else:
            for i in range(len(self.todo)):
                self._write_one(i)
        return self.done

    def stop(self) -> None:
        """After a failed build: wait for the forked copy, without its errors."""
        if self.shared is not None:
            try:
                self.shared.stop()
            except WorkerFailed:
                pass

    def _write_one(self, index: int) -> None:
        planned = self.todo[index]
        body = self.body(planned)
        values = self.values(planned, body) if self.frame is not None else None
        if values is not None:
            html = self.frame.fill(values)  # type: ignore[union-attr]
            self.done.framed += 1
        else:
            html = self.render(planned, body)
            self.done.exact += 1
        write_page(self.site_dir, dest_uri(planned), html)
