"""Prescription dates, notice deadlines and month arithmetic."""

from datetime import date

import pytest

from odoo.addons.l10n_fr_debt_recovery.tools.deadlines import (
    add_months,
    add_years,
    b2b_latest_due_date,
    b2b_term_exceeds,
    notice_deadline,
    prescription_date,
    prescription_start,
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


def test_consumer_whose_works_ended_before_the_invoice():
    """L218-2 C. conso. from the completion of the works (Cass. 3e civ.,
    1 March 2023, n° 21-23.176), not from the invoice nor its due date."""
    completed = date(2025, 1, 10)  # works completed
    due = date(2025, 3, 22)  # invoice of 20 February 2025, due 30 days later
    start = prescription_start(due, completed, None)
    assert start == completed
    # 10 January 2025 + 2 years = 10 January 2027 (from the due date it
    # would have been 22 March 2027: 71 days too late)
    assert prescription_date(start, False) == date(2027, 1, 10)
    # the earliest known date wins, whatever the order; no date at all: None
    assert prescription_start(due, date(2025, 2, 1), completed) == completed
    assert prescription_start(due) == due
    assert prescription_start(None, None) is None


@pytest.mark.parametrize(
    ("suspensions", "expected"),
    [
        # mediation agreed 1 Sept. 2026, declared over 30 Nov. 2026:
        # 90 days suspended (30 Nov - 1 Sept); 10 Jan. 2027 + 90 days =
        # 10 April 2027; but it runs again for at least 6 months from the end
        # (C. civ. 2238 al. 2): 30 Nov. 2026 + 6 months = 30 May 2027 wins.
        (((date(2026, 9, 1), date(2026, 11, 30)),), date(2027, 5, 30)),
        # an early mediation, 1-31 March 2025: 30 days added, 10 Jan. 2027
        # + 30 days = 9 Feb. 2027 (the 6-month floor, 30 Sept. 2025, is earlier)
        (((date(2025, 3, 1), date(2025, 3, 31)),), date(2027, 2, 9)),
        # mediation still running: prescription does not run, no date
        (((date(2026, 9, 1), None),), None),
        # a mediation that began after the deadline revives nothing
        (((date(2027, 2, 1), date(2027, 3, 1)),), date(2027, 1, 10)),
        # two mediations: 1-31 March 2025 (+30 days -> 9 Feb. 2027), then
        # 1 Jan. - 31 Jan. 2027 (+30 days -> 11 March 2027; floor 31 July 2027)
        (
            (
                (date(2027, 1, 1), date(2027, 1, 31)),
                (date(2025, 3, 1), date(2025, 3, 31)),
            ),
            date(2027, 7, 31),
        ),
    ],
)
def test_mediation_suspends_the_consumer_prescription(suspensions, expected):
    # works completed 10 January 2025: 2 years -> 10 January 2027
    assert (
        prescription_date(date(2025, 1, 10), False, suspensions=suspensions) == expected
    )


def test_mediation_before_an_interruption_has_no_effect():
    # mediation in March 2025, then a payment on 1 June 2025: the new period
    # runs from the payment, whole: 1 June 2027
    assert prescription_date(
        date(2025, 1, 10),
        False,
        [date(2025, 6, 1)],
        suspensions=[(date(2025, 3, 1), date(2025, 3, 31))],
    ) == date(2027, 6, 1)


def test_court_claim_interrupts_until_the_end_of_the_instance():
    start = date(2025, 1, 10)
    # claim filed 1 Dec. 2026 (C. civ. 2241), pending: no prescription date
    assert (
        prescription_date(start, False, court_claims=[(date(2026, 12, 1), None)])
        is None
    )
    # instance over on 15 June 2027: a new 2-year period from then (2242)
    assert prescription_date(
        start, False, court_claims=[(date(2026, 12, 1), date(2027, 6, 15))]
    ) == date(2029, 6, 15)


def test_notice_deadline():
    # received on 2 March: 8 days -> 10 March; 15 days -> 17 March
    assert notice_deadline(date(2026, 3, 2)) == date(2026, 3, 10)
    assert notice_deadline(date(2026, 3, 2), days=15) == date(2026, 3, 17)
    assert notice_deadline(date(2026, 12, 28)) == date(2027, 1, 5)
    assert notice_deadline(None) is None
    with pytest.raises(ValueError, match="Délai"):
        notice_deadline(date(2026, 3, 2), days=-1)


def test_b2b_payment_term_limits():
    """C. com. L441-10 I, worked case: invoiced on 15 January 2026, 60 days
    give 16 March 2026; 45 days end of month give 31 March (15 January + 45
    days = 1 March, end of that month) or 17 March (end of January + 45
    days): the latest allowed due date is 31 March 2026."""
    assert b2b_latest_due_date(date(2026, 1, 15)) == date(2026, 3, 31)
    assert not b2b_term_exceeds(date(2026, 1, 15), date(2026, 3, 31))
    assert b2b_term_exceeds(date(2026, 1, 15), date(2026, 4, 1))
    # Invoiced on 31 January 2026: 60 days give 1 April; 45 days give
    # 17 March -> 31 March; end of January + 45 days 17 March: 1 April.
    assert b2b_latest_due_date(date(2026, 1, 31)) == date(2026, 4, 1)
    assert not b2b_term_exceeds(None, date(2026, 4, 1))
