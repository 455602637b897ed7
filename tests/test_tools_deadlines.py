"""Prescription dates, notice deadlines and month arithmetic."""

from datetime import date

import pytest

from odoo.addons.l10n_fr_debt_recovery.tools.deadlines import (
    add_months,
    add_years,
    notice_deadline,
    prescription_date,
)


@pytest.mark.parametrize(
    ("start", "n", "anchor", "expected"),
    [
        (date(2026, 1, 15), 1, None, date(2026, 2, 15)),
        (date(2026, 1, 31), 1, None, date(2026, 2, 28)),
        (date(2024, 1, 31), 1, None, date(2024, 2, 29)),
        (date(2024, 1, 31), 3, None, date(2024, 4, 30)),
        (date(2025, 11, 30), 3, None, date(2026, 2, 28)),
        (date(2026, 3, 31), -1, None, date(2026, 2, 28)),
        (date(2026, 1, 10), -13, None, date(2024, 12, 10)),
        (date(2026, 2, 28), 1, 31, date(2026, 3, 31)),
        (date(2026, 2, 28), 2, 31, date(2026, 4, 30)),
        (date(2026, 5, 5), 0, None, date(2026, 5, 5)),
    ],
)
def test_add_months(start, n, anchor, expected):
    assert add_months(start, n, anchor_day=anchor) == expected


def test_add_months_bad_anchor():
    with pytest.raises(ValueError, match="ancrage"):
        add_months(date(2026, 1, 1), 1, anchor_day=32)


def test_add_years_leap_day():
    assert add_years(date(2024, 2, 29), 1) == date(2025, 2, 28)
    assert add_years(date(2024, 2, 29), 4) == date(2028, 2, 29)


@pytest.mark.parametrize(
    ("start", "is_b2b", "interruptions", "expected"),
    [
        # B2B: 5 years from the due date
        (date(2026, 3, 15), True, (), date(2031, 3, 15)),
        # B2C: 2 years
        (date(2026, 3, 15), False, (), date(2028, 3, 15)),
        # 29 February -> 28 February
        (date(2024, 2, 29), True, (), date(2029, 2, 28)),
        (date(2024, 2, 29), False, (), date(2026, 2, 28)),
        # a partial payment restarts a full period
        (date(2024, 1, 31), True, (date(2025, 6, 10),), date(2030, 6, 10)),
        # the latest interruption wins, in any order; None is ignored
        (
            date(2024, 1, 31),
            False,
            (date(2025, 6, 10), None, date(2024, 11, 2)),
            date(2027, 6, 10),
        ),
        # an interruption before the start date does not shorten anything
        (date(2025, 1, 31), True, (date(2024, 12, 1),), date(2030, 1, 31)),
    ],
)
def test_prescription_date(start, is_b2b, interruptions, expected):
    assert prescription_date(start, is_b2b, interruptions) == expected


def test_prescription_date_without_dates():
    assert prescription_date(None, True) is None
    # no start date, but an acknowledgment of debt
    assert prescription_date(None, True, [date(2025, 5, 2)]) == date(2030, 5, 2)


def test_notice_deadline():
    # received on 2 March: 8 days -> 10 March; 15 days -> 17 March
    assert notice_deadline(date(2026, 3, 2)) == date(2026, 3, 10)
    assert notice_deadline(date(2026, 3, 2), days=15) == date(2026, 3, 17)
    assert notice_deadline(date(2026, 12, 28)) == date(2027, 1, 5)
    assert notice_deadline(None) is None
    with pytest.raises(ValueError, match="Délai"):
        notice_deadline(date(2026, 3, 2), days=-1)
