"""Installment schedules."""

from datetime import date
from decimal import Decimal

import pytest

from odoo.addons.l10n_fr_debt_recovery.tools.schedule import (
    DUE,
    LATE,
    PAID,
    PARTIAL,
    TO_COME,
    allocate_payments,
    count_text,
    installment_schedule,
    installment_status,
    months_span,
)

D = Decimal


def test_count_equal_installments_remainder_on_last():
    # 100,00 / 3 = 33,33 + 33,33 + 33,34
    schedule = installment_schedule(100, date(2026, 1, 10), count=3)
    assert schedule == [
        (date(2026, 1, 10), D("33.33")),
        (date(2026, 2, 10), D("33.33")),
        (date(2026, 3, 10), D("33.34")),
    ]


def test_monthly_from_31_january():
    schedule = installment_schedule("1000", date(2024, 1, 31), count=5)
    assert [d for d, _a in schedule] == [
        date(2024, 1, 31),
        date(2024, 2, 29),
        date(2024, 3, 31),
        date(2024, 4, 30),
        date(2024, 5, 31),
    ]
    assert [a for _d, a in schedule] == [D("200.00")] * 5
    # common year: 28 February
    assert installment_schedule(100, date(2026, 1, 31), count=2)[1][0] == date(
        2026, 2, 28
    )


def test_amount_mode_last_is_the_rest():
    # 1 000,00 by 300,00: 300 + 300 + 300 + 100
    schedule = installment_schedule(1000, date(2026, 1, 5), amount=300)
    assert [a for _d, a in schedule] == [D("300.00")] * 3 + [D("100.00")]
    # an exact multiple has no extra installment
    assert len(installment_schedule(900, date(2026, 1, 5), amount=300)) == 3


@pytest.mark.parametrize(
    ("frequency", "dates"),
    [
        ("weekly", [date(2026, 1, 30), date(2026, 2, 6), date(2026, 2, 13)]),
        ("monthly", [date(2026, 1, 30), date(2026, 2, 28), date(2026, 3, 30)]),
        ("quarterly", [date(2025, 11, 30), date(2026, 2, 28), date(2026, 5, 30)]),
    ],
)
def test_frequencies(frequency, dates):
    schedule = installment_schedule(D("90"), dates[0], count=3, frequency=frequency)
    assert [d for d, _a in schedule] == dates


def test_down_payment_with_date():
    # 50,00 down on 15 Jan, then 950,00 in 2: 475 + 475 from 31 Jan
    schedule = installment_schedule(
        1000,
        date(2026, 1, 31),
        count=2,
        down_payment=50,
        down_payment_date=date(2026, 1, 15),
    )
    assert schedule == [
        (date(2026, 1, 15), D("50.00")),
        (date(2026, 1, 31), D("475.00")),
        (date(2026, 2, 28), D("475.00")),
    ]


def test_down_payment_without_date():
    # down payment on the first date, installments one period later, still
    # anchored on the 31st: 100 on 31 Jan, then 300 + 300 + 300 on 28 Feb,
    # 31 Mar, 30 Apr
    schedule = installment_schedule(
        1000, date(2026, 1, 31), amount=300, down_payment="100"
    )
    assert schedule == [
        (date(2026, 1, 31), D("100.00")),
        (date(2026, 2, 28), D("300.00")),
        (date(2026, 3, 31), D("300.00")),
        (date(2026, 4, 30), D("300.00")),
    ]


@pytest.mark.parametrize(
    ("total", "count", "amount", "down"),
    [
        (1234.57, 7, None, 0),
        ("0.10", 3, None, 0),
        (5000, None, 333.33, 0),
        (1000.01, 4, None, "99.99"),
    ],
)
def test_sum_is_exact(total, count, amount, down):
    schedule = installment_schedule(
        total,
        date(2026, 1, 1),
        count=count,
        amount=amount,
        down_payment=down,
        down_payment_date=date(2025, 12, 1),
    )
    assert sum(a for _d, a in schedule) == D(str(total))
    assert all(a > 0 for _d, a in schedule)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"total": 0, "count": 3}, "strictement positif"),
        ({"total": -10, "count": 3}, "strictement positif"),
        ({"total": 100, "count": 0}, "au moins 1"),
        ({"total": 100, "count": 2.5}, "au moins 1"),
        ({"total": 100}, "soit le nombre"),
        ({"total": 100, "count": 2, "amount": 50}, "soit le nombre"),
        ({"total": 100, "amount": 0}, "strictement positif"),
        ({"total": 100, "amount": 150}, "dépasse"),
        ({"total": "0.02", "count": 3}, "centime"),
        ({"total": 100, "count": 2, "frequency": "daily"}, "Périodicité"),
        ({"total": 100, "count": 2, "down_payment": 100}, "acompte"),
        ({"total": 100, "count": 2, "down_payment": -1}, "acompte"),
        (
            {
                "total": 100,
                "count": 2,
                "down_payment": 10,
                "down_payment_date": date(2026, 2, 1),
            },
            "acompte",
        ),
        ({"total": 100000, "amount": 1}, "raisonnable"),
    ],
)
def test_bad_input(kwargs, message):
    with pytest.raises(ValueError, match=message):
        installment_schedule(first_date=date(2026, 1, 31), **kwargs)


