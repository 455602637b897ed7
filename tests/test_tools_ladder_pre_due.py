"""The reminder before the due date (tools/ladder.py ``decide_pre_due``)."""

from datetime import date
from decimal import Decimal

from odoo.addons.l10n_fr_debt_recovery.tools.ladder import (
    GAP,
    Candidate,
    decide_pre_due,
)

TODAY = date(2026, 3, 2)
PRE_DUE = 9


def cand(invoice, amount="100", partner=7, currency=None):
    # As the model reads them: a letter-like step not due yet would be
    # filtered out by ``decide``; ``decide_pre_due`` must not be.
    return Candidate(
        invoice_id=invoice,
        partner_id=partner,
        company_id=1,
        level_id=PRE_DUE,
        level_sequence=5,
        min_gap_days=7,
        amount=Decimal(amount),
        is_letter=True,
        is_due=False,
        currency_id=currency,
    )


def test_not_held_by_the_gap_since_the_last_letter():
    """A letter two days ago does not hold the reminder back."""
    decisions, skipped = decide_pre_due(
        [cand(1), cand(2, "50")],
        TODAY,
        {(1, 7): (date(2026, 2, 28), date(2026, 2, 28))},
    )
    assert skipped == {}
    assert len(decisions) == 1
    assert decisions[0].invoice_ids == [1, 2]
    assert decisions[0].amount_due == Decimal("150")
    assert decisions[0].level_id == PRE_DUE


def test_never_two_steps_the_same_day():
    decisions, skipped = decide_pre_due([cand(1)], TODAY, {(1, 7): (TODAY, None)})
    assert decisions == []
    assert skipped == {(1, 7): GAP}


def test_credits_deducted_and_one_decision_per_currency():
    decisions, _skipped = decide_pre_due(
        [cand(1, currency=1), cand(2, "80", currency=2)],
        TODAY,
        credits={(1, 7, 1): Decimal("30")},
    )
    assert [(d.currency_id, d.amount_claimed) for d in decisions] == [
        (1, Decimal("70")),
        (2, Decimal("80")),
    ]
