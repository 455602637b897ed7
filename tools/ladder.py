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
  minimum or nothing is owed at all.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
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


@dataclass
class Decision:
    partner_id: int
    company_id: int
    level_id: int
    invoice_ids: list = field(default_factory=list)
    amount_due: Decimal = Decimal("0")
    amount_credit: Decimal = Decimal("0")

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
    :param credits: ``{(company_id, partner_id): Decimal}`` open credits (positive)
    :param min_amounts: ``{company_id: Decimal}`` minimum claim per company
    :return: a list of :class:`Decision` sorted by company and partner, and
        ``{(company_id, partner_id): reason}`` for customers left for later
    """
    last_action_dates = last_action_dates or {}
    credits = credits or {}
    min_amounts = min_amounts or {}
    by_customer = defaultdict(list)
    for cand in candidates:
        by_customer[(cand.company_id, cand.partner_id)].append(cand)

    decisions, skipped = [], {}
    for key in sorted(by_customer):
        cands = by_customer[key]
        due = [c for c in cands if c.is_due]
        if not due:
            continue
        top = max(due, key=lambda c: (c.level_sequence, c.level_id))
        last_action, last_letter = last_action_dates.get(key, (None, None))
        if last_action is not None and last_action >= today:
            skipped[key] = GAP
            continue
        if (
            top.is_letter
            and last_letter is not None
            and _days_between(last_letter, today) < top.min_gap_days
        ):
            skipped[key] = GAP
            continue
        if top.is_letter:
            chosen = [c for c in cands if c.level_sequence <= top.level_sequence]
        else:
            chosen = [c for c in due if c.level_id == top.level_id]
        chosen.sort(key=lambda c: c.invoice_id)
        decision = Decision(
            partner_id=key[1],
            company_id=key[0],
            level_id=top.level_id,
            invoice_ids=[c.invoice_id for c in chosen],
            amount_due=sum((c.amount for c in chosen), Decimal("0")),
            amount_credit=max(credits.get(key, Decimal("0")), Decimal("0")),
        )
        if decision.amount_claimed <= 0:
            skipped[key] = NOTHING_OWED
        elif decision.amount_claimed < min_amounts.get(key[0], Decimal("0")):
            skipped[key] = BELOW_MINIMUM
        else:
            decisions.append(decision)
    return decisions, skipped


def _days_between(start: date, end: date) -> int:
    return (end - start).days


def batches(items, size):
    """Split ``items`` into lists of at most ``size`` elements."""
    if size < 1:
        raise ValueError("batch size must be at least 1")
    items = list(items)
    return [items[i : i + size] for i in range(0, len(items), size)]
