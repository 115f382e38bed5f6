"""Site identity from `content/site.yml`, for whatever mkdocs.yml leaves unset.

- `site_name`: MkDocs requires the key, so a project writes `site_name: ""`
  (what `rendicion init` writes) and gets «{acronym or name} · {short title}».
  Any other value is the project's choice and stays.
- `site_description`: unless mkdocs.yml sets one, site.yml's `description`,
  else a sentence naming the report and the institution.
- the theme's `language`: site.yml's `language`, unless mkdocs.yml sets one
  other than Material's default (`en`).
- the search plugin's `lang`: the language part of site.yml's `locale`, unless
  mkdocs.yml sets it.

The texts come from content/, so they pass through `theme_text` (see theme.py).
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig

from .. import siteidentity
from ..model import Site
from .theme import theme_text

#: Material's own default language: left as it is, it means "not chosen".
THEME_DEFAULT_LANGUAGE = "en"


def apply(config: MkDocsConfig, site: Site) -> None:
    """Fill in the site's name, description and languages from `site` where unset."""
    if not config.site_name:
        config.site_name = theme_text(siteidentity.site_name(site))
    if not config.site_description:
        config.site_description = theme_text(siteidentity.site_description(site))
    if config.theme.get("language", THEME_DEFAULT_LANGUAGE) == THEME_DEFAULT_LANGUAGE:
        config.theme["language"] = siteidentity.language(site)
    search = config.plugins.get("material/search") or config.plugins.get("search")
    if search is not None and not search.config.get("lang"):
        search.config.lang = [siteidentity.search_language(site)]
