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
- **Credit notes** are not payments: they lower the ``amount`` itself
  (:func:`penalty_base`), from the first day of delay.
- **Day count.** Simple interest, ``base x rate x days / 365``, with 365 also
  in leap years. This is the addon's choice: L441-10 II (and CCP R2192-31)
  give an annual rate and say nothing of the day count; 365 days, every day
  bearing 1/365 of the annual rate, is the usual practice and is printed in
  the letters so that the debtor can check it.
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

# C. com. L441-16 c (checked with the search tool in 2026-12, doctrine.fr
# version in force since 1 November 2021): fixing a penalty rate that does not
# comply with L441-10 II is liable to an administrative fine of up to 75 000
# euros (natural person) or 2 million euros (legal person); a Senate bill of
# 2025-2026 (petite loi n° 377) reshapes the article but keeps this case.
# C. com. L441-10 II (checked with the search tool in 2026-11, through
# secondary sources quoting it; the text itself was not in the corpus): the
# rate is the ECB main refinancing rate + 10 points unless the contract sets
# another, "qui ne peut toutefois fixer un taux inférieur à trois fois le taux
# d'intérêt légal"; the rate applicable during the first half-year is the one
# in force on 1 January, for the second half-year the one in force on 1 July.
# Each day of delay therefore bears the rate of its own half-year: this is
# the default (MODE_DAILY).
MODE_DAILY = "daily"  # each day at the rate of its own half-year (default)
# CCP R2192-31 (public buyers; created by décret n° 2018-1075, in force since
# 1 April 2019; text checked in 2026-11, marche-public.fr and doctrine.fr):
# "Le taux des intérêts moratoires ... est égal au taux d'intérêt appliqué par
# la Banque centrale européenne à ses opérations principales de refinancement
# les plus récentes, en vigueur au premier jour du semestre de l'année civile
# au cours duquel les intérêts moratoires ont commencé à courir, majoré de
# huit points de pourcentage": one rate, fixed for the whole delay. For a
# private customer this is only an explicit option (MODE_START).
MODE_START = "start"  # rate of the half-year of the first day of delay
MODES = (MODE_START, MODE_DAILY)

#: Points added to the ECB rate for the default B2B penalty rate (L441-10 II).
DEFAULT_PENALTY_POINTS = Decimal("10")
#: Points added to the ECB rate for a public buyer (CCP R2192-31).
PUBLIC_PENALTY_POINTS = Decimal("8")
#: The floor of a contractual rate is this many times the legal rate
#: (L441-10 II: "qui ne peut toutefois fixer un taux inférieur à trois fois le
#: taux d'intérêt légal").
FLOOR_MULTIPLIER = Decimal("3")
#: Fixed indemnity for recovery costs per late invoice, set by decree and not
#: by the parties: 40 euros for a professional debtor (C. com. D441-5, décret
#: n° 2012-1115, in force since 1 January 2013, still 40 euros in 2026-11) and
#: for a public buyer (CCP D2192-35, also 40 euros; D2392-11 applies it to
#: defence contracts). Costs above it are claimed apart, on proof
#: (L441-10 II: "une indemnisation complémentaire, sur justification").
LEGAL_INDEMNITY = Decimal("40")
#: Former name, kept for callers.
DEFAULT_INDEMNITY = LEGAL_INDEMNITY

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
    #: Half-years of a contractual rate whose floor could not be checked,
    #: their legal rate being missing (the penalties are computed all the
    #: same: the floor is a check, not part of the computation).
    unchecked_half_years: list = field(default_factory=list)

    def warning(self):
        """French text naming the half-years left unchecked, or ``""``."""
        if not self.unchecked_half_years:
            return ""
        labels = ", ".join(half_year_label_fr(hy) for hy in self.unchecked_half_years)
        return (
            "Plancher du taux contractuel (3 × le taux d'intérêt légal, article "  # noqa: RUF001
            f"L441-10 du Code de commerce) non vérifié pour le {labels} : le taux "
            "d'intérêt légal n'est pas saisi. Saisissez-le dans les taux de "
            "référence du recouvrement."
        )

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
    """A contractual B2B rate below 3 x the legal rate of a half-year.

    ``half_year`` is the first half-year covered where the rate is below the
    floor; ``breaches`` lists every such half-year of the delay as
    ``(half_year_start, floor, legal_rate)``, in order.
    """

    def __init__(self, rate, floor, legal_rate, half_year, breaches=None):
        self.rate = rate
        self.floor = floor
        self.legal_rate = legal_rate
        self.half_year = rates_mod.half_year_start(half_year)
        self.breaches = breaches or [(self.half_year, floor, legal_rate)]
        others = [
            f"{half_year_label_fr(hy)} ({format_percent(hy_floor)})"
            for hy, hy_floor, _legal in self.breaches
            if hy != self.half_year
        ]
        super().__init__(
            f"Le taux contractuel de {format_percent(rate)} est inférieur au "
            f"plancher légal de {format_percent(floor)} pour le "
            f"{half_year_label_fr(self.half_year)} "
            f"({half_year_label(self.half_year)}) : 3 × le taux d'intérêt légal "  # noqa: RUF001
            f"de {format_percent(legal_rate)} (article L441-10 du Code de "
            "commerce)."
            + (f" Il l'est aussi pour le {', le '.join(others)}." if others else "")
            + " Relevez le taux contractuel dans les paramètres du "
            "recouvrement (et dans vos conditions générales de vente) ou "
            "choisissez le mode « taux BCE + 10 points ». Des conditions de "
            "règlement fixant un taux inférieur exposent à une amende "
            "administrative de 75\u202f000\u00a0€ au plus pour une personne "
            "physique et 2 millions d'euros pour une personne morale (article "
            "L441-16, c, du Code de commerce)."
        )


