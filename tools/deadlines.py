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


def prescription_start(due_date, *performance_dates):
    """Start of the prescription of an invoice (above all: against a consumer).

    Code de la consommation art. L218-2: "L'action des professionnels, pour
    les biens ou les services qu'ils fournissent aux consommateurs, se
    prescrit par deux ans." The text gives no starting point; courts apply
    Code civil 2224 (the day the creditor knew the facts allowing it to act),
    which is the completion of the works or the performance of the service,
    not the invoice (Cass. 3e civ., 1 March 2023, n° 21-23.176, aligned on
    Cass. 1re civ., 19 May 2021, n° 20-12.520; checked with the search tool,
    November 2026: the text of L218-2 is unchanged).

    ``performance_dates`` are the delivery / completion dates known for the
    invoice (``None`` ignored). Between professionals the commercial
    chamber reads Code civil 2224 the same way. The addon takes the EARLIEST
    of them and the due date: a court may retain any of them, and the watch
    must warn before the first possible expiry. Without any date, ``None``.
    """
    dates = [d for d in (due_date, *performance_dates) if d]
    return min(dates) if dates else None


def prescription_date(
    start_date, is_b2b, interruptions=(), suspensions=(), court_claims=()
):
    """Last day on which the claim can be brought to court.

    The period (5 years B2B, 2 years B2C) runs from the latest of
    ``start_date`` (by default the invoice due date) and the
    ``interruptions`` (acknowledgment of debt, partial payment, installment
    paid: Code civil 2231, 2240): an interruption starts a new full period.
    A mise en demeure does not interrupt prescription and must not be
    passed here. ``None`` items are ignored; ``None`` is returned when there
    is no date at all.

    ``court_claims``: ``(claim_date, instance_end)`` pairs. A claim in court,
    even in référé, interrupts prescription (C. civ. 2241) and the
    interruption lasts until the end of the instance (C. civ. 2242): a new
    period of the same length runs from ``instance_end``. While an instance
    is pending (``instance_end`` is ``None``) prescription does not run and
    ``None`` is returned (the caller says so). A claim withdrawn, left to
    lapse or finally dismissed does not interrupt anything (C. civ. 2243):
    such claims must not be passed.

    ``suspensions``: ``(start, end)`` periods of mediation or conciliation
    (C. civ. 2238): suspended from the day the parties agree to mediate (or,
    without a written agreement, the first meeting) until the day the
    mediation is declared over. A suspension stops the clock without erasing
    the time already run (C. civ. 2230): the days of the period that fall
    while prescription runs are added to the deadline; and from ``end`` the
    period runs again "pour une durée qui ne peut être inférieure à six
    mois" (2238 al. 2): the deadline is at least ``end`` + 6 months. A
    suspension still running (``end`` is ``None``) gives ``None``. A
    suspension that starts after the deadline has no effect (the claim was
    already time-barred).
    """
    pending = [claim for claim, end in court_claims if claim and not end]
    if pending:
        return None
    ends = [end for claim, end in court_claims if claim and end]
    dates = [d for d in (start_date, *interruptions, *ends) if d]
    if not dates:
        return None
    years = PRESCRIPTION_YEARS_B2B if is_b2b else PRESCRIPTION_YEARS_B2C
    start = max(dates)
    deadline = add_years(start, years)
    for begin, end in sorted((b, e) for b, e in suspensions if b):
        if end and end <= start:
            continue  # over before the period (re)started: no effect
        if begin > deadline:
            break  # already time-barred when the mediation began
        if not end:
            return None
        # Days of the period spent in mediation: from the later of its
        # start and the period's start to its end.
        deadline += datetime.timedelta(days=(end - max(begin, start)).days)
        deadline = max(deadline, add_months(end, 6))
    return deadline


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


#: C. com. L441-10 I: the agreed payment period may not exceed 60 days from
#: the invoice date, or, if expressly agreed and not manifestly abusive, 45
#: days end of month (periodic invoices: 45 days from the invoice date).
B2B_MAX_DAYS = 60
B2B_MAX_DAYS_END_OF_MONTH = 45


def end_of_month(d):
    """Last day of the month of ``d``."""
    return d.replace(day=last_day_of_month(d.year, d.month))


def b2b_latest_due_date(invoice_date):
    """The latest due date C. com. L441-10 I allows for an invoice between
    professionals dated ``invoice_date``: the later of 60 days from the
    invoice date and 45 days end of month, read either way the
    administration accepts (45 days then the end of that month, or the end
    of the month then 45 days). Invoiced on 15 January 2026: 60 days give
    16 March; 45 days give 1 March, then the end of that month 31 March;
    the end of January then 45 days 17 March: 31 March 2026."""
    return max(
        invoice_date + datetime.timedelta(days=B2B_MAX_DAYS),
        end_of_month(invoice_date + datetime.timedelta(days=B2B_MAX_DAYS_END_OF_MONTH)),
        end_of_month(invoice_date) + datetime.timedelta(days=B2B_MAX_DAYS_END_OF_MONTH),
    )


def b2b_term_exceeds(invoice_date, due_date):
    """True when ``due_date`` is later than every maximum of C. com.
    L441-10 I for an invoice of ``invoice_date`` (a warning, never a block:
    the contract and the trade may differ, and a periodic invoice is held to
    45 days, which the addon cannot tell)."""
    if not invoice_date or not due_date:
        return False
    return due_date > b2b_latest_due_date(invoice_date)
