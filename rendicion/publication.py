"""Where and when the site is published, and how its JSON files are written.

Shared by the exports (`rendicion.exports`, `rendicion.tables`) and the feeds
(`rendicion.feeds`) so that the data path reads in one direction: both import
this module, and neither imports the other.
"""

from __future__ import annotations

import datetime
import json
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

#: The folder of the site that holds every download.
DATA_DIR = "datos"


@dataclass(frozen=True)
class Publication:
    """Where and when the site is published: what exports need beyond content."""

    site_url: str = ""
    #: The date the content last changed, if known (from site.yml or the repository).
    updated: datetime.date | None = None

    def url(self, path: str) -> str:
        """Absolute when `site_url` is known, else relative to the site root."""
        if not self.site_url:
            return path
        base = self.site_url if self.site_url.endswith("/") else self.site_url + "/"
        # Site paths never start with "/" or "..": joining is appending, and
        # urljoin's parsing was a tenth of the exports' time at 10,000 results.
        return base + path if not path.startswith(("/", "..")) else urljoin(base, path)


#: Said by `rendicion build` when mkdocs.yml has no site_url.
PREVIEW_NOTICE = (
    "Aviso: mkdocs.yml no tiene site_url, así que este sitio es solo para vista previa: las direcciones "
    "de los CSV, los canales, las citas y los enlaces canónicos son relativas, no se genera sitemap.xml "
    "y las vistas previas al compartir un enlace no llevan direcciones absolutas. Para publicarlo, escriba "
    "la dirección pública en site_url (p. ej. site_url: https://transparencia.gob.sv/segob/2018/) y "
    "construya con «rendicion build --publicar», que se niega a construir sin ella."
)


#: What an address may hold as written (RFC 3986's unreserved and reserved characters, but the quote, and %-escapes):
#: anything else would be published raw into attributes, the sitemap and robots.txt.
URL_CHARACTERS = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!$&()*+,;=%]+")


def site_url_problem(site_url: str | None) -> str | None:
    """Why `site_url` cannot be the address of a published site, or None when it can.

    Published, a site needs an absolute http(s) address: the sitemap, the
    feeds, the data's permanent links and the citations are written with it.
    """
    value = (site_url or "").strip()
    if not value:
        return ("mkdocs.yml no tiene site_url. Para publicar, escriba la dirección pública del sitio, p. ej. "
                "site_url: https://transparencia.gob.sv/segob/2018/ : con ella se escriben el sitemap.xml, "
                "las direcciones absolutas de las descargas y los canales, los enlaces permanentes que se "
                "citan y los enlaces canónicos. No se construyó nada.")
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment \
            or not URL_CHARACTERS.fullmatch(value):
        return (f"site_url en mkdocs.yml dice «{value}», que no es una dirección web absoluta (debe empezar "
                "por https:// o http://, con el nombre del servidor, sin «?» ni «#», y solo con los caracteres "
                "de una dirección: sin espacios, comillas ni «<>»; un nombre con tildes o eñes va en punycode "
                "y una ruta con ellas, codificada con %), p. ej. "
                "site_url: https://transparencia.gob.sv/segob/2018/ . Los buscadores, los lectores de "
                "noticias y las citas necesitan la dirección completa. No se construyó nada.")
    return None


def json_bytes(document: Any, compact: bool = False) -> bytes:
    """`document` as UTF-8 JSON.

    Big files are `compact`: without `indent`, the json module uses its C
    encoder (several times faster at 10,000 results), and browsers and `jq`
    indent it for reading anyway.
    """
    if compact:
        return (json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
