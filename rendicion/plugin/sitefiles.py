"""The site's sitemap.xml and robots.txt, added to MkDocs' files (`sitemap.py` writes them).

MkDocs' own sitemap is switched off in the plugin's `on_config`: without
`site_url` it is empty, so invalid. A file of the same name in docs/ wins.
"""

from __future__ import annotations

import datetime
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from ..dates import source_date
from ..gitlog import last_commit_day
from ..pages import Page
from ..sitemap import (ROBOTS, SITEMAP, SitemapEntry, content_file_dates, page_lastmod,
                       page_sources, robots_txt, sitemap_files)
from .buildstate import Build


def add_sitemap(build: Build, files: Files, config: MkDocsConfig) -> None:
    """sitemap.xml (only with site_url) and robots.txt, unless docs/ brings its own."""
    publication = build.renderer.publication
    # site.yml's `updated` is the date of everything; else each page's own files' last commit.
    declared = build.content.site.updated is not None
    dates = {} if declared or publication.site_url == "" else content_file_dates(build.content_dir)
    entries = []
    known = publication.updated or source_date()

    def planned_lastmod(planned: Page) -> datetime.date | None:
        return page_lastmod(page_sources(build.content, planned), dates, known) if dates else known

    for file in files.documentation_pages():
        planned = build.plan.by_src_uri(file.src_uri)
        lastmod = planned_lastmod(planned) if planned is not None else known
        if planned is None and file.abs_src_path:  # hand-written: its own last change, or the content's
            lastmod = max(filter(None, [last_commit_day(Path(file.abs_src_path)), known]), default=None)
        url = planned.url if planned else file.url.removeprefix("./")  # MkDocs writes the home page "./"
        entries.append(SitemapEntry(url, lastmod))
    # The result pages are not MkDocs files (the plugin writes them: resultsite.py).
    entries += [SitemapEntry(planned.url, planned_lastmod(planned)) for planned in build.plan.result_pages]
    written = {}
    for name in (SITEMAP, f"{SITEMAP}.gz"):  # MkDocs' own template, copied as a theme file
        theme_copy = files.get_file_from_path(name)
        if theme_copy is not None and not _from_docs(theme_copy, config):
            files.remove(theme_copy)
    if files.get_file_from_path(SITEMAP) is None:
        written = sitemap_files(entries, publication)
        for path, data in written.items():
            files.append(File.generated(config, path, content=data))
    if files.get_file_from_path(ROBOTS) is None:
        files.append(File.generated(config, ROBOTS, content=robots_txt(publication, bool(written))))


def _from_docs(file: File, config: MkDocsConfig) -> bool:
    """Whether `file` is the site's own, in docs/ (not the theme's nor generated)."""
    source = file.abs_src_path
    return bool(source) and Path(source).resolve().is_relative_to(Path(config.docs_dir).resolve())
