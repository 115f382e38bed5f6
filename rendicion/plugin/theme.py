"""The one door through which text from `content/` reaches MkDocs and the theme.

THE RULE (read this before adding a field that shows up outside a page body):

1. No text from `content/` is ever written into a generated page's Markdown
   source. Those sources are front matter only (`pages.Page.markdown`), with
   `render_macros: false`, so mkdocs-macros evaluates nothing on them, their
   titles included. Bodies are rendered by our autoescaped Jinja templates
   (`render.py`) and put in place after Markdown (`plugin.on_page_content`).
2. Every string from `content/` that MkDocs or the theme prints — page titles,
   navigation entries, the description meta tag, anything set on `page`,
   `page.meta` or `config` — goes through `theme_text()` first. Material's
   templates print those values raw (its environment does not autoescape), so
   they must already be HTML: escaped, with `{` and `}` as character
   references so no template engine can ever find a delimiter in them.
3. Templates (`rendicion/theme/overrides/`, a project's `custom_dir`) that
   use `striptags` on such a value (it turns entities back into characters)
   follow it with `| e`.

A value that cannot pass through here does not reach the theme.
"""

from __future__ import annotations

from typing import Any

from markupsafe import Markup, escape

_BRACES = str.maketrans({"{": "&#123;", "}": "&#125;"})


def theme_text(text: str) -> Markup:
    """`text` as HTML the theme may print anywhere, in an element or an attribute."""
    return Markup(str(escape(text)).translate(_BRACES))


def theme_nav(nav: list[Any]) -> list[Any]:
    """MkDocs' `nav` setting with every title passed through `theme_text`."""
    escaped: list[Any] = []
    for item in nav:
        if isinstance(item, dict):
            escaped.append({
                theme_text(title): theme_nav(target) if isinstance(target, list) else target
                for title, target in item.items()
            })
        else:
            escaped.append(item)
    return escaped
