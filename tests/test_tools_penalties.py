# ruff: noqa: RUF003 (the hand computations use the multiplication sign ×)
"""Worked examples of B2B penalties, recovery indemnity and B2C interest.

Every expected value is computed by hand in a comment from the published
rates (``tools.rates.DEFAULT_RATES``):

- default B2B penalty rate (ECB + 10): 2023 H1 12,50 %; 2023 H2 14,00 %;
  2024 H1 14,50 %; 2024 H2 14,25 %; 2025 H1 13,15 %; 2025 H2 12,15 %;
  2026 H1 12,15 %;
- legal rate, other creditors: 2023 H1 2,06 %; 2023 H2 4,22 %; 2024 H1 5,07 %;
  2024 H2 4,92 %; 2025 H1 3,71 %; 2025 H2 2,76 %; 2026 H1 2,62 %;
- legal rate, private creditor: 2026 H1 6,67 %.

Days of delay are the days d with due_date < d <= until; a payment on day D
reduces the base from D + 1; interest = base x rate x days / 365.
"""

from datetime import date
from decimal import Decimal

import pytest

from odoo.addons.l10n_fr_debt_recovery.tools import penalties, rates
from odoo.addons.l10n_fr_debt_recovery.tools.penalties import (
    RateBelowFloorError,
    b2b_penalties,
    b2c_interest,
    check_contractual_rate,
    recovery_indemnity,
)
from odoo.addons.l10n_fr_debt_recovery.tools.rates import MissingRateError

D = Decimal


# --------------------------------------------------------------------- B2B


@pytest.mark.parametrize(
    ("amount", "due", "until", "mode", "expected", "days"),
    [
        # 1. 30 days in 2026 H1: 10 000,00 × 12,15 % × 30 / 365 = 99,86
        (10000, date(2025, 12, 31), date(2026, 1, 30), "start", "99.86", 30),
        # 2. computed on the due date itself: no day of delay = 0,00
        (10000, date(2026, 1, 31), date(2026, 1, 31), "start", "0.00", 0),
        # 3. one day of delay: 10 000,00 × 12,15 % × 1 / 365 = 3,3288 -> 3,33
        (10000, date(2026, 1, 31), date(2026, 2, 1), "start", "3.33", 1),
        # 4. computed before the due date: nothing = 0,00
        (10000, date(2026, 3, 31), date(2026, 3, 1), "start", "0.00", 0),
        # 5. due 30 June 2025: first day 1 July = 2025 H2 at 12,15 %:
        #    10 000,00 × 12,15 % × 31 / 365 = 103,19
        (10000, date(2025, 6, 30), date(2025, 7, 31), "start", "103.19", 31),
        # 6. due 29 June 2025: first day 30 June = 2025 H1 at 13,15 % for all:
        #    10 000,00 × 13,15 % × 32 / 365 = 115,2877 -> 115,29
        (10000, date(2025, 6, 29), date(2025, 7, 31), "start", "115.29", 32),
        # 7. same, day by day: 1 day at 13,15 % + 31 days at 12,15 %:
        #    10 000 × 13,15 % × 1 / 365 = 3,6027
        #    10 000 × 12,15 % × 31 / 365 = 103,1918  -> total 106,7945 = 106,79
        (10000, date(2025, 6, 29), date(2025, 7, 31), "daily", "106.79", 32),
        # 8. across three half-years (16 Jun 2024 .. 1 Mar 2025 = 15 + 184 + 60
        #    = 259 days), rate of the first half-year (14,50 %):
        #    10 000,00 × 14,50 % × 259 / 365 = 1 028,9041 -> 1 028,90
        (10000, date(2024, 6, 15), date(2025, 3, 1), "start", "1028.90", 259),
        # 9. same, day by day:
        #    10 000 × 14,50 % × 15 / 365 =  59,5890 (16-30 June 2024)
        #    10 000 × 14,25 % × 184 / 365 = 718,3562 (2024 H2)
        #    10 000 × 13,15 % × 60 / 365 = 216,1644 (1 Jan - 1 Mar 2025)
        #    total 994,1096 -> 994,11
        (10000, date(2024, 6, 15), date(2025, 3, 1), "daily", "994.11", 259),
        # 10. leap year: 1 Feb .. 1 Mar 2024 = 29 + 1 = 30 days, still / 365:
        #    10 000,00 × 14,50 % × 30 / 365 = 119,1781 -> 119,18
        (10000, date(2024, 1, 31), date(2024, 3, 1), "start", "119.18", 30),
        # 11. the whole leap year 2024 day by day (182 + 184 = 366 days):
        #    10 000 × 14,50 % × 182 / 365 = 723,0137
        #    10 000 × 14,25 % × 184 / 365 = 718,3562 -> 1 441,3699 = 1 441,37
        (10000, date(2023, 12, 31), date(2024, 12, 31), "daily", "1441.37", 366),
        # 12. the whole 2026 H1 (181 days), daily mode, one half-year only:
        #    10 000,00 × 12,15 % × 181 / 365 = 602,5068 -> 602,51
        (10000, date(2025, 12, 31), date(2026, 6, 30), "daily", "602.51", 181),
        # 13. 2023 H1 -> 2023 H2 day by day, 1 234,56 € (str input):
        #    1 234,56 × 12,50 % × 10 / 365 (21-30 June) = 4,2279
        #    1 234,56 × 14,00 % × 10 / 365 (1-10 July)  = 4,7353 -> 8,9632 = 8,96
        ("1234.56", date(2023, 6, 20), date(2023, 7, 10), "daily", "8.96", 20),
        # 14. credit note: negative amount = nothing
        (-500, date(2025, 12, 31), date(2026, 3, 1), "start", "0.00", 0),
        # 15. zero balance = nothing
        (0, date(2025, 12, 31), date(2026, 3, 1), "daily", "0.00", 0),
    ],
)
def test_b2b_worked_examples(amount, due, until, mode, expected, days):
    result = b2b_penalties(amount, due, until, mode=mode)
    assert result.amount == D(expected)
    assert result.days == days


