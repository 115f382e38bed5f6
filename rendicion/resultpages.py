"""Result pages («fichas»): one page per result, with its share preview.

`pages.plan_pages` plans them (kind `result`, key = the result's id, at
`resultados/<id>/`) with `result_page`; the plugin gives each its Open Graph
tags (`plugin/headlinks.share_meta`) and its image (`ogimage`), drawn from `share_card`.
Result pages are the results' canonical URLs; the card on the area page keeps
its anchor (`PagePlan.result_anchor_url`), which old links still reach.
"""

from __future__ import annotations

from functools import lru_cache

from . import richtext
from .model import Content, Result
from .schema import STATUSES

#: Folder of the result pages, and of their share images (inside the site).
FOLDER = "resultados"
#: The summary in share previews and the description meta tag, in characters.
SUMMARY_LENGTH = 200


# Kept between the preview's rebuilds: planning 10,000 result pages summarised every text again.
@lru_cache(maxsize=100_000)
def summary(text: str, limit: int = SUMMARY_LENGTH) -> str:
    """The plain text of a result's text on one line, cut at a word boundary
    with «…» when longer than `limit`."""
    plain = " ".join(richtext.to_plain(text).replace("• ", "").split())
    if len(plain) <= limit:
        return plain
    cut = plain[: limit - 1]
    if " " in cut and not plain[limit - 1].isspace():
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,.;:") + "…"


def image_path(result_id: str) -> str:
    """The site path of a result's share image."""
    return f"{FOLDER}/{result_id}.png"


def status_label(result: Result) -> str:
    return STATUSES.get(result.status or "", "")


def share_card_fields(content: Content, result: Result) -> dict[str, str]:
    """What the share image of `result` shows, as plain text (see `ogimage.Card`)."""
    institution = content.site.institution
    name = f"{institution.name} ({institution.acronym})" if institution.acronym else institution.name
    return {
        "institution": name,
        "title": result.title,
        "status": status_label(result),
        "footer": f"{content.area(result.area).short_name} · {result.year}",
    }
