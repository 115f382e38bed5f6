"""The build's date comes from the content, never from the clock (reproducible builds).

MkDocs dates the sitemap (`lastmod`) and the gzip header of `sitemap.xml.gz`
with the build time unless `SOURCE_DATE_EPOCH` is set
(https://reproducible-builds.org/specs/source-date-epoch/). Setting it from the
content's own date makes two builds of the same content byte-identical on any
day. No MkDocs here.
"""

from __future__ import annotations

import contextlib
import datetime
import os
import re
from pathlib import Path
from typing import Iterator

from .gitlog import last_commit_day
from .publishlayout import PublishError
from .yamlfile import read_yaml

#: SOURCE_DATE_EPOCH when the content has no date: 1980-01-01, as the offline zip's entries.
FIXED_EPOCH = 315532800
#: The last second of year 9999: the latest SOURCE_DATE_EPOCH a date can show.
LAST_EPOCH = 253402300799


def source_date_epoch(updated: datetime.date | None, last_change: datetime.date | None) -> int:
    """Seconds since the epoch for a build: `updated`, else `last_change` (midnight UTC), else `FIXED_EPOCH`."""
    day = updated or last_change
    if day is None:
        return FIXED_EPOCH
    return int(datetime.datetime(day.year, day.month, day.day, tzinfo=datetime.timezone.utc).timestamp())


def source_date() -> datetime.date | None:
    """The day SOURCE_DATE_EPOCH names, when someone chose it (not `FIXED_EPOCH`, which says nothing is known)."""
    given = os.environ.get("SOURCE_DATE_EPOCH", "")
    if not re.fullmatch(r"[0-9]+", given) or int(given) == FIXED_EPOCH or int(given) > LAST_EPOCH:
        return None
    return datetime.datetime.fromtimestamp(int(given), datetime.timezone.utc).date()


def content_updated(content: Path) -> datetime.date | None:
    """`updated` in `content/site.yml`, when present and valid (the build itself reports a bad one)."""
    try:
        document, _ = read_yaml(content / "site.yml", "site.yml")
    except OSError:
        return None
    value = document.data.get("updated") if document is not None and isinstance(document.data, dict) else None
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


@contextlib.contextmanager
def content_dated_build(content: Path) -> Iterator[None]:
    """Set SOURCE_DATE_EPOCH from the content for the block, unless the user set it already.

    The date is the one the data downloads carry: `updated` in site.yml, else
    the last git commit of content/, else a fixed day.
    """
    given = os.environ.get("SOURCE_DATE_EPOCH")
    if given:  # the user's (or the packager's) choice wins, if MkDocs can read it
        if not (re.fullmatch(r"[0-9]+", given) and int(given) <= LAST_EPOCH):
            raise PublishError(f"La variable SOURCE_DATE_EPOCH vale «{given}»; se esperaba un número entero de "
                               f"segundos desde 1970 (de 0 a {LAST_EPOCH}), o que no esté definida. "
                               "No se construyó nada.")
        yield
        return
    updated = content_updated(content)
    os.environ["SOURCE_DATE_EPOCH"] = str(source_date_epoch(updated, None if updated else last_change(content)))
    try:
        yield
    finally:  # an empty value (as CI systems sometimes set) counts as unset, and is given back
        if given is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = given


def last_change(content_dir: Path) -> datetime.date | None:
    """The day `content/` last changed in git, when the project is a git checkout.

    A fact about the content (not the build's clock), so rebuilding the same
    commit gives the same downloads.
    """
    return last_commit_day(content_dir)
