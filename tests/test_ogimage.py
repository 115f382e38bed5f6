"""The share-preview images (rendicion/ogimage.py): size, wrapping, the cache."""

from __future__ import annotations

import tempfile
from pathlib import Path

from PIL import Image

from rendicion import ogimage
from rendicion.ogimage import Card, wrap
from rendicion.ogstore import write_cards

CARD = Card("Secretaría de Gobernabilidad (SEGOB)", "Se atendieron 1,555 casos en los 14 departamentos",
            "Cumplido", "Conflictos · 2018")


def test_image_is_a_1200_by_630_png(tmp_path):
    path = tmp_path / "a.png"
    ogimage.render_png(CARD, path)
    with Image.open(path) as png:
        assert png.format == "PNG" and png.size == (1200, 630)
        # Drawn: not one flat colour; the theme's background dominates.
        colours = png.convert("RGB").getcolors(256)
        assert colours is not None and len(colours) > 2
        assert max(colours)[1] == ogimage.BACKGROUND
    assert not list(tmp_path.glob("*.part"))


def test_long_title_is_wrapped_and_ends_in_an_ellipsis():
    font = ogimage._font(ogimage.BOLD, ogimage.TITLE_SIZE)
    lines = wrap("palabra " * 80, font, 1000, 4)
    assert len(lines) == 4 and lines[-1].endswith("…")
    assert all(font.getlength(line) <= 1000 for line in lines)
    assert wrap("Corto", font, 1000, 4) == ["Corto"]
    # A word wider than the line is cut, not left overflowing.
    long = wrap("x" * 200, font, 500, 3)
    assert all(font.getlength(line) <= 500 for line in long)


def test_key_changes_with_anything_drawn():
    assert CARD.key == Card(*[CARD.institution, CARD.title, CARD.status, CARD.footer]).key
    assert CARD.key != Card(CARD.institution, CARD.title + ".", CARD.status, CARD.footer).key
    assert CARD.key != Card(CARD.institution, CARD.title, "En curso", CARD.footer).key


def test_cache_draws_only_new_images(tmp_path):
    cache = tmp_path / "cache"
    assert write_cards([(CARD, "r/a.png")], tmp_path / "site1", cache) == 1
    assert (cache / f"{CARD.key}.png").is_file()
    assert write_cards([(CARD, "r/a.png")], tmp_path / "site2", cache) == 0
    assert (tmp_path / "site2" / "r" / "a.png").read_bytes() == (tmp_path / "site1" / "r" / "a.png").read_bytes()


def test_unusable_cache_is_skipped(tmp_path):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("x")  # the cache cannot be made below a file (as in a read-only project)
    assert write_cards([(CARD, "a.png")], tmp_path / "site", blocked / "og") == 1
    assert (tmp_path / "site" / "a.png").is_file()
    assert not list(Path(tempfile.gettempdir()).glob("rendicion-og-*"))  # its temporary store is gone


def test_many_images_on_several_processes(tmp_path):
    cards = [(Card("Inst", f"Resultado {n}", "", ""), f"{n}.png") for n in range(6)]
    assert write_cards(cards, tmp_path, None, workers=2, parallel_above=2) == 6
    for _, path in cards:
        with Image.open(tmp_path / path) as png:
            assert png.size == (1200, 630)


def test_half_written_images_of_killed_builds_are_removed(tmp_path):
    import os

    cache = tmp_path / "cache"
    cache.mkdir()
    old, fresh = cache / "x.old.part", cache / "y.fresh.part"
    old.write_bytes(b"half")
    fresh.write_bytes(b"being written")  # perhaps by a build running now: kept
    os.utime(old, (1, 1))
    write_cards([(CARD, "a.png")], tmp_path / "site", cache)
    assert not old.exists() and fresh.exists()


def test_images_are_public_files_copied_into_the_site(tmp_path):
    """A web server running as another user must read them (mkstemp makes files 0600); the
    site's copy is its own, not a hard link to the cache."""
    cache = tmp_path / "cache"
    write_cards([(CARD, "r/a.png")], tmp_path / "site", cache)
    image = tmp_path / "site" / "r" / "a.png"
    assert image.stat().st_mode & 0o777 == 0o644
    assert (cache / f"{CARD.key}.png").stat().st_mode & 0o777 == 0o644
    assert image.stat().st_nlink == 1


def test_a_symlink_planted_in_the_cache_is_never_published(tmp_path):
    cache = tmp_path / "cache"
    cache.mkdir()
    secret = tmp_path / "secret.txt"
    secret.write_text("contraseña")
    (cache / f"{CARD.key}.png").symlink_to(secret)
    assert write_cards([(CARD, "a.png")], tmp_path / "site", cache) == 1  # drawn anew
    image = tmp_path / "site" / "a.png"
    assert not image.is_symlink() and image.read_bytes().startswith(b"\x89PNG")
    assert secret.read_text() == "contraseña"


