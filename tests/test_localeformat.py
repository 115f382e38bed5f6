"""Numbers, money, dates and counts per CLDR locale (rendicion.localeformat)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from babel.core import UnknownLocaleError
from babel.numbers import parse_decimal
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import Markup

from rendicion.load import load_content
from rendicion.localeformat import LocaleFormat, currency_of, is_currency
from rendicion.model import Figure
from tests.conftest import CONTENT

NBSP = "\u00a0"


# -- What the site wrote before LocaleFormat (render.py's El Salvador helpers, now
# gone): es_SV must keep writing the same, byte for byte. --------------------------


def _old_number(value: int | float) -> str:
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _old_figure_value(figure: Figure) -> str:
    value = figure.value
    if figure.unit == "%":
        return f"{_old_number(value)} %"
    if figure.unit.upper() in ("USD", "US$", "$"):
        return f"${_old_number(value)}"
    if value >= 1_000_000 and value % 100_000 == 0:
        millions = value / 1_000_000
        return f"{_old_number(millions)} {'millón' if millions == 1 else 'millones'}"
    return _old_number(value)


def _old_file_size(size: int) -> str:
    if size < 1000:
        return f"{size} bytes"
    for unit, scale in (("kB", 1e3), ("MB", 1e6)):
        if size < scale * 1000 or unit == "MB":
            return f"{size / scale:.1f} {unit}"
    raise AssertionError("unreachable")
LOCALES = ["es_SV", "es_BO", "es_AR", "es_MX", "es_ES"]
SV, BO, AR, MX, ES = (LocaleFormat.of(code) for code in LOCALES)


def test_one_instance_per_locale():
    assert LocaleFormat.of("es_SV") is SV
    with pytest.raises(UnknownLocaleError):
        LocaleFormat.of("xx_YY")


@pytest.mark.parametrize("fmt, value, expected", [
    (SV, 10000, "10,000"), (SV, 1555, "1,555"), (SV, 2.5, "2.5"), (SV, 2.0, "2"), (SV, 0.125, "0.12"),
    (SV, 1234567.891, "1,234,567.89"), (SV, -1555, "-1,555"),
    (BO, 10000, "10.000"), (BO, 1555, "1.555"), (BO, 2.5, "2,5"), (BO, 557018.0, "557.018"),
    (AR, 1555, "1.555"), (AR, 0.75, "0,75"),
    (MX, 1555, "1,555"), (MX, 2.25, "2.25"),
    # Babel does not apply CLDR's minimumGroupingDigits: Spain gets 1.555 too (see the module).
    (ES, 1555, "1.555"), (ES, 2.5, "2,5"),
])
def test_number(fmt, value, expected):
    assert fmt.number(value) == expected


@pytest.mark.parametrize("fmt, value, expected", [
    (SV, 75, "75 %"), (SV, 97.76, "97.76 %"), (BO, 97.76, "97,76 %"), (AR, 50.5, "50,5 %"),
    (MX, 100, "100 %"), (ES, 12.5, "12,5 %"),
])
def test_percent(fmt, value, expected):
    assert fmt.percent(value) == expected


@pytest.mark.parametrize("fmt, value, currency, expected", [
    (SV, 6300, "USD", "$6,300"),                      # today's SEGOB output
    (SV, 6300.5, "USD", "$6,300.50"),
    (SV, 10, "EUR", f"EUR{NBSP}10"),                 # no symbol in es_SV: the code, spaced (CLDR)
    (BO, 557018, "BOB", f"Bs{NBSP}557.018"),
    (BO, 557018.0, "BOB", f"Bs{NBSP}557.018"),
    (BO, 557018.5, "BOB", f"Bs{NBSP}557.018,50"),
    (BO, -20.25, "BOB", f"-Bs{NBSP}20,25"),
    (AR, 1234, "ARS", "$1.234"), (AR, 1234, "USD", "US$1.234"),
    (MX, 99.9, "MXN", "$99.90"), (MX, 5, "USD", f"USD{NBSP}5"),
    (ES, 10, "EUR", f"10{NBSP}€"), (ES, 6300.5, "USD", f"6.300,50{NBSP}US$"),
])
def test_money(fmt, value, currency, expected):
    assert fmt.money(value, currency) == expected


def test_money_rejects_unknown_codes():
    for code in ("ZZZ", "usd", "US$", "", "BOBX"):
        with pytest.raises(ValueError):
            SV.money(1, code)


def test_currency_codes():
    assert is_currency("BOB") and is_currency("USD") and is_currency("EUR")
    assert not is_currency("bob") and not is_currency("ZZZ") and not is_currency("$")
    assert [currency_of(u) for u in ("USD", "usd", "US$", "$", "BOB", "cup", "all", "usuarios", "%")] == [
        "USD", "USD", "USD", "USD", "BOB", None, None, None, None]


@pytest.mark.parametrize("fmt, value, unit, expected", [
    (SV, 17_000_000, "árboles", "17 millones"), (SV, 1_000_000, "x", "1 millón"),
    (SV, 2_500_000, "x", "2.5 millones"), (BO, 2_500_000, "x", "2,5 millones"),
    (SV, 1_234_500_000, "x", "1,234.5 millones"),     # exact, never rounded to "mil millones"
    (SV, 1_234_567, "x", "1,234,567"),
    (SV, 6300, "US$", "$6,300"), (SV, 6300, "$", "$6,300"), (SV, 6300, "usd", "$6,300"),
    (BO, 557018, "BOB", f"Bs{NBSP}557.018"), (AR, 5_000_000, "ARS", "$5.000.000"),
    (BO, 97.76, "%", "97,76 %"), (MX, 1555, "usuarios", "1,555"),
])
def test_figure(fmt, value, unit, expected):
    assert fmt.figure(value, unit) == expected


def test_segob_figures_are_byte_identical():
    content = load_content(CONTENT)
    figures = [f for r in content.results for f in r.figures]
    assert len(figures) == 38
    for figure in figures:
        assert SV.figure(figure.value, figure.unit) == _old_figure_value(figure)


@pytest.mark.parametrize("size", [0, 850, 999, 1000, 12_400, 12_350, 12_450, 999_949, 999_999, 1_000_000,
                                  3_100_000, 2_345_678_901])
def test_file_size_matches_today_in_es_sv(size):
    assert SV.file_size(size) == _old_file_size(size)


def test_file_size_in_bolivia():
    assert (BO.file_size(850), BO.file_size(12_400), BO.file_size(3_100_000)) == ("850 bytes", "12,4 kB", "3,1 MB")


def test_dates():
    day = datetime.date(2026, 11, 25)
    for fmt in (SV, BO, AR, MX, ES):
        assert fmt.date(day) == "25 de noviembre de 2026"
        # What _parts.html and data.html print today: day/month/year without padding.
        assert fmt.numeric_date(datetime.date(2026, 3, 5)) == "5/3/2026"
    assert SV.date(datetime.date(2018, 1, 1)) == "1 de enero de 2018"


def test_count_agrees():
    assert SV.count(1, "resultado publicado", "resultados publicados") == "1 resultado publicado"
    assert SV.count(2, "resultado", "resultados") == "2 resultados"
    assert SV.count(0, "resultado", "resultados") == "0 resultados"
    assert SV.count(1555, "resultado", "resultados") == "1,555 resultados"
    assert BO.count(10_000, "resultado", "resultados") == "10.000 resultados"
    assert SV.count(1_000_000, "resultado", "resultados") == "1,000,000 resultados"


def test_join():
    assert SV.join([]) == ""
    assert SV.join(["CONASAV"]) == "CONASAV"
    assert SV.join(["A", "B"]) == "A y B"
    assert BO.join(["A", "B", "C"]) == "A, B y C"
    # Spanish "y" -> "e" before an /i/ sound, but not before "hie-".
    assert SV.join(["Soyapango", "Ilopango"]) == "Soyapango e Ilopango"
    assert SV.join(["agua", "hielo"]) == "agua y hielo"
    assert SV.join(["padres", "hijos"]) == "padres e hijos"
    assert LocaleFormat.of("en").join(["A", "B", "C"]) == "A, B, and C"


def test_join_html_escapes_all_but_markup():
    link = Markup('<a href="/x/">CONASAV</a>')
    html = SV.join_html([link, "<script>", Markup("<b>Iglesia</b>")])
    assert html == '<a href="/x/">CONASAV</a>, &lt;script&gt; e <b>Iglesia</b>'
    assert isinstance(html, Markup) and SV.join_html([]) == ""


# -- properties --------------------------------------------------------------------

BOUND = 10**15
finite = st.one_of(
    st.integers(min_value=-BOUND, max_value=BOUND),
    st.floats(min_value=-BOUND, max_value=BOUND, allow_nan=False, allow_infinity=False),
)


@settings(max_examples=300, deadline=None)
@given(value=finite, locale=st.sampled_from(LOCALES), unit=st.sampled_from(["%", "USD", "BOB", "EUR", "x"]))
def test_every_function_returns_text(value, locale, unit):
    fmt = LocaleFormat.of(locale)
    outputs = [fmt.number(value), fmt.percent(value), fmt.figure(value, unit), fmt.money(value, "BOB"),
               fmt.count(value, "resultado", "resultados"), fmt.file_size(abs(int(value)))]
    assert all(isinstance(o, str) and o for o in outputs)


@settings(max_examples=300, deadline=None)
@given(value=finite, locale=st.sampled_from(LOCALES))
def test_number_reads_back(value, locale):
    text = LocaleFormat.of(locale).number(value)
    assert parse_decimal(text, locale) == Decimal(f"{value:.2f}")


@settings(max_examples=300, deadline=None)
@given(value=finite)
def test_es_sv_number_is_todays(value):
    assert SV.number(value) == _old_number(value)


@settings(max_examples=200, deadline=None)
@given(value=finite, unit=st.sampled_from(["%", "USD", "US$", "$", "usd", "árboles"]))
def test_es_sv_figure_is_todays(value, unit):
    # Two deliberate changes for dollars, none in SEGOB's content: cents as currency
    # digits (`$2.50`, today `$2.5`) and the minus before the sign (`-$1`, today `$-1`).
    if unit in ("USD", "US$", "$", "usd") and (value < 0 or not float(value).is_integer()):
        return
    assert SV.figure(value, unit) == _old_figure_value(Figure(value, unit, "x"))


@given(day=st.dates(), locale=st.sampled_from(LOCALES))
def test_dates_never_fail(day, locale):
    fmt = LocaleFormat.of(locale)
    assert fmt.date(day) and fmt.numeric_date(day) == f"{day.day}/{day.month}/{day.year}"
