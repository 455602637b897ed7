"""A payer score per customer, A (pays on time) to D (at risk), from its last
12 months: average days late of the invoices it paid, share paid on time,
promises to pay broken, disputes, and how late its oldest unpaid invoice is.

Each criterion gives points; the sum gives the grade. The function returns
the grade and the reasons that cost points (a code and its figure), for the
models to word and translate. A customer with nothing paid in the period
gets its grade from the other criteria only.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

GRADES = ("A", "B", "C", "D")

#: Reason codes.
DAYS_LATE = "days_late"
ON_TIME = "on_time"
BROKEN_PROMISES = "broken_promises"
DISPUTES = "disputes"
OPEN_LATE = "open_late"


@dataclass(frozen=True)
class PayerHistory:
    """The customer's last 12 months."""

    invoices_paid: int = 0
    paid_on_time: int = 0  # of ``invoices_paid``, paid by their due date
    total_days_late: int = 0  # sum over ``invoices_paid`` of the days late
    broken_promises: int = 0
    disputes: int = 0
    oldest_open_days_late: int = 0  # 0: nothing unpaid overdue


def _points(value, steps):
    """Points of ``value`` for thresholds ``steps`` ((limit, points), ...)
    in increasing order: the points of the first limit not reached."""
    for limit, points in steps:
        if value <= limit:
            return points
    return steps[-1][1] + 1


def payer_score(history):
    """``(grade, reasons)``: grade ``"A"`` to ``"D"``; reasons
    ``[(code, figure), ...]`` for each criterion that cost points, worst
    first."""
    if (
        min(
            history.invoices_paid,
            history.paid_on_time,
            history.total_days_late,
            history.broken_promises,
            history.disputes,
            history.oldest_open_days_late,
        )
        < 0
        or history.paid_on_time > history.invoices_paid
    ):
        raise ValueError("Historique de paiement incohérent.")
    scored = []
    if history.invoices_paid:
        average = (
            Decimal(history.total_days_late) / Decimal(history.invoices_paid)
        ).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        scored.append(
            (_points(average, ((5, 0), (15, 1), (30, 2))), DAYS_LATE, average)
        )
        share = (Decimal(100) * history.paid_on_time / history.invoices_paid).quantize(
            Decimal("1"), rounding=ROUND_HALF_UP
        )
        scored.append((_points(-share, ((-90, 0), (-70, 1), (-50, 2))), ON_TIME, share))
    scored.append(
        (
            {0: 0, 1: 3}.get(history.broken_promises, 6),
            BROKEN_PROMISES,
            history.broken_promises,
        )
    )
    scored.append(
        ({0: 0, 1: 0, 2: 1}.get(history.disputes, 2), DISPUTES, history.disputes)
    )
    scored.append(
        (
            _points(history.oldest_open_days_late, ((30, 0), (60, 1), (90, 2))),
            OPEN_LATE,
            history.oldest_open_days_late,
        )
    )
    total = sum(points for points, _code, _figure in scored)
    grade = GRADES[_points(total, ((1, 0), (3, 1), (5, 2)))]
    reasons = [
        (code, figure)
        for points, code, figure in sorted(scored, key=lambda s: -s[0])
        if points
    ]
    return grade, reasons
