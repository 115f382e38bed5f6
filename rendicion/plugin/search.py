"""Site search: Material's built-in search or Pagefind, chosen per site.

The `rendicion` plugin's `search` setting (`material`, `pagefind` or `auto`)
goes through `choose_backend`. With Pagefind:

- `disable_material_search` turns Material's search plugin off for the build
  (Material then writes no `search/search_index.json` and hides its header
  search; `overrides/main.html` puts Pagefind's search in the same place);
- `build_index` runs the Pagefind binary (PyPI `pagefind-bin`) over the built
  site at the end of the build, writing `pagefind/` into it.

Why two backends: Material downloads the whole index before the first query,
which grows with the site (~12 KB gzipped at 100 results, ~59 KB at 1,000,
~555 KB at 10,000, plus ~18 KB of worker scripts). Pagefind splits its index
into fragments and downloads only what a query needs: a near-constant
~180–225 KB for a reader's first query, its UI and WebAssembly included. So
Material is lighter below a few thousand results and Pagefind above; and only
Material works in the offline copy opened from `file://` (Pagefind needs
`fetch` and WebAssembly from an http origin).
"""

from __future__ import annotations

import logging
import re
import shutil
import subprocess
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from .. import resultpages

log = logging.getLogger("mkdocs.plugins.rendicion")

MATERIAL = "material"
PAGEFIND = "pagefind"
AUTO = "auto"
#: The values of the `search` setting.
CHOICES = (AUTO, MATERIAL, PAGEFIND)

#: `auto` picks Pagefind for sites with more results than this. Measured in
#: headless Chromium (benchmarks/README.md): Material's first query costs
#: 18 KB of worker scripts plus ~57 KB gzipped of index per 1,000 results
#: (190 KB at 3,000, 297 KB at 5,000, 573 KB at 10,000) against Pagefind's flat
#: ~210–225 KB; and once its index takes longer to build in the reader's
#: browser than the query takes to type, Material answers late (typed at
#: 100 ms a key: ~30 ms at 3,000, ~670 ms at 5,000; Pagefind ~130–150 ms).
PAGEFIND_ABOVE = 3_000

#: Where Pagefind writes its bundle, inside the site.
BUNDLE = "pagefind"
#: Only the page content is indexed: not the header, navigation or footer.
ROOT_SELECTOR = ".md-content"
#: Result pages («fichas») are not indexed: their template
#: (`theme/overrides/ficha.html`) marks the root element `data-pagefind-ignore="all"`,
#: and Pagefind then skips the page, as Material's search skips it by its front matter.
#: What Material's search skips (`data-search-exclude`: duplicate result cards
#: on council and plan pages, figure panels, charts, citations, filters), so
#: each result is found once, at its canonical anchor; and the "¶" permalinks.
EXCLUDE_SELECTORS = ("[data-search-exclude]", ".headerlink")


def choose_backend(setting: str, results: int, offline: bool = False) -> str:
    """The search backend of one build: `material` or `pagefind`.

    `setting` is the plugin's `search` value. `auto` means Pagefind when the
    site has more than `PAGEFIND_ABOVE` results, Material otherwise. The
    offline copy (`offline` true: Material's offline plugin is on) always
    gets Material, whatever the setting: it is opened from `file://`, where
    Pagefind's fetch and WebAssembly cannot load.
    """
    if setting not in CHOICES:
        raise ValueError(f"search: {setting!r} is not one of {', '.join(CHOICES)}")
    if offline:
        return MATERIAL
    if setting == AUTO:
        return PAGEFIND if results > PAGEFIND_ABOVE else MATERIAL
    return setting


def disable_material_search(config: MkDocsConfig) -> None:
    """Turn Material's search plugin off for this build (if it is configured).

    Must run before the search plugin's own `on_config`: the plugin then
    skips all its events, and Material's header leaves out its search.
    """
    for name in ("material/search", "search"):
        plugin = config.plugins.get(name)
        if plugin is not None and "enabled" in plugin.config:
            plugin.config.enabled = False


