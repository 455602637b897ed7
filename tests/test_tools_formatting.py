"""French formatting: amounts in figures and in words, dates, percentages."""

from datetime import date
from decimal import Decimal

import pytest

from odoo.addons.l10n_fr_debt_recovery.tools.formatting import (
    amount_in_words,
    format_amount,
    format_date,
    format_date_long,
    format_percent,
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


def test_amount_in_words_other_currency():
    assert amount_in_words(Decimal("100.05"), currency="USD") == (
        "cent USD et cinq centièmes"
    )
    assert amount_in_words(2000000, currency="chf") == "deux millions CHF"


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
