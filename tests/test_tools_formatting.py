"""French formatting: amounts in figures and in words, dates, percentages."""

from datetime import date
from decimal import Decimal

import pytest

from odoo.addons.l10n_fr_debt_recovery.tools.formatting import (
    amount_in_figures_and_words,
    amount_in_words,
    amounts_in_words,
    currency_symbol,
    format_amount,
    format_amounts,
    format_currency_amount,
    format_date,
    format_date_long,
    format_percent,
    group_digits,
)

NNBSP = "\u202f"
NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (Decimal("1234.56"), f"1{NNBSP}234,56{NBSP}€"),
        (-1234.56, f"-1{NNBSP}234,56{NBSP}€"),
        (0, f"0,00{NBSP}€"),
        ("0.005", f"0,01{NBSP}€"),  # half-up
        (Decimal("-0.004"), f"0,00{NBSP}€"),  # no "-0,00"
        (1000000, f"1{NNBSP}000{NNBSP}000,00{NBSP}€"),
        (999.999, f"1{NNBSP}000,00{NBSP}€"),
        (12, f"12,00{NBSP}€"),
    ],
)
def test_format_amount(amount, expected):
    assert format_amount(amount) == expected


def test_format_amount_options():
    assert format_amount(1234.5, symbol="$", currency_position="before") == (
        f"${NBSP}1{NNBSP}234,50"
    )
    assert format_amount(-5, symbol="$", currency_position="before") == f"-${NBSP}5,00"
    assert format_amount(1234.5, symbol="", decimals=0) == f"1{NNBSP}235"
    with pytest.raises(ValueError):
        format_amount(1, currency_position="middle")


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        ("0.01", "un centime"),
        (1, "un euro"),
        (80, "quatre-vingts euros"),
        (81, "quatre-vingt-un euros"),
        (100, "cent euros"),
        (200, "deux cents euros"),
        (1000, "mille euros"),
        (1000000, "un million d'euros"),
        (Decimal("71.80"), "soixante et onze euros et quatre-vingts centimes"),
        (
            Decimal("1234.56"),
            "mille deux cent trente-quatre euros et cinquante-six centimes",
        ),
        ("2000000.01", "deux millions d'euros et un centime"),
        (0, "zéro euro"),
        # beyond the brief's list
        (2, "deux euros"),
        (Decimal("1.01"), "un euro et un centime"),
        (21, "vingt et un euros"),
        (201, "deux cent un euros"),
        (80000, "quatre-vingt mille euros"),
        (1000200, "un million deux cents euros"),
        (3000000000, "trois milliards d'euros"),
        (0.1, "dix centimes"),
        ("0.005", "un centime"),  # rounded half-up first
        (-40, "moins quarante euros"),
    ],
)
def test_amount_in_words(amount, expected):
    assert amount_in_words(amount) == expected


@pytest.mark.parametrize(
    ("amount", "currency", "expected"),
    [
        # US dollars: the country is named, "$" alone would not say which dollar
        (1100, "USD", "mille cent dollars américains"),
        (1, "USD", "un dollar américain"),
        (Decimal("1.01"), "USD", "un dollar américain et un cent"),
        (Decimal("100.05"), "USD", "cent dollars américains et cinq cents"),
        ("0.50", "USD", "cinquante cents"),
        (2000000, "usd", "deux millions de dollars américains"),
        (0, "USD", "zéro dollar américain"),
        (Decimal("1150.00"), "USD", "mille cent cinquante dollars américains"),
        # Swiss francs
        (Decimal("12.50"), "CHF", "douze francs suisses et cinquante centimes"),
        (1, "CHF", "un franc suisse"),
        (2000000, "chf", "deux millions de francs suisses"),
        # Pounds sterling: "livre" is feminine, "sterling" invariable
        (1, "GBP", "une livre sterling"),
        (21, "GBP", "vingt et une livres sterling"),
        (81, "GBP", "quatre-vingt-une livres sterling"),
        (Decimal("101.01"), "GBP", "cent une livres sterling et un penny"),
        (Decimal("2.02"), "GBP", "deux livres sterling et deux pence"),
        (1000000, "GBP", "un million de livres sterling"),
        # Euros given explicitly
        (Decimal("40"), "EUR", "quarante euros"),
        (1000000, "eur", "un million d'euros"),
        # Other currencies: the ISO code
        (Decimal("100.05"), "SEK", "cent SEK et cinq centièmes"),
        (2000000, "jpy", "deux millions JPY"),
        (-40, "USD", "moins quarante dollars américains"),
    ],
)
def test_amount_in_words_per_currency(amount, currency, expected):
    assert amount_in_words(amount, currency=currency) == expected


