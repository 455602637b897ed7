"""Which recovery step each customer gets today.

The daily job finds, in a few SQL queries, every overdue invoice with the next
step of the ladder it has reached (a :class:`Candidate` each). This module turns
them into at most one :class:`Decision` per customer and company:

* the step is the highest one due among the customer's invoices; a letter
  covers every overdue invoice of the customer that has not reached that step
  yet, so that the customer gets one letter about its whole overdue account
  rather than one per invoice (an invoice behind on the ladder joins the
  letter and moves up with it); a step without letter (a phone call) covers
  the invoices whose next step it is, the others wait for their own step;
* a letter (email or post) is not sent when the customer's last letter is more
  recent than the step's minimum gap; a step without letter (a phone call) is
  not bound by that gap; and a customer never gets two steps the same day;
* open credit notes and unreconciled payments of the customer are deducted
  from what is claimed; nothing is sent when the claim is below the company's
  minimum or nothing is owed at all;
* a step is in one currency: a customer with invoices in several currencies
  gets one decision (one step, one letter) per currency, each with its own
  amounts, credits in that currency and minimum converted to it. They are
  sent the same day, as one mailing: the gap between letters and the "one
  step a day" rule are the customer's, whatever the currency.
"""

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal

GAP = "gap"
BELOW_MINIMUM = "below_minimum"
NOTHING_OWED = "nothing_owed"


@dataclass(frozen=True)
class Candidate:
    invoice_id: int
    partner_id: int
    company_id: int
    level_id: int
    level_sequence: int
    min_gap_days: int
    amount: Decimal
    is_letter: bool = True
    # The invoice's next step is due today; an overdue invoice whose next
    # step is not due yet only joins the letter of another invoice.
    is_due: bool = True
    # The invoice's currency (``amount`` is in it); None: one currency only.
    currency_id: int | None = None


@dataclass
class Decision:
    partner_id: int
    company_id: int
    level_id: int
    invoice_ids: list = field(default_factory=list)
    amount_due: Decimal = Decimal("0")
    amount_credit: Decimal = Decimal("0")
    currency_id: int | None = None

    @property
    def amount_claimed(self):
        return self.amount_due - self.amount_credit


def decide(candidates, today, last_action_dates=None, credits=None, min_amounts=None):
    """Return ``(decisions, skipped)``.

    :param candidates: iterable of :class:`Candidate`
    :param today: the run date
    :param last_action_dates: ``{(company_id, partner_id): (last_action,
        last_letter)}``: dates of the customer's last action of any kind and of
        its last letter (either may be None); cancelled actions do not count
    :param credits: open credits (positive), ``{(company_id, partner_id,
        currency_id): Decimal}``; without currencies ``{(company_id,
        partner_id): Decimal}``
    :param min_amounts: minimum claim, ``{(company_id, currency_id):
        Decimal}`` (the company's minimum converted to each currency) or
        ``{company_id: Decimal}``
    :return: a list of :class:`Decision` sorted by company, partner and
        currency, and ``{(company_id, partner_id): reason}`` for customers
        left for later (with no decision in any currency)
    """
    last_action_dates = last_action_dates or {}
    credits = credits or {}
    min_amounts = min_amounts or {}
    by_customer = defaultdict(lambda: defaultdict(list))
    for cand in candidates:
        key = (cand.company_id, cand.partner_id)
        by_customer[key][cand.currency_id].append(cand)

    decisions, skipped = [], {}
    for key in sorted(by_customer):
        reasons = []
        decided = False
        for currency_id in sorted(by_customer[key], key=lambda c: c or 0):
            cands = by_customer[key][currency_id]
            due = [c for c in cands if c.is_due]
            if not due:
                continue
            decision, reason = _decide_one(
                key, currency_id, cands, due, today, last_action_dates, credits,
                min_amounts,
            )  # fmt: skip
            if decision:
                decisions.append(decision)
                decided = True
            else:
                reasons.append(reason)
        if reasons and not decided:
            skipped[key] = reasons[0]
    return decisions, skipped


def decide_pre_due(candidates, today, last_action_dates=None, credits=None,
                   min_amounts=None):  # fmt: skip
    """The reminders before the due date: ``(decisions, skipped)`` as
    :func:`decide` returns them, one per customer and currency, covering the
    invoices whose reminder is due.

    Nothing is late yet, so the reminder is not a letter of the recovery: it
    is not held back by the gap since the last letter (only by the "one step
    a day" rule), and the caller leaves it out of the next letter's gap.
    Open credits are deducted and the company's minimum applies, as for any
    reminder.
    """
    early = [replace(cand, is_letter=False, is_due=True) for cand in candidates]
    return decide(early, today, last_action_dates, credits, min_amounts)