def material_indexes(config: MkDocsConfig) -> bool:
    """Whether a search plugin (Material's or MkDocs') will index the pages' content."""
    for name in ("material/search", "search"):
        plugin = config.plugins.get(name)
        if plugin is not None and plugin.config.get("enabled", True):
            return True
    return False


def executable() -> Path:
    """The Pagefind binary: `PAGEFIND_BINARY_PATH`, else the one `pagefind-bin` ships."""
    try:
        from pagefind.service import get_executable
    except ImportError:  # pragma: no cover - pinned in requirements.txt
        get_executable = None
    binary = get_executable() if get_executable else None
    if binary is None:
        raise PluginError(
            "search: pagefind necesita el programa Pagefind: instale los requisitos "
            "(pip install -r requirements.txt, que incluye pagefind y pagefind-bin)"
        )
    return binary


#: Folders of the site Pagefind never reads: the result pages are found on their area's
#: page (they also carry `data-pagefind-ignore`), the rest holds no pages.
NOT_INDEXED = frozenset({resultpages.FOLDER, BUNDLE, "assets", "search"})
#: Names a glob can list as they are (anything else: Pagefind reads every folder).
PLAIN_NAME = re.compile(r"[A-Za-z0-9_.-]+")


def index_glob(site_dir: Path) -> str | None:
    """Which files Pagefind reads: every HTML file but those under `NOT_INDEXED`, as
    a glob of the site's top-level entries; None (all of them) if a name needs quoting.

    Reading 50,000 result pages only to ignore them took Pagefind most of its
    time and over a gigabyte of memory."""
    if not site_dir.is_dir():
        return None
    parts: list[str] = []
    for entry in sorted(site_dir.iterdir()):
        if entry.name in NOT_INDEXED:
            continue
        if not PLAIN_NAME.fullmatch(entry.name):
            return None
        if entry.is_dir() and not entry.is_symlink():
            parts.append(f"{entry.name}/**/*.html")
        elif entry.suffix == ".html":
            parts.append(entry.name)
    return "{" + ",".join(parts) + "}" if parts else None


def pagefind_command(site_dir: Path) -> list[str]:
    """The Pagefind command line that indexes `site_dir` into `site_dir/pagefind/`."""
    command = [str(executable()), "--site", str(site_dir), "--output-subdir", BUNDLE,
               "--root-selector", ROOT_SELECTOR]
    glob = index_glob(site_dir)
    if glob is not None:
        command += ["--glob", glob]
    for selector in EXCLUDE_SELECTORS:
        command += ["--exclude-selectors", selector]
    return command + ["--quiet"]


def build_index(site_dir: Path) -> None:
    """Index the built site with Pagefind; raise `PluginError` if it fails.

    A bundle left by an earlier build into the same folder is removed first,
    so no stale fragment survives.
    """
    shutil.rmtree(site_dir / BUNDLE, ignore_errors=True)
    try:
        process = subprocess.run(pagefind_command(site_dir), capture_output=True, text=True, timeout=600)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise PluginError(f"search: Pagefind no se pudo ejecutar: {error}") from None
    output = (process.stdout + process.stderr).strip()
    if process.returncode != 0 or not (site_dir / BUNDLE / "pagefind.js").is_file():
        raise PluginError(f"search: Pagefind falló (código {process.returncode}):\n{output}")
    if output:
        log.info("Pagefind: %s", output)


def configure(config: MkDocsConfig, setting: str, results: int, offline: bool) -> str:
    """Choose this build's backend (`choose_backend`) and, for Pagefind, switch
    Material's search off. Call from an `on_config` that runs before Material's."""
    backend = choose_backend(setting, results, offline)
    if backend == PAGEFIND:
        disable_material_search(config)
    elif setting == PAGEFIND:
        log.info("search: la copia sin conexión usa la búsqueda de Material (Pagefind no funciona desde file://)")
    return backend
