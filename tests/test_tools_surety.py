"""What an individual surety is owed (tools/surety.py; C. civ. art. 2302,
2303 as reformed by ordonnance n° 2021-1192)."""

import datetime

from odoo.addons.l10n_fr_debt_recovery.tools import surety

D = datetime.date


def test_worked_example_information_late_by_a_month_loses_the_penalties_between():
    # Invoice A due 15 January 2027, still unpaid; invoice B due 10 January,
    # paid on 5 February (within its month): no incident. A's month ends on
    # 15 February: the information is owed from 16 February. Informed on
    # 20 March, the creditor cannot claim from the surety the penalties and
    # interest that fell due from 15 January to 20 March.
    invoices = [(D(2027, 1, 15), None), (D(2027, 1, 10), D(2027, 2, 5))]
    info = surety.default_information(
        invoices, start=D(2026, 6, 1), informed_date=D(2027, 3, 20)
    )
    assert info.incident_date == D(2027, 1, 15)
    assert info.owed_from == D(2027, 2, 16)
    assert info.late is True
    assert (info.lost_from, info.lost_until) == (D(2027, 1, 15), D(2027, 3, 20))


def test_informed_the_first_day_it_is_owed_loses_nothing():
    info = surety.default_information(
        [(D(2027, 1, 15), None)], informed_date=D(2027, 2, 16)
    )
    assert info.late is False and info.lost_from is None


def test_not_yet_owed_within_the_month_nor_when_paid_within_it():
    unpaid = [(D(2027, 1, 15), None)]
    assert surety.default_information(unpaid, today=D(2027, 2, 15)) is None
    info = surety.default_information(unpaid, today=D(2027, 2, 16))
    assert info.owed_from == D(2027, 2, 16) and info.late is False
    late = surety.default_information(unpaid, today=D(2027, 3, 1))
    assert late.late and late.lost_until == D(2027, 3, 1)
    assert surety.default_information([(D(2027, 1, 15), D(2027, 2, 15))]) is None


def test_paid_after_its_month_is_still_an_incident():
    info = surety.default_information([(D(2027, 1, 15), D(2027, 2, 20))])
    assert info.incident_date == D(2027, 1, 15)


def test_end_of_month_due_date_and_start_after_the_due_date():
    assert surety.regularisation_end(D(2027, 1, 31)) == D(2027, 2, 28)
    assert surety.first_incident(
        [(D(2027, 1, 10), None)], start=D(2027, 3, 1), today=D(2027, 4, 2)
    ) == D(2027, 3, 1)
    assert (
        surety.first_incident(
            [(D(2027, 1, 10), None)], start=D(2027, 3, 1), today=D(2027, 4, 1)
        )
        is None
    )


def test_annual_information_before_31_march():
    assert surety.annual_information_deadline(2027) == D(2027, 3, 30)
    owed = surety.annual_information_owed(D(2026, 5, 1), None, None, D(2027, 1, 2))
    assert owed == D(2027, 3, 30)
    # Started this year, ended before 31 December, or already informed.
    assert (
        surety.annual_information_owed(D(2027, 1, 1), None, None, D(2027, 1, 2)) is None
    )
    assert (
        surety.annual_information_owed(
            D(2026, 1, 1), D(2026, 6, 30), None, D(2027, 1, 2)
        )
        is None
    )
    # Ended before 31 December, but debts born before its end were still
    # due that day (art. 2316): owed until they are paid.
    assert surety.annual_information_owed(
        D(2026, 1, 1), D(2026, 6, 30), None, D(2027, 1, 2), debt_left=True
    ) == D(2027, 3, 30)
    assert (
        surety.annual_information_owed(
            D(2026, 1, 1), None, D(2027, 1, 20), D(2027, 2, 1)
        )
        is None
    )