def _table(table):
    return rates_mod.DEFAULT_TABLE if table is None else table


def check_contractual_rate(rate, on_date, table=None, until=None, unchecked=None):
    """Check a contractual rate against 3 x the legal rate (other creditors).

    L441-10 II sets the floor against the legal rate, which changes every
    half-year: the rate is checked on every half-year from the one of
    ``on_date`` (for penalties: the first day of delay) to the one of
    ``until`` (default: ``on_date`` only). Returns the floor of the
    half-year of ``on_date`` in percent; raises :class:`RateBelowFloorError`
    naming the first half-year where ``rate`` is below its floor (equal is
    allowed) and listing the others, and :class:`~.rates.MissingRateError`
    when the legal rate of a half-year is not stored, unless ``unchecked``
    is a list: the half-year is then appended to it and the check goes on
    (penalties between professionals need only the ECB rate or the
    contractual rate; a missing legal rate must not stop them). Returns
    ``None`` then if no half-year could be checked. ``table`` defaults to
    the published figures.
    """
    rate = to_decimal(rate, "taux contractuel")
    table = _table(table)
    breaches = []
    first_floor = None
    for half_year in rates_mod.half_year_starts(on_date, until or on_date):
        if unchecked is not None and (LEGAL_OTHER, half_year) not in table:
            unchecked.append(half_year)
            continue
        legal_rate = table.rate(LEGAL_OTHER, half_year)
        floor = FLOOR_MULTIPLIER * legal_rate
        if first_floor is None:
            first_floor = floor
        if rate < floor:
            breaches.append((half_year, floor, legal_rate))
    if breaches:
        half_year, floor, legal_rate = breaches[0]
        raise RateBelowFloorError(rate, floor, legal_rate, half_year, breaches)
    return first_floor


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
    mode=MODE_DAILY,
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
    :param mode: ``"daily"`` (default, L441-10 II): each day at the rate of
        its own half-year, segments cut at each half-year; ``"start"``: the
        rate of the half-year containing the first day of delay applies to the
        whole delay (the public-procurement rule, an explicit option).
    :param contractual_rate: annual rate in percent set by the contract; it
        replaces ``ECB + penalty_points`` for the whole delay, after a check
        against 3 x the legal rate (other creditors) of every half-year that
        bears interest (:class:`RateBelowFloorError` names the half-year).
        Segments are still cut at each half-year in daily mode, so that the
        breakdown shows the half-years checked.
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
        unchecked = []
        check_contractual_rate(
            rate, periods[0][0], table, until=periods[-1][1], unchecked=unchecked
        )
        result = _result(periods, lambda _d: rate)
        result.unchecked_half_years.extend(unchecked)
        return result
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


def public_buyer_penalties(amount, due_date, until, payments=(), table=None):
    """Late-payment interest owed by a public buyer (CCP L2192-13, R2192-31).

    The ECB rate in force on the first day of the half-year in which the
    interest started to run (the first day of delay, the day after
    ``due_date``) + 8 points, fixed for the whole delay, whatever the
    company's own rate setting (a contract cannot depart from it). Same day
    count, payments and rounding as :func:`b2b_penalties`; segments are cut
    at payments only.
    """
    return b2b_penalties(
        amount,
        due_date,
        until,
        payments=payments,
        table=table,
        mode=MODE_START,
        penalty_points=PUBLIC_PENALTY_POINTS,
    )


def penalty_base(amount_total, credit_notes=()):
    """The amount that bears penalties from the first day of delay: the
    invoice's total less the credit notes applied to it, whatever their
    date.

    A credit note corrects the price (a return, an error, a discount
    granted on the invoice): the amount it cancels was never owed, so no
    penalty is claimed on it, not even for the days before the credit note
    was issued (penalties run on "les sommes dues", C. com. L441-10 II). A
    payment is different: the amount it pays was owed and bears penalties
    until the day of the payment (see the module docstring).
    ``credit_notes``: ``(date, amount)`` pairs or amounts.

    1 000,00 € due 31 January, a credit note of 200,00 € on 10 March: the
    base is 800,00 € from 1 February.
    """
    total = to_decimal(amount_total, "montant de la facture")
    for item in credit_notes or ():
        value = item[1] if isinstance(item, tuple | list) else item
        total -= to_decimal(value, "montant de l'avoir")
    return total


def recovery_indemnity(is_b2b, days_overdue):
    """Fixed recovery indemnity of one invoice: 40 euros (C. com. D441-5 for a
    professional, CCP D2192-35 for a public buyer).

    The amount is set by decree, not by the parties: it is not a setting.
    40 EUR for an invoice (of a professional or public buyer) at least one day
    late; 0 for a consumer (CPCE L111-8 forbids charging it) or an invoice not
    late. It is per invoice, not per letter: the caller counts it once per
    invoice. Costs above it are claimed on proof, as a separate amount
    (L441-10 II, "indemnisation complémentaire").
    """
    if not is_b2b or not days_overdue or days_overdue <= 0:
        return round_cents(ZERO)
    return round_cents(LEGAL_INDEMNITY)
