"""Share-preview images: one 1200×630 PNG per result page (`og:image`).

Drawn with Pillow and the DejaVu Sans fonts the package ships
(`rendicion/theme/fonts/`, Bitstream Vera licence): no network, no system
fonts, so every machine draws the same image.

Speed matters: a site of 50,000 results has 50,000 images (about 7 ms each). Each is drawn as an
8-bit grayscale mask (0 = background, 253 = text) and written as a 16-colour
palette PNG whose colours run from the theme's blue to white: a sixth of the
bytes of an RGB image to compress, and a smaller file (~20 KB). Images are content-addressed
(`Card.key`: a hash of everything drawn, the fonts and the size), so a cache
folder keeps them across builds and only changed results are drawn again
(`CardWriter`); they are drawn by other processes while MkDocs builds the pages.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import tempfile
import time
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

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
ZLIB_RLE = 3  # zlib's Z_RLE strategy
#: Bump when the drawing changes, so cached images are drawn anew.
VERSION = "1"


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
        digest = hashlib.sha256()
        for part in (VERSION, _fonts_digest(), f"{WIDTH}x{HEIGHT}", self.institution, self.title,
                     self.status, self.footer):
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
_LEVELS = [ACCENT_INDEX if v == ACCENT_LEVEL else round(min(v, TEXT) * (ACCENT_INDEX - 1) / TEXT) for v in range(256)]


def _palette() -> bytes:
    palette: list[int] = []
    for i in range(ACCENT_INDEX):
        share = i / (ACCENT_INDEX - 1)
        palette += [round(b + (f - b) * share) for b, f in zip(BACKGROUND, FOREGROUND)]
    return bytes(palette + list(ACCENT))


_PALETTE = _palette()


#: How close (px) an estimated line width may come to the limit before it is measured for real.
_SLACK = 1.0


@lru_cache(maxsize=1 << 16)
def _width(font: ImageFont.FreeTypeFont, text: str) -> float:
    """`font.getlength(text)`, remembered: titles share most of their words."""
    return font.getlength(text)


def wrap(text: str, font: ImageFont.FreeTypeFont, width: int, lines: int) -> list[str]:
    """`text` in at most `lines` lines no wider than `width`, cut at word
    boundaries; the last one ends in «…» when the text does not fit.

    A line's width is estimated as the sum of its words' widths and spaces
    (each word measured once per font); an estimate within `_SLACK` of the limit
    is measured for real, and so is every line at the end: should kerning across
    a space ever make an estimate wrong, the text is wrapped measuring whole lines
    (`_wrap_measured`, the reference)."""
    out = _wrap_estimated(text, font, width, lines)
    if any(not line.endswith("…") and font.getlength(line) > width for line in out):
        return _wrap_measured(text, font, width, lines)
    return out


def _wrap_estimated(text: str, font: ImageFont.FreeTypeFont, width: int, lines: int) -> list[str]:
    space = _width(font, " ")
    out: list[str] = []
    current, length = "", 0.0
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        guess = length + space + _width(font, word) if current else _width(font, word)
        if guess <= width - _SLACK or (guess <= width + _SLACK and font.getlength(candidate) <= width):
            current, length = candidate, guess
            continue
        if current:
            out.append(current)
        current, length = word, _width(font, word)
        if length > width:
            pieces = _cut(word, font, width)
            out += pieces[:-1]
            current = pieces[-1]
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


def _wrap_measured(text: str, font: ImageFont.FreeTypeFont, width: int, lines: int) -> list[str]:
    """`wrap` measuring every growing line whole: slower, and the reference for `wrap`."""
    out: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if font.getlength(candidate) <= width:
            current = candidate
            continue
        if current:
            out.append(current)
        *pieces, current = _cut(word, font, width)
        out += pieces
        if len(out) >= lines:
            return _ellipsis(out[:lines], font, width)
    if current:
        out.append(current)
    if len(out) > lines:
        return _ellipsis(out[:lines], font, width)
    return out


def _ellipsis(lines: list[str], font: ImageFont.FreeTypeFont, width: int) -> list[str]:
    last = lines[-1]
    while last and font.getlength(last + "…") > width:
        last = last.rsplit(" ", 1)[0] if " " in last else last[:-1]
    return [*lines[:-1], last.rstrip(" ,.;:") + "…"]


def _inked(mask: Image.Image, x: int, y: int) -> tuple[Image.Image, tuple[int, int]] | None:
    """The drawn part of `mask` (placed at x, y) in palette indices, and where it goes."""
    box = mask.getbbox()
    if box is None:
        return None
    return mask.crop(box).point(_LEVELS), (x + box[0], y + box[1])


@lru_cache(maxsize=4)
def _base(institution: str) -> tuple[Image.Image, int]:
    """What every card of a site shares: the accent bar and the institution (palette
    indices in an "L" image), and where the title starts."""
    mask = Image.new("L", (WIDTH, HEIGHT), 0)
    pen = ImageDraw.Draw(mask)
    pen.rectangle((0, 0, 16, HEIGHT), fill=ACCENT_LEVEL)
    small = _font(REGULAR, 30)
    y = MARGIN - 8
    for line in wrap(institution, small, WIDTH - 2 * MARGIN, 2):
        pen.text((MARGIN, y), line, font=small, fill=MUTED)
        y += 40
    return mask.point(_LEVELS), y + 36


#: The status badge and the footer sit in the band from BAND to the bottom.
BAND = HEIGHT - MARGIN - 60


@lru_cache(maxsize=256)
def _bottom(status: str, footer: str) -> tuple[Image.Image, tuple[int, int]] | None:
    """The status badge and the footer (few distinct ones in a site), drawn once."""
    mask = Image.new("L", (WIDTH, HEIGHT - BAND), 0)
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
    return _inked(mask, 0, BAND)


def title_lines(title: str) -> tuple[list[str], int]:
    """The title's lines and font size: as large as it fits in TITLE_LINES lines."""
    inner = WIDTH - 2 * MARGIN
    for size in (TITLE_SIZE, 52, 46):
        lines = wrap(title, _font(BOLD, size), inner, TITLE_LINES)
        if not lines[-1].endswith("…"):
            break
    return lines, size


