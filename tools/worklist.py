"""The order of the worklist: most urgent customer first.

The rule (README, *The daily routine*):

1. the customers **suspended** for non-payment or **at the formal notice**
   (a notice in progress, or the formal-notice or litigation step reached)
   come first;
2. then every other late customer;
3. last, the customers whose overdue invoices are all in an installment plan
   that is kept (they are not late: the plan says when they pay);

and, within each group, the largest ``overdue amount x days late`` first
(an invoice of 12 000 € 5 days late weighs 60 000, one of 1 000 € 85 days
late 85 000: the older small debt comes first).

The key is one number: ``tier x 10**15 + overdue x days late``.
``overdue x days`` stays far below ``10**15`` (10 million euros late for 10
years is 3.65 x 10**10), so sorting by the key is sorting by the tier, then
by ``overdue x days late``: what the worklist's SQL view does with these
constants (``debt.recovery.worklist``: ``urgency_group`` then
``urgency_score``).
"""

TIER_URGENT = 2  # suspended, or at the formal notice
TIER_LATE = 1
TIER_PLAN_KEPT = 0
TIER_WEIGHT = 10**15


def urgency_tier(suspended=False, at_notice=False, plan_kept=False):
    """The group of a customer in the worklist (see the module's rule)."""
    if suspended or at_notice:
        return TIER_URGENT
    if plan_kept:
        return TIER_PLAN_KEPT
    return TIER_LATE


def urgency_key(overdue, days_late, suspended=False, at_notice=False, plan_kept=False):
    """The sort key of a customer (larger is more urgent).

    Worked example: 12 400 € 52 days late, neither suspended nor at notice:
    1 x 10**15 + 12 400 x 52 = 1 000 000 000 644 800; suspended with 3 200 €
    85 days late: 2 x 10**15 + 272 000, ahead of it.
    """
    weight = max(float(overdue or 0), 0.0) * max(int(days_late or 0), 0)
    tier = urgency_tier(suspended, at_notice, plan_kept)
    return tier * TIER_WEIGHT + weight
