# ruff: noqa: RUF003
"""Penalties by half-year as the default (C. com. L441-10 II: the ECB rate
in force on 1 January or 1 July applies to that half-year), the floor of a
contractual rate on every half-year, public buyers (pure functions).

Rates (tools.rates.DEFAULT_RATES): ECB 2024 H1 4,50 %, 2024 H2 4,25 %,
2025 H1 3,15 %, 2025 H2 2,15 %, 2026 H1 2,15 %; legal rate (other
creditors) 2024 H1 5,07 %, 2024 H2 4,92 %, 2025 H1 3,71 %, 2025 H2 2,76 %,
2026 H1 2,62 %.
"""

from datetime import date
from decimal import Decimal

import pytest

from odoo.addons.l10n_fr_debt_recovery.tools import rates
from odoo.addons.l10n_fr_debt_recovery.tools.penalties import (
    MODE_DAILY,
    PUBLIC_PENALTY_POINTS,
    RateBelowFloorError,
    b2b_penalties,
    check_contractual_rate,
    public_buyer_penalties,
)

D = Decimal


def _rows(result):
    return [
        (s.start, s.end, s.days, s.rate, amount)
        for s, amount in zip(result.segments, result.display_amounts(), strict=True)
    ]


def test_default_mode_is_each_half_year():
    # A worked case: 10 000,00 € due 30 April 2025, computed on 31 March
    # 2026 (335 days of delay), without naming a mode.
    #   1 May - 30 June 2025:   61 d × 13,15 % : 10 000 × 13,15 % × 61 / 365  =  219,7671
    #   1 July - 31 Dec 2025:  184 d × 12,15 % : 10 000 × 12,15 % × 184 / 365 =  612,4932
    #   1 Jan - 31 Mar 2026:    90 d × 12,15 % : 10 000 × 12,15 % × 90 / 365  =  299,5890
    #   total 1 131,8493 -> 1 131,85
    result = b2b_penalties(D("10000"), date(2025, 4, 30), date(2026, 3, 31))
    assert result.amount == D("1131.85")
    assert _rows(result) == [
        (date(2025, 5, 1), date(2025, 6, 30), 61, D("13.15"), D("219.77")),
        (date(2025, 7, 1), date(2025, 12, 31), 184, D("12.15"), D("612.49")),
        (date(2026, 1, 1), date(2026, 3, 31), 90, D("12.15"), D("299.59")),
    ]
    assert result == b2b_penalties(
        D("10000"), date(2025, 4, 30), date(2026, 3, 31), mode=MODE_DAILY
    )


def test_start_mode_on_the_same_three_half_years_overclaims():
    # The start-of-delay option: 2025 H1's 13,15 % for all 335 days:
    #   10 000 × 13,15 % × 335 / 365 = 1 206,9178 -> 1 206,92,
    #   6,6 % more than the 1 131,85 of the default (1 206,92 / 1 131,85).
    result = b2b_penalties(
        D("10000"), date(2025, 4, 30), date(2026, 3, 31), mode="start"
    )
    assert result.amount == D("1206.92")
    assert _rows(result) == [
        (date(2025, 5, 1), date(2026, 3, 31), 335, D("13.15"), D("1206.92")),
    ]


def test_contractual_rate_checked_on_every_half_year():
    # 12 % from 16 June 2024 to 1 March 2025: floors 3 × 5,07 = 15,21 %
    # (2024 H1), 3 × 4,92 = 14,76 % (2024 H2), 3 × 3,71 = 11,13 % (2025 H1):
    # below the first two, named in the error.
    with pytest.raises(RateBelowFloorError) as info:
        b2b_penalties(10000, date(2024, 6, 15), date(2025, 3, 1), contractual_rate=12)
    error = info.value
    assert error.half_year == date(2024, 1, 1)
    assert [hy for hy, _f, _l in error.breaches] == [
        date(2024, 1, 1),
        date(2024, 7, 1),
    ]
    assert "1er semestre 2024" in str(error)
    assert "2e semestre 2024 (14,76\u00a0%)" in str(error)
    assert "2025" not in str(error)


