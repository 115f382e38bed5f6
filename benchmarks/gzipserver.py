"""A static server that compresses text as a web server or CDN would, for Lighthouse.

    python -m benchmarks.gzipserver SITE_DIR [--port 8765]

`python3 -m http.server` sends every file uncompressed, which no real host
does: Lighthouse then measures a slow network carrying six times the bytes.
This server answers like a plain static host with gzip on (level 6, the
nginx and Apache default) for HTML, CSS, JavaScript, JSON, XML and SVG, and
serves `404.html` for a missing path, as hosts do for static sites. It is for
measuring on this machine only (it listens on 127.0.0.1).
"""

from __future__ import annotations

import argparse
import gzip
import http.server
import os
from functools import partial
from pathlib import Path

COMPRESSED = (".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".atom", ".csv")


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """SimpleHTTPRequestHandler, with gzip for text files and the site's own 404 page."""

    def send_head(self):  # type: ignore[override]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file():
            return self._send(Path(self.directory) / "404.html", 404)
        return self._send(path, 200)

    def _send(self, path: Path, status: int):
        data = path.read_bytes() if path.is_file() else b"Not found"
        gzipped = path.suffix in COMPRESSED and "gzip" in self.headers.get("Accept-Encoding", "")
        if gzipped:
            data = gzip.compress(data, compresslevel=6, mtime=0)
        self.send_response(status)
        self.send_header("Content-Type", self.guess_type(str(path)))
        if gzipped:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        return _Body(data)

    def log_message(self, format: str, *args: object) -> None:  # quiet
        pass


class _Body:
    """What `send_head` returns: copied to the socket by `copyfile`, then closed."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def read(self, size: int = -1) -> bytes:
        data, self.data = self.data, b""
        return data

    def close(self) -> None:
        pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    handler = partial(GzipHandler, directory=os.fspath(args.site.resolve()))
    with http.server.ThreadingHTTPServer(("127.0.0.1", args.port), handler) as server:
        server.serve_forever()


if __name__ == "__main__":
    main()
