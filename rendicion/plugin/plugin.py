"""MkDocs glue, kept thin: load once, add the planned pages, give them a TOC.

Events, in build order:

- `on_config`: load and validate `content/` (any problem stops the build here,
  before anything is written), plan the pages, set the navigation; add the
  package's theme (`packagetheme.py`) and the site's identity from site.yml
  where mkdocs.yml leaves it unset (`identity.py`).
- `on_files`: add one generated Markdown file per planned page (front matter
  only: no content text ever goes through Markdown or mkdocs-macros), the
  package's assets, the downloads; docs/README.md (which explains the folder
  to its editors) is never published; our `sitemap.xml` (with `site_url` only)
  and `robots.txt` (`sitefiles.py`, `sitemap.py`; MkDocs' own sitemap is switched
  off in `on_config`). The result pages' share images start drawing in other
  processes (`ogstore.CardWriter`).
- `on_page_markdown`: give generated pages their title and description, escaped
  (`theme.py` holds the rule for any text handed to the theme); stop the build
  if a hand-written page calls the generator's macros without mkdocs-macros.
- `on_page_content`: put each generated page's rendered body in place, with the
  table of contents its HTML has (and any `page_body` marker of a hand-written
  page, see `Build.stash`).
- `on_post_page`: put a result page's body in place (kept out of
  `page.content`, which MkDocs holds for every page until the last is written).
- `on_env`: start writing the result pages (`resultsite.py`: not MkDocs files;
  one theme frame filled per result, by a forked copy of the build beside
  MkDocs' own pages). Before each fork (here and the image workers' in
  `on_files`), what the build holds is frozen out of the collector (`forkgc.py`)
  until `on_post_build`.
- `on_post_build`: finish the result pages, wait for the share images; with
  `search: pagefind`, index the built site (`search.py`).
- `on_serve`: also watch `content/`, so editing YAML reloads the preview, and
  make the preview's rebuilds incremental (`preview.py`: only changed YAML
  files are read again, only pages an edit changed are rendered and written).

While serving, an edit that breaks the content keeps the preview on the last
content that loaded, with the problems in a banner on every page (`on_startup`
keeps this plugin across the preview's rebuilds).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page as MkDocsPage
from mkdocs.structure.toc import get_toc

from ..dates import last_change
from ..errors import ContentError, Problem
from ..catalog import catalogue_download
from ..exports import build_downloads, offline_download
from ..history import load_history
from ..load import load_content
from ..forkgc import FrozenHeap
from ..model import Content, Result
from .. import ogimage, ogstore, resultpages
from ..pages import Page, nav_structure, plan_pages, toc_tokens
from ..publication import Publication
from ..render import TEMPLATE_CACHE, Renderer
from ..macros import GENERATOR_MACROS
from . import headlinks, identity, packagetheme, resultsite, search, sitefiles
from .buildstate import Build
from .preview import Preview, watch_content
from .theme import theme_nav, theme_text
from .config import RendicionConfig


#: Plugins known not to read a page's content between its reading and its writing
#: (search plugins do: with one indexing, bodies stay in place).
ASIDE_SAFE_PLUGINS = {"rendicion", "macros", "material/offline", "offline", "material/search", "search"}
#: A call of one of the generator's macros, as mkdocs-macros would find it.
MACRO_CALL = re.compile(r"\{\{-?\s*(" + "|".join(GENERATOR_MACROS) + r")\s*\(")
#: The file in docs/ that explains the folder to its editors; never a page
#: (it would also take the generated home page's place, index.html).
DOCS_README = "README.md"
#: Where a result page's body goes, until on_post_page puts it there.
RESULT_BODY = "<!--rendicion-result-body-->"
#: The share images drawn by earlier builds, beside mkdocs.yml (git-ignored).
OG_CACHE = Path(".cache") / "rendicion" / "og"


class RendicionPlugin(BasePlugin[RendicionConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.build: Build | None = None
        self.search_backend = search.MATERIAL
        self.serving = False
        #: Whether generated pages' bodies wait compressed until their page is written (Build.set_aside).
        self.bodies_aside = False
        #: While serving: the last content that loaded, shown while an edit breaks it.
        self.last_good: Content | None = None
        #: While serving: why the content on disk does not load (the theme's banner shows them).
        self.problems: list[Problem] = []
        #: The share images being drawn and copied for the current build (ogstore.py).
        self.images: ogstore.CardWriter | None = None
        #: The collector's objects frozen before a build's forks (forkgc.py).
        self.heap = FrozenHeap()
        #: While serving: what makes a rebuild redo only what an edit changed (preview.py).
        self.preview: Preview | None = None
        #: This build's navigation, files and theme environment (for the result pages, resultsite.py).
        self.site_nav: Any = None
        self.site_files: Files | None = None
        self.theme_env: jinja2.Environment | None = None
        self.site_config: MkDocsConfig | None = None
        #: The result pages being written (resultsite.py), from on_env to on_post_build.
        self.result_pages: resultsite.ResultPages | None = None
        #: Pages rendered outside the plan (the result pages' frame), with their bodies, by src_uri.
        self.stand_ins: dict[str, tuple[Page, str]] = {}

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining this hook also makes MkDocs keep the plugin across `serve` rebuilds
        # (and across builds run in one process): each session starts afresh.
        self.serving = command == "serve"
        self.last_good = None
        self.problems = []
        self.preview = Preview() if self.serving else None

    def on_shutdown(self) -> None:
        if self.preview is not None:
            self.preview.stop()
        self.preview = None
        self.serving = False
        self.last_good = None
        self.problems = []

    # Before mkdocs-macros' on_config, which registers macros that need the build.
    @event_priority(50)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if self.config.results_per_page < 1:
            raise PluginError("mkdocs.yml: rendicion.results_per_page debe ser un número entero mayor que 0 "
                              f"(dice {self.config.results_per_page})")
        content_dir = Path(config.config_file_path).parent / self.config.content_dir
        if self.preview is not None:
            self.preview.start_build()
        content = self.load(content_dir)
        # Material's offline plugin turns directory URLs off in its own on_config,
        # which runs after this one: plan the pages it will produce.
        offline = config.plugins.get("material/offline") or config.plugins.get("offline")
        offline_enabled = bool(offline and offline.config.get("enabled"))
        # Before Material's search plugin's on_config, which Pagefind switches off.
        self.search_backend = search.configure(config, self.config.search, len(content.results), offline_enabled)
        # Bodies wait compressed for their page to be written, unless a plugin may read them (see Build.set_aside).
        self.bodies_aside = (not self.serving and set(config.plugins) <= ASIDE_SAFE_PLUGINS
                             and not search.material_indexes(config))
        plan = plan_pages(content, directory_urls=config.use_directory_urls and not offline_enabled,
                          results_per_page=self.config.results_per_page,
                          memo=self.preview.plan_memo if self.preview else None)
        publication = Publication(config.site_url or "", content.site.updated or last_change(content_dir))
        # The public record of changes, read from git once per build (cheap: see history.py).
        history = load_history(content_dir, content)
        memo, changed = None, None
        if self.preview is not None:  # the preview remakes only what an edit changed
            # The record of changes is on every result page: a new commit is a change everywhere.
            changed = self.preview.see_edit(content, plan, (publication, history.available, history.changes))
            memo = self.preview.downloads_memo
        downloads = build_downloads(content, plan, publication, history, memo, changed)
        if self.config.offline_bundle:
            downloads.append(offline_download(Path(self.config.offline_bundle)))
        downloads.append(catalogue_download(content, publication, downloads, plan.get("data").url))
        self.build = Build(content_dir, content, plan, downloads,
                           Renderer(content, plan, publication, downloads, history))
        if self.config.generate_nav and not config.nav:
            config.nav = theme_nav(nav_structure(content, plan))
        packagetheme.configure(config, offline=offline_enabled)
        identity.apply(config, content.site)
        # Our sitemap replaces MkDocs' (empty, so invalid, without site_url): see on_files.
        config.theme.static_templates.discard("sitemap.xml")
        return config

    def load(self, content_dir: Path) -> Content:
        """The content to build from. A content error stops the build, except in
        the preview once it has shown good content: MkDocs would then leave
        every request hanging until the files are fixed."""
        try:
            content = self.preview.load(content_dir) if self.preview else load_content(content_dir)
        except ContentError as error:
            if not (self.serving and self.last_good):
                raise PluginError(error.report()) from None
            # Not MkDocs' log: with `strict`, an error there would abort this build too.
            print(error.report().replace("no se publicó nada", "la vista previa sigue en la última versión correcta"),
                  file=sys.stderr)
            self.problems = error.problems
            return self.last_good
        self.problems = []
        if self.serving:
            self.last_good = content
        return content

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        readme = files.get_file_from_path(DOCS_README)
        if readme is not None:
            files.remove(readme)
        generated: dict[str, File] = {}
        for page in self.current.plan.pages:
            if page.kind == "result":  # written by the plugin from on_env (resultsite.py)
                continue
            if files.get_file_from_path(page.src_uri) is not None:
                raise PluginError(
                    f"docs/{page.src_uri} choca con una página que se genera desde content/; "
                    "renombre o borre ese archivo"
                )
            inclusion = InclusionLevel.UNDEFINED if page.in_nav else InclusionLevel.NOT_IN_NAV
            generated[page.src_uri] = File.generated(config, page.src_uri, content=page.markdown, inclusion=inclusion)
            files.append(generated[page.src_uri])
        downloads = [File.generated(config, d.path, content=d.data) for d in self.current.downloads]
        for file in downloads:
            files.append(file)
        packagetheme.add_assets(files, config)
        sitefiles.add_sitemap(self.current, files, config)
        if self.preview is not None:
            renderer = self.current.renderer
            self.preview.mark_files(files, config, self.current.plan, lambda p: str(renderer.page_body(p.kind, p.key)),
                                    generated, downloads, self.problems, self.search_backend)
        if self.preview is None:  # before the image workers fork (forkgc.py)
            self.heap.freeze()
        self.start_images(config)
        return files

    def start_images(self, config: MkDocsConfig) -> None:
        """The result pages' share images start going into the site now, beside the
        page build (ogstore.py); a cache beside mkdocs.yml keeps them across builds.
        After the preview has emptied the site folder, if it had to."""
        content = self.current.content
        if self.images is not None:
            self.images.close()

        def card(result: Result) -> tuple[ogimage.Card, str]:
            return ogimage.Card(**resultpages.share_card_fields(content, result)), resultpages.image_path(result.id)

        placed = self.preview.images_in_site() if self.preview is not None else None
        changed = self.preview.changed_result_ids() if placed is not None and self.preview is not None else None
        if changed is None:
            cards, others = map(card, content.results), None
        else:  # the preview: only the cards of the results an edit changed can differ
            cards = map(card, (r for r in content.results if r.id in changed))
            others = placed
        self.images = ogstore.CardWriter(
            cards,
            Path(config.config_file_path).parent / OG_CACHE, Path(config.site_dir),
            placed=placed, others=others)

    def on_nav(self, nav: Any, config: MkDocsConfig, files: Files) -> Any:
        self.site_nav = nav
        if self.preview is not None:
            self.preview.nav_titles(files, self.current.plan)
        return nav

    # Before mkdocs-macros' on_page_markdown, which renders a title holding `{{`.
    @event_priority(100)
    def on_page_markdown(self, markdown: str, page: MkDocsPage, config: MkDocsConfig, **kwargs: Any) -> str:
        planned = self.planned(page)
        if planned is None:
            if "macros" not in config.plugins:
                refuse_macro_calls(markdown, page, config)
            return markdown
        page.meta["title"] = theme_text(planned.title)
        page.meta["description"] = theme_text(planned.description)
        if planned.kind == "result":
            page.meta["rc_share"] = headlinks.share_meta(self.current, planned)
        return ""  # the body is rendered after Markdown, in on_page_content

    def on_page_content(self, html: str, page: MkDocsPage, **kwargs: Any) -> str:
        planned = self.planned(page)
        if planned is None:
            return self.current.unstash(html)
        if planned.kind == "result":
            # Rendered in on_post_page: MkDocs keeps every page's content until
            # it writes the last one, and a site has one result page per result.
            return RESULT_BODY
        if planned.toc:
            page.toc = get_toc(toc_tokens(planned.toc))  # type: ignore[arg-type]
        # Our own autoescaped templates: Markdown never sees the body (it would
        # only parse every tag of thousands of results to copy them through).
        body = self.page_body(planned)
        return self.current.set_aside(body) if self.bodies_aside else body

    def page_body(self, planned: Page) -> str:
        """A generated page's body: the one the preview rendered to fingerprint the page, else rendered now."""
        body = self.preview.body(planned) if self.preview is not None else None
        return body if body is not None else str(self.current.renderer.page_body(planned.kind, planned.key))

    # After Material's search plugin has indexed the page.
    @event_priority(-100)
    def on_page_context(self, context: Any, page: MkDocsPage, config: MkDocsConfig, **kwargs: Any) -> Any:
        if self.preview is not None:
            self.preview.page_searched(page, config)
        return context

    def on_post_page(self, output: str, page: MkDocsPage, config: MkDocsConfig) -> str:
        stand_in = self.stand_ins.get(page.file.src_uri)
        if stand_in is not None and stand_in[0].kind == "result":
            return output.replace(RESULT_BODY, stand_in[1], 1)
        return self.current.put_back(output) if self.bodies_aside else output

    def planned(self, page: MkDocsPage) -> Page | None:
        """The planned page `page` shows: a stand-in being rendered, else the plan's."""
        stand_in = self.stand_ins.get(page.file.src_uri)
        return stand_in[0] if stand_in is not None else self.current.plan.by_src_uri(page.file.src_uri)

    def render_generated(self, planned: Page, body: str) -> str:
        """`planned` rendered as MkDocs renders a page, with `body` (for resultsite.py)."""
        self.stand_ins[planned.src_uri] = (planned, body)
        try:
            return resultsite.render_page(planned, self.site_config, self.site_files, self.site_nav, self.theme_env)
        finally:
            del self.stand_ins[planned.src_uri]

    def on_build_error(self, error: Exception, **kwargs: Any) -> None:
        if self.result_pages is not None:
            self.result_pages.stop()
            self.result_pages = None
        if self.images is not None:
            self.images.close()
            self.images = None
        self.heap.release()
        if self.preview is not None:
            self.preview.end_build()

    def on_env(self, env: jinja2.Environment, config: MkDocsConfig, files: Files) -> jinja2.Environment:
        # The theme's templates, compiled once per process (see TEMPLATE_CACHE).
        env.bytecode_cache = TEMPLATE_CACHE
        self.theme_env, self.site_files, self.site_config = env, files, config
        if self.preview is None:  # before the result pages' copy forks (forkgc.py)
            self.heap.freeze()
        self.start_result_pages(Path(config.site_dir))
        return env

    def on_serve(self, server: Any, config: MkDocsConfig, builder: Any) -> Any:
        watch_content(server, self.current.content_dir)
        if self.preview is not None:
            self.preview.install(server)
        return server

    # Before Material's search plugin writes its index (the preview completes it).
    @event_priority(50)
    def on_post_build(self, config: MkDocsConfig) -> None:
        self.finish_result_pages()
        # The share images, drawn while the pages were built, into the site
        # (a staging folder for `rendicion build`).
        if self.images is not None:
            images, self.images = self.images, None
            images.finish()
            if self.preview is not None:
                self.preview.images_placed = images.placed
        if self.preview is not None and self.preview.post_build(config, self.search_backend):
            return  # Pagefind runs in the background
        if self.search_backend == search.PAGEFIND:
            search.build_index(Path(config.site_dir))
        self.heap.release()

    def start_result_pages(self, site_dir: Path) -> None:
        """Start writing the result pages into the site, beside MkDocs' pages (in the
        preview, those an edit changed): see resultsite.py."""
        self.result_pages = resultsite.ResultPages(self.render_generated, self.page_body)
        only, frame = self.preview.result_pages_to_write() if self.preview is not None else (None, None)
        self.result_pages.start(self.current.plan.result_pages, site_dir, only, frame)

    def finish_result_pages(self) -> None:
        if self.result_pages is None:
            return
        writer, self.result_pages = self.result_pages, None
        written = writer.finish()
        if self.preview is not None:
            self.preview.result_frame = written.frame
        self.site_nav = self.site_files = self.theme_env = self.site_config = None

    def feed_links(self, page: MkDocsPage | None) -> list[tuple[str, str, str, bool]]:
        """For the theme's head (partials/rc-feeds.html): see `headlinks.feed_links`."""
        return headlinks.feed_links(self.build, page)

    @property
    def current(self) -> Build:
        if self.build is None:  # pragma: no cover - MkDocs always runs on_config first
            raise PluginError("rendicion: el contenido no se cargó (on_config no se ejecutó)")
        return self.build


def refuse_macro_calls(markdown: str, page: MkDocsPage, config: MkDocsConfig) -> None:
    """Stop the build if a hand-written page calls a generator macro that nothing will run:
    without mkdocs-macros the call would be published as it is written."""
    call = MACRO_CALL.search(markdown)
    if call is None:
        return
    source = page.file.content_string  # with its front matter, so the line is the file's
    in_source = MACRO_CALL.search(source)
    line = source.count("\n", 0, in_source.start()) + 1 if in_source else 1
    docs = Path(config.docs_dir).name
    raise PluginError(
        f"{docs}/{page.file.src_uri}:{line}: la página llama a la macro «{call.group(1)}», pero el plugin "
        "«macros» no está en mkdocs.yml y la llamada se publicaría tal cual. Añada en plugins, después de "
        "«rendicion»:\n  - macros:\n      modules: [rendicion.macros]"
    )


def current_build(config: MkDocsConfig) -> Build:
    """The build of the `rendicion` plugin configured in `config` (for the macros)."""
    plugin = config.plugins.get("rendicion")
    if not isinstance(plugin, RendicionPlugin):
        raise PluginError("Añada el plugin «rendicion» antes de «macros» en mkdocs.yml")
    return plugin.current