def test_contractual_rate_below_the_floor_of_a_later_half_year():
    # The first half-year of delay is fine, a later one is not: 9 % with a
    # legal rate of 2,76 % in 2025 H2 (floor 8,28 %) then 3,50 % in 2026 H1
    # (floor 10,50 %). Checking only the first day of delay would accept it.
    table = rates.RateTable(
        [
            (rates.ECB, date(2025, 7, 1), "2.15"),
            (rates.ECB, date(2026, 1, 1), "2.15"),
            (rates.LEGAL_OTHER, date(2025, 7, 1), "2.76"),
            (rates.LEGAL_OTHER, date(2026, 1, 1), "3.50"),
        ]
    )
    with pytest.raises(RateBelowFloorError) as info:
        b2b_penalties(
            10000,
            date(2025, 11, 30),
            date(2026, 1, 31),
            table=table,
            contractual_rate=9,
        )
    assert info.value.half_year == date(2026, 1, 1)
    assert info.value.floor == D("10.50")
    assert "1er semestre 2026" in str(info.value)
    # up to 31 December only: 10 000 × 9 % × 31 / 365 = 76,4384 -> 76,44
    result = b2b_penalties(
        10000, date(2025, 11, 30), date(2025, 12, 31), table=table, contractual_rate=9
    )
    assert result.amount == D("76.44")
    assert check_contractual_rate(9, date(2025, 12, 1), table) == D("8.28")


def test_contractual_rate_segments_show_each_half_year():
    # 15 % (above every floor) over two half-years, segments cut at 1 January
    # so that the breakdown names the half-years checked:
    #   10 000 × 15 % × 31 / 365 = 127,3973 (December 2025)
    #   10 000 × 15 % × 31 / 365 = 127,3973 (January 2026) -> 254,7945 = 254,79
    result = b2b_penalties(
        10000, date(2025, 11, 30), date(2026, 1, 31), contractual_rate=15
    )
    assert result.amount == D("254.79")
    assert [(s.start, s.days, s.rate) for s in result.segments] == [
        (date(2025, 12, 1), 31, D("15")),
        (date(2026, 1, 1), 31, D("15")),
    ]


def test_public_buyer_over_two_half_years():
    # A public buyer (CCP R2192-31): 10 000,00 € due 15 June 2025, computed on
    # 15 August 2025. Interest started on 16 June 2025 (2025 H1): ECB 3,15 %
    # + 8 points = 11,15 % fixed for the 61 days (15 in June + 46 to 15 Aug):
    #   10 000 × 11,15 % × 61 / 365 = 186,3425 -> 186,34
    # (a private professional, day by day: 15 d × 13,15 % + 46 d × 12,15 %
    #  = 54,0411 + 153,1233 = 207,1644 -> 207,16).
    assert PUBLIC_PENALTY_POINTS == D("8")
    result = public_buyer_penalties(D("10000"), date(2025, 6, 15), date(2025, 8, 15))
    assert result.amount == D("186.34")
    assert _rows(result) == [
        (date(2025, 6, 16), date(2025, 8, 15), 61, D("11.15"), D("186.34")),
    ]
    assert b2b_penalties(D("10000"), date(2025, 6, 15), date(2025, 8, 15)).amount == D(
        "207.16"
    )


def test_public_buyer_partial_payment():
    # 10 000,00 € due 31 December 2025, 4 000,00 paid on 31 January 2026,
    # computed on 2 March 2026; rate 2026 H1: 2,15 + 8 = 10,15 %.
    #   1-31 Jan:  31 d on 10 000 : 10 000 × 10,15 % × 31 / 365 = 86,2055
    #   1 Feb-2 Mar: 30 d on 6 000 :  6 000 × 10,15 % × 30 / 365 = 50,0548
    #   total 136,2603 -> 136,26
    result = public_buyer_penalties(
        D("10000"),
        date(2025, 12, 31),
        date(2026, 3, 2),
        payments=[(date(2026, 1, 31), D("4000"))],
    )
    assert result.amount == D("136.26")
    assert [(s.days, s.base, s.rate) for s in result.segments] == [
        (31, D("10000"), D("10.15")),
        (30, D("6000"), D("10.15")),
    ]
