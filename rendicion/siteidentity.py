"""Who the site says it is, from `content/site.yml` alone (pure; no MkDocs).

`site.yml` is the one place an institution writes who it is. The `rendicion`
plugin turns these strings into MkDocs' `site_name`, `site_description`, the
theme's language and the search language whenever `mkdocs.yml` leaves them
unset (`rendicion/plugin/identity.py`), escaping them on the way.
"""

from __future__ import annotations

from .model import Site


def site_name(site: Site) -> str:
    """The site's name: «{acronym or name} · {report short title}»."""
    return f"{site.institution.acronym or site.institution.name} · {site.report.short_title}"


def site_description(site: Site) -> str:
    """site.yml's `description`, else a sentence naming the report and the institution.

    The home page describes itself with it too (`pages.plan_pages`).
    """
    if site.description:
        return site.description
    country = f", {site.institution.country}." if site.institution.country else "."
    return f"{site.report.title}. {site.institution.name}{country}"


def language(site: Site) -> str:
    """The language of the site's interface (site.yml `language`)."""
    return site.language


def search_language(site: Site) -> str:
    """The language part of site.yml's `locale` (`es_SV` → `es`), for the search index's stemmer."""
    return site.locale.split("_", 1)[0]
