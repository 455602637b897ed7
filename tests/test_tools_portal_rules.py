"""The rules of what a customer may do alone on its recovery page."""

from datetime import date
from decimal import Decimal

import pytest

from odoo.addons.l10n_fr_debt_recovery.tools.portal_rules import (
    FIRST_PAST,
    FIRST_TOO_LATE,
    TOO_LONG,
    TOO_SMALL,
    plan_breaches,
    promise_date_error,
)
from odoo.addons.l10n_fr_debt_recovery.tools.schedule import installment_schedule

TODAY = date(2026, 12, 7)


@pytest.mark.parametrize(
    ("promised", "expected"),
    [
        (date(2026, 12, 7), None),  # today
        (date(2027, 1, 6), None),  # the 30th day, included
        (date(2027, 1, 7), "too_late"),
        (date(2026, 12, 6), "past"),
    ],
)
def test_promise_date_within_the_limit(promised, expected):
    assert promise_date_error(TODAY, promised, 30) == expected


def test_plan_within_the_rules():
    schedule = installment_schedule(Decimal("1200"), date(2027, 1, 5), count=4)
    assert plan_breaches(schedule, TODAY, 6, 100, 30) == []


def test_plan_too_long():
    # 7 monthly installments from 5 January: the last on 5 July, 7 months
    # after 7 December.
    schedule = installment_schedule(Decimal("1400"), date(2027, 1, 5), count=7)
    assert plan_breaches(schedule, TODAY, 6, 100, 30) == [(TOO_LONG, 6)]


def test_plan_installment_too_small_but_the_last_may_be():
    small = installment_schedule(Decimal("500"), date(2027, 1, 5), count=6)
    assert plan_breaches(small, TODAY, 6, 100, 30) == [(TOO_SMALL, Decimal("100"))]
    # 250 + 250 + 50: only the rest is below 100.
    rest = installment_schedule(Decimal("550"), date(2027, 1, 5), amount=Decimal("250"))
    assert [amount for _d, amount in rest][-1] == Decimal("50.00")
    assert plan_breaches(rest, TODAY, 6, 100, 30) == []


@pytest.mark.parametrize(
    ("first", "expected"),
    [
        (date(2027, 1, 6), []),  # 30 days later, included
        (date(2027, 1, 7), [(FIRST_TOO_LATE, 30)]),
        (date(2026, 12, 6), [(FIRST_PAST, TODAY)]),
    ],
)
def test_plan_first_date(first, expected):
    schedule = installment_schedule(Decimal("600"), first, count=2)
    assert plan_breaches(schedule, TODAY, 6, 100, 30) == expected


def test_plan_empty_is_refused():
    with pytest.raises(ValueError):
        plan_breaches([], TODAY, 6, 100, 30)
