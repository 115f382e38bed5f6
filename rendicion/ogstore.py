"""The share images of a build: a cache of drawn images and their copies in the site.

Images are content-addressed (`ogimage.Card.key`), so a cache folder beside
`mkdocs.yml` keeps them across builds; without a usable cache (a read-only
project, a link planted there) a temporary folder is used. `CardWriter` draws
the images not in the store and copies every image into the site, in worker
processes while MkDocs builds the pages (drawing 10,000 cards and creating
10,000 files is seconds of CPU that the build's own process no longer waits
for). In the preview, images already in the site from the last build are
neither drawn nor copied again (`placed`).

Copies are new regular files (rw-r--r--), never hard links (the site's files
must not change with the cache's), and no link in the cache or the site is
ever followed.
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
import time
from collections.abc import Iterable, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from .helperprocs import end_with_parent
from .ogimage import _NOFOLLOW, Card, _create, render_png


@dataclass(frozen=True)
class Placement:
    """One image: drawn into the store first if `draw`, then copied to each site path."""

    card: Card
    key: str
    paths: tuple[str, ...]
    draw: bool


class CardWriter:
    """Puts a build's share images into the site (see the module's docstring).

    Created when the content and the site folder are known: placements start
    at once, on worker processes (one per core) when there are more than
    `parallel_above`, else in `finish`, which waits for them all.
    `placed` (site path -> key): images the site folder already holds. `others`: images
    the site folder holds and keeps, besides `cards` (the preview passes only the
    cards an edit may have changed).
    """

    def __init__(self, cards: Iterable[tuple[Card, str]], cache: Path | None, site_dir: Path,
                 workers: int | None = None, parallel_above: int = 200,
                 placed: Mapping[str, str] | None = None, others: Mapping[str, str] | None = None) -> None:
        self.temporary: Path | None = None
        if cache is not None and not _writable_cache(cache):
            cache = None
        if cache is None:
            cache = self.temporary = Path(tempfile.mkdtemp(prefix="rendicion-og-"))
        self.store = cache
        self.site_dir = site_dir
        #: What the site holds once `finish` returns: site path -> key.
        self.placed: dict[str, str] = dict(others or {})
        cards_by_key: dict[str, Card] = {}
        paths: dict[str, list[str]] = {}
        for card, path in cards:
            key = card.key
            self.placed[path] = key
            if placed is not None and placed.get(path) == key:
                continue
            cards_by_key.setdefault(key, card)
            paths.setdefault(key, []).append(path)
        # One placement per image: the process that draws it makes all its copies.
        self.todo = [Placement(card, key, tuple(paths[key]), not _is_image(cache / f"{key}.png"))
                     for key, card in cards_by_key.items()]
        self.drawn = sum(p.draw for p in self.todo)
        workers = workers if workers is not None else (os.cpu_count() or 1)
        self.pool: ProcessPoolExecutor | None = None
        self.futures: list[Future[None]] = []
        if len(self.todo) > parallel_above:
            # Workers end with the build if it is killed (helperprocs.py).
            self.pool = ProcessPoolExecutor(workers, initializer=end_with_parent, initargs=(os.getpid(),))
            size = max(50, len(self.todo) // (workers * 8))
            self.futures = [self.pool.submit(_place_many, self.todo[i:i + size], self.store, site_dir)
                            for i in range(0, len(self.todo), size)]

    def finish(self) -> int:
        """Wait until every image is in the site; return how many were drawn (not cached)."""
        try:
            if self.pool is not None:
                for future in self.futures:
                    future.result()
            else:
                _place_many(self.todo, self.store, self.site_dir)
            return self.drawn
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
    return CardWriter(cards, cache, site_dir, workers, parallel_above).finish()


def _place_many(placements: list[Placement], store: Path, site_dir: Path) -> None:
    folders: set[Path] = set()
    for placement in placements:
        image = store / f"{placement.key}.png"
        if placement.draw:
            render_png(placement.card, image)
        for path in placement.paths:
            target = site_dir / path
            if target.parent not in folders:
                target.parent.mkdir(parents=True, exist_ok=True)
                folders.add(target.parent)
            _copy_image(image, target)


def _is_image(path: Path) -> bool:
    """Whether `path` is a regular file: a symlink planted in the cache is never taken
    (it would put another file of the machine into the site)."""
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def _copy_image(source: Path, target: Path) -> None:
    """Copy the image's bytes into the site, never following a link, as a new public file
    (a file or link already at `target` is replaced, not written through)."""
    reader = os.open(source, os.O_RDONLY | _NOFOLLOW)
    try:
        writer = _create(target)
        try:
            _send(reader, writer, os.fstat(reader).st_size)
        finally:
            os.close(writer)
    finally:
        os.close(reader)


def _send(reader: int, writer: int, size: int) -> None:
    """Copy `size` bytes from file to file: in the kernel (as shutil.copyfile does on Linux)."""
    sent = 0
    try:
        while sent < size:
            done = os.sendfile(writer, reader, sent, size - sent)
            if not done:
                return
            sent += done
        return
    except (AttributeError, OSError):  # no sendfile between files on this system
        if sent:
            raise
    while chunk := os.read(reader, 1 << 16):
        os.write(writer, chunk)


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


def _remove_stale_parts(folder: Path, age: float = 3600) -> None:
    """Remove what killed builds left half-written (never a whole image: those are renamed)."""
    now = time.time()
    for part in folder.glob("*.part"):
        if now - part.stat().st_mtime > age:
            part.unlink(missing_ok=True)
