"""Late-payment penalties (B2B), recovery indemnity and legal interest (B2C).

C. com. L441-10 II and D441-5 (B2B), C. civ. 1231-6 and 1344-1 (B2C). All amounts are Decimal; inputs may be int, float,
str or Decimal.

Conventions (shared by :func:`b2b_penalties` and :func:`b2c_interest`):

- **Days of delay.** Interest accrues for each day ``d`` with
  ``start < d <= until`` (``start`` being the due date, or the date of the
  mise en demeure for consumers): the first day of delay is the day after
  the due date, and ``until`` itself is counted. Due on 31 January and
  computed on 10 February: 10 days.
- **Payments.** Day ``d`` bears interest on the balance still due at the end
  of day ``d - 1``: a payment made on day ``D`` reduces the base from day
  ``D + 1``, so the day of the payment still bears interest on the amount
  it pays. An invoice due on 31 January and paid in full on 10 February bears
  10 days of interest, whatever ``until`` is after that (the penalties
  accrued up to the payment stay owed). Payments made on or before the due
  date reduce the base from the first day of delay; payments after ``until``
  are ignored; a negative payment (reversed payment) raises the balance.
- **Balances.** A day whose balance is zero or negative bears nothing (a
  credit note or an overpaid invoice never produces negative interest).
- **Day count.** Simple interest, ``base x rate x days / 365``, with 365 also
  in leap years (C. com. L441-10 II).
- **Rounding.** Segment amounts are kept unrounded (full Decimal precision);
  the total is their sum rounded once, half-up, to the cent.
  :meth:`PenaltyResult.display_amounts` gives per-segment amounts rounded
  to the cent that add up exactly to the total, for a letter's breakdown.
"""

import datetime
import itertools
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal

from . import rates as rates_mod
from .decimals import CENT, ZERO, round_cents, to_decimal
from .formatting import format_percent
from .rates import ECB, LEGAL_OTHER, half_year_label, half_year_label_fr

MODE_START = "start"  # rate of the half-year of the first day of delay (default)
MODE_DAILY = "daily"  # each day at the rate of its own half-year
MODES = (MODE_START, MODE_DAILY)

#: Points added to the ECB rate for the default B2B penalty rate (L441-10).
DEFAULT_PENALTY_POINTS = Decimal("10")
#: The floor of a contractual rate is this many times the legal rate.
FLOOR_MULTIPLIER = Decimal("3")
#: Fixed indemnity for recovery costs per late B2B invoice (D441-5).
DEFAULT_INDEMNITY = Decimal("40")

ONE_DAY = datetime.timedelta(days=1)
DAYS_PER_YEAR = Decimal("365")


@dataclass(frozen=True)
class Segment:
    """A run of days with the same base and rate.

    ``start`` and ``end`` are the first and last day of delay of the run,
    both included; ``days = (end - start).days + 1``; ``rate`` is the annual
    rate in percent; ``amount = base x rate / 100 x days / 365``, unrounded.
    """

    start: datetime.date
    end: datetime.date
    days: int
    base: Decimal
    rate: Decimal
    amount: Decimal

    @property
    def rounded_amount(self):
        """The segment amount rounded half-up to the cent, on its own."""
        return round_cents(self.amount)


@dataclass(frozen=True)
class PenaltyResult:
    """Result of a computation.

    ``amount`` is the total rounded to the cent, ``days`` the number of days
    that bore interest (days with a positive balance), ``segments`` the
    breakdown in chronological order.
    """

    amount: Decimal
    days: int
    segments: list = field(default_factory=list)

    def display_amounts(self):
        """Per-segment amounts rounded to the cent that add up to ``amount``.

        Each segment is rounded down to the cent, then the missing cents go
        to the segments with the largest remainders (earliest first on a tie).
        """
        floors = [s.amount.quantize(CENT, rounding=ROUND_DOWN) for s in self.segments]
        missing = int((self.amount - sum(floors, ZERO)) / CENT)
        order = sorted(
            range(len(self.segments)),
            key=lambda i: (-(self.segments[i].amount - floors[i]), i),
        )
        for i in order[:missing]:
            floors[i] += CENT
        return floors


