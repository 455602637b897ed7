"""Prevention on the sales side: which customers are "at risk", so that
their new quotations ask for a prepayment (a deposit, or 100 % for cash in
advance) through Odoo's online payment of quotations.

Asking a deposit or payment on order for a new sale is a term of the new
contract, free between professionals. For a customer in receivership or
liquidation, even the contracts in progress that the administrator or the
liquidator wants performed are paid "au comptant" unless the supplier
accepts a payment period (Code de commerce art. L631-14, L641-11-1 II;
texts checked with the search tool in December 2026; in safeguard, art.
L622-13 II no longer says so since the ordonnance n° 2014-326).

Pure functions (no ``import odoo``): the models gather the facts of each
customer and the company's settings, and word the reasons.
"""

import datetime
from dataclasses import dataclass

#: Reason codes, in the order they are shown.
SCORE = "score"
SUSPENDED = "suspended"  # suspended now
WAS_SUSPENDED = "was_suspended"  # a suspension lifted in the period
NOTICE = "notice"
PROCEDURE = "procedure"

#: How far back a past suspension or a formal notice counts.
LOOKBACK_MONTHS = 12

#: The payer score's worst grade (tools/payer_score.py).
RISKY_GRADE = "D"


@dataclass(frozen=True)
class RiskSettings:
    """The company's rule: on or off, and which criteria count."""

    enabled: bool = False
    score: bool = True
    suspension: bool = True
    notice: bool = True
    procedure: bool = True


@dataclass(frozen=True)
class CustomerFacts:
    """What is known of a customer in one company."""

    grade: str | None = None
    suspended: bool = False
    suspended_since: datetime.date | None = None
    suspension_lifted_on: datetime.date | None = None
    notice_sent_on: datetime.date | None = None  # the latest one
    procedure: bool = False
    procedure_date: datetime.date | None = None


def lookback_start(today, months=LOOKBACK_MONTHS):
    """The first day of the period of ``months`` months ending ``today``:
    the same day ``months`` months before (the last day of a shorter
    month)."""
    month = today.month - 1 - months
    year = today.year + month // 12
    month = month % 12 + 1
    for day in range(today.day, 27, -1):
        try:
            return datetime.date(year, month, day)
        except ValueError:
            continue
    return datetime.date(year, month, today.day)


def procedure_open(facts, today):
    """A collective procedure recorded on the customer, opened by ``today``
    (a judgment dated in the future is not open yet)."""
    return facts.procedure and (
        not facts.procedure_date or facts.procedure_date <= today
    )


def risk_reasons(facts, settings, today):
    """``[(code, figure), ...]``: why this customer is at risk under the
    company's rule, in the order of the codes above; empty when the rule is
    off or nothing applies. ``figure``: the grade, the date of the
    suspension, of its end, of the notice or of the opening judgment
    (``None`` when unknown)."""
    if not settings.enabled:
        return []
    start = lookback_start(today)
    reasons = []
    if settings.score and facts.grade == RISKY_GRADE:
        reasons.append((SCORE, facts.grade))
    if settings.suspension:
        if facts.suspended:
            reasons.append((SUSPENDED, facts.suspended_since))
        elif (
            facts.suspension_lifted_on and start <= facts.suspension_lifted_on <= today
        ):
            reasons.append((WAS_SUSPENDED, facts.suspension_lifted_on))
    if (
        settings.notice
        and facts.notice_sent_on
        and start <= facts.notice_sent_on <= today
    ):
        reasons.append((NOTICE, facts.notice_sent_on))
    if settings.procedure and procedure_open(facts, today):
        reasons.append((PROCEDURE, facts.procedure_date))
    return reasons


def check_percent(ratio):
    """The prepayment asked, as a ratio of the order's total (0.3 for a
    30 % deposit, 1.0 for cash in advance): more than 0, at most 1."""
    return 0 < ratio <= 1
