"""Settings of the `rendicion` plugin in `mkdocs.yml`."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config

from ..pages import RESULTS_PER_PAGE
from .search import AUTO, CHOICES


class RendicionConfig(Config):
    #: The content folder, relative to `mkdocs.yml`.
    content_dir = c.Type(str, default="content")
    #: Replace `nav` with areas, councils, plans, partners and glossary (unless `nav` is set).
    generate_nav = c.Type(bool, default=True)
    #: A zip of the offline copy to publish as datos/sitio-sin-conexion.zip (set by `rendicion build --offline`).
    offline_bundle = c.Type(str, default="")
    #: Site search: `material` (Material's built-in search), `pagefind`, or `auto`
    #: (Pagefind above `search.PAGEFIND_ABOVE` results; never in the offline copy).
    search = c.Choice(CHOICES, default=AUTO)
    #: Above this many results, an area, council or plan page lists them on one
    #: page per year, split again into numbered pages (keeps pages under ~1 MB).
    results_per_page = c.Type(int, default=RESULTS_PER_PAGE)
