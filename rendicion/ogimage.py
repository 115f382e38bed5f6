"""Share-preview images: one 1200×630 PNG per result page (`og:image`).

Drawn with Pillow and the DejaVu Sans fonts the package ships
(`rendicion/theme/fonts/`, Bitstream Vera licence): no network, no system
fonts, so every machine draws the same image.

Speed matters: a site of 50,000 results has 50,000 images (about 2.5 ms of
CPU each, file included; 7 ms before the parts cards share were kept). Each is
drawn as an 8-bit grayscale mask (0 = background, 253 = text) and written as a
16-colour palette PNG whose colours run from the theme's blue to white (~22 KB).
A card is bands of rows (`Strip`): the accent bar and the institution (the same
for every card of a site), the title, empty rows, and the status badge and
footer (few distinct ones). Only the title is drawn and compressed for each
card; the other bands are drawn and compressed once per process (`ogpng` joins
the compressed bands into one PNG), and titles are wrapped with each word
measured once (`ogtext`). Images are content-addressed (`Card.key`: a hash of
everything drawn, the fonts and the size), so a cache folder keeps them across
builds and only changed results are drawn again (`CardWriter`); they are drawn
by other processes while MkDocs builds the pages (`ogstore.py`).
"""

from __future__ import annotations

import hashlib
import math
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from . import ogpng
from .ogtext import left_to_right, plain_spaces, width_of, wrap

FONTS = Path(__file__).parent / "theme" / "fonts"
REGULAR = FONTS / "DejaVuSans.ttf"
BOLD = FONTS / "DejaVuSans-Bold.ttf"

WIDTH, HEIGHT = 1200, 630
MARGIN = 72
#: The theme's colours (rendicion.css): primary blue background, white text.
BACKGROUND = (0x1B, 0x3D, 0x6D)
FOREGROUND = (0xFF, 0xFF, 0xFF)
ACCENT = (0x9C, 0xC4, 0xFF)
#: Mask levels: 0..TEXT blend background to white; ACCENT_LEVEL is the accent colour.
TEXT = 253
MUTED = 200
ACCENT_LEVEL = 255
ACCENT_INDEX = 15
TITLE_SIZE, TITLE_LINES = 60, 4
#: Images are public files (rw-r--r--), whatever the cache's permissions.
PUBLIC = 0o644
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
#: Bump when the drawing changes, so cached images are drawn anew.
VERSION = "2"


@dataclass(frozen=True)
class Card:
    """What one share image shows (plain text; nothing here is markup)."""

    institution: str
    title: str
    status: str = ""  # «Cumplido», «En curso»…, or empty
    footer: str = ""  # the area and year, say

    @property
    def key(self) -> str:
        """A name for the image that changes whenever anything drawn changes."""
        return _card_key(self)


# Kept between the preview's rebuilds, which make every card again.
@lru_cache(maxsize=100_000)
def _card_key(card: Card) -> str:
    digest = hashlib.sha256()
    for part in (VERSION, _fonts_digest(), f"{WIDTH}x{HEIGHT}", card.institution, card.title,
                 card.status, card.footer):
        digest.update(part.encode("utf-8") + b"\0")
    return digest.hexdigest()[:32]


@lru_cache(maxsize=1)
def _fonts_digest() -> str:
    digest = hashlib.sha256()
    for font in (REGULAR, BOLD):
        digest.update(font.read_bytes())
    return digest.hexdigest()


@lru_cache(maxsize=16)
def _font(path: Path, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(path), size)


#: 16 colours (a 4-bit PNG: small and quick to compress): mask levels 0..TEXT
#: become 15 steps from the background to white; ACCENT_LEVEL the accent.
#: The title is drawn straight in palette indices (no mask to map: it is drawn for every
#: card): white is index 14. Its edges then differ from mapping TEXT's levels by one step
#: of 14 at 4 of 256 levels of coverage; the other parts are drawn once, as masks.
TITLE_INDEX = ACCENT_INDEX - 1
_LEVELS = [ACCENT_INDEX if v == ACCENT_LEVEL else round(min(v, TEXT) * (ACCENT_INDEX - 1) / TEXT) for v in range(256)]