def test_b2b_three_half_years_segments_daily():
    # 16 Jun-30 Jun 2024 (15 d at 14,50 %), 2024 H2 (184 d at 14,25 %),
    # 1 Jan-1 Mar 2025 (60 d at 13,15 %): see example 9 above.
    result = b2b_penalties(
        D("10000"), date(2024, 6, 15), date(2025, 3, 1), mode="daily"
    )
    assert [(s.start, s.end, s.days, s.rate) for s in result.segments] == [
        (date(2024, 6, 16), date(2024, 6, 30), 15, D("14.50")),
        (date(2024, 7, 1), date(2024, 12, 31), 184, D("14.25")),
        (date(2025, 1, 1), date(2025, 3, 1), 60, D("13.15")),
    ]
    assert all(s.base == D("10000") for s in result.segments)
    # unrounded segments 59,5890 + 718,3562 + 216,1644; shown as
    # 59,58 + 718,35 + 216,16 = 994,09, plus 2 cents to the largest
    # remainders (0,0090 and 0,0062): 59,59 + 718,36 + 216,16 = 994,11
    assert [s.rounded_amount for s in result.segments] == [
        D("59.59"),
        D("718.36"),
        D("216.16"),
    ]
    assert result.display_amounts() == [D("59.59"), D("718.36"), D("216.16")]
    assert sum(result.display_amounts()) == result.amount


def test_b2b_three_half_years_start_mode_single_segment():
    # start mode: one segment, 259 days at 14,50 % (example 8 above)
    result = b2b_penalties(10000, date(2024, 6, 15), date(2025, 3, 1), mode="start")
    assert len(result.segments) == 1
    segment = result.segments[0]
    assert (segment.start, segment.end, segment.days, segment.rate) == (
        date(2024, 6, 16),
        date(2025, 3, 1),
        259,
        D("14.50"),
    )
    # segment kept unrounded: 10 000 × 14,50 % × 259 / 365 = 1 028,904109...
    assert segment.amount != segment.rounded_amount
    assert segment.amount.quantize(D("0.000001")) == D("1028.904110")


def test_b2b_partial_payment():
    # 10 000,00 due 31 Jan 2026, 4 000,00 paid on 10 Feb, computed on 2 Mar:
    # 1-10 Feb: 10 000 × 12,15 % × 10 / 365 = 33,2877
    # 11 Feb-2 Mar: 6 000 × 12,15 % × 20 / 365 = 39,9452 -> 73,2329 = 73,23
    result = b2b_penalties(
        10000, date(2026, 1, 31), date(2026, 3, 2), payments=[(date(2026, 2, 10), 4000)]
    )
    assert result.amount == D("73.23")
    assert result.days == 30
    assert [(s.start, s.end, s.base) for s in result.segments] == [
        (date(2026, 2, 1), date(2026, 2, 10), D("10000")),
        (date(2026, 2, 11), date(2026, 3, 2), D("6000")),
    ]


