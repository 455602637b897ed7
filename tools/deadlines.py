"""Deadlines: prescription dates, notice deadlines, month arithmetic.

Periods in months or years end on the day with the same number as the start
day (Code de procédure civile art. 641), or on the last day of the month when
that day does not exist (29 February -> 28 February, 31 January + 1 month ->
28/29 February). The returned date is the last day of the period: the period
expires at the end of that day (CPC art. 642). The extension of a procedural
deadline ending on a Saturday, Sunday or public holiday (CPC 642 al. 2) is
not applied: it does not apply to every period and is left to the user.
"""

import calendar
import datetime

#: Days the post takes: the formal notice's deadline runs from its receipt,
#: so the date printed in a letter is estimated from the sending date.
POST_DAYS = 3

#: Prescription periods in years (C. com. L110-4, C. civ. 2224, C. conso. L218-2).
PRESCRIPTION_YEARS_B2B = 5  # Code de commerce L110-4, Code civil 2224
PRESCRIPTION_YEARS_B2C = 2  # Code de la consommation L218-2


def last_day_of_month(year, month):
    """Number of days of ``month`` in ``year``."""
    return calendar.monthrange(year, month)[1]


def add_months(d, n, anchor_day=None):
    """``d`` plus ``n`` months (``n`` may be negative), end-of-month safe.

    The day is ``anchor_day`` (default: the day of ``d``), capped at the last
    day of the target month: ``add_months(date(2024, 1, 31), 1)`` is 29
    February 2024, and ``add_months(date(2024, 2, 29), 1, anchor_day=31)`` is
    31 March 2024 (an anchor keeps a monthly series on the 31st).
    """
    if anchor_day is None:
        anchor_day = d.day
    if not 1 <= anchor_day <= 31:
        raise ValueError(f"Jour d'ancrage invalide : {anchor_day} (attendu : 1 à 31).")
    months = d.year * 12 + (d.month - 1) + n
    year, month = divmod(months, 12)
    month += 1
    if not datetime.MINYEAR <= year <= datetime.MAXYEAR:
        raise ValueError(f"Date hors limites : {d} plus {n} mois.")
    return datetime.date(year, month, min(anchor_day, last_day_of_month(year, month)))


def add_years(d, n):
    """``d`` plus ``n`` years; 29 February becomes 28 February in a common year."""
    return add_months(d, 12 * n)


def prescription_date(start_date, is_b2b, interruptions=()):
    """Last day on which the claim can be brought to court.

    The period (5 years B2B, 2 years B2C) runs from the latest of
    ``start_date`` (by default the invoice due date) and the
    ``interruptions`` (acknowledgment of debt, partial payment, installment
    paid, court claim: Code civil 2231, 2240, 2241): an interruption starts a
    new full period. A mise en demeure does not interrupt prescription and
    must not be passed here. ``None`` items are ignored; ``None`` is returned
    when there is no date at all.
    """
    dates = [d for d in (start_date, *interruptions) if d]
    if not dates:
        return None
    years = PRESCRIPTION_YEARS_B2B if is_b2b else PRESCRIPTION_YEARS_B2C
    return add_years(max(dates), years)


def notice_deadline(receipt_date, days=8):
    """Deadline of a mise en demeure: ``days`` days after its receipt.

    The day of receipt is not counted: received on 2 March with 8 days, the
    deadline is 10 March (the debtor can pay until the end of that day).
    ``None`` (not received yet) gives ``None``.
    """
    if days is None or int(days) != days or days < 0:
        raise ValueError(
            f"Délai de la mise en demeure invalide : {days!r} "
            "(attendu : un nombre entier de jours, positif ou nul)."
        )
    if not receipt_date:
        return None
    return receipt_date + datetime.timedelta(days=int(days))
