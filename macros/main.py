"""This site's macros for mkdocs-macros-plugin (`module_name: macros/main` in mkdocs.yml).

A hand-written page in docs/ may call the generator's macros, such as
`{{ page_body("home") }}` (see `rendicion/macros.py`); a site adds its own
below with `@env.macro`. This is code, reviewed like code: content text from
`content/` never reaches mkdocs-macros.
"""

from __future__ import annotations

from typing import Any

from rendicion.macros import define_env as define_generator_macros


def define_env(env: Any) -> None:
    """Register the generator's macros, then this site's own (none yet)."""
    define_generator_macros(env)
