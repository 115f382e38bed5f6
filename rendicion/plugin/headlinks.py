"""What the theme puts in a page's <head> from the build: feed autodiscovery
links (`partials/rc-feeds.html`) and a result page's share image (`overrides/main.html`)."""

from __future__ import annotations

from typing import Any

from mkdocs.structure.pages import Page as MkDocsPage

from .. import ogimage, resultpages
from ..catalog import CATALOGUE_PATH, page_feeds
from ..pages import Page, relative_url
from .buildstate import Build
from .theme import theme_text


def feed_links(build: Build | None, page: MkDocsPage | None) -> list[tuple[str, str, str, bool]]:
    """For the theme's head (partials/rc-feeds.html): (media type, title, href, absolute?) of
    each feed `page` announces; a relative href goes through the theme's `url` filter."""
    if build is None:
        return []
    planned = build.plan.by_src_uri(page.file.src_uri) if page is not None and page.file else None
    kind, key = (planned.kind, planned.key) if planned else (None, None)
    if planned is not None and planned.part is not None:  # a year page speaks for its area or member
        kind, key = planned.part.owner_kind, planned.part.owner_key
    # Once per area, member or kind: a site of thousands of pages asks for the same few lists.
    links = build.feed_links.get((kind, key))
    if links is None:
        publication = build.renderer.publication
        downloads = {d.path: d for d in build.downloads}
        announced = page_feeds(build.content, kind, key, downloads)
        if kind == "data" and CATALOGUE_PATH in downloads:  # the DCAT catalogue, for harvesters
            announced.append(downloads[CATALOGUE_PATH])
        links = build.feed_links[(kind, key)] = [
            (d.media_type, d.title, publication.url(d.path) if publication.site_url else d.path,
             bool(publication.site_url)) for d in announced]
    return links


def share_meta(build: Build, planned: Page) -> dict[str, Any]:
    """The share image of a result page, for `overrides/main.html`: absolute
    when `site_url` is set (Open Graph wants it so), else relative to the page.
    From the planned page alone (its key is the result's id, its title the
    result's): the result pages' frame is planned with markers (`resultsite.py`)."""
    path = resultpages.image_path(str(planned.key))
    publication = build.renderer.publication
    image = publication.url(path) if publication.site_url else relative_url(planned.url, path)
    return {"image": theme_text(image), "width": ogimage.WIDTH, "height": ogimage.HEIGHT,
            "alt": theme_text(planned.title)}
