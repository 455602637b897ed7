"""Installment plans ("échéanciers": C. civ. 1342-4, 1343-5).

:func:`installment_schedule` splits a total into dated installments;
:func:`months_span` measures a plan so that the wizard can warn beyond
24 months (a judge may spread a debt over at most 2 years, Code civil 1343-5).
"""

import datetime
from decimal import ROUND_CEILING, ROUND_DOWN, Decimal

from .deadlines import add_months
from .decimals import CENT, ZERO, round_cents, to_decimal
from .formatting import integer_in_words

WEEKLY = "weekly"
MONTHLY = "monthly"
QUARTERLY = "quarterly"
FREQUENCIES = (WEEKLY, MONTHLY, QUARTERLY)

#: Beyond this, a plan is refused (most likely an input error).
MAX_INSTALLMENTS = 520
#: A plan longer than this (in months) deserves a warning (Code civil 1343-5).
MAX_JUDICIAL_MONTHS = 24
#: Consumers: the least period, in days from the receipt of the formal notice
#: to pay a late installment, before the whole balance becomes due. A
#: shorter period makes the acceleration clause abusive (C. conso. L212-1):
#: 8 days (Cass. 1re civ., 22 March 2023, n° 21-16.044) and exactly 15 days
#: (Cass. 1re civ., 29 May 2024, n° 23-12.904) were held abusive, so the
#: floor is above 15 days.
CONSUMER_NOTICE_MIN_DAYS = 16


def installment_date(first_date, index, frequency=MONTHLY):
    """Date of installment number ``index`` (0 for ``first_date``).

    Monthly and quarterly dates keep the day of ``first_date`` when the month
    has it, else the last day of the month: from 31 January, 28/29 February,
    31 March, 30 April...
    """
    if frequency == WEEKLY:
        return first_date + datetime.timedelta(weeks=index)
    if frequency == MONTHLY:
        return add_months(first_date, index, anchor_day=first_date.day)
    if frequency == QUARTERLY:
        return add_months(first_date, 3 * index, anchor_day=first_date.day)
    raise ValueError(
        f"Périodicité inconnue : {frequency!r} "
        "(attendu : « weekly », « monthly » ou « quarterly »)."
    )


def installment_schedule(
    total,
    first_date,
    count=None,
    amount=None,
    frequency=MONTHLY,
    down_payment=0,
    down_payment_date=None,
):
    """Dated installments ``[(date, Decimal), ...]`` summing exactly to ``total``.

    Give exactly one of ``count`` (number of installments, equal to the cent,
    the remainder on the last) or ``amount`` (each installment's amount, the
    last one being the rest). A ``down_payment`` comes first: on
    ``down_payment_date`` when given (it must then be before ``first_date``,
    where the installments start), otherwise on ``first_date`` with the
    installments starting one period later. Errors are ``ValueError`` with
    a French message.
    """
    total = round_cents(to_decimal(total, "montant total"))
    if total <= 0:
        raise ValueError(
            "Le montant total de l'échéancier doit être strictement positif."
        )
    if not isinstance(first_date, datetime.date):
        raise ValueError("La date de la première échéance est requise.")
    if frequency not in FREQUENCIES:
        installment_date(first_date, 0, frequency)  # raises the French error
    if (count is None) == (amount is None):
        raise ValueError(
            "Indiquez soit le nombre d'échéances, soit le montant de chaque "
            "échéance (l'un des deux, pas les deux)."
        )
    down = round_cents(to_decimal(down_payment or 0, "montant de l'acompte"))
    if down < 0:
        raise ValueError("L'acompte ne peut pas être négatif.")
    if down >= total:
        raise ValueError(
            "L'acompte doit être inférieur au montant total : il ne resterait "
            "rien à échelonner."
        )
    schedule = []
    offset = 0  # index of the first installment in the series from first_date
    if down:
        if down_payment_date is None:
            schedule.append((first_date, down))
            offset = 1
        elif down_payment_date >= first_date:
            raise ValueError(
                "La date de l'acompte doit précéder la date de la première échéance."
            )
        else:
            schedule.append((down_payment_date, down))
    rest = total - down

    if count is not None:
        if not isinstance(count, int) or isinstance(count, bool) or count < 1:
            raise ValueError(
                "Le nombre d'échéances doit être un entier d'au moins 1 "
                f"(reçu : {count!r})."
            )
        each = (rest / count).quantize(CENT, rounding=ROUND_DOWN)
        if each <= 0:
            raise ValueError(
                f"Trop d'échéances ({count}) pour {rest} : chaque échéance "
                "serait inférieure à un centime."
            )
    else:
        each = round_cents(to_decimal(amount, "montant de l'échéance"))
        if each <= 0:
            raise ValueError(
                "Le montant de chaque échéance doit être strictement positif."
            )
        if each > rest:
            raise ValueError(
                f"Le montant de l'échéance ({each}) dépasse le montant à "
                f"échelonner ({rest})."
            )
        count = int((rest / each).to_integral_value(rounding=ROUND_CEILING))
    if count > MAX_INSTALLMENTS:
        raise ValueError(
            f"Un échéancier de {count} échéances n'est pas raisonnable "
            f"(au plus {MAX_INSTALLMENTS})."
        )
    for index in range(count):
        schedule.append(
            (
                installment_date(first_date, offset + index, frequency),
                each if index < count - 1 else rest - each * (count - 1),
            )
        )
    return schedule