@pytest.mark.parametrize(
    "until", [date(2026, 2, 10), date(2026, 3, 31), date(2027, 1, 1)]
)
def test_b2b_fully_paid_late_keeps_penalties(until):
    # paid in full on 10 Feb 2026 (due 31 Jan): the payment day still bears
    # interest, nothing after: 10 000 × 12,15 % × 10 / 365 = 33,2877 -> 33,29,
    # whatever the computation date after the payment (even in the missing
    # 2026 H2: no rate is needed for days that bear nothing).
    result = b2b_penalties(
        10000, date(2026, 1, 31), until, payments=[(date(2026, 2, 10), 10000)]
    )
    assert result.amount == D("33.29")
    assert result.days == 10


def test_b2b_payment_on_due_date_and_after_until():
    # 2 000,00 paid on the due date counts from the first day; a payment dated
    # after the computation date is ignored:
    # 8 000 × 12,15 % × 30 / 365 = 79,8904 -> 79,89
    result = b2b_penalties(
        10000,
        date(2026, 1, 31),
        date(2026, 3, 2),
        payments=[(date(2026, 1, 31), "2000"), (date(2026, 4, 1), 8000)],
    )
    assert result.amount == D("79.89")


def test_b2b_overpayment_accrues_nothing_afterwards():
    # 1 000,00 due 31 Jan 2026, 1 500,00 paid on 5 Feb: 5 days on 1 000, then
    # a negative balance bears nothing: 1 000 × 12,15 % × 5 / 365 = 1,6644 = 1,66
    result = b2b_penalties(
        1000, date(2026, 1, 31), date(2026, 3, 31), payments=[(date(2026, 2, 5), 1500)]
    )
    assert result.amount == D("1.66")
    assert result.days == 5
    assert len(result.segments) == 1


def test_b2b_paid_before_due_date_nothing():
    result = b2b_penalties(
        1000, date(2026, 1, 31), date(2026, 3, 31), payments=[(date(2026, 1, 20), 1000)]
    )
    assert result.amount == D("0.00")
    assert result.days == 0
    assert result.segments == []


def test_b2b_float_inputs_are_exact():
    # 1 234,56 (float) minus 234,56 (float) paid on the due date = 1 000,00:
    # 1 000 × 12,15 % × 30 / 365 = 9,9863 -> 9,99
    result = b2b_penalties(
        1234.56,
        date(2026, 1, 31),
        date(2026, 3, 2),
        payments=[(date(2026, 1, 31), 234.56)],
    )
    assert result.segments[0].base == D("1000.00")
    assert result.amount == D("9.99")


def test_b2b_custom_penalty_points():
    # ECB 2,15 % + 7 points = 9,15 %: 10 000 × 9,15 % × 30 / 365 = 75,2055 = 75,21
    result = b2b_penalties(
        10000, date(2025, 12, 31), date(2026, 1, 30), penalty_points=D("7")
    )
    assert result.amount == D("75.21")
    assert result.segments[0].rate == D("9.15")


def test_b2b_total_rounded_half_up():
    # contractual 10 % (floor 2026 H1 = 3 × 2,62 = 7,86 %), 1 January to
    # 14 March 2026 (31 + 28 + 14 = 73 days; the floor is checked on every
    # half-year covered, so the delay stays in 2026 H1 whose legal rate is
    # known): 51,25 × 10 % × 73 / 365 = 1,025 exactly -> 1,03 half-up (not 1,02)
    result = b2b_penalties(
        "51.25", date(2025, 12, 31), date(2026, 3, 14), contractual_rate=10
    )
    assert result.days == 73
    assert result.segments[0].amount == D("1.025")
    assert result.amount == D("1.03")


# ------------------------------------------------------- contractual rate


def test_b2b_contractual_rate_above_floor():
    # 15 % >= 7,86 %: 10 000 × 15 % × 30 / 365 = 123,2877 -> 123,29
    result = b2b_penalties(
        10000, date(2025, 12, 31), date(2026, 1, 30), contractual_rate="15"
    )
    assert result.amount == D("123.29")
    assert result.segments[0].rate == D("15")


