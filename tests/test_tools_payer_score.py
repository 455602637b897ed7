"""The payer score, A to D, with its reasons."""

from decimal import Decimal

import pytest

from odoo.addons.l10n_fr_debt_recovery.tools.payer_score import (
    BROKEN_PROMISES,
    DAYS_LATE,
    DISPUTES,
    ON_TIME,
    OPEN_LATE,
    PayerHistory,
    payer_score,
)


def test_a_customer_paying_on_time_is_a():
    history = PayerHistory(invoices_paid=12, paid_on_time=12, total_days_late=0)
    assert payer_score(history) == ("A", [])


def test_nothing_paid_and_nothing_late_is_a():
    assert payer_score(PayerHistory()) == ("A", [])


def test_a_little_late_is_b_with_its_reasons():
    # 10 invoices, 7 on time, 3 paid 20 days late: 6 days late on average.
    history = PayerHistory(invoices_paid=10, paid_on_time=7, total_days_late=60)
    grade, reasons = payer_score(history)
    assert grade == "B"
    assert reasons == [(DAYS_LATE, Decimal("6.0")), (ON_TIME, Decimal("70"))]


def test_one_broken_promise_and_a_late_invoice_is_c():
    history = PayerHistory(
        invoices_paid=4,
        paid_on_time=4,
        broken_promises=1,
        oldest_open_days_late=45,
    )
    grade, reasons = payer_score(history)
    assert grade == "C"
    assert reasons == [(BROKEN_PROMISES, 1), (OPEN_LATE, 45)]


def test_two_broken_promises_and_disputes_is_d():
    history = PayerHistory(
        invoices_paid=5,
        paid_on_time=1,
        total_days_late=200,
        broken_promises=2,
        disputes=3,
        oldest_open_days_late=120,
    )
    grade, reasons = payer_score(history)
    assert grade == "D"
    assert [code for code, _figure in reasons] == [
        BROKEN_PROMISES,
        DAYS_LATE,
        ON_TIME,
        OPEN_LATE,
        DISPUTES,
    ]
    assert dict(reasons)[DAYS_LATE] == Decimal("40.0")
    assert dict(reasons)[ON_TIME] == Decimal("20")


@pytest.mark.parametrize(
    ("days", "grade"),
    [(30, "A"), (31, "A"), (60, "A"), (61, "B"), (91, "B")],
)
def test_the_oldest_unpaid_invoice_alone(days, grade):
    assert payer_score(PayerHistory(oldest_open_days_late=days))[0] == grade


def test_incoherent_history_is_refused():
    with pytest.raises(ValueError):
        payer_score(PayerHistory(invoices_paid=1, paid_on_time=2))
    with pytest.raises(ValueError):
        payer_score(PayerHistory(disputes=-1))


def test_two_broken_promises_alone_are_d():
    grade, reasons = payer_score(PayerHistory(broken_promises=2))
    assert grade == "D"
    assert reasons == [(BROKEN_PROMISES, 2)]