def _empty():
    return PenaltyResult(amount=round_cents(ZERO), days=0, segments=[])


class RateBelowFloorError(ValueError):
    """A contractual B2B rate below 3 x the legal rate of the half-year."""

    def __init__(self, rate, floor, legal_rate, half_year):
        self.rate = rate
        self.floor = floor
        self.legal_rate = legal_rate
        self.half_year = rates_mod.half_year_start(half_year)
        super().__init__(
            f"Le taux contractuel de {format_percent(rate)} est inférieur au "
            f"plancher légal de {format_percent(floor)} pour le "
            f"{half_year_label_fr(self.half_year)} "
            f"({half_year_label(self.half_year)}) : 3 × le taux d'intérêt légal "  # noqa: RUF001
            f"de {format_percent(legal_rate)} (article L441-10 du Code de "
            "commerce). Relevez le taux contractuel dans les paramètres du "
            "recouvrement (et dans vos conditions générales de vente) ou "
            "choisissez le mode « taux BCE + 10 points »."
        )


def _table(table):
    return rates_mod.DEFAULT_TABLE if table is None else table


def check_contractual_rate(rate, on_date, table=None):
    """Check a contractual rate against 3 x the legal rate (other creditors).

    The legal rate is that of the half-year of ``on_date`` (for penalties:
    the first day of delay). Returns the floor in percent; raises
    :class:`RateBelowFloorError` when ``rate`` is below it (equal is
    allowed) and :class:`~.rates.MissingRateError` when the legal rate of
    that half-year is not stored. ``table`` defaults to the published figures.
    """
    rate = to_decimal(rate, "taux contractuel")
    legal_rate = _table(table).rate(LEGAL_OTHER, on_date)
    floor = FLOOR_MULTIPLIER * legal_rate
    if rate < floor:
        raise RateBelowFloorError(rate, floor, legal_rate, on_date)
    return floor


def penalty_rate(on_date, table=None, penalty_points=DEFAULT_PENALTY_POINTS):
    """Default B2B penalty rate in percent: ECB rate of the half-year + points."""
    return _table(table).rate(ECB, on_date) + to_decimal(
        penalty_points, "nombre de points"
    )


def _payments(payments):
    """Payments as a sorted list of ``(date, Decimal)``, zero ones dropped."""
    result = []
    for item in payments or ():
        try:
            pay_date, pay_amount = item
        except (TypeError, ValueError):
            raise ValueError(
                f"Paiement invalide : {item!r} (attendu : (date, montant))."
            ) from None
        if not isinstance(pay_date, datetime.date):
            raise ValueError(f"Date de paiement invalide : {pay_date!r}.")
        value = to_decimal(pay_amount, "montant du paiement")
        if value:
            result.append((pay_date, value))
    result.sort(key=lambda p: p[0])
    return result


def _periods(amount, start, until, payments, split_half_years):
    """Runs ``(first_day, last_day, base)`` of days of delay with a positive base.

    Days of delay are ``start < d <= until``; the base of day ``d`` is
    ``amount`` minus the payments dated before ``d``. Runs are cut at the
    day after each payment and, if asked, at each half-year start.
    """
    amount = to_decimal(amount)
    if start is None or until is None or amount <= 0:
        return []
    first = start + ONE_DAY
    if until < first:
        return []
    pays = _payments(payments)
    cuts = {first, until + ONE_DAY}
    for pay_date, _value in pays:
        if first < pay_date + ONE_DAY <= until:
            cuts.add(pay_date + ONE_DAY)
    if split_half_years:
        cuts.update(rates_mod.half_year_starts(first, until)[1:])
    cuts = sorted(cuts)
    periods = []
    for run_start, next_start in itertools.pairwise(cuts):
        base = amount - sum((v for d, v in pays if d < run_start), ZERO)
        if base > 0:
            periods.append((run_start, next_start - ONE_DAY, base))
    return periods


