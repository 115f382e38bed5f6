"""16-colour PNG files put together from bands of rows compressed apart (for `ogimage`).

A share image is mostly rows that other cards of the site have too: the accent
bar and the institution above the title, empty rows, the status badge and the
footer below (few distinct ones). Each band of rows is filtered and compressed
on its own, as a piece of raw deflate data flushed to a byte boundary, so a
band that repeats is compressed once per process and its bytes are reused:
only the title's rows are compressed for each card. The pieces are joined into
one zlib stream (their Adler-32 checksums combined) in a standard PNG: 4-bit
palette pixels, each band's first row unfiltered and the others filtered "Up"
(each byte less the one above), compressed with zlib's run-length strategy,
which is quick and small for flat areas.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterable
from dataclasses import dataclass

from PIL import Image, ImageChops

SIGNATURE = b"\x89PNG\r\n\x1a\n"
_NONE, _UP = 0, 2  # PNG row filters
_ADLER_BASE = 65521
#: An empty final deflate block (fixed Huffman codes): ends the joined stream.
_LAST_BLOCK = b"\x03\x00"
#: zlib header: deflate with a 32 KB window, no preset dictionary.
_ZLIB_HEADER = b"\x78\x01"


@dataclass(frozen=True)
class Band:
    """Consecutive rows of an image, filtered and compressed: a piece of the PNG's zlib stream."""

    deflated: bytes  # raw deflate blocks, none final, ending on a byte boundary
    adler: int  # Adler-32 of the filtered rows
    length: int  # bytes of filtered rows
    rows: int


def band(indices: Image.Image) -> Band:
    """Compress `indices`, an "L" image of palette indices (0..15), as rows of a 4-bit PNG."""
    width, height = indices.size
    if height == 0:
        return Band(b"", 1, 0, 0)
    row = (width + 1) // 2
    packed = Image.frombytes("L", (row, height), indices.tobytes("raw", "L;4"))  # two pixels a byte
    above = Image.new("L", packed.size, 0)
    above.paste(packed.crop((0, 0, row, height - 1)), (0, 1))
    lines = Image.new("L", (row + 1, height), _UP)  # each row: its filter's byte, then the bytes
    lines.paste(ImageChops.subtract_modulo(packed, above), (1, 0))
    lines.putpixel((0, 0), _NONE)  # the first row, less zeros: unfiltered
    data = lines.tobytes()
    compressor = zlib.compressobj(1, zlib.DEFLATED, -15, 9, zlib.Z_RLE)
    deflated = compressor.compress(data) + compressor.flush(zlib.Z_SYNC_FLUSH)
    return Band(deflated, zlib.adler32(data), len(data), height)


def adler32_combine(first: int, second: int, length: int) -> int:
    """The Adler-32 of two pieces of data joined, from theirs and the second's length (zlib's)."""
    remainder = length % _ADLER_BASE
    low = ((first & 0xFFFF) + (second & 0xFFFF) + _ADLER_BASE - 1) % _ADLER_BASE
    high = (remainder * (first & 0xFFFF) + (first >> 16) + (second >> 16) + _ADLER_BASE - remainder) % _ADLER_BASE
    return low | (high << 16)


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(data, zlib.crc32(kind)))


def png(bands: Iterable[Band], width: int, palette: bytes) -> bytes:
    """A PNG file of `bands`, top to bottom, in the colours of `palette` (16 RGB triplets)."""
    height, adler, pieces = 0, 1, [_ZLIB_HEADER]
    for part in bands:
        height += part.rows
        adler = adler32_combine(adler, part.adler, part.length)
        pieces.append(part.deflated)
    pieces += [_LAST_BLOCK, struct.pack(">I", adler)]
    header = struct.pack(">IIBBBBB", width, height, 4, 3, 0, 0, 0)  # 4 bits a pixel, palette
    return b"".join((SIGNATURE, _chunk(b"IHDR", header), _chunk(b"PLTE", palette),
                     _chunk(b"IDAT", b"".join(pieces)), _chunk(b"IEND", b"")))
