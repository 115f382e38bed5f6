"""The macros the generator offers mkdocs-macros-plugin.

`define_env` is the entry point mkdocs-macros calls: installed as the pluglet
`rendicion.macros` (`modules: [rendicion.macros]`), or through a project's own
`macros/` folder, which re-exports it beside the site's own macros.
Generated pages do not use macros at all (see `rendicion/plugin/theme.py`); a
hand-written page in docs/ may call `page_body(kind, key)` to show a generated
body. The content was loaded and planned by the `rendicion` plugin
(`rendicion/plugin/`) earlier in the same build.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

#: The macros `define_env` registers; a hand-written page that calls one needs
#: mkdocs-macros (the `rendicion` plugin stops the build if it is missing).
GENERATOR_MACROS = ("page_body",)


def define_env(env: Any) -> None:
    """Register the macros pages can call."""
    # Imported here so that `import rendicion.load` never pulls in MkDocs.
    from .plugin.plugin import current_build

    @env.macro
    def page_body(kind: str, key: str | None = None) -> Markup:
        """The generated body of a planned page (a marker the plugin swaps for it
        after Markdown, which has nothing to do with HTML)."""
        build = current_build(env.conf)
        return Markup(build.stash(build.renderer.page_body(kind, key)))