def _palette() -> bytes:
    palette: list[int] = []
    for i in range(ACCENT_INDEX):
        share = i / (ACCENT_INDEX - 1)
        palette += [round(b + (f - b) * share) for b, f in zip(BACKGROUND, FOREGROUND)]
    return bytes(palette + list(ACCENT))


_PALETTE = _palette()


#: The status badge and the footer sit in the rows from BAND to the bottom.
BAND = HEIGHT - MARGIN - 60
#: Rows kept above the title's first line (accents taller than the font's ascent);
#: a quarter of them below its last line's descent.
ROOM = 32


@dataclass(frozen=True)
class Strip:
    """Rows `top`.. of a card, as an "L" image of palette indices, and compressed (`ogpng`)."""

    top: int
    rows: Image.Image
    band: ogpng.Band


def _strip(mask: Image.Image, top: int) -> Strip:
    """`mask`'s levels (drawn with TEXT, MUTED, ACCENT_LEVEL) as palette indices, at row `top`."""
    rows = mask.point(_LEVELS)
    return Strip(top, rows, ogpng.band(rows))


@lru_cache(maxsize=1)
def _bar() -> Image.Image:
    """A card's mask before anything but the accent bar is drawn."""
    mask = Image.new("L", (WIDTH, HEIGHT), 0)
    ImageDraw.Draw(mask).rectangle((0, 0, 16, HEIGHT), fill=ACCENT_LEVEL)
    return mask


@lru_cache(maxsize=1)
def _bar_indices() -> Image.Image:
    """`_bar()` in palette indices: what the title is drawn on."""
    return _bar().point(_LEVELS)


@lru_cache(maxsize=4)
def _head(institution: str) -> tuple[Strip, int]:
    """What every card of a site shares: the bar and the institution; and where the title starts."""
    mask = _bar().copy()
    pen = ImageDraw.Draw(mask)
    small = _font(REGULAR, 30)
    y = MARGIN - 8
    for line in wrap(institution, small, WIDTH - 2 * MARGIN, 2):
        pen.text((MARGIN, y), line, font=small, fill=MUTED)
        y += 40
    return _strip(mask.crop((0, 0, WIDTH, y + 36 - ROOM)), 0), y + 36


@lru_cache(maxsize=64)  # a site has a dozen: one per title size and number of lines
def _blank(top: int, bottom: int) -> Strip:
    """Rows with the bar alone, between the title and the badge."""
    return _strip(_bar().crop((0, top, WIDTH, bottom)), top)


@lru_cache(maxsize=256)
def _foot(status: str, footer: str) -> Strip:
    """The status badge and the footer (few distinct ones in a site), drawn once."""
    mask = _bar().crop((0, BAND, WIDTH, HEIGHT))
    pen = ImageDraw.Draw(mask)
    bottom, x = HEIGHT - MARGIN - BAND, MARGIN
    if status:
        badge = _font(BOLD, 28)
        length = badge.getlength(status)
        pen.rounded_rectangle((x, bottom - 46, x + length + 40, bottom), radius=23, outline=TEXT, width=3)
        pen.text((x + 20, bottom - 23), status, font=badge, fill=TEXT, anchor="lm")
        x += length + 64
    if footer:
        small = _font(REGULAR, 30)
        pen.text((x, bottom - 23), wrap(footer, small, WIDTH - MARGIN - x, 1)[0], font=small, fill=MUTED,
                 anchor="lm")
    return _strip(mask, BAND)


def title_lines(title: str) -> tuple[list[str], int]:
    """The title's lines and font size: as large as it fits in TITLE_LINES lines."""
    inner = WIDTH - 2 * MARGIN
    for size in (TITLE_SIZE, 52, 46):
        lines = wrap(title, _font(BOLD, size), inner, TITLE_LINES)
        if not lines[-1].endswith("…"):
            break
    return lines, size