def months_span(schedule, start=None):
    """Length of a plan in months, a started month counting as a whole one.

    Measured from ``start`` (default: the first date of the schedule, e.g.
    give the acceptance date instead) to the last date: 15 January 2026 to
    15 January 2028 is 24 months, to 16 January 2028 is 25. ``0`` for an
    empty schedule.
    """
    dates = [d for d, _amount in schedule]
    if not dates:
        return 0
    begin = start or min(dates)
    end = max(dates)
    months = (end.year - begin.year) * 12 + end.month - begin.month
    if add_months(begin, months) > end:
        months -= 1
    if add_months(begin, months) < end:
        months += 1
    return max(months, 0)


def total_of(schedule):
    """Sum of the amounts of a schedule."""
    return sum((Decimal(a) for _d, a in schedule), ZERO)


#: Status of an installment (see :func:`installment_statuses`).
PAID = "paid"
PARTIAL = "partial"
LATE = "late"
DUE = "due"
TO_COME = "to_come"


def allocate_payments(amounts, paid):
    """Spread ``paid`` over installments taken in date order.

    ``amounts`` are the installments' amounts, already sorted by date; the
    result is the amount paid on each one: the earliest installments are
    filled first, whatever invoice the payments were reconciled with.
    Whatever exceeds the schedule goes on the last installment (an
    overpayment must stay visible).
    """
    left = round_cents(to_decimal(paid or 0, "montant payé"))
    if left < 0:
        left = ZERO
    result = []
    for amount in amounts:
        amount = round_cents(to_decimal(amount, "montant de l'échéance"))
        part = min(amount, left)
        result.append(part)
        left -= part
    if result and left > 0:
        result[-1] += left
    return result


def installment_status(date, amount, paid, today, grace_days=0):
    """Status of one installment at ``today``.

    ``paid`` when fully paid; ``late`` once the ``grace_days`` after its date
    are over (from the day after ``date + grace_days``); ``partial`` when
    something was paid; ``due`` when its date passed but the grace period
    runs; ``to_come`` before its date.
    """
    if paid >= amount:
        return PAID
    if today > date + datetime.timedelta(days=grace_days or 0):
        return LATE
    if paid > 0:
        return PARTIAL
    if today > date:
        return DUE
    return TO_COME


#: French adjective (singular, plural) of each frequency.
FREQUENCY_ADJECTIVES_FR = {
    WEEKLY: ("hebdomadaire", "hebdomadaires"),
    MONTHLY: ("mensuelle", "mensuelles"),
    QUARTERLY: ("trimestrielle", "trimestrielles"),
}


def count_text(count, frequency=MONTHLY):
    """``4`` -> ``"quatre échéances mensuelles"``; ``1`` -> ``"une échéance
    mensuelle"``; ``21`` -> ``"vingt et une échéances mensuelles"`` (an
    "échéance" is feminine)."""
    words = integer_in_words(count)
    if words == "un" or words.endswith((" un", "-un")):
        words += "e"
    singular, plural = FREQUENCY_ADJECTIVES_FR.get(frequency, ("", ""))
    noun, adjective = ("échéance", singular) if count == 1 else ("échéances", plural)
    return " ".join(part for part in (words, noun, adjective) if part)