def test_a_read_only_cache_folder_falls_back_to_a_temporary_one(tmp_path):
    import os

    cache = tmp_path / "cache"
    cache.mkdir()
    cache.chmod(0o555)
    try:
        if os.access(cache, os.W_OK):  # root ignores permissions: nothing to check here
            return
        assert write_cards([(CARD, "a.png")], tmp_path / "site", cache) == 1
        assert (tmp_path / "site" / "a.png").is_file()
    finally:
        cache.chmod(0o755)


# --- The speed-ups draw what the plain way drew ------------------------------------------
# ogimage measures each word once, draws the shared parts once and compresses bands of
# rows apart; these tests hold it to the plain way: whole lines measured, the whole card
# drawn on one mask, then Pillow's PNG encoder.

import io
import os
import zlib

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import ImageChops, ImageDraw

from rendicion import ogpng, ogtext


def reference_wrap(text, font, width, lines):
    """The plain wrapping: every growing line measured whole."""
    out, current = [], ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if font.getlength(candidate) <= width:
            current = candidate
            continue
        if current:
            out.append(current)
        current = word
        while font.getlength(current) > width:
            cut = len(current)
            while cut > 1 and font.getlength(current[:cut]) > width:
                cut -= 1
            out.append(current[:cut])
            current = current[cut:]
        if len(out) >= lines:
            return ogtext._ellipsis(out[:lines], font, width)
    if current:
        out.append(current)
    return ogtext._ellipsis(out[:lines], font, width) if len(out) > lines else out


def reference_draw(card):
    """The card drawn the plain way, on one mask (the layout of ogimage before it was cached)."""
    mask = Image.new("L", (1200, 630), 0)
    pen = ImageDraw.Draw(mask)
    inner = 1200 - 2 * 72
    pen.rectangle((0, 0, 16, 630), fill=255)
    small = ogimage._font(ogimage.REGULAR, 30)
    y = 64
    for line in reference_wrap(card.institution, small, inner, 2):
        pen.text((72, y), line, font=small, fill=200)
        y += 40
    for size in (60, 52, 46):
        title_font = ogimage._font(ogimage.BOLD, size)
        lines = reference_wrap(card.title, title_font, inner, 4)
        if not lines[-1].endswith("…") or size == 46:
            break
    y += 36
    for line in lines:
        pen.text((72, y), line, font=title_font, fill=253)
        y += round(size * 1.22)
    bottom, x = 630 - 72, 72
    if card.status:
        badge = ogimage._font(ogimage.BOLD, 28)
        length = badge.getlength(card.status)
        pen.rounded_rectangle((x, bottom - 46, x + length + 40, bottom), radius=23, outline=253, width=3)
        pen.text((x + 20, bottom - 23), card.status, font=badge, fill=253, anchor="lm")
        x += length + 64
    if card.footer:
        pen.text((x, bottom - 23), reference_wrap(card.footer, small, 1200 - 72 - x, 1)[0], font=small,
                 fill=200, anchor="lm")
    levels = [15 if v == 255 else round(min(v, 253) * 14 / 253) for v in range(256)]
    image = Image.frombytes("P", mask.size, mask.point(levels).tobytes())
    image.putpalette(ogimage._PALETTE)
    return image


def same_picture(a, b):
    """The same picture to the eye: same size, palette and pixels, but for the title's
    antialiased edges, drawn straight in palette indices (TITLE_INDEX), one step of 14 off
    at a few levels of coverage."""
    if not (a.size == b.size and a.mode == b.mode == "P" and a.getpalette() == b.getpalette()):
        return False
    ours, plain = (Image.frombytes("L", a.size, image.tobytes()) for image in (a, b))
    difference = ImageChops.difference(ours, plain)
    if difference.getbbox() is None:
        return True
    edges = sum(count for count, level in plain.getcolors(256) if 0 < level < 14)
    off_by_one = difference.histogram()[1]
    return difference.getextrema()[1] == 1 and off_by_one <= 0.1 * edges


def decoded(card):
    with Image.open(io.BytesIO(ogimage.encode(card))) as png:
        png.verify()
    with Image.open(io.BytesIO(ogimage.encode(card))) as png:
        png.load()
        return png.copy()


# Spanish-looking words: accents, capitals, punctuation, digits; now and then one very long.
LETTERS = "abcdefghijklmnopqrstuvwxyzáéíóúñüÁÉÍÓÚÑ" + "AEIOULMNST" + "0123456789" + ",.;:()«»-/%"
WORDS = st.one_of(st.text(LETTERS, min_size=1, max_size=12), st.text(LETTERS, min_size=20, max_size=90),
                  st.sampled_from(["de", "la", "los", "en", "y", "Ñandú", "Éxito", "jiggly", "W.A.V.", "«…»",
                                   # Right-to-left words and a bidirectional override, from other hands
                                   "שלום", "עולם", "مرحبا", "بالعالم", "\u202eabc", "١٢٣"]))
TEXTS = st.lists(WORDS, min_size=1, max_size=45).map(" ".join)