def _title(title: str, y: int) -> Strip:
    """The rows of the title, its first line at row `y`: the only part drawn for each card."""
    lines, size = title_lines(title)
    font, step = _font(BOLD, size), round(size * 1.22)
    ascent, descent = font.getmetrics()
    last = y + (len(lines) - 1) * step  # down to the last line's descent and a little more
    rows = _bar_indices().crop((0, y - ROOM, WIDTH, min(last + ascent + descent + ROOM // 4, BAND)))
    pen = ImageDraw.Draw(rows)
    for at, line in enumerate(lines):
        _write(pen, MARGIN, ROOM + at * step, line, font)
    return Strip(y - ROOM, rows, ogpng.band(rows))


def _write(pen: ImageDraw.ImageDraw, x: int, y: int, line: str, font: ImageFont.FreeTypeFont) -> None:
    """`pen.text((x, y), line, font=font, fill=TITLE_INDEX)`, word by word: each word is
    rasterised once per process at each sub-pixel offset where it lands (`_word`), since
    rasterising is most of a card's drawing and titles share their words. A word's glyphs
    land exactly where the whole line puts them (widths add up across spaces: `plain_spaces`),
    so the pixels are the same; a line where they would not, or whose words are shown in
    another order than written (right-to-left text: `left_to_right`), is drawn whole."""
    words = line.split(" ")
    if not (left_to_right(line) and plain_spaces(font, words)):
        pen.text((x, y), line, font=font, fill=TITLE_INDEX)
        return
    space = width_of(font, " ")
    at = float(x)
    for word in words:
        whole = math.floor(at)
        mask, (left, top) = _word(font, word, at - whole)
        # What ImageDraw.text does with the mask of a whole line (Pillow is pinned;
        # tests/test_ogimage.py compares the pixels with drawing the line at once).
        pen.draw.draw_bitmap((whole + left, y + top), mask, TITLE_INDEX)
        at += width_of(font, word) + space


#: Words kept per process (a 60-pixel word is ~10 KB): titles draw from a few thousand.
WORDS_KEPT = 4096


@lru_cache(maxsize=WORDS_KEPT)
def _word(font: ImageFont.FreeTypeFont, word: str, start: float) -> tuple[object, tuple[int, int]]:
    """`word`'s mask and offset, drawn from `start` pixels right of a pixel's edge."""
    return font.getmask2(word, "L", anchor="la", start=(start, 0))


def _strips(card: Card) -> list[Strip]:
    """The card's rows, top to bottom: only the title's are drawn anew, the others are kept."""
    head, y = _head(card.institution)
    title = _title(card.title, y)
    end = title.top + title.rows.height
    return [head, title, _blank(end, BAND), _foot(card.status, card.footer)]


def draw(card: Card) -> Image.Image:
    """The share image of `card`: a palette image of WIDTH × HEIGHT."""
    image = Image.new("L", (WIDTH, HEIGHT), 0)
    for strip in _strips(card):
        image.paste(strip.rows, (0, strip.top))
    image.putpalette(_PALETTE)  # the "L" image of palette indices becomes a "P" image, in place
    return image


def encode(card: Card) -> bytes:
    """`draw(card)` as a PNG file, of which only the title's rows are compressed anew (`ogpng`)."""
    return ogpng.png((strip.band for strip in _strips(card)), WIDTH, _PALETTE)


def render_png(card: Card, path: Path) -> None:
    """Draw `card` into the PNG file `path` (written whole, then renamed into place)."""
    data = encode(card)
    temporary = path.with_name(f"{path.name}.{os.getpid()}.part")  # this process's own
    try:
        handle = _create(temporary)
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = _create(temporary)
    try:
        try:
            os.write(handle, data)  # regular files take it whole (or raise)
        finally:
            os.close(handle)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _create(path: Path) -> int:
    """A new public file at `path`, open for writing; a file already there (left by a killed
    build) is replaced, and a link there is removed, never followed."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW
    try:
        handle = os.open(path, flags, PUBLIC)
    except FileExistsError:
        path.unlink()
        handle = os.open(path, flags, PUBLIC)
    os.fchmod(handle, PUBLIC)  # whatever the umask: a web server running as another user reads it
    return handle
