"""Text wrapped into lines of a given width, for the share images (`ogimage`).

Titles are wrapped at up to three sizes for each of thousands of cards, so
widths are not measured again for each growing line: each word is measured once
per font (`_width`, remembered), and a line's width is its words' plus its
spaces'. That sum is what Pillow measures for the whole line unless the
characters around a space are kerned or shaped across it; such pairs (none in
DejaVu Sans for Spanish text, checked per pair of characters and remembered) are
measured whole. tests/test_ogimage.py holds `wrap` to measuring whole lines.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from PIL import ImageFont


@lru_cache(maxsize=1 << 16)
def _width(font: ImageFont.FreeTypeFont, text: str) -> float:
    """`font.getlength(text)`, remembered: titles share many words, and a title is
    measured at up to three sizes."""
    return font.getlength(text)


@lru_cache(maxsize=1 << 14)
def _plain_join(font: ImageFont.FreeTypeFont, left: str, right: str) -> bool:
    """Whether a space between the characters `left` and `right` adds just its own width
    (no kerning or shaping across it), so that widths of words and spaces add up."""
    return font.getlength(f"{left} {right}") == _width(font, left) + _width(font, " ") + _width(font, right)


def width_of(font: ImageFont.FreeTypeFont, text: str) -> float:
    """`font.getlength(text)`, remembered (for `ogimage`, which places a line's words)."""
    return _width(font, text)


#: Bidirectional classes that make a line's visual order differ from its order in the text:
#: right-to-left letters (Hebrew, Arabic), Arabic digits, and explicit embeddings and overrides.
REORDERING = frozenset({"R", "AL", "AN", "RLE", "RLO", "LRE", "LRO", "PDF", "RLI", "LRI", "FSI", "PDI"})


def left_to_right(text: str) -> bool:
    """Whether `text` is shown in the order it is written (nothing for the bidirectional
    algorithm to reorder), so that its words can be placed one after the other."""
    return not any(unicodedata.bidirectional(char) in REORDERING for char in text)


def plain_spaces(font: ImageFont.FreeTypeFont, words: list[str]) -> bool:
    """Whether the line `" ".join(words)` is as wide as its words and spaces (nothing kerned
    or shaped across a space), so each word can be placed on its own."""
    return all(left and right and _plain_join(font, left[-1], right[0]) for left, right in zip(words, words[1:]))


def wrap(text: str, font: ImageFont.FreeTypeFont, width: int, lines: int) -> list[str]:
    """`text` in at most `lines` lines no wider than `width`, cut at word
    boundaries; the last one ends in «…» when the text does not fit.

    A growing line's width is its words' widths (each word measured once per font)
    plus the spaces', measured whole only where the characters around a space
    would change it (`_plain_join`): the same lines as measuring each line whole."""
    space = _width(font, " ")
    out: list[str] = []
    current, length = "", 0.0
    for word in text.split():
        if not current:
            candidate, guess = word, _width(font, word)
        else:
            candidate = f"{current} {word}"
            guess = (length + space + _width(font, word) if _plain_join(font, current[-1], word[0])
                     else font.getlength(candidate))
        if guess <= width:
            current, length = candidate, guess
            continue
        if current:
            out.append(current)
        current, length = word, _width(font, word)
        if length > width:  # a word wider than the line: cut it
            *pieces, current = _cut(word, font, width)
            out += pieces
            length = font.getlength(current)
        if len(out) >= lines:
            return _ellipsis(out[:lines], font, width)
    if current:
        out.append(current)
    if len(out) > lines:
        return _ellipsis(out[:lines], font, width)
    return out


def _cut(word: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """A word wider than the line in pieces that fit (the last one may be short)."""
    pieces: list[str] = []
    while font.getlength(word) > width:
        cut = len(word)
        while cut > 1 and font.getlength(word[:cut]) > width:
            cut -= 1
        pieces.append(word[:cut])
        word = word[cut:]
    return [*pieces, word]


def _ellipsis(lines: list[str], font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    last = lines[-1]
    while last and font.getlength(last + "…") > width:
        last = last.rsplit(" ", 1)[0] if " " in last else last[:-1]
    return [*lines[:-1], last.rstrip(" ,.;:") + "…"]