def _decide_one(key, currency_id, cands, due, today, last_dates, credits, minimums):
    """The decision of one customer in one currency: ``(decision, None)`` or
    ``(None, reason)``."""
    company_id, partner_id = key
    top = max(due, key=lambda c: (c.level_sequence, c.level_id))
    last_action, last_letter = last_dates.get(key, (None, None))
    if last_action is not None and last_action >= today:
        return None, GAP
    if (
        top.is_letter
        and last_letter is not None
        and _days_between(last_letter, today) < top.min_gap_days
    ):
        return None, GAP
    if top.is_letter:
        chosen = [c for c in cands if c.level_sequence <= top.level_sequence]
    else:
        chosen = [c for c in due if c.level_id == top.level_id]
    chosen.sort(key=lambda c: c.invoice_id)
    if currency_id is None:
        credit = credits.get(key, Decimal("0"))
        minimum = minimums.get(company_id, Decimal("0"))
    else:
        credit = credits.get((company_id, partner_id, currency_id), Decimal("0"))
        minimum = minimums.get(
            (company_id, currency_id), minimums.get(company_id, Decimal("0"))
        )
    decision = Decision(
        partner_id=partner_id,
        company_id=company_id,
        level_id=top.level_id,
        invoice_ids=[c.invoice_id for c in chosen],
        amount_due=sum((c.amount for c in chosen), Decimal("0")),
        amount_credit=max(credit, Decimal("0")),
        currency_id=currency_id,
    )
    if decision.amount_claimed <= 0:
        return None, NOTHING_OWED
    if decision.amount_claimed < minimum:
        return None, BELOW_MINIMUM
    return decision, None


@dataclass(frozen=True)
class Gap:
    """Why a step chosen by hand would break the rules of the ladder today.

    ``kind``: ``"same_day"`` (the customer already had a step today) or
    ``"gap"`` (the last letter is more recent than the step's minimum gap);
    ``last``: the date of that step or letter; ``until``: the first day the
    step is allowed.
    """

    kind: str
    last: date
    until: date


def decide_level(candidates, level_id, level_sequence, is_letter, min_gap_days,
                 today, last_action_dates=None, credits=None):  # fmt: skip
    """A step of the ladder chosen by hand for one customer today (the
    worklist's "Send a step now"): ``(decisions, gap)``.

    Every overdue invoice of the customer that has not reached the chosen
    step yet (its next step is the chosen one or an earlier one) is covered,
    due today or not: the letter is about the whole overdue account, as the
    daily job's letters are. One decision per currency, credits in that
    currency deducted; nothing for a currency where nothing is owed. The
    company's minimum does not apply (the user decided).

    ``gap`` is a :class:`Gap` when the rules of the daily job would not send
    the step today (see :func:`decide`): a step the same day as another, or
    a letter sooner than ``min_gap_days`` after the last letter. The caller
    decides whether a manager's override lets it through.

    Worked example: last letter 25/10, gap 7 days, today 29/10 -> 4 days
    only: Gap("gap", 25/10, 01/11) (25 + 7 = 32 October = 1 November).
    """
    last_action_dates = last_action_dates or {}
    credits = credits or {}
    chosen = [c for c in candidates if c.level_sequence <= level_sequence]
    by_key = defaultdict(list)
    for cand in chosen:
        by_key[cand.company_id, cand.partner_id, cand.currency_id].append(cand)
    decisions = []
    gap = None
    for company_id, partner_id, currency_id in sorted(
        by_key, key=lambda k: (k[0], k[1], k[2] or 0)
    ):
        cands = sorted(by_key[company_id, partner_id, currency_id],
                       key=lambda c: c.invoice_id)  # fmt: skip
        if currency_id is None:
            credit = credits.get((company_id, partner_id), Decimal("0"))
        else:
            credit = credits.get((company_id, partner_id, currency_id), Decimal("0"))
        decision = Decision(
            partner_id=partner_id,
            company_id=company_id,
            level_id=level_id,
            invoice_ids=[c.invoice_id for c in cands],
            amount_due=sum((c.amount for c in cands), Decimal("0")),
            amount_credit=max(credit, Decimal("0")),
            currency_id=currency_id,
        )
        if decision.amount_claimed > 0:
            decisions.append(decision)
        last_action, last_letter = last_action_dates.get(
            (company_id, partner_id), (None, None)
        )
        if gap is None and last_action is not None and last_action >= today:
            gap = Gap("same_day", last_action, today + timedelta(days=1))
        elif (
            gap is None
            and is_letter
            and last_letter is not None
            and _days_between(last_letter, today) < min_gap_days
        ):
            gap = Gap("gap", last_letter, last_letter + timedelta(days=min_gap_days))
    return decisions, gap


def _days_between(start: date, end: date) -> int:
    return (end - start).days


def batches(items, size):
    """Split ``items`` into lists of at most ``size`` elements."""
    if size < 1:
        raise ValueError("batch size must be at least 1")
    items = list(items)
    return [items[i : i + size] for i in range(0, len(items), size)]