def draw(card: Card) -> Image.Image:
    """The share image of `card`: a palette image of WIDTH × HEIGHT.

    The parts cards share (`_base`, `_bottom`) are drawn once per process and pasted;
    only the title is drawn for each card, on a mask the size of its lines."""
    base, y = _base(card.institution)
    image = base.copy()
    lines, size = title_lines(card.title)
    font, step, pad = _font(BOLD, size), round(size * 1.22), 8  # pad: glyphs reaching left of the margin
    mask = Image.new("L", (WIDTH - MARGIN + pad, min(len(lines) * step + size, BAND - y)), 0)
    pen = ImageDraw.Draw(mask)
    for at, line in enumerate(lines):
        pen.text((pad, at * step), line, font=font, fill=TEXT)
    for part in (_inked(mask, MARGIN - pad, y), _bottom(card.status, card.footer)):
        if part is not None:
            image.paste(*part)
    image.putpalette(_PALETTE)  # the "L" image of palette indices becomes a "P" image, in place
    return image


def render_png(card: Card, path: Path) -> None:
    """Draw `card` into the PNG file `path` (written whole, then renamed into place)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".part")
    try:
        os.fchmod(handle, PUBLIC)  # mkstemp's 0600 would keep a web server from reading it
        with os.fdopen(handle, "wb") as stream:
            # zlib's run-length strategy: a flat background, quick to pack and smaller.
            draw(card).save(stream, "PNG", compress_level=6, compress_type=ZLIB_RLE, bits=4)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _is_image(path: Path) -> bool:
    """Whether `path` is a regular file: a symlink planted in the cache is never taken
    (it would put another file of the machine into the site)."""
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def _copy_image(source: Path, target: Path) -> None:
    """Copy the image's bytes into the site, never following a link, as a new public file."""
    descriptor = os.open(source, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    with os.fdopen(descriptor, "rb") as stream:
        data = stream.read()
    target.unlink(missing_ok=True)
    target.write_bytes(data)
    os.chmod(target, PUBLIC)


def _writable_cache(cache: Path) -> bool:
    """Whether `cache` can keep images: a real folder (not a link) where a file can be written."""
    try:
        cache.mkdir(parents=True, exist_ok=True)
        if cache.is_symlink() or not cache.is_dir():
            return False
        with tempfile.NamedTemporaryFile(dir=cache, suffix=".part"):
            pass
        _remove_stale_parts(cache)
    except OSError:  # a read-only project: the site is complete without the cache
        return False
    return True


def _render_many(jobs: list[tuple[Card, Path]]) -> None:
    for card, path in jobs:
        render_png(card, path)


def _remove_stale_parts(folder: Path, age: float = 3600) -> None:
    """Remove what killed builds left half-written (never a whole image: those are renamed)."""
    now = time.time()
    for part in folder.glob("*.part"):
        if now - part.stat().st_mtime > age:
            part.unlink(missing_ok=True)


class CardWriter:
    """Draws the share images of a build, in the background, while the pages are built.

    Created when the content is known (`start`): images not in the store
    (the cache folder, else a temporary one) are drawn by worker processes,
    one per core, or at the end when there are few. `finish` waits for them and copies each
    image into the site.
    """

    def __init__(self, cards: Iterable[tuple[Card, str]], cache: Path | None,
                 workers: int | None = None, parallel_above: int = 200) -> None:
        self.cards = list(cards)
        self.temporary: Path | None = None
        if cache is not None and not _writable_cache(cache):
            cache = None
        if cache is None:
            cache = self.temporary = Path(tempfile.mkdtemp(prefix="rendicion-og-"))
        self.store = cache
        seen: set[str] = set()
        self.todo: list[tuple[Card, Path]] = []
        for card, _ in self.cards:
            if card.key not in seen and not _is_image(cache / f"{card.key}.png"):
                seen.add(card.key)
                self.todo.append((card, cache / f"{card.key}.png"))
        # One per core: they share the cores with MkDocs while it builds the
        # pages, and have them all once it is done.
        workers = workers if workers is not None else (os.cpu_count() or 1)
        self.pool: ProcessPoolExecutor | None = None
        self.futures: list = []
        if len(self.todo) > parallel_above:
            self.pool = ProcessPoolExecutor(workers)
            size = max(50, len(self.todo) // (workers * 8))
            self.futures = [self.pool.submit(_render_many, self.todo[i:i + size])
                            for i in range(0, len(self.todo), size)]

    def finish(self, site_dir: Path) -> int:
        """Wait for the images, put them into `site_dir`; return how many were drawn."""
        try:
            if self.pool is not None:
                for future in self.futures:
                    future.result()
            else:
                _render_many(self.todo)
            folders: set[Path] = set()
            for card, relative in self.cards:
                target = site_dir / relative
                if target.parent not in folders:
                    target.parent.mkdir(parents=True, exist_ok=True)
                    folders.add(target.parent)
                # Copied, not hard-linked: the site's files must not change with the cache's.
                _copy_image(self.store / f"{card.key}.png", target)
            return len(self.todo)
        finally:
            self.close()

    def close(self) -> None:
        """Stop the workers and remove the temporary store (also when the build failed)."""
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None
        if self.temporary is not None:
            shutil.rmtree(self.temporary, ignore_errors=True)
            self.temporary = None


def write_cards(cards: Iterable[tuple[Card, str]], site_dir: Path, cache: Path | None,
                workers: int | None = None, parallel_above: int = 200) -> int:
    """Write each card's PNG at its path in `site_dir`; return how many were drawn (not cached)."""
    return CardWriter(cards, cache, workers, parallel_above).finish(site_dir)
