"""A result's text with paragraphs, lists and links: a small, safe Markdown subset.

Editors write `text` as they always did; a blank line starts a paragraph, a
new line breaks the line, `- ` and `1. ` make lists (nested by indenting),
`*énfasis*`, `**fuerte**`, `` `código` `` and `[texto](https://…)` work.
Everything else is shown as typed.

The subset (markdown-it-py, CommonMark parser, "zero" preset plus the rules
below) and why:

- Raw HTML is never parsed (`<b>`, `<script>` show as typed, escaped), nor are
  HTML entities: `&lt;script&gt;` shows as typed, as it does today.
- Links only to `http:`, `https:` and `mailto:` (checked on the final,
  normalised address, so entity, percent, case and whitespace tricks in the
  destination change nothing). Any other link (`javascript:`, `data:`,
  relative, `//host`) is written as its text, without a link. Links get no
  `rel` and no `target`: they are the institution's own editorial links
  (`nofollow` is for comments), and without `target=_blank` there is no
  opener to protect. Link titles are dropped. Autolinks (`<https://…>`) follow
  the same rule; reference definitions (`[x]: url`) are not parsed: shown as typed.
- Nothing else is read, so it shows as typed: headings (`# 1 en ventas`: a
  result must not add entries to the page outline), images, tables, code
  blocks, block quotes, rules, strikethrough; `*` and `+` at a line's start
  (lists start with `- ` or a number); `*` between letters or digits (`2*3*4`).
  A text the subset would partly lose (an empty list item, `- - -`) is shown
  entirely as typed.
- A single new line is a line break (`<br>`): editors write lines in YAML
  block scalars and expect them kept.
- `mark` (today `render.AcronymMarker.mark`) gets every run of text outside
  links and code, so acronyms are marked in paragraphs, items and emphasis,
  never inside link text or attributes. Its "link the first occurrence" rule
  then applies per run.

Output is built from the token stream: tags from a fixed table, every text
and attribute through MarkupSafe's `escape` (or `mark`, which escapes).

`is_plain` is the fast path: a text with nothing Markdown would read is
`<p>` + mark(text) + `</p>`, byte-identical to the parser's output (a
property test checks it), which is what every SEGOB text is.

Where it is used:

- `render.Renderer.page_body` gives templates `rich(text)` = `to_html(text, mark)`
  with the page's acronym marker; `templates/_parts.html` writes a result's text
  as `<div class="rc-result__text">{{ rich(result.text) }}</div>`.
- `tables.results_csv` and `feeds._summary` write `to_plain(text)`; the JSON
  export keeps the exact text.
- Search needs nothing: Pagefind and MkDocs' search index the rendered pages,
  so they see the paragraphs and items `to_html` writes.
"""

from __future__ import annotations

import re
from typing import Callable, Sequence

from markdown_it import MarkdownIt
from markdown_it.token import Token
from markupsafe import Markup, escape

_MD = MarkdownIt("zero", {"breaks": True, "html": False})
_MD.enable(["list", "emphasis", "link", "autolink", "backticks", "escape", "newline"])
# Parse every link, whatever its scheme: `_allowed` decides, so a refused link shows
# its text rather than its Markdown source.
_MD.validateLink = lambda url: True  # type: ignore[method-assign]

_SAFE_HREF = re.compile(r"(https?|mailto):", re.IGNORECASE)
#: Characters that may start Markdown syntax anywhere in the subset (or in CommonMark).
_SYNTAX = re.compile(r"[\\`*_\[\]<>&!#~\r\n\x00]")
#: What starts a list at the beginning of a text: `- `, `+ `, `1. `, `1) `.
_LIST_START = re.compile(r"(?:[-+]|\d{1,9}[.)])(?:[ \t]|$)")
_BLOCK_TAGS = {"bullet_list": "ul", "ordered_list": "ol", "list_item": "li", "paragraph": "p"}
#: `*` between letters or digits (`2*3*4`) is a multiplication, not emphasis.
_INTRAWORD_STAR = re.compile(r"(?<=[^\W_])\*(?=[^\W_])")
#: Lists start with `- ` or a number only: `* ` and `+ ` at a line's start stay as typed.
_OTHER_BULLET = re.compile(r"^([ \t]*)([*+])(?=[ \t]|$)", re.MULTILINE)
_INLINE_TAGS = {"em": "em", "strong": "strong"}

Mark = Callable[[str], Markup]


def _parse(text: str) -> list[Token] | None:
    """The text's tokens, or None when the subset would lose some of it (an empty
    list item: `- - -`): then the text is shown as typed."""
    tokens = _MD.parse(_OTHER_BULLET.sub(r"\1\\\2", _INTRAWORD_STAR.sub(r"\\*", text)))
    for token, following in zip(tokens, tokens[1:]):
        if token.type == "list_item_open" and following.type in ("list_item_close", "bullet_list_open",
                                                                  "ordered_list_open"):
            return None
    return tokens


