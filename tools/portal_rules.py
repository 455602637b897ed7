"""What a customer may do alone on its recovery page (the company's rules).

A promise to pay must fall within the company's limit; an installment plan
asked for on the page is proposed for signature at once only within the
company's rules (number of months, smallest installment, first date),
otherwise it waits for a manager. These functions only say which rule is
broken (a code and its figures); the models word and translate it.
"""

import datetime
from decimal import Decimal

from .schedule import months_span

#: Rule codes returned by :func:`plan_breaches`.
TOO_LONG = "too_long"
TOO_SMALL = "too_small"
FIRST_TOO_LATE = "first_too_late"
FIRST_PAST = "first_past"


def promise_date_error(today, promised, max_days):
    """``None`` when ``promised`` is from ``today`` to ``today + max_days``
    included, otherwise ``"past"`` or ``"too_late"``."""
    if promised < today:
        return "past"
    if promised > today + datetime.timedelta(days=max_days):
        return "too_late"
    return None


def plan_breaches(schedule, today, max_months, min_amount, first_days):
    """The company's rules that ``schedule`` (``[(date, Decimal), ...]``,
    as :func:`tools.schedule.installment_schedule` makes it) breaks, as
    ``[(code, limit), ...]`` in a fixed order; empty when the plan can be
    proposed at once.

    - ``too_long``: the last installment more than ``max_months`` months
      after ``today`` (:func:`tools.schedule.months_span`);
    - ``too_small``: an installment, except the last one (the rest), below
      ``min_amount``;
    - ``first_past`` / ``first_too_late``: the first installment before
      ``today`` or more than ``first_days`` days after it.
    """
    if not schedule:
        raise ValueError("Échéancier vide.")
    breaches = []
    if months_span(schedule, start=today) > max_months:
        breaches.append((TOO_LONG, max_months))
    minimum = Decimal(str(min_amount))
    amounts = [amount for _date, amount in schedule]
    if len(amounts) > 1 and any(amount < minimum for amount in amounts[:-1]):
        breaches.append((TOO_SMALL, minimum))
    first = min(date for date, _amount in schedule)
    if first < today:
        breaches.append((FIRST_PAST, today))
    elif first > today + datetime.timedelta(days=first_days):
        breaches.append((FIRST_TOO_LATE, first_days))
    return breaches