def _result(periods, rate_of):
    """Build the result from periods and ``rate_of(first_day) -> percent``."""
    segments = []
    for run_start, run_end, base in periods:
        rate = rate_of(run_start)
        days = (run_end - run_start).days + 1
        segments.append(
            Segment(
                start=run_start,
                end=run_end,
                days=days,
                base=base,
                rate=rate,
                amount=base * rate * days / (100 * DAYS_PER_YEAR),
            )
        )
    return PenaltyResult(
        amount=round_cents(sum((s.amount for s in segments), ZERO)),
        days=sum(s.days for s in segments),
        segments=segments,
    )


def b2b_penalties(
    amount,
    due_date,
    until,
    payments=(),
    table=None,
    mode=MODE_START,
    contractual_rate=None,
    penalty_points=DEFAULT_PENALTY_POINTS,
):
    """Late-payment penalties of a B2B invoice (Code de commerce L441-10 II).

    :param amount: amount due including VAT at the due date; zero or negative
        (credit note) gives nothing.
    :param due_date: the due date printed on the invoice; the first day of
        delay is the day after.
    :param until: last day counted (usually the letter's date).
    :param payments: ``(date, amount)`` pairs; see the module docstring for
        the payment-day convention.
    :param table: a :class:`~.rates.RateTable` (default: the published rates).
    :param mode: ``"start"`` (default): the rate of the half-year containing
        the first day of delay applies to the whole delay; ``"daily"``: each
        day at the rate of its own half-year (segments are then cut at each
        half-year).
    :param contractual_rate: annual rate in percent set by the contract; it
        replaces ``ECB + penalty_points`` for the whole delay, after a check
        against 3 x the legal rate (other creditors) of the half-year of the
        first day of delay (:class:`RateBelowFloorError`).
    :param penalty_points: points added to the ECB rate (10 by default).
    :raises MissingRateError: a needed half-year is not in the table; rates
        are only looked up when some day bears interest.
    :returns: :class:`PenaltyResult`.
    """
    if mode not in MODES:
        raise ValueError(
            f"Mode de calcul des pénalités inconnu : {mode!r} "
            "(attendu : « start » ou « daily »)."
        )
    if due_date is None:
        raise ValueError("La date d'échéance de la facture est requise.")
    table = _table(table)
    periods = _periods(
        amount, due_date, until, payments, split_half_years=mode == MODE_DAILY
    )
    if not periods:
        return _empty()
    first_day = due_date + ONE_DAY
    if contractual_rate is not None:
        rate = to_decimal(contractual_rate, "taux contractuel")
        check_contractual_rate(rate, first_day, table)
        return _result(periods, lambda _d: rate)
    if mode == MODE_START:
        rate = penalty_rate(first_day, table, penalty_points)
        return _result(periods, lambda _d: rate)
    return _result(periods, lambda d: penalty_rate(d, table, penalty_points))


def b2c_interest(
    amount, start_date, until, payments=(), table=None, series=LEGAL_OTHER
):
    """Legal interest owed by a consumer (Code civil 1231-6, 1344-1).

    Interest runs only from the mise en demeure: ``start_date`` is its
    receipt date (or sent date when receipt is unknown); the first day
    counted is the day after, like the first day of delay of a B2B invoice.
    ``None`` (no notice yet) gives nothing. Each day bears the legal rate of
    its own half-year (``series``, "other creditors" by default: the
    creditor is a company). Same conventions as :func:`b2b_penalties`.
    """
    if series not in (rates_mod.LEGAL_OTHER, rates_mod.LEGAL_PRIVATE):
        raise ValueError(f"Série de taux légal inconnue : {series!r}.")
    if start_date is None:
        return _empty()
    table = _table(table)
    periods = _periods(amount, start_date, until, payments, split_half_years=True)
    if not periods:
        return _empty()
    return _result(periods, lambda d: table.rate(series, d))


def recovery_indemnity(is_b2b, days_overdue, amount=DEFAULT_INDEMNITY):
    """Fixed recovery indemnity of one invoice (Code de commerce D441-5).

    ``amount`` (40 EUR by default) for a B2B invoice at least one day late;
    0 for a consumer (CPCE L111-8 forbids charging it) or an invoice not late.
    It is per invoice, not per letter: the caller counts it once per invoice.
    """
    if not is_b2b or not days_overdue or days_overdue <= 0:
        return round_cents(ZERO)
    return round_cents(to_decimal(amount, "montant de l'indemnité"))