@pytest.mark.parametrize(
    ("count", "frequency", "span"),
    [
        (25, "monthly", 24),  # 15 Jan 2026 .. 15 Jan 2028
        (26, "monthly", 25),
        (1, "monthly", 0),
        (9, "quarterly", 24),
        (105, "weekly", 24),  # 104 weeks = 728 days: 15 Jan 2026 .. 13 Jan 2028
        (106, "weekly", 25),  # 20 Jan 2028: past 15 Jan, a started month
    ],
)
def test_months_span(count, frequency, span):
    schedule = installment_schedule(
        10000, date(2026, 1, 15), count=count, frequency=frequency
    )
    assert months_span(schedule) == span


def test_months_span_edge_cases():
    assert months_span([]) == 0
    schedule = [(date(2026, 1, 31), D(1)), (date(2026, 2, 28), D(1))]
    assert months_span(schedule) == 1
    # from the acceptance date instead of the first installment
    assert months_span(schedule, start=date(2025, 12, 20)) == 3


def test_schedules_of_the_issue():
    # 12 x over 10 000,00: 833,33 x 11 + 833,37
    schedule = installment_schedule(D("10000.00"), date(2026, 1, 31), count=12)
    assert [a for _d, a in schedule] == [D("833.33")] * 11 + [D("833.37")]
    assert [d for d, _a in schedule][:4] == [
        date(2026, 1, 31),
        date(2026, 2, 28),
        date(2026, 3, 31),
        date(2026, 4, 30),
    ]
    assert schedule[-1][0] == date(2026, 12, 31)
    # 7 x over 1 000,00: 142,85 x 6 + 142,90
    schedule = installment_schedule(D("1000.00"), date(2026, 1, 15), count=7)
    assert [a for _d, a in schedule] == [D("142.85")] * 6 + [D("142.90")]


@pytest.mark.parametrize(
    ("paid", "expected"),
    [
        (0, ["0.00", "0.00", "0.00"]),
        ("150", ["100.00", "50.00", "0.00"]),
        ("300", ["100.00", "100.00", "100.00"]),
        ("310.5", ["100.00", "100.00", "110.50"]),  # overpaid: on the last
        (-5, ["0.00", "0.00", "0.00"]),
    ],
)
def test_allocate_payments_in_date_order(paid, expected):
    assert allocate_payments([100, "100.00", D(100)], paid) == [D(e) for e in expected]


def test_allocate_payments_empty():
    assert allocate_payments([], 50) == []


@pytest.mark.parametrize(
    ("paid", "today", "status"),
    [
        ("100", date(2026, 5, 1), PAID),
        ("120", date(2026, 3, 1), PAID),
        ("0", date(2026, 3, 31), TO_COME),  # on its date: not yet due
        ("0", date(2026, 4, 1), DUE),
        ("0", date(2026, 4, 8), DUE),  # last day of the 8 grace days
        ("40", date(2026, 4, 8), PARTIAL),
        ("0", date(2026, 4, 9), LATE),
        ("40", date(2026, 4, 9), LATE),
        ("40", date(2026, 3, 1), PARTIAL),
    ],
)
def test_installment_status_with_grace_days(paid, today, status):
    assert (
        installment_status(date(2026, 3, 31), D(100), D(paid), today, grace_days=8)
        == status
    )


def test_installment_status_without_grace():
    assert installment_status(date(2026, 3, 31), D(1), D(0), date(2026, 4, 1)) == LATE


@pytest.mark.parametrize(
    ("count", "frequency", "text"),
    [
        (4, "monthly", "quatre échéances mensuelles"),
        (1, "monthly", "une échéance mensuelle"),
        (21, "weekly", "vingt et une échéances hebdomadaires"),
        (81, "monthly", "quatre-vingt-une échéances mensuelles"),
        (12, "quarterly", "douze échéances trimestrielles"),
    ],
)
def test_count_text(count, frequency, text):
    assert count_text(count, frequency) == text
