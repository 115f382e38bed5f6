"""The Atom feeds' XML, written as escaped strings rather than through ElementTree.

ElementTree's generic serialiser (namespace discovery, one `write` per token)
was a quarter of the downloads' time at 10,000 results, and it serialised each
result's entry once per feed that lists it. Here an entry is one string, made
once and joined into every feed that shows it (`downloadparts.py`).

The output is byte for byte what `ElementTree.indent` + `ElementTree.tostring`
gave (`tests/test_downloads_identical.py` holds the two side by side): the same
two-space indentation, `<tag />` for an empty element, attributes in the order
given and the same escaping: `&`, `<`, `>` in text; those and `"`, CR, LF and tab
in attributes. A CR in a text is written as is, as ElementTree did (an XML reader
turns it into LF). Callers pass every text through `feeds.feed_text` first, so
no character that XML forbids reaches this module.
"""

from __future__ import annotations

ATOM = "http://www.w3.org/2005/Atom"
DECLARATION = '<?xml version="1.0" encoding="utf-8"?>\n'


def escape_text(text: str) -> str:
    """Character data: `&`, `<` and `>` as entities (the membership tests skip the common no-op)."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


def escape_attribute(value: str) -> str:
    """An attribute value in double quotes: as text, plus `"`, and CR, LF and tab as
    character references (a reader would otherwise normalise them to spaces)."""
    value = escape_text(value)
    if '"' in value:
        value = value.replace('"', "&quot;")
    if "\r" in value:
        value = value.replace("\r", "&#13;")
    if "\n" in value:
        value = value.replace("\n", "&#10;")
    if "\t" in value:
        value = value.replace("\t", "&#09;")
    return value


def attributes(pairs: tuple[tuple[str, str], ...]) -> str:
    """` name="value"` for each pair, in order."""
    return "".join(f' {name}="{escape_attribute(value)}"' for name, value in pairs)


def leaf(depth: int, tag: str, text: str, *pairs: tuple[str, str]) -> str:
    """One line: an element with only text (empty text: `<tag />`, as ElementTree writes it)."""
    indent = "  " * depth
    if text:
        return f"{indent}<{tag}{attributes(pairs)}>{escape_text(text)}</{tag}>\n"
    return f"{indent}<{tag}{attributes(pairs)} />\n"


def empty(depth: int, tag: str, *pairs: tuple[str, str]) -> str:
    """One line: an element with attributes only."""
    return f"{'  ' * depth}<{tag}{attributes(pairs)} />\n"


def feed_start(language: str) -> str:
    """The declaration and the root's start tag; the default namespace is Atom's."""
    return f'{DECLARATION}<feed xmlns="{ATOM}" xml:lang="{escape_attribute(language)}">\n'


FEED_END = "</feed>\n"


def encode(text: str) -> bytes:
    """UTF-8; a character it cannot hold (only in a value callers did not clean, such as
    the language) as a character reference, as ElementTree's writer did."""
    return text.encode("utf-8", "xmlcharrefreplace")
