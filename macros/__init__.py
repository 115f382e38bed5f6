"""The public-accountability site generator's macros for mkdocs-macros-plugin.

`define_env` is the entry point mkdocs-macros calls (`module_name: macros`).
Generated pages do not use macros at all (see `macros/plugin/theme.py`); a
hand-written page in docs/ may call `page_body(kind, key)` to show a generated
body. The content was loaded and planned by the `rendicion` plugin
(`macros/plugin/`) earlier in the same build.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup


def define_env(env: Any) -> None:
    """Register the macros pages can call."""
    # Imported here so that `import macros.load` never pulls in MkDocs.
    from .plugin.plugin import current_build

    @env.macro
    def page_body(kind: str, key: str | None = None) -> Markup:
        """The generated body of a planned page (a marker the plugin swaps for it
        after Markdown, which has nothing to do with HTML)."""
        build = current_build(env.conf)
        return Markup(build.stash(build.renderer.page_body(kind, key)))