def test_amount_in_figures_per_currency():
    assert format_currency_amount(1100, "USD") == f"1{NNBSP}100,00{NBSP}USD"
    assert format_currency_amount(40, "EUR") == f"40,00{NBSP}€"
    assert format_currency_amount(Decimal("12.5"), "chf") == f"12,50{NBSP}CHF"
    assert currency_symbol("EUR") == "€"
    assert currency_symbol("GBP") == "GBP"
    assert amount_in_figures_and_words(1100, "USD") == (
        f"1{NNBSP}100,00{NBSP}USD (mille cent dollars américains)"
    )
    assert amount_in_figures_and_words(40) == f"40,00{NBSP}€ (quarante euros)"


def test_amounts_in_several_currencies_are_never_added():
    """A claim in dollars with the indemnity of D441-5, set in euros: each
    currency apart."""
    amounts = [(Decimal("1150"), "USD"), (Decimal("40"), "EUR")]
    assert format_amounts(amounts) == (f"1{NNBSP}150,00{NBSP}USD + 40,00{NBSP}€")
    assert amounts_in_words(amounts) == (
        "mille cent cinquante dollars américains plus quarante euros"
    )
    assert format_amounts([(Decimal("7"), "EUR")]) == f"7,00{NBSP}€"
    assert amounts_in_words([(Decimal("7"), "EUR")]) == "sept euros"
    assert format_amounts([]) == f"0,00{NBSP}€"
    assert amounts_in_words([]) == "zéro euro"


@pytest.mark.parametrize(
    ("day", "short", "long"),
    [
        (date(2026, 3, 1), "1er mars 2026", "le 1er mars 2026"),
        (date(2026, 3, 2), "2 mars 2026", "le 2 mars 2026"),
        (date(2025, 8, 15), "15 août 2025", "le 15 août 2025"),
        (date(2024, 2, 29), "29 février 2024", "le 29 février 2024"),
        (date(2026, 12, 31), "31 décembre 2026", "le 31 décembre 2026"),
    ],
)
def test_format_date(day, short, long):
    assert format_date(day) == short
    assert format_date_long(day) == long


def test_format_date_none():
    assert format_date(None) == ""
    assert format_date_long(None) == ""


@pytest.mark.parametrize(
    ("rate", "expected"),
    [
        (Decimal("12.15"), f"12,15{NBSP}%"),
        (Decimal("7.86"), f"7,86{NBSP}%"),
        (10, f"10,00{NBSP}%"),
        ("2.625", f"2,63{NBSP}%"),
    ],
)
def test_format_percent(rate, expected):
    assert format_percent(rate) == expected


def test_group_digits_follows_the_language_grouping():
    assert group_digits("1234567", [3, 0], " ") == "1 234 567"
    assert group_digits("-1234567", [3, 0], ".") == "-1.234.567"
    assert group_digits("123", [3, 0], " ") == "123"
    assert group_digits("0", [3, 0], " ") == "0"
    # Indian grouping: 3, then 2 repeated.
    assert group_digits("12345678", [3, 2, 0], ",") == "1,23,45,678"
    # No grouping at all, or grouping stopped after the first group.
    assert group_digits("1234567", [], ",") == "1234567"
    assert group_digits("1234567", [3, -1], ",") == "1234,567"
    # Sizes given once, not repeated.
    assert group_digits("1234567", [3, 2], ",") == "12,34,567"