SPECIAL = [
    CARD,
    Card("Secretaría de Gobernabilidad (SEGOB)", "Programa nacional de fortalecimiento institucional para la "
         "gobernabilidad democrática: 1,555 casos atendidos en mesas de diálogo de los 14 departamentos, con "
         "acuerdos firmados por las comunidades indígenas y las municipalidades del altiplano y la costa sur",
         "En curso", "Diálogo · 2019"),
    Card("Ministerio de Desarrollo Social y de la Inclusión Económica de las Comunidades Rurales del País (MIDES)",
         "Anticonstitucionalísimamente" * 8, "", ""),
    Card("Inst", "Éxito ÁÉÍÓÚ Ñandú jjj ggg ÇÅ " * 8, "Suspendido", "Derechos humanos · 2019 " * 6),
    Card("I", "Corto", "Planificado", ""),
    Card("", "x", "", "Sin estado · 2020"),
]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXTS, size=st.sampled_from([(ogimage.BOLD, 60), (ogimage.BOLD, 52), (ogimage.BOLD, 46),
                                         (ogimage.REGULAR, 30)]),
       width=st.integers(200, 1056), lines=st.integers(1, 4))
def test_wrap_with_remembered_widths_gives_the_lines_of_measuring_whole_lines(text, size, width, lines):
    font = ogimage._font(*size)
    assert wrap(text, font, width, lines) == reference_wrap(text, font, width, lines)


def test_cards_look_as_drawn_the_plain_way():
    """Long title (smaller, cut with «…»), one very long word, accents above the ascent, a
    status and none, a long footer: the picture and the decoded PNG are the plain drawing's."""
    for card in SPECIAL:
        expected = reference_draw(card)
        assert same_picture(ogimage.draw(card), expected), card
        assert same_picture(decoded(card), expected), card


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(institution=st.sampled_from(["Secretaría de Gobernabilidad (SEGOB)", "Inst", "Ministerio " * 12]),
       title=TEXTS, status=st.sampled_from(["", "Cumplido", "En curso", "Planificado", "Suspendido"]),
       footer=st.one_of(st.just(""), TEXTS))
def test_any_card_looks_as_drawn_the_plain_way(institution, title, status, footer):
    card = Card(institution, title, status, footer)
    expected = reference_draw(card)
    assert same_picture(decoded(card), expected)


def test_png_is_small_and_standard(tmp_path):
    path = tmp_path / "a.png"
    ogimage.render_png(SPECIAL[1], path)
    data = path.read_bytes()
    assert data.startswith(ogpng.SIGNATURE) and len(data) < 30_000
    with Image.open(path) as png:
        assert png.mode == "P" and png.info.get("transparency") is None
    assert path.stat().st_mode & 0o777 == 0o644


@given(first=st.binary(max_size=300), second=st.binary(max_size=300))
def test_adler32_of_joined_bands(first, second):
    assert ogpng.adler32_combine(zlib.adler32(first), zlib.adler32(second), len(second)) \
        == zlib.adler32(first + second)


def test_a_file_left_by_a_killed_build_does_not_stop_drawing(tmp_path):
    path = tmp_path / "a.png"
    stale = tmp_path / f"a.png.{os.getpid()}.part"
    stale.write_bytes(b"half")
    ogimage.render_png(CARD, path)
    assert path.read_bytes().startswith(ogpng.SIGNATURE) and not stale.exists()


def test_copying_into_the_site_never_writes_through_a_link(tmp_path):
    """What is at the image's place in the site (a symlink, a hard link) is replaced, not written to."""
    secret, other = tmp_path / "secret.txt", tmp_path / "other.txt"
    secret.write_text("contraseña")
    other.write_text("otro")
    site = tmp_path / "site"
    site.mkdir()
    (site / "a.png").symlink_to(secret)
    os.link(other, site / "b.png")
    write_cards([(CARD, "a.png"), (CARD, "b.png")], site, tmp_path / "cache")
    assert secret.read_text() == "contraseña" and other.read_text() == "otro"
    for name in ("a.png", "b.png"):
        image = site / name
        assert not image.is_symlink() and image.stat().st_nlink == 1
        assert image.read_bytes() == (tmp_path / "cache" / f"{CARD.key}.png").read_bytes()


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXTS, size=st.sampled_from([60, 52, 46]), x=st.sampled_from([72, 73]))
def test_a_title_line_drawn_word_by_word_has_the_pixels_of_the_whole_line(text, size, x):
    """Words are rasterised once and placed (ogimage._write): the same pixels as drawing the
    line at once, for the first word's cut pieces, the ellipsis, accents and repeated words."""
    font = ogimage._font(ogimage.BOLD, size)
    for line in [*wrap(text, font, 1056, 4), text, f"{text} {text}"]:
        whole, by_word = (Image.new("L", (2600, 150), 0) for _ in range(2))
        ImageDraw.Draw(whole).text((x, 40), line, font=font, fill=ogimage.TITLE_INDEX)
        ogimage._write(ImageDraw.Draw(by_word), x, 40, line, font)
        assert ImageChops.difference(whole, by_word).getbbox() is None, line
