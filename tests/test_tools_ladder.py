"""Which step each customer gets today (tools/ladder.py)."""

from datetime import date
from decimal import Decimal

import pytest

from odoo.addons.l10n_fr_debt_recovery.tools.ladder import (
    BELOW_MINIMUM,
    GAP,
    NOTHING_OWED,
    Candidate,
    Gap,
    batches,
    decide,
    decide_level,
)

TODAY = date(2026, 3, 2)
# level id -> (sequence, is a letter)
COURTESY, AMICABLE, PHONE, FIRM = 1, 2, 3, 4
LEVELS = {
    COURTESY: (10, True),
    AMICABLE: (20, True),
    PHONE: (30, False),
    FIRM: (40, True),
}


def cand(
    invoice, level, amount="100", partner=7, company=1, due=True, gap=7, currency=None
):
    sequence, is_letter = LEVELS[level]
    return Candidate(
        currency_id=currency,
        invoice_id=invoice,
        partner_id=partner,
        company_id=company,
        level_id=level,
        level_sequence=sequence,
        min_gap_days=gap,
        amount=Decimal(amount),
        is_letter=is_letter,
        is_due=due,
    )


def test_highest_due_step_and_one_letter_for_the_whole_account():
    decisions, skipped = decide(
        [
            cand(1, FIRM, "1000"),
            cand(2, AMICABLE, "200"),
            cand(3, COURTESY, "50", due=False),  # late, next step not due yet
        ],
        TODAY,
    )
    assert not skipped
    (decision,) = decisions
    assert decision.level_id == FIRM
    assert decision.invoice_ids == [1, 2, 3]
    assert decision.amount_due == Decimal("1250")


def test_nothing_due_nothing_sent():
    decisions, skipped = decide([cand(1, AMICABLE, due=False)], TODAY)
    assert decisions == [] and skipped == {}


def test_invoice_already_further_is_not_pulled_back():
    decisions, _skipped = decide([cand(1, AMICABLE), cand(2, FIRM, due=False)], TODAY)
    assert decisions[0].level_id == AMICABLE
    assert decisions[0].invoice_ids == [1]


def test_phone_call_covers_only_its_own_invoices():
    decisions, _skipped = decide([cand(1, PHONE), cand(2, COURTESY)], TODAY)
    assert decisions[0].level_id == PHONE
    assert decisions[0].invoice_ids == [1]


def test_gap_between_letters_but_not_for_a_call():
    last = {(1, 7): (date(2026, 2, 27), date(2026, 2, 27))}
    _decisions, skipped = decide([cand(1, FIRM)], TODAY, last)
    assert skipped == {(1, 7): GAP}
    decisions, _skipped = decide([cand(1, PHONE)], TODAY, last)
    assert decisions[0].level_id == PHONE


def test_never_two_steps_the_same_day():
    last = {(1, 7): (TODAY, None)}
    _decisions, skipped = decide([cand(1, PHONE)], TODAY, last)
    assert skipped == {(1, 7): GAP}


def test_credits_deducted_and_minimum_amount():
    credits = {(1, 7): Decimal("30")}
    decisions, _ = decide([cand(1, AMICABLE, "100")], TODAY, credits=credits)
    assert decisions[0].amount_claimed == Decimal("70")
    _, skipped = decide(
        [cand(1, AMICABLE, "100")],
        TODAY,
        credits=credits,
        min_amounts={1: Decimal("80")},
    )
    assert skipped == {(1, 7): BELOW_MINIMUM}
    _, skipped = decide(
        [cand(1, AMICABLE, "100")], TODAY, credits={(1, 7): Decimal("100")}
    )
    assert skipped == {(1, 7): NOTHING_OWED}


def test_customers_and_companies_decided_apart():
    decisions, _ = decide(
        [
            cand(1, AMICABLE, partner=7),
            cand(2, FIRM, partner=8),
            cand(3, COURTESY, company=2),
        ],
        TODAY,
    )
    assert [(d.company_id, d.partner_id, d.level_id) for d in decisions] == [
        (1, 7, AMICABLE),
        (1, 8, FIRM),
        (2, 7, COURTESY),
    ]


def test_batches():
    assert batches(range(5), 2) == [[0, 1], [2, 3], [4]]
    with pytest.raises(ValueError):
        batches([1], 0)


EUR, USD = 1, 2


