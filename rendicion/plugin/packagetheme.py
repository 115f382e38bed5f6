"""The presentation shipped inside the package (`rendicion/theme/`), added to every build.

A project's mkdocs.yml names none of it. The `rendicion` plugin:

- puts `theme/overrides/` (Material template overrides) among the theme's
  template folders, after the project's own `custom_dir` (a project may still
  override any of these templates) and before Material's;
- adds every file of `theme/assets/` to the site at the same path
  (`assets/...`), unless the project's docs/ has a file there (which wins);
- lists the stylesheets, scripts and favicon those assets provide in MkDocs'
  configuration, before whatever the project lists itself, and the polyfill
  only in the offline copy (the one build that needs it).
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

#: The package's theme folder: `overrides/` and `assets/`.
THEME_ROOT = Path(__file__).resolve().parent.parent / "theme"
OVERRIDES = THEME_ROOT / "overrides"
ASSETS = THEME_ROOT / "assets"

EXTRA_CSS = ("assets/stylesheets/rendicion.css",)
EXTRA_JAVASCRIPT = (
    "assets/javascripts/citar.js",
    "assets/javascripts/filtros.js",
    "assets/javascripts/ubicar.js",
)
#: Runs the search worker in an iframe when the site is opened from file://
#: (the offline copy); vendored, so no CDN is ever asked for it. Loaded
#: synchronously in every page's <head>, so listed only in the offline build:
#: a site served over HTTP runs its worker natively.
POLYFILLS = ("assets/javascripts/vendor/iframe-worker-shim.js",)
FAVICON = "assets/favicon.svg"
#: Material's defaults, which mean "the project did not choose": its favicon,
#: and web fonts from Google's servers (the site must not call third-party hosts).
MATERIAL_FAVICON = "assets/images/favicon.png"
MATERIAL_FONT = {"text": "Roboto", "code": "Roboto Mono"}


def configure(config: MkDocsConfig, offline: bool = False) -> None:
    """Add the package's templates and asset entries to `config` (idempotent);
    `offline`: this is the offline copy's build (Material's offline plugin on)."""
    theme = config.theme
    overrides = str(OVERRIDES)
    if theme.name == "material" and overrides not in theme.dirs:
        theme.dirs.insert(1 if theme.custom_dir else 0, overrides)
    config.extra_css[:0] = _missing(EXTRA_CSS, config.extra_css)
    config.extra_javascript[:0] = _missing(EXTRA_JAVASCRIPT, config.extra_javascript)
    if offline:
        # Before Material's offline plugin's on_config, which otherwise adds the shim from unpkg.com.
        polyfills = list(config.extra.get("polyfills") or [])
        config.extra["polyfills"] = _missing(POLYFILLS, polyfills) + polyfills
    if theme.get("favicon") in (None, MATERIAL_FAVICON):
        theme["favicon"] = FAVICON
    if theme.get("font") == MATERIAL_FONT:
        theme["font"] = False


def add_assets(files: Files, config: MkDocsConfig) -> None:
    """Add the package's assets to `files`, except where the project's docs/ has its own."""
    for path in sorted(p for p in ASSETS.rglob("*") if p.is_file()):
        src_uri = path.relative_to(THEME_ROOT).as_posix()
        if files.get_file_from_path(src_uri) is None:
            files.append(File(src_uri, str(THEME_ROOT), config.site_dir, config.use_directory_urls))


def _missing(wanted: tuple[str, ...], present: list) -> list[str]:
    """The entries of `wanted` not already in `present` (strings or MkDocs' script values)."""
    listed = {str(item) for item in present}
    return [item for item in wanted if item not in listed]
