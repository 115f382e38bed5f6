"""The live preview's rebuilds: only what an edit changed is parsed, rendered and written.

`mkdocs serve` rebuilds the whole site on every save. While serving, the
`rendicion` plugin hands the work to one `Preview`, kept across rebuilds:

- **loading**: `LoadCache` (`rendicion/loadcache.py`) re-reads only the YAML
  files that changed; the checks that span files run on the whole model, and a
  result whose entry did not change is the last load's object.
- **planning and share cards**: the pages of unchanged results and the listings
  of unchanged areas and members are the last plan's (`pages.PlanMemo`), while
  nothing but the results changed; then only the changed results' share cards
  are made and drawn (`changed_result_ids`), the others stay in the folder.
- **pages**: each rendered page body is fingerprinted with its title,
  description and table of contents. After the first build, rebuilds run as MkDocs "dirty" builds
  (`install` wraps the server's builder): a generated page whose fingerprint
  did not change is neither read nor rendered by the theme nor written; its
  file from the previous build stays. Which pages an edit can change is told
  from the content, without rendering them (`rendicion/editimpact.py`): the
  pages of the areas, members and partners that own a changed result (or one
  of its series), its own result page, any page whose planned layout changed,
  and every page of another kind (home, years, data…). Result pages and share
  images an edit did not change are not written again either. Hand-
  written pages (docs/) are always rebuilt; downloads are always made, but
  written only when their bytes changed (an untouched area's or member's are the
  last build's bytes object: nothing to compare). When anything every page shows
  changes (the navigation, the site's identity, the problems banner, the set
  of files), the site folder is emptied and everything is rebuilt, as in a
  clean build.
  Page identity is the planned page's `src_uri` (with its kind and key), so
  any page kind the plan gains is covered.
- **search**: Material's index is kept exact: each page's entries are
  remembered, and a skipped page contributes its entries from the build that
  wrote it. Pagefind indexes the whole built site, so in a rebuild it runs in
  the background after the page is served; the log says so (search then shows
  the edit a few seconds later).

- **memory**: Python's cyclic collector is off during a rebuild and collects once the
  preview is idle (`rendicion/idlecollect.py`).

`tests/test_preview_incremental.py` checks that a rebuild writes the same
files, byte for byte, as a fresh build of the edited content.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import subprocess
from pathlib import Path
from typing import Any, Callable, Iterator

from mkdocs import utils
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page as MkDocsPage

from ..downloadparts import DownloadMemo
from ..errors import Problem
from ..idlecollect import IdleCollector
from ..editimpact import Changes, changed_results
from ..loadcache import LoadCache
from ..model import Content
from ..pages import Page, PagePlan, PlanMemo
from . import search
from .theme import theme_text
from .themelisting import remembered_theme_filter

log = logging.getLogger("mkdocs.plugins.rendicion")

#: With RENDICION_PREVIEW_VERIFY=1 (the tests), pages the preview would skip are rendered
#: too, and a skipped page whose body changed stops the build.
VERIFY = "RENDICION_PREVIEW_VERIFY"

#: MkDocs warns on every dirty build; with `strict` the warning would abort it.
DIRTY_WARNING = "A 'dirty' build is being performed"


class Preview:
    """What the preview keeps between rebuilds of one `serve` session."""

    def __init__(self) -> None:
        self.cache = LoadCache()
        #: The fingerprints of the pages (by src_uri) and of the site, and the downloads' bytes, in the site folder.
        self.written: dict[str, str] = {}
        self.site_written: str | None = None
        self.downloads_written: dict[str, bytes] = {}
        #: This build: its fingerprints and downloads, and whether it is a dirty (incremental) rebuild.
        self.pending: dict[str, str] = {}
        self.downloads_pending: dict[str, bytes] = {}
        self.site_pending: str | None = None
        self.incremental = False
        #: Bodies rendered while fingerprinting, for `on_page_content` (by src_uri).
        self.bodies: dict[str, str] = {}
        #: Material's search entries of each page, and this build's order of pages (by src_uri).
        self.search_entries: dict[str, list[dict[str, Any]]] = {}
        self.page_order: list[str] = []
        self._search_mark = 0
        self.pagefind: subprocess.Popen[bytes] | None = None
        #: How many generated pages the last build rendered with the theme and wrote.
        self.rebuilt = 0
        self._site_before: str | None = None
        self.collector = IdleCollector()
        #: The content, plan and publication of the last build (to tell what an edit changed).
        self.previous: tuple[Content, PagePlan, Any] | None = None
        #: This build's result pages to write (None: all), and the frame of those written (resultsite.py).
        self.result_writes: set[str] | None = None
        self.result_frame: str | None = None
        #: The share images in the site folder (site path -> key), and whether this build keeps them.
        self.images_placed: dict[str, str] = {}
        self._images_kept = False
        #: Each result's pieces of the downloads, kept from the last build (downloadparts.py).
        self.downloads_memo = DownloadMemo()
        #: The pages planned last time, reused where their inputs did not change (pages.py).
        self.plan_memo = PlanMemo()
        #: What this build's edit changed (None: anything may have: every page is rendered again),
        #: and the last build's plan (`see_edit`).
        self.changes: Changes | None = None
        self._previous_plan: PagePlan | None = None

    # -- loading -----------------------------------------------------------------

    def load(self, content_dir: Path) -> Content:
        return self.cache.load(content_dir)

    # -- serving -----------------------------------------------------------------

    def install(self, server: Any) -> None:
        """Make the server's rebuilds (every build after the first) incremental."""
        builder: Callable[[], None] = server.builder

        def rebuild(*args: Any, **kwargs: Any) -> None:
            with dirty_builds():
                builder(*args, **kwargs)

        server.builder = rebuild

    def start_build(self) -> None:
        # The last save's index is out of date now, and it would take a core from this rebuild.
        self.stop_indexing()
        # No cyclic garbage collection while the saved page waits (idlecollect.py).
        self.collector.pause()
        self.incremental = _dirty and self.site_written is not None
        # A build that fails half-way leaves files of two builds: the next one starts clean.
        self._site_before, self.site_written = self.site_written, None
        self._images_kept = False
        self.pending, self.bodies, self.changes = {}, {}, None
        self.page_order, self._search_mark, self.rebuilt = [], 0, 0

    def see_edit(self, content: Content, plan: PagePlan, publication: Any) -> frozenset[str] | None:
        """Tell what this build's content changed since the last build (`changes`), before
        anything is made from it; return the ids of the results it changed, when nothing
        else did (None: anything may have). `publication`: what pages show besides the
        content (where the site lives, the record of changes)."""
        previous, self.previous = self.previous, None
        self.changes = (Changes.of(changed_results(previous[0], content, previous[1], plan), previous[0], content,
                                   plans=(previous[1], plan))
                        if self.incremental and previous and previous[2] == publication
                        and content.same_except_results(previous[0]) else None)
        self.previous, self._previous_plan = (content, plan, publication), previous[1] if previous else None
        return self.changes.results if self.changes is not None else None

    def mark_files(self, files: Files, config: MkDocsConfig, plan: PagePlan, body: Callable[[Page], str],
                   generated: dict[str, File], downloads: list[File], problems: list[Problem],
                   search_backend: str) -> None:
        """Fingerprint every planned page and download, and tell MkDocs which ones to
        render and write again (`is_modified`), from what `see_edit` found changed; when
        anything but the results changed, every page is rendered again."""
        changes, old_plan = self.changes, self._previous_plan
        verify = os.environ.get(VERIFY) == "1"
        changed_result_pages: set[str] = set()
        for page in plan.pages:
            old_page = old_plan.by_src_uri(page.src_uri) if old_plan else None
            if changes is not None and old_page is page and page.src_uri in self.written:
                # An unchanged planned page is the same object (PlanMemo): one check instead of three.
                render = changes.touch(page)
            else:
                render = (changes is None or page.src_uri not in self.written or old_page != page
                          or changes.touch(page) or changes.touch(old_page))
            if render or verify:
                html = body(page)
                self.bodies[page.src_uri] = html
                fingerprint = _digest(page.kind, page.key, page.src_uri, page.title, page.description,
                                      repr(page.toc), html)
                if not render and fingerprint != self.written[page.src_uri]:
                    raise AssertionError(f"preview: {page.src_uri} changed but was not going to be re-rendered")
                if page.kind == "result" and fingerprint != self.written.get(page.src_uri):
                    changed_result_pages.add(page.src_uri)
            else:
                fingerprint = self.written[page.src_uri]
            self.pending[page.src_uri] = fingerprint
        self.site_pending = _digest(
            repr(config.nav), repr(problems), search_backend, config.site_name, config.site_description or "",
            config.site_url or "", repr(config.extra), repr(config.copyright),
            "\1".join(f"{f.src_uri}\0{f.dest_uri}" for f in files),
            # Result pages are not MkDocs files (resultsite.py): one removed leaves a stale page.
            "\0".join(p.src_uri for p in plan.result_pages),
        )
        full = not self.incremental or self.site_pending != self._site_before
        if full and self.incremental:
            # Something every page shows changed: start from an empty folder, as a clean build.
            utils.clean_directory(config.site_dir)
        self._images_kept = not full
        for src_uri, file in generated.items():
            changed = full or self.written.get(src_uri) != self.pending[src_uri]
            file.is_modified = _TRUE if changed else _FALSE  # type: ignore[method-assign]
            self.rebuilt += changed
        self.result_writes = None if full else changed_result_pages
        self.rebuilt += len(plan.result_pages) if self.result_writes is None else len(self.result_writes)
        self.downloads_pending = {file.src_uri: file.content_bytes for file in downloads}
        for file in downloads:
            # A download with the same bytes is already in the folder: not written again. Those of an
            # area or member an edit did not touch are the same objects (downloadparts.py): no compare.
            data, before = file.content_bytes, self.downloads_written.get(file.src_uri)
            if not full and before is not None and (before is data or before == data):
                file.is_modified = _FALSE  # type: ignore[method-assign]
        for file in files.documentation_pages(inclusion=InclusionLevel.is_in_serve):
            if file.src_uri not in generated:
                # Hand-written pages may call the generator's macros: always rebuilt.
                file.is_modified = _TRUE  # type: ignore[method-assign]
            self.page_order.append(file.src_uri)
        if full:
            self.search_entries = {}

    def changed_result_ids(self) -> frozenset[str] | None:
        """The results this build's edit changed, when the rest are as the site folder has
        them (pages, images); None when the folder was emptied or anything else changed."""
        return self.changes.results if self.changes is not None and self._images_kept else None

    def images_in_site(self) -> dict[str, str] | None:
        """The share images the site folder still holds from the last build (None: none)."""
        return self.images_placed if self._images_kept else None

    def result_pages_to_write(self) -> tuple[set[str] | None, str | None]:
        """The result pages an edit changed (None: all), and the frame of the build
        that wrote the others (if this build's frame differs, all are written)."""
        return self.result_writes, self.result_frame

    def body(self, page: Page) -> str | None:
        """The body rendered while fingerprinting `page`, if any."""
        return self.bodies.pop(page.src_uri, None)

    def nav_titles(self, files: Files, plan: PagePlan) -> None:
        """Skipped pages keep the title a full build gives them (the navigation of the rebuilt pages shows it)."""
        for file in files.documentation_pages():
            planned = plan.by_src_uri(file.src_uri)
            if planned is not None and file.page is not None and not file.is_modified():
                file.page.meta["title"] = theme_text(planned.title)
                file.page.meta["description"] = theme_text(planned.description)

    def page_searched(self, page: MkDocsPage, config: MkDocsConfig) -> None:
        """After Material's search indexed `page` (its `on_page_context` runs first): keep its entries."""
        index = _material_index(config)
        if index is None:
            return
        self.search_entries[page.file.src_uri] = index.entries[self._search_mark:]
        self._search_mark = len(index.entries)

    def post_build(self, config: MkDocsConfig, search_backend: str) -> bool:
        """Before the search plugins write their index; True if this plugin must not run Pagefind itself."""
        index = _material_index(config)
        if index is not None and self.incremental:
            index.entries = [e for src_uri in self.page_order for e in self.search_entries.get(src_uri, [])]
            # Under `mkdocs serve --dirty`, Material would merge its previous index in again.
            plugin = config.plugins.get("material/search") or config.plugins.get("search")
            if hasattr(plugin, "search_index_prev"):
                plugin.search_index_prev = None
        self.written, self.site_written = self.pending, self.site_pending
        self.downloads_written, self.downloads_pending = self.downloads_pending, {}
        self.end_build()
        if search_backend == search.PAGEFIND and self.incremental:
            self.index_in_background(Path(config.site_dir))
            return True
        return False

    def end_build(self) -> None:
        """After a build, finished or failed: the cyclic collector runs once the preview is idle."""
        self.collector.collect_when_idle()

    def index_in_background(self, site_dir: Path) -> None:
        """Run Pagefind over the site without holding up the preview."""
        self.stop_indexing()
        log.info("Vista previa: la búsqueda se actualiza en segundo plano (unos segundos)")
        self.pagefind = subprocess.Popen(search.pagefind_command(site_dir), stdout=subprocess.DEVNULL,
                                         stderr=subprocess.DEVNULL)
        with contextlib.suppress(OSError, AttributeError):  # lower priority where the system allows it
            os.setpriority(os.PRIO_PROCESS, self.pagefind.pid, 10)  # type: ignore[attr-defined]

    def stop(self) -> None:
        self.collector.resume()
        self.stop_indexing()

    def stop_indexing(self) -> None:
        """Stop a background Pagefind run, if one is still going."""
        if self.pagefind is not None and self.pagefind.poll() is None:
            self.pagefind.terminate()
            self.pagefind.wait()
        self.pagefind = None