def test_b2b_contractual_rate_equal_to_floor():
    # floor 2026 H1 = 3 × 2,62 = 7,86 % (allowed: "never below"):
    # 10 000 × 7,86 % × 30 / 365 = 64,6027 -> 64,60
    result = b2b_penalties(
        10000, date(2025, 12, 31), date(2026, 1, 30), contractual_rate=D("7.86")
    )
    assert result.amount == D("64.60")


def test_b2b_contractual_rate_below_floor():
    with pytest.raises(RateBelowFloorError) as info:
        b2b_penalties(
            10000, date(2025, 12, 31), date(2026, 1, 30), contractual_rate=D("7.85")
        )
    error = info.value
    assert isinstance(error, ValueError)
    assert error.floor == D("7.86")
    assert error.legal_rate == D("2.62")
    assert error.half_year == date(2026, 1, 1)
    message = str(error)
    assert "7,85\u00a0%" in message
    assert "7,86\u00a0%" in message
    assert "1er semestre 2026" in message
    assert "L441-10" in message


def test_b2b_contractual_floor_of_first_half_year_of_delay():
    # first day of delay 30 June 2025: floor 3 × 3,71 = 11,13 % > 10 %
    with pytest.raises(RateBelowFloorError) as info:
        b2b_penalties(10000, date(2025, 6, 29), date(2025, 7, 31), contractual_rate=10)
    assert info.value.floor == D("11.13")
    # first day of delay 1 July 2025: floor 3 × 2,76 = 8,28 % <= 10 %:
    # 10 000 × 10 % × 31 / 365 = 84,9315 -> 84,93
    result = b2b_penalties(
        10000, date(2025, 6, 30), date(2025, 7, 31), contractual_rate=10
    )
    assert result.amount == D("84.93")


def test_check_contractual_rate():
    # 2024 H1: 3 × 5,07 = 15,21 %
    assert check_contractual_rate(
        D("15.21"), date(2024, 3, 1), rates.DEFAULT_TABLE
    ) == D("15.21")
    with pytest.raises(RateBelowFloorError):
        check_contractual_rate("15.20", date(2024, 3, 1), rates.DEFAULT_TABLE)
    with pytest.raises(MissingRateError):
        check_contractual_rate(20, date(2027, 1, 1), rates.DEFAULT_TABLE)


# ------------------------------------------------------------ missing rates


def test_b2b_missing_half_year_raises():
    # first day of delay 1 July 2026: 2026 H2 is not in the table
    with pytest.raises(MissingRateError) as info:
        b2b_penalties(10000, date(2026, 6, 30), date(2026, 7, 15))
    assert info.value.series == rates.ECB
    assert info.value.half_year == date(2026, 7, 1)
    assert "2e semestre 2026" in str(info.value)


def test_b2b_missing_later_half_year_daily_only():
    # 16-30 June 2026 then 1-15 July 2026: the daily mode needs 2026 H2 ...
    with pytest.raises(MissingRateError):
        b2b_penalties(10000, date(2026, 6, 15), date(2026, 7, 15), mode="daily")
    # ... and it is the default mode (L441-10 II); the start mode only needs
    # 2026 H1 (12,15 %) for the 30 days:
    # 10 000 × 12,15 % × 30 / 365 = 99,8630 -> 99,86
    with pytest.raises(MissingRateError):
        b2b_penalties(10000, date(2026, 6, 15), date(2026, 7, 15))
    assert b2b_penalties(
        10000, date(2026, 6, 15), date(2026, 7, 15), mode="start"
    ).amount == D("99.86")


def test_b2b_custom_table_never_zero():
    # a table with 2026 H1 only; a stored 0 % is a real rate (ECB 2016-2022):
    # 1 000 × (0 + 10) % × 30 / 365 = 8,2192 -> 8,22
    table = rates.RateTable([(rates.ECB, date(2026, 1, 1), 0)])
    assert b2b_penalties(
        1000, date(2025, 12, 31), date(2026, 1, 30), table=table
    ).amount == D("8.22")
    with pytest.raises(MissingRateError):
        b2b_penalties(1000, date(2025, 11, 30), date(2025, 12, 30), table=table)