def _as_typed(text: str, mark: Mark) -> Markup:
    """Paragraphs at blank lines, line breaks kept, nothing else read."""
    paragraphs = [p for p in re.split(r"\n[ \t]*\n", text.strip()) if p.strip()]
    return Markup("").join(Markup("<p>") + Markup("<br>").join(mark(line) for line in p.split("\n"))
                           + Markup("</p>") for p in paragraphs)


def is_plain(text: str) -> bool:
    """Whether `text` has nothing Markdown would read: then it is one paragraph, as typed."""
    return (bool(text) and text == text.strip() and not _SYNTAX.search(text)
            and not _LIST_START.match(text))


def to_html(text: str, mark: Mark = escape) -> Markup:
    """`text` as HTML: paragraphs, lists, emphasis, code and safe links; `mark`
    (which must escape) is applied to every run of text outside links and code."""
    if is_plain(text):
        return Markup("<p>") + mark(text) + Markup("</p>")
    if (tokens := _parse(text)) is None:
        return _as_typed(text, mark)
    html: list[str] = []
    for token in tokens:
        if token.type == "inline":
            html.append(_inline_html(token.children or [], mark))
        elif token.hidden:
            continue  # paragraphs of tight list items
        elif (tag := _BLOCK_TAGS.get(token.type.rsplit("_", 1)[0])) is not None:
            if token.nesting < 0:
                html.append(f"</{tag}>")
            elif tag == "ol" and (start := token.attrGet("start")) not in (None, 1):
                html.append(f'<ol start="{int(start)}">')
            else:
                html.append(f"<{tag}>")
    return Markup("".join(html))


def to_plain(text: str) -> str:
    """`text` without Markdown, for CSV cells and feeds: items as lines with `• `
    (or their number), links as `texto (url)`, paragraphs on lines of their own."""
    if is_plain(text):
        return text
    if (tokens := _parse(text)) is None:
        return text
    lines: list[str] = []
    markers: list[list[int] | None] = []  # per open list: next number, or None for bullets
    prefix = ""
    for token in tokens:
        if token.type in ("bullet_list_open", "ordered_list_open"):
            start = token.attrGet("start")
            markers.append([int(start) if start is not None else 1] if token.type == "ordered_list_open" else None)
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            markers.pop()
        elif token.type == "list_item_open":
            counter = markers[-1]
            prefix = "• " if counter is None else f"{counter[0]}. "
            if counter is not None:
                counter[0] += 1
        elif token.type == "inline":
            indent = "  " * max(len(markers) - 1, 0) if prefix else "  " * len(markers)
            body = _inline_plain(token.children or []).replace("\n", "\n" + indent + " " * len(prefix))
            lines.append(indent + prefix + body)
            prefix = ""
    return "\n".join(lines)


def _allowed(href: str) -> str | None:
    """The address if a link may point there, with its scheme in lower case; else None."""
    match = _SAFE_HREF.match(href)
    return match.group(0).lower() + href[match.end():] if match else None


def _inline_html(children: Sequence[Token], mark: Mark) -> str:
    html: list[str] = []
    run: list[str] = []  # text not yet given to `mark`: acronyms must see whole runs
    links: list[bool] = []  # per open link: whether it is written as a link

    def flush() -> None:
        if run:
            html.append(str(escape("".join(run)) if any(links) else mark("".join(run))))
            run.clear()

    for child in children:
        kind = child.type
        if kind == "text":
            run.append(child.content)
            continue
        flush()
        if kind in ("softbreak", "hardbreak"):
            html.append("<br>")
        elif kind == "code_inline":
            html.append(f"<code>{escape(child.content)}</code>")
        elif kind == "link_open":
            href = _allowed(str(child.attrGet("href") or ""))
            links.append(href is not None)
            if href is not None:
                html.append(f'<a href="{escape(href)}">')
        elif kind == "link_close":
            if links.pop():
                html.append("</a>")
        elif (tag := _INLINE_TAGS.get(kind.rsplit("_", 1)[0])) is not None:
            html.append(f"</{tag}>" if child.nesting < 0 else f"<{tag}>")
    flush()
    return "".join(html)


def _inline_plain(children: Sequence[Token]) -> str:
    out: list[str] = []
    links: list[tuple[str | None, int]] = []  # per open link: its address, where its text starts
    for child in children:
        if child.type in ("text", "code_inline"):
            out.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            out.append("\n")
        elif child.type == "link_open":
            links.append((_allowed(str(child.attrGet("href") or "")), len(out)))
        elif child.type == "link_close":
            href, start = links.pop()
            label = "".join(out[start:])
            if href is not None and label not in (href, href.removeprefix("mailto:")):
                out.append(f" ({href})")
    return "".join(out)
