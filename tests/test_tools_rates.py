"""Rates by half-year: labels, look-up, missing half-years, the published
figures (ECB main refinancing rate, legal interest rates of C. mon. fin.
L313-2)."""

from datetime import date
from decimal import Decimal

import pytest

from odoo.addons.l10n_fr_debt_recovery.tools import rates
from odoo.addons.l10n_fr_debt_recovery.tools.rates import (
    DEFAULT_RATES,
    ECB,
    LEGAL_OTHER,
    LEGAL_PRIVATE,
    MissingRateError,
    RateTable,
    half_year_label,
    half_year_label_fr,
    half_year_start,
)

D = Decimal


@pytest.mark.parametrize(
    ("day", "start", "label", "label_fr"),
    [
        (date(2026, 1, 1), date(2026, 1, 1), "2026 H1", "1er semestre 2026"),
        (date(2026, 6, 30), date(2026, 1, 1), "2026 H1", "1er semestre 2026"),
        (date(2026, 7, 1), date(2026, 7, 1), "2026 H2", "2e semestre 2026"),
        (date(2024, 12, 31), date(2024, 7, 1), "2024 H2", "2e semestre 2024"),
        (date(2024, 2, 29), date(2024, 1, 1), "2024 H1", "1er semestre 2024"),
    ],
)
def test_half_year(day, start, label, label_fr):
    assert half_year_start(day) == start
    assert half_year_label(day) == label
    assert half_year_label_fr(day) == label_fr


def test_half_year_helpers():
    assert rates.half_year_end(date(2025, 3, 3)) == date(2025, 6, 30)
    assert rates.half_year_end(date(2025, 9, 3)) == date(2025, 12, 31)
    assert rates.next_half_year_start(date(2025, 12, 31)) == date(2026, 1, 1)
    assert rates.half_year_starts(date(2024, 6, 30), date(2025, 7, 1)) == [
        date(2024, 1, 1),
        date(2024, 7, 1),
        date(2025, 1, 1),
        date(2025, 7, 1),
    ]
    assert rates.half_year_starts(date(2025, 7, 1), date(2025, 6, 30)) == []


# The published rates, written out again so that a typo in DEFAULT_RATES fails.
PUBLISHED = {
    "2023 H1": ("2.50", "4.47", "2.06"),
    "2023 H2": ("4.00", "6.82", "4.22"),
    "2024 H1": ("4.50", "8.01", "5.07"),
    "2024 H2": ("4.25", "8.16", "4.92"),
    "2025 H1": ("3.15", "7.21", "3.71"),
    "2025 H2": ("2.15", "6.65", "2.76"),
    "2026 H1": ("2.15", "6.67", "2.62"),
}


@pytest.mark.parametrize(("label", "values"), sorted(PUBLISHED.items()))
def test_default_rates_match_legal_md(label, values):
    year, half = label.split(" H")
    day = date(int(year), 3 if half == "1" else 9, 15)
    for series, expected in zip((ECB, LEGAL_PRIVATE, LEGAL_OTHER), values, strict=True):
        assert rates.DEFAULT_TABLE.rate(series, day) == D(expected)


def test_default_rates_rows():
    assert len(DEFAULT_RATES) == 3 * len(PUBLISHED)
    for series, start, rate in DEFAULT_RATES:
        assert series in rates.SERIES
        assert start == half_year_start(start)
        assert isinstance(rate, Decimal)


def test_rate_lookup_and_missing():
    table = RateTable(
        [(ECB, date(2026, 1, 1), "2.15"), (LEGAL_OTHER, date(2026, 4, 5), 2.62)]
    )
    assert table.rate(ECB, date(2026, 6, 30)) == D("2.15")
    # any day of the half-year is normalised to its start; float via str
    assert table.rate(LEGAL_OTHER, date(2026, 1, 1)) == D("2.62")
    assert (LEGAL_OTHER, date(2026, 2, 2)) in table
    assert table.get(ECB, date(2026, 7, 1)) is None
    with pytest.raises(MissingRateError) as info:
        table.rate(ECB, date(2027, 2, 1))
    error = info.value
    assert isinstance(error, ValueError)
    assert error.series == ECB
    assert error.half_year == date(2027, 1, 1)
    assert str(error).startswith(
        "Aucun taux « taux BCE » n'est enregistré pour le 1er semestre 2027 (2027 H1)"
    )
    assert "0 %" in str(error)


def test_missing_rate_message_names_series():
    error = MissingRateError(LEGAL_OTHER, date(2026, 8, 1))
    assert error.half_year == date(2026, 7, 1)
    assert "autres créanciers" in str(error)
    assert "2e semestre 2026 (2026 H2)" in str(error)


def test_zero_rate_is_a_rate_missing_is_not():
    table = RateTable([(ECB, date(2020, 1, 1), 0)])
    assert table.rate(ECB, date(2020, 5, 1)) == D("0")
    with pytest.raises(MissingRateError):
        table.rate(ECB, date(2020, 7, 1))


def test_missing_half_years():
    table = RateTable(DEFAULT_RATES)
    assert table.missing_half_years(ECB, date(2023, 1, 1), date(2026, 6, 30)) == []
    assert table.missing_half_years(ECB, date(2022, 12, 1), date(2027, 1, 1)) == [
        date(2022, 7, 1),
        date(2026, 7, 1),
        date(2027, 1, 1),
    ]
    assert (
        table.missing_half_years(LEGAL_OTHER, date(2027, 1, 1), date(2026, 1, 1)) == []
    )


def test_rate_table_rejects_bad_rows():
    with pytest.raises(ValueError, match="inconnue"):
        RateTable([("euribor", date(2026, 1, 1), 1)])
    with pytest.raises(ValueError, match="négatif"):
        RateTable([(ECB, date(2026, 1, 1), "-0.5")])
    with pytest.raises(ValueError, match="Deux valeurs"):
        RateTable([(ECB, date(2026, 1, 1), "2.15"), (ECB, date(2026, 3, 1), "2.40")])
    # the same value twice is harmless
    assert (
        len(RateTable([(ECB, date(2026, 1, 1), "2.15"), (ECB, date(2026, 3, 1), 2.15)]))
        == 1
    )
