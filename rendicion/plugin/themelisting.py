"""MkDocs' listing of the theme's static files, with its name filter remembered between rebuilds.

On every build MkDocs lists every file of the theme's folders and tests each
name against a dozen patterns (`Files.add_files_from_theme`): Material brings
~14,500 files (its icons), so a preview rebuild spent ~0.05 s in `fnmatch`
alone, for answers that never change. While the preview rebuilds
(`remembered_theme_filter`), the answer for each name is kept, keyed by what
the filter reads besides the name (the theme's static templates; the rest is
MkDocs' constants). The folders
are still listed on every build, so a file added to the theme is found as before.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Collection, Iterator

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

#: Each name's answer, by the static templates the filter was built with.
_answers: dict[frozenset[str], dict[str, bool]] = {}


@contextlib.contextmanager
def remembered_theme_filter() -> Iterator[None]:
    """Within: MkDocs' `Files.add_files_from_theme` remembers its filter's answers."""
    real = Files.add_files_from_theme

    def add_files_from_theme(self: Files, env: jinja2.Environment, config: MkDocsConfig) -> None:
        answers = _answers.setdefault(frozenset(config.theme.static_templates), {})

        def list_templates(extensions: Collection[str] | None = None,
                           filter_func: Callable[[str], bool] | None = None) -> list[str]:
            if extensions is not None or filter_func is None or env.loader is None:
                return jinja2.Environment.list_templates(env, extensions, filter_func)
            kept = []
            for name in env.loader.list_templates():
                answer = answers.get(name)
                if answer is None:
                    answer = answers[name] = filter_func(name)
                if answer:
                    kept.append(name)
            return kept

        env.list_templates = list_templates  # type: ignore[method-assign]
        try:
            real(self, env, config)
        finally:
            del env.list_templates

    Files.add_files_from_theme = add_files_from_theme  # type: ignore[method-assign]
    try:
        yield
    finally:
        Files.add_files_from_theme = real  # type: ignore[method-assign]
