"""Written numbers kept per locale (`LocaleFormat.number`) and the kept sitemap (`sitemap_files`).

Both are memoised for the live preview; a kept value must always be what
formatting anew gives: `1` and `True` and `1.0` are written as themselves in
each locale whatever was asked first, and a sitemap follows any change of its
addresses, days or public address.
"""

from __future__ import annotations

import datetime

import pytest

from rendicion.localeformat import LocaleFormat
from rendicion.publication import Publication
from rendicion.sitemap import SITEMAP, SitemapEntry, sitemap_files

VALUES = [1, 1.0, True, False, 0, 0.0, -0.0, 1555, 1555.0, 2.5, 0.125, 0.1 + 0.2, 1234567.891, -3.456]


@pytest.mark.parametrize("locale", ["es_SV", "es_BO"])
def test_a_kept_number_is_written_as_a_fresh_formatter_writes_it(locale):
    kept = LocaleFormat(locale)
    for order in (VALUES, VALUES[::-1]):  # whatever came first: 1 before 1.0 and True, and after
        for value in order:
            for _ in range(2):  # the second call comes from the cache
                assert kept.number(value) == LocaleFormat(locale).number(value), (locale, value)


def test_numbers_are_kept_per_locale():
    sv, bo = LocaleFormat("es_SV"), LocaleFormat("es_BO")
    assert sv.number(1555) == "1,555" and sv.number(2.5) == "2.5"
    assert bo.number(1555) == "1.555" and bo.number(2.5) == "2,5"
    assert sv.number(1555) == "1,555"
    assert sv.number(True) == LocaleFormat("es_SV").number(True)


DAY = datetime.date(2024, 5, 1)
SITE = Publication(site_url="https://example.org/informe/")
ENTRIES = [SitemapEntry("", DAY), SitemapEntry("areas/a/", DAY), SitemapEntry("areas/b/", None)]


def test_equal_entries_give_equal_sitemaps():
    first = sitemap_files(ENTRIES, SITE)
    second = sitemap_files([SitemapEntry(e.url, e.lastmod) for e in ENTRIES], SITE)
    assert first == second
    assert b"<loc>https://example.org/informe/areas/a/</loc>" in first[SITEMAP]


@pytest.mark.parametrize("changed, expected", [
    ([SitemapEntry("", DAY), SitemapEntry("areas/a/", datetime.date(2024, 6, 2)), ENTRIES[2]], b"2024-06-02"),
    ([SitemapEntry("", DAY), SitemapEntry("areas/c/", DAY), ENTRIES[2]], b"informe/areas/c/</loc>"),
    (ENTRIES[:2], None),
], ids=["lastmod", "url", "removed"])
def test_a_changed_entry_gives_the_new_sitemap(changed, expected):
    before = sitemap_files(ENTRIES, SITE)[SITEMAP]
    after = sitemap_files(changed, SITE)[SITEMAP]
    assert after != before
    if expected is not None:
        assert expected in after
    else:
        assert b"areas/b/" not in after
    assert sitemap_files(ENTRIES, SITE)[SITEMAP] == before  # and back


def test_a_changed_public_address_gives_the_new_sitemap():
    sitemap_files(ENTRIES, SITE)
    moved = sitemap_files(ENTRIES, Publication(site_url="https://otro.example/"))[SITEMAP]
    assert b"https://otro.example/areas/a/" in moved and b"example.org" not in moved
    assert sitemap_files(ENTRIES, Publication()) == {}


def test_a_split_sitemap_follows_a_change(monkeypatch):
    monkeypatch.setattr("rendicion.sitemap.MAX_URLS", 2)
    many = [SitemapEntry(f"resultados/r{i}/", DAY) for i in range(5)]
    files = sitemap_files(many, SITE)
    assert set(files) == {SITEMAP, "sitemap-1.xml", "sitemap-2.xml", "sitemap-3.xml"}
    later = [*many[:4], SitemapEntry("resultados/r4/", datetime.date(2025, 1, 1))]
    changed = sitemap_files(later, SITE)
    assert b"2025-01-01" in changed["sitemap-3.xml"] and b"2025-01-01" in changed[SITEMAP]
