"""Numbers, amounts, percentages, dates and sizes as the site's readers write them.

`content/site.yml` names a CLDR locale (`site.locale`, default `es_SV`); a
`LocaleFormat` for it writes every number the site shows. El Salvador writes
`1,555`, `$6,300`, `75 %`, `17 millones`; Bolivia `1.555`, `Bs 557.018`,
`97,76 %`. Babel supplies the CLDR data (symbols, patterns, plural rules,
month names, list patterns). Pure functions of the locale: nothing here
reads files or knows about MkDocs or Jinja.

Choices, and why:

- Grouping of 4-digit numbers. CLDR gives Spanish `minimumGroupingDigits` 2
  (`1555`, not `1.555`), but Babel 2.18 does not carry or apply that rule and
  always groups. We always group too: SEGOB's pages and tests show `1,555`,
  and figures are compared in columns, where `1555` beside `10,000` misleads.
- Rounding. Amounts keep at most 2 decimals, rounded as Python rounds the
  binary float (the digits come from `format(value, ".2f")`) and only then
  given to Babel: so `es_SV` output is byte-identical to what the site wrote
  before this module (tests/test_localeformat.py keeps a copy of that), and `number()` reads back with `babel.numbers.parse_decimal`.
- Percentages are `number + " %"` in every locale (the site is Spanish), the Spanish norm (RAE,
  *Ortografía* 2010) and how SEGOB and Bolivian reports write them, although
  CLDR's Latin American patterns glue the sign (`75%`). An ASCII space, as
  today, so SEGOB's pages do not change.
- Money follows CLDR: the locale's symbol (`$` for USD in `es_SV`, `US$` in
  `es_AR`, `Bs` for BOB in `es_BO`, the ISO code when CLDR has no symbol) and
  pattern. Whole amounts are written without decimals (`$6,300`, as today;
  `Bs 557.018`), others with the currency's digits (`Bs 557.018,50`). Babel
  does not apply CLDR's currency spacing, so we do: a symbol that ends (or
  starts) with a letter is kept apart from the digits by a no-break space
  (`Bs 557.018`, `EUR 6,300`), as CLDR's `currencySpacing` says. CLDR writes
  `Bs`; Bolivian reports write `Bs. 557.018,00` (dot, and cents on whole
  amounts): matching that needs a symbol override and an "always cents"
  option, not provided here.
- Millions: a round number of hundreds of thousands is written with the
  locale's word (`17 millones`, `2,5 millones`), exactly, never rounded as
  `format_compact_decimal` would (`1,234.5 millones`, not `1.23 mil millones`).
- Dates: `date()` is the long form (`25 de noviembre de 2026`);
  `numeric_date()` is the `yMd` skeleton, `5/3/2026` in Spanish locales,
  what the templates print today.

Where it is used (one formatting home: nothing else formats numbers for readers):

- `render.Renderer`: the Jinja filters `number`, `percent`, `figure_value`, `money`,
  `file_size`, `date`, `numeric_date`, and the globals `fmt` (the `count` macro
  of `templates/_parts.html`; the locale `filtros.js` counts in) and `join`.
- `charts.py` descriptions, `pages.py` page descriptions, `groupings.member_count`,
  `cli.py` (`check`, `stats`) for counts that agree («1 área», «3 áreas»).
- `measures.py` refuses a three-capital unit, and a budget's currency, that
  `is_currency` does not know.
- Not in CSV, JSON or feeds: they are data (`tables.plain_number`).
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from decimal import Decimal
from functools import lru_cache
from typing import Sequence

from babel import Locale, dates, localedata, lists, numbers
from markupsafe import Markup, escape

#: Units that mean US dollars in content written before ISO codes were accepted.
DOLLAR_UNITS = frozenset({"USD", "US$", "$"})
_ISO_CODE = re.compile(r"[A-Z]{3}")
_NBSP = "\u00a0"


def is_known_locale(code: str) -> bool:
    """Whether CLDR has data for `code` exactly (Babel's parser would also take `es_ZZ` as `es`)."""
    return code in _known_locales()


@lru_cache(maxsize=1)
def _known_locales() -> frozenset[str]:
    return frozenset(localedata.locale_identifiers())


def is_currency(code: str) -> bool:
    """Whether `code` is an ISO 4217 currency CLDR knows (upper case, as `BOB`, `USD`)."""
    return bool(_ISO_CODE.fullmatch(code)) and numbers.is_currency(code)


def currency_of(unit: str) -> str | None:
    """The ISO code a figure's unit names (`USD`, `US$`, `$` or any upper-case ISO code), else None."""
    if unit.upper() in DOLLAR_UNITS:
        return "USD"
    # Exact upper case only: "cup" or "all" as a unit are words, not currencies.
    return unit if is_currency(unit) else None


#: How many written numbers a formatter keeps (a site has a few thousand distinct ones).
NUMBERS_KEPT = 100_000


class LocaleFormat:
    """How one CLDR locale writes numbers, amounts, dates and counts. Use `LocaleFormat.of`."""

    def __init__(self, locale: str) -> None:
        self.locale = Locale.parse(locale)
        self._decimal = numbers.get_decimal_symbol(self.locale)
        long_formats = self.locale.compact_decimal_formats.get("long", {})
        #: The word for millions by plural form, as CLDR patterns ("0 millones").
        self._millions = {form: patterns.get("1000000").pattern for form, patterns in long_formats.items()
                          if patterns.get("1000000") is not None}
        self._numbers: dict[tuple[type, int | float], str] = {}

    @staticmethod
    @lru_cache(maxsize=None)
    def of(locale: str) -> LocaleFormat:
        """The (shared) formatter for `locale`; raises `babel.UnknownLocaleError` for an unknown one."""
        return LocaleFormat(locale)

    # -- numbers -------------------------------------------------------------------

    def number(self, value: int | float) -> str:
        """A count or amount: `10,000`, `1,555`, `2.5` (es_SV); `10.000`, `2,5` (es_BO).

        At most 2 decimals, no trailing zeros; whole values are written as integers.
        """
        # Babel takes ~20 µs a number; a site writes the same figures and counts on many pages.
        key = (type(value), value)
        text = self._numbers.get(key)
        if text is None:
            if len(self._numbers) >= NUMBERS_KEPT:
                self._numbers.clear()
            text = self._numbers[key] = numbers.format_decimal(_rounded(value), locale=self.locale,
                                                               group_separator=True)
        return text

    def percent(self, value: int | float) -> str:
        """A share already in 0-100: `75 %` (es_SV), `97,76 %` (es_BO); see the module's note."""
        return f"{self.number(value)} %"

    def money(self, value: int | float, currency: str) -> str:
        """An amount in the ISO 4217 `currency`, as CLDR writes it in this locale:
        `$6,300` (es_SV, USD), `Bs 557.018,50` (es_BO, BOB). Raises ValueError for an unknown code."""
        if not is_currency(currency):
            raise ValueError(f"not an ISO 4217 currency code: {currency!r}")
        amount = _rounded(value)
        if isinstance(amount, int):
            # The locale's own pattern without its decimals: "¤#,##0.00" -> "¤#,##0".
            pattern = re.sub(r"\.0+", "", self.locale.currency_formats["standard"].pattern)
            text = numbers.format_currency(amount, currency, format=pattern, locale=self.locale,
                                           currency_digits=False)
        else:
            text = numbers.format_currency(amount, currency, locale=self.locale)
        return _space_symbol(text, numbers.get_currency_symbol(currency, self.locale))

    def figure(self, value: int | float, unit: str) -> str:
        """A figure's number, as pages show it (the `figure_value` filter), in this locale: `75 %`,
        `$6,300`, `17 millones`, else `number(value)`. The unit itself is not written."""
        if unit == "%":
            return self.percent(value)
        if (currency := currency_of(unit)) is not None:
            return self.money(value, currency)
        if value >= 1_000_000 and value % 100_000 == 0 and self._millions:
            millions = value / 1_000_000
            form = self.locale.plural_form(millions)
            pattern = self._millions.get(form) or self._millions.get("other") or next(iter(self._millions.values()))
            # CLDR patterns are "0 millones", "00 millones"...: the zeros stand for the number.
            return re.sub(r"0+", lambda _: self.number(millions), pattern.replace("'", ""), count=1)
        return self.number(value)

    def file_size(self, size: int) -> str:
        """A download's size: `850 bytes`, `12.4 kB`, `3.1 MB` (es_SV); `12,4 kB` (es_BO)."""
        if size < 1000:
            return f"{size} bytes"
        unit, scale = ("kB", 1e3) if size < 1e6 else ("MB", 1e6)
        # One decimal rounded as today's f-string rounds, then the locale's decimal sign.
        return f"{size / scale:.1f}".replace(".", self._decimal) + f" {unit}"

    # -- dates ---------------------------------------------------------------------

    def date(self, day: datetime.date) -> str:
        """A long date: `25 de noviembre de 2026`."""
        return dates.format_date(day, "long", locale=self.locale)

    def numeric_date(self, day: datetime.date) -> str:
        """A date in digits, year in full: `5/3/2026` in Spanish locales (what pages show today)."""
        return dates.format_skeleton("yMd", day, locale=self.locale)

    # -- words ---------------------------------------------------------------------

    def count(self, n: int | float, singular: str, plural: str) -> str:
        """`n` and the noun phrase that agrees with it: `1 resultado`, `1,555 resultados`."""
        word = singular if self.locale.plural_form(n) == "one" else plural
        return f"{self.number(n)} {word}"

    def join(self, items: Sequence[str]) -> str:
        """Items joined as this language lists them: `A, B y C`; `A e Ilopango` in Spanish."""
        return self._list(list(items), str(items[-1])) if items else ""

    def join_html(self, items: Sequence[str | Markup]) -> Markup:
        """`join` for HTML: `Markup` items (links) kept, other items and the pattern escaped."""
        if not items:
            return Markup("")
        # Placeholders that neither pattern nor escaping touch: the pattern's own
        # text is escaped, then each item is put back already escaped.
        slots = [f"\x00{i}\x00" for i in range(len(items))]
        last = items[-1]
        html = str(escape(self._list(slots, last.striptags() if isinstance(last, Markup) else last)))
        for slot, item in zip(slots, items):
            html = html.replace(slot, str(escape(item)), 1)
        return Markup(html)

    def _list(self, items: list[str], last_text: str) -> str:
        joined = lists.format_list(items, locale=self.locale)
        # Spanish "y" becomes "e" before an /i/ sound (RAE); CLDR and Babel leave it to us.
        tail = f" y {items[-1]}"
        if self.locale.language == "es" and len(items) > 1 and _SOUNDS_I.match(last_text) and joined.endswith(tail):
            joined = f"{joined[:-len(tail)]} e {items[-1]}"
        return joined


def _rounded(value: int | float) -> int | Decimal:
    """`value` with at most 2 decimals, as Python rounds it; an int when whole."""
    if isinstance(value, int) or float(value).is_integer():
        return int(value)
    return Decimal(f"{value:.2f}")


def _space_symbol(text: str, symbol: str) -> str:
    """CLDR `currencySpacing`: a no-break space between digits and a symbol whose
    side next to them is not itself a symbol (`Bs 6,300`, but `$6,300`)."""
    if not symbol:
        return text
    last, first = symbol[-1], symbol[0]
    if not unicodedata.category(last).startswith("S"):
        text = re.sub(rf"({re.escape(symbol)})(?=\d)", rf"\1{_NBSP}", text, count=1)
    if not unicodedata.category(first).startswith("S"):
        text = re.sub(rf"(?<=\d)({re.escape(symbol)})", rf"{_NBSP}\1", text, count=1)
    return text


#: Before a word that sounds /i/ (i-, hi-, but not hie-, hia-: "y hielo"), Spanish "y" becomes "e".
_SOUNDS_I = re.compile(r"h?[ií](?![aeiouáéóú])", re.IGNORECASE)
