"""What a built site weighs, for the figures README.md quotes.

    .venv/bin/python -m benchmarks.sizes [SITE] [--page PATH]... [--build]

SITE is a built site (default `site/`, what `make site` publishes). Prints, as
Markdown a README can quote:

- per page (the home page and the largest area page unless `--page` names
  others): its HTML, the stylesheets and scripts it links (those of the site
  itself), and the search index the browser fetches on the first search, each
  as bytes on disk / gzip level 6 (what a compressing server sends);
- the search index alone (Material's `search/search_index.json`, or Pagefind's
  folder), the number of pages (HTML files) and of files, the whole site's
  size, and the offline copy's zip if there is one.

With `--build`, first builds the project of the current folder with
`rendicion build --offline` into a temporary folder, prints how long that
took (wall clock, one run: it varies with the machine), and measures that.
"""

from __future__ import annotations

import argparse
import gzip
import subprocess
import sys
import tempfile
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

KIB = 1024
SEARCH_INDEX = Path("search") / "search_index.json"
OFFLINE_ZIP = Path("datos") / "sitio-sin-conexion.zip"


class _Assets(HTMLParser):
    """The stylesheets and scripts a page links."""

    def __init__(self) -> None:
        super().__init__()
        self.css: list[str] = []
        self.js: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "link" and (values.get("rel") or "") == "stylesheet" and values.get("href"):
            self.css.append(values["href"])
        elif tag == "script" and values.get("src"):
            self.js.append(values["src"])


def weight(path: Path) -> tuple[int, int]:
    """Bytes of `path` on disk and gzipped at level 6."""
    data = path.read_bytes()
    return len(data), len(gzip.compress(data, compresslevel=6, mtime=0))


def _local(site: Path, page: Path, url: str) -> Path | None:
    """The file of the site that `url`, linked from `page`, names (None: another host)."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc:
        return None
    path = unquote(parts.path)
    file = (site / path.lstrip("/")) if path.startswith("/") else (page.parent / path)
    return file.resolve() if file.resolve().is_file() else None


def _sum(files: list[Path]) -> tuple[int, int]:
    sizes = [weight(f) for f in files]
    return sum(s[0] for s in sizes), sum(s[1] for s in sizes)


def _kib(pair: tuple[int, int]) -> str:
    return f"{pair[0] / KIB:.1f} / {pair[1] / KIB:.1f}"


def search_index(site: Path) -> tuple[int, int]:
    """Material's index, or every file of Pagefind's bundle (already compressed)."""
    if (site / SEARCH_INDEX).is_file():
        return weight(site / SEARCH_INDEX)
    pagefind = site / "pagefind"
    total = sum(f.stat().st_size for f in pagefind.rglob("*") if f.is_file()) if pagefind.is_dir() else 0
    return total, total


def largest_area(site: Path) -> str:
    pages = sorted((site / "areas").glob("*/index.html"), key=lambda p: p.stat().st_size)
    return pages[-1].parent.relative_to(site).as_posix() + "/" if pages else ""


def page_row(site: Path, path: str) -> str:
    page = site / path / "index.html" if not path.endswith(".html") else site / path
    parser = _Assets()
    parser.feed(page.read_text(encoding="utf-8"))
    css = [f for f in (_local(site, page, u) for u in parser.css) if f]
    js = [f for f in (_local(site, page, u) for u in parser.js) if f]
    html, styles, scripts, index = weight(page), _sum(css), _sum(js), search_index(site)
    total = tuple(sum(x) for x in zip(html, styles, scripts, index))
    name = f"`/{path}`" if path else "inicio `/`"
    return f"| {name} | {_kib(html)} | {_kib(styles)} | {_kib(scripts)} | {_kib(index)} | {_kib(total)} |"


def report(site: Path, pages: list[str]) -> str:
    files = [f for f in site.rglob("*") if f.is_file()]
    html_pages = [f for f in files if f.suffix == ".html"]
    lines = [
        f"Sitio medido: {site}",
        "",
        "KiB en disco / con gzip 6:",
        "",
        "| página | HTML | CSS | JS | índice de búsqueda | total |",
        "|---|---|---|---|---|---|",
        *(page_row(site, p) for p in pages),
        "",
        f"- índice de búsqueda: {_kib(search_index(site))} KiB",
        f"- páginas (archivos .html): {len(html_pages)}",
        f"- archivos: {len(files)}, {sum(f.stat().st_size for f in files) / KIB / KIB:.1f} MiB en total",
    ]
    if (site / OFFLINE_ZIP).is_file():
        lines.append(f"- copia sin conexión ({OFFLINE_ZIP.as_posix()}): {(site / OFFLINE_ZIP).stat().st_size / KIB:.1f} KiB")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.sizes", description=__doc__.split("\n\n")[0])
    parser.add_argument("site", nargs="?", default="site", type=Path, help="a built site (default: site/)")
    parser.add_argument("--page", action="append", default=None,
                        help="a page to weigh, by its path in the site (default: the home page and the largest area)")
    parser.add_argument("--build", action="store_true",
                        help="build the project of the current folder first (rendicion build --offline) and time it")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        site = args.site
        if args.build:
            site = Path(scratch) / "site"
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "rendicion", "build", "--offline", "-d", str(site)],
                           check=True, stdout=subprocess.DEVNULL)
            print(f"Construcción (rendicion build --offline): {time.perf_counter() - start:.1f} s\n")
        site = site.resolve()  # site/ is a symbolic link to the current version
        if not (site / "index.html").is_file():
            parser.error(f"{site} no es un sitio construido (no tiene index.html): ejecute antes make site")
        pages = args.page if args.page is not None else ["", *filter(None, [largest_area(site)])]
        print(report(site, pages))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