def test_b2b_bad_mode():
    with pytest.raises(ValueError, match="Mode de calcul"):
        b2b_penalties(1000, date(2025, 12, 31), date(2026, 1, 30), mode="monthly")


# ---------------------------------------------------------------- indemnity


@pytest.mark.parametrize(
    ("is_b2b", "days", "expected"),
    [
        (True, 1, "40.00"),  # from the first day of delay
        (True, 400, "40.00"),  # per invoice, not per day
        (True, 0, "0.00"),  # not late yet
        (True, -3, "0.00"),  # not due yet
        (False, 30, "0.00"),  # never for a consumer (CPCE L111-8)
    ],
)
def test_recovery_indemnity(is_b2b, days, expected):
    assert recovery_indemnity(is_b2b, days) == D(expected)


def test_recovery_indemnity_is_fixed_by_law():
    # D441-5 / D2192-35: 40 EUR, not a parameter any more (a company
    # setting of 50 made every letter cite D441-5 for 50 EUR).
    assert recovery_indemnity(True, 5) == D("40.00")
    with pytest.raises(TypeError):
        recovery_indemnity(True, 5, D("50"))


# ---------------------------------------------------------------------- B2C


def test_b2c_before_notice_nothing():
    # no mise en demeure yet: no interest, however late
    result = b2c_interest(5000, None, date(2026, 3, 3))
    assert result.amount == D("0.00")
    assert result.days == 0


def test_b2c_on_notice_day_nothing():
    assert b2c_interest(5000, date(2026, 2, 1), date(2026, 2, 1)).amount == D("0.00")


def test_b2c_after_notice():
    # notice received 1 Feb 2026, computed on 3 Mar: 2 Feb-3 Mar = 30 days
    # 5 000,00 × 2,62 % × 30 / 365 = 10,7671 -> 10,77
    result = b2c_interest(D("5000"), date(2026, 2, 1), date(2026, 3, 3))
    assert result.amount == D("10.77")
    assert result.days == 30
    assert result.segments[0].rate == D("2.62")


def test_b2c_across_half_years():
    # received 15 June 2025, computed on 15 July:
    # 16-30 June: 5 000 × 3,71 % × 15 / 365 = 7,6233
    # 1-15 July:  5 000 × 2,76 % × 15 / 365 = 5,6712 -> 13,2945 = 13,29
    result = b2c_interest(5000, date(2025, 6, 15), date(2025, 7, 15))
    assert result.amount == D("13.29")
    assert [s.rate for s in result.segments] == [D("3.71"), D("2.76")]


def test_b2c_with_partial_payment():
    # received 1 Feb 2026; 2 000,00 paid on 11 Feb; computed on 3 Mar:
    # 2-11 Feb:     5 000 × 2,62 % × 10 / 365 = 3,5890
    # 12 Feb-3 Mar: 3 000 × 2,62 % × 20 / 365 = 4,3068 -> 7,8958 = 7,90
    result = b2c_interest(
        5000, date(2026, 2, 1), date(2026, 3, 3), payments=[(date(2026, 2, 11), 2000)]
    )
    assert result.amount == D("7.90")


def test_b2c_private_creditor_series():
    # 5 000 × 6,67 % × 30 / 365 = 27,4110 -> 27,41
    result = b2c_interest(
        5000, date(2026, 2, 1), date(2026, 3, 3), series=rates.LEGAL_PRIVATE
    )
    assert result.amount == D("27.41")


def test_b2c_missing_half_year():
    with pytest.raises(MissingRateError) as info:
        b2c_interest(5000, date(2026, 6, 20), date(2026, 7, 5))
    assert info.value.series == rates.LEGAL_OTHER
    assert info.value.half_year == date(2026, 7, 1)


def test_b2c_credit_note_nothing():
    assert b2c_interest(-100, date(2026, 2, 1), date(2026, 3, 3)).amount == D("0.00")


