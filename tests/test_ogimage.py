"""The share-preview images (rendicion/ogimage.py): size, wrapping, the cache."""

from __future__ import annotations

import tempfile
from pathlib import Path

from PIL import Image

from rendicion import ogimage
from rendicion.ogimage import Card, wrap, write_cards

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