def test_one_decision_per_currency_with_its_own_credits_and_minimum():
    """A customer owing euros and dollars gets one step per currency: the
    amounts of one currency are never added to the other's; credits are
    deducted in their own currency; the minimum is converted to each."""
    decisions, skipped = decide(
        [
            cand(1, FIRM, "1000", currency=EUR),
            cand(2, AMICABLE, "1100", currency=USD),
            cand(3, COURTESY, "50", currency=USD, due=False),
        ],
        TODAY,
        credits={(1, 7, EUR): Decimal("100"), (1, 7, USD): Decimal("0")},
        min_amounts={(1, EUR): Decimal("10"), (1, USD): Decimal("11")},
    )
    assert not skipped
    euros, dollars = decisions
    assert (euros.currency_id, euros.level_id, euros.invoice_ids) == (EUR, FIRM, [1])
    assert (euros.amount_due, euros.amount_credit) == (Decimal("1000"), Decimal("100"))
    assert (dollars.currency_id, dollars.level_id) == (USD, AMICABLE)
    assert dollars.invoice_ids == [2, 3]
    assert (dollars.amount_due, dollars.amount_credit) == (Decimal("1150"), 0)


def test_a_currency_below_its_minimum_waits_the_others_go():
    decisions, skipped = decide(
        [cand(1, AMICABLE, "1000", currency=EUR), cand(2, AMICABLE, "5", currency=USD)],
        TODAY,
        min_amounts={(1, EUR): Decimal("10"), (1, USD): Decimal("11")},
    )
    assert [d.currency_id for d in decisions] == [EUR]
    assert skipped == {}, "the customer got a step today"
    _decisions, skipped = decide(
        [cand(2, AMICABLE, "5", currency=USD)],
        TODAY,
        min_amounts={(1, USD): Decimal("11")},
    )
    assert skipped == {(1, 7): BELOW_MINIMUM}


def test_the_gap_between_letters_is_the_customers_whatever_the_currency():
    last = {(1, 7): (date(2026, 2, 27), date(2026, 2, 27))}
    decisions, skipped = decide(
        [cand(1, AMICABLE, currency=EUR), cand(2, FIRM, currency=USD)], TODAY, last
    )
    assert decisions == []
    assert skipped == {(1, 7): GAP}


# ---- A step chosen by hand (worklist "Send a step now") ----
def test_decide_level_covers_every_invoice_below_the_chosen_step():
    # Invoice 1 waits for the amicable letter (not due yet), invoice 2 for
    # the firm one, invoice 3 already had the firm letter (its next step is
    # after FIRM): sending FIRM now covers 1 and 2, 100 + 250 = 350, minus a
    # credit of 50 -> 300 claimed.
    cands = [
        cand(1, AMICABLE, due=False),
        cand(2, FIRM, amount="250"),
        Candidate(3, 7, 1, 9, 50, 7, Decimal("80")),
    ]
    decisions, gap = decide_level(
        cands, FIRM, 40, True, 7, TODAY, credits={(1, 7): Decimal("50")}
    )
    assert gap is None
    assert [(d.level_id, d.invoice_ids, d.amount_claimed) for d in decisions] == [
        (FIRM, [1, 2], Decimal("300"))
    ]


def test_decide_level_states_the_gap_rule():
    # Last letter 25/02, gap 7 days, today 02/03: 5 days only; the letter is
    # allowed from 25/02 + 7 = 04/03.
    last = {(1, 7): (date(2026, 2, 25), date(2026, 2, 25))}
    decisions, gap = decide_level(
        [cand(1, AMICABLE)], AMICABLE, 20, True, 7, TODAY, last
    )
    assert len(decisions) == 1, "the decision is made; the caller applies the rule"
    assert gap == Gap("gap", date(2026, 2, 25), date(2026, 3, 4))
    # A phone call is not a letter: no gap; a step today: the same-day rule.
    assert decide_level([cand(1, PHONE)], PHONE, 30, False, 7, TODAY, last)[1] is None
    today_step = {(1, 7): (TODAY, None)}
    assert decide_level([cand(1, PHONE)], PHONE, 30, False, 7, TODAY, today_step)[
        1
    ] == Gap("same_day", TODAY, date(2026, 3, 3))


def test_decide_level_nothing_owed_in_a_currency():
    decisions, _gap = decide_level(
        [cand(1, AMICABLE, currency=2), cand(2, AMICABLE, currency=3)],
        AMICABLE, 20, True, 7, TODAY,
        credits={(1, 7, 2): Decimal("100")},
    )  # fmt: skip
    assert [d.currency_id for d in decisions] == [3]