def test_result_is_rounded_once():
    # contractual 14,60 % (floor 2025 H2 = 3 × 2,76 = 8,28 %) on 1,00 €, day
    # by day so the delay is cut at 1 January 2026:
    # 22-31 Dec 2025: 1,00 × 14,60 % × 10 / 365 = 0,004
    # 1-10 Jan 2026:  1,00 × 14,60 % × 10 / 365 = 0,004
    # total 0,008 -> 0,01 (rounding each segment first would give 0,00)
    result = b2b_penalties(
        1, date(2025, 12, 21), date(2026, 1, 10), mode="daily", contractual_rate="14.60"
    )
    assert [s.amount for s in result.segments] == [D("0.004"), D("0.004")]
    assert [s.rounded_amount for s in result.segments] == [D("0.00"), D("0.00")]
    assert result.amount == D("0.01")
    # the breakdown shown in a letter still adds up: the cent goes to the
    # first segment (equal remainders)
    assert result.display_amounts() == [D("0.01"), D("0.00")]


def test_reversed_payment_raises_the_base():
    # 100,00 due 31 Jan 2026; 100,00 paid on 5 Feb then reversed (-100,00) on
    # 10 Feb: 1-5 Feb on 100, 6-10 Feb nothing, 11 Feb-2 Mar (20 days) on 100:
    # 100 × 12,15 % × 25 / 365 = 0,8322 -> 0,83; a zero payment changes nothing
    result = b2b_penalties(
        100,
        date(2026, 1, 31),
        date(2026, 3, 2),
        payments=[
            (date(2026, 2, 10), -100),
            (date(2026, 2, 5), 100),
            (date(2026, 2, 7), 0),
        ],
    )
    assert [(s.start, s.end) for s in result.segments] == [
        (date(2026, 2, 1), date(2026, 2, 5)),
        (date(2026, 2, 11), date(2026, 3, 2)),
    ]
    assert result.days == 25
    assert result.amount == D("0.83")


def test_penalties_module_has_no_odoo_import():
    source = open(penalties.__file__, encoding="utf-8").read()
    assert "import odoo" not in source and "from odoo" not in source


def test_b2b_contractual_rate_goes_on_without_the_legal_rate():
    """A contractual rate needs the legal rate only for its floor (L441-10
    II): with 2026 H2's legal rate not entered, the penalties are computed
    and the unchecked half-year is named. Due 15 June 2026, computed on
    15 July 2026: 16 June to 15 July = 30 days at 15 %:
    10 000 x 15 % x 30 / 365 = 123,2877 -> 123,29."""
    result = b2b_penalties(
        10000, date(2026, 6, 15), date(2026, 7, 15), contractual_rate=15
    )
    assert result.amount == D("123.29")
    assert result.unchecked_half_years == [date(2026, 7, 1)]
    assert "2e semestre 2026" in result.warning()
    assert "non vérifié" in result.warning()
    # A rate below a floor that can be checked still stops: 2026 H1,
    # 3 x 2,62 % = 7,86 %; and the error names the L441-16 fine.
    with pytest.raises(RateBelowFloorError) as info:
        b2b_penalties(10000, date(2026, 6, 15), date(2026, 7, 15), contractual_rate=5)
    assert "L441-16" in str(info.value)
    # The default mode needs no legal rate at all.
    assert not b2b_penalties(10000, date(2026, 5, 15), date(2026, 6, 15)).warning()


def test_a_credit_note_lowers_the_base_from_the_first_day_of_delay():
    # 1,000.00 EUR due 31 January 2026, credit note of 200.00 EUR on
    # 10 March 2026 (a price correction), computed on 31 March 2026 at
    # 12.15 %: 800.00 x 12.15 % x 59 / 365 = 15.71 EUR (15.7117...), one
    # segment. Taken as a payment it would be 1,000.00 x 12.15 % x 38 / 365
    # + 800.00 x 12.15 % x 21 / 365 = 12.65 + 5.59 = 18.24 EUR.
    table = rates.RateTable([(rates.ECB, date(2026, 1, 1), "2.15")])
    base = penalties.penalty_base(
        Decimal("1000.00"), [(date(2026, 3, 10), Decimal("200.00"))]
    )
    assert base == Decimal("800.00")
    result = penalties.b2b_penalties(
        base, date(2026, 1, 31), date(2026, 3, 31), table=table
    )
    assert result.amount == Decimal("15.71")
    assert len(result.segments) == 1
    as_payment = penalties.b2b_penalties(
        Decimal("1000.00"),
        date(2026, 1, 31),
        date(2026, 3, 31),
        payments=[(date(2026, 3, 10), Decimal("200.00"))],
        table=table,
    )
    assert as_payment.amount == Decimal("18.24")