#: How often `mkdocs serve` looks for saved content files (MkDocs' own watch: every 0.5 s).
CONTENT_POLL_SECONDS = 0.2


def watch_content(server: Any, content_dir: Path) -> None:
    """Make `server` rebuild when a file under `content_dir` changes, looking for
    changes every `CONTENT_POLL_SECONDS` (a save waited 0.25 s on average to be seen).

    MkDocs' server has one polling observer for every watched folder; the
    observer gives its polling interval to each watch when it is added, so it
    is lowered for this one only. Content folders are a few hundred files: a
    look takes milliseconds."""
    observer = getattr(server, "observer", None)
    interval = getattr(observer, "_timeout", None)
    if not isinstance(interval, (int, float)) or isinstance(interval, bool) or interval <= CONTENT_POLL_SECONDS:
        server.watch(str(content_dir))
        return
    observer._timeout = CONTENT_POLL_SECONDS  # type: ignore[union-attr]
    try:
        server.watch(str(content_dir))
    finally:
        observer._timeout = interval  # type: ignore[union-attr]


def _TRUE() -> bool:
    return True


def _FALSE() -> bool:
    return False


def _digest(*parts: Any) -> str:
    sha = hashlib.sha1()
    for part in parts:
        sha.update(str(part).encode("utf-8", "surrogatepass"))
        sha.update(b"\0\1")
    return sha.hexdigest()


def _material_index(config: MkDocsConfig) -> Any:
    plugin = config.plugins.get("material/search") or config.plugins.get("search")
    if plugin is None or not plugin.config.get("enabled", True):
        return None
    return getattr(plugin, "search_index", None)


#: Whether MkDocs' build running now is a dirty one (see `dirty_builds`).
_dirty = False


class _DropDirtyWarning(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith(DIRTY_WARNING)


@contextlib.contextmanager
def dirty_builds() -> Iterator[None]:
    """Within: `mkdocs serve`'s builder runs MkDocs' build with `dirty=True`
    (the server keeps no other way to ask for it), without its warning."""
    from mkdocs.commands import build as build_module, serve as serve_module

    global _dirty
    real = serve_module.build

    def dirty(config: MkDocsConfig, **kwargs: Any) -> None:
        kwargs["dirty"] = True
        real(config, **kwargs)

    quiet = _DropDirtyWarning()
    logger = logging.getLogger(build_module.__name__)
    serve_module.build = dirty  # type: ignore[assignment]
    logger.addFilter(quiet)
    _dirty = True
    try:
        with remembered_theme_filter():
            yield
    finally:
        _dirty = False
        serve_module.build = real
        logger.removeFilter(quiet)
