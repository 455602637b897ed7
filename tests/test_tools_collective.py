"""Collective procedures: what is still claimed and the creditor's deadlines
(Code de commerce L622-17, L622-24, L622-26, L622-28, L624-9, R622-24)."""

import datetime
from decimal import Decimal

import pytest

from odoo.addons.l10n_fr_debt_recovery.tools import collective
from odoo.addons.l10n_fr_debt_recovery.tools import penalties as penalty_tools
from odoo.addons.l10n_fr_debt_recovery.tools import rates as rate_tools

D = datetime.date
OPENING = D(2026, 3, 16)  # redressement judiciaire opened on 16 March 2026
PUBLICATION = D(2026, 3, 31)  # published in the BODACC on 31 March 2026


def test_penalties_stop_the_day_before_the_opening():
    # Invoice of 10 January, due 10 February: penalties to 15 March at most.
    assert collective.penalty_end(D(2026, 5, 1), D(2026, 1, 10), OPENING) == D(
        2026, 3, 15
    )
    # Computed earlier than the opening: to that day.
    assert collective.penalty_end(D(2026, 3, 1), D(2026, 1, 10), OPENING) == D(
        2026, 3, 1
    )
    # Invoice dated on or after the opening (L622-17): runs as usual.
    assert collective.penalty_end(D(2026, 5, 1), OPENING, OPENING) == D(2026, 5, 1)
    # No opening date recorded: nothing can be counted.
    assert collective.penalty_end(D(2026, 5, 1), D(2026, 1, 10), None) is None


def test_indemnity_only_for_invoices_due_before_the_opening():
    # Born and due before: declared.
    assert collective.indemnity_owed(D(2026, 2, 10), D(2026, 1, 10), OPENING)
    # Born before, due after the opening: its payment was forbidden.
    assert not collective.indemnity_owed(D(2026, 4, 10), D(2026, 3, 10), OPENING)
    # Born after the opening: owed as usual.
    assert collective.indemnity_owed(D(2026, 4, 20), D(2026, 3, 20), OPENING)
    # L441-10 II, last sentence: the indemnity is lost only when the opening
    # forbids payment "à son échéance". Due the day before the opening (15
    # March): the debtor could pay on that day, the opening did not forbid
    # it: owed and declared. Due on the opening day: forbidden, not owed.
    assert collective.indemnity_owed(D(2026, 3, 15), D(2026, 2, 1), OPENING)
    assert not collective.indemnity_owed(D(2026, 3, 16), D(2026, 2, 1), OPENING)
    # Unknown opening: nothing.
    assert not collective.indemnity_owed(D(2026, 2, 10), D(2026, 1, 10), None)


def test_worked_example_opened_mid_delay():
    # 1,200.00 EUR due 10 February 2026, receivership opened 16 March 2026;
    # rate 12.15 % (ECB 2.15 % + 10 points, first half of 2026).
    # Penalties from 11 February to 15 March inclusive = 33 days:
    # 1,200.00 x 12.15 % x 33 / 365 = 13.18 EUR (13.1819...).
    # Computed on 1 May 2026 they stay 13.18 EUR, plus the 40 EUR indemnity.
    table = rate_tools.RateTable([(rate_tools.ECB, D(2026, 1, 1), "2.15")])
    end = collective.penalty_end(D(2026, 5, 1), D(2026, 1, 10), OPENING)
    result = penalty_tools.b2b_penalties(
        Decimal("1200.00"), D(2026, 2, 10), end, table=table
    )
    assert result.amount == Decimal("13.18")
    assert collective.indemnity_owed(D(2026, 2, 10), D(2026, 1, 10), OPENING)
    # The invoice of 20 March 2026 (after the opening), due 20 April, stays
    # on the ladder: on 1 May 2026, 11 days of penalties on 500.00 EUR:
    # 500.00 x 12.15 % x 11 / 365 = 1.83 EUR (1.8308...).
    assert not collective.born_before_opening(D(2026, 3, 20), OPENING)
    end_after = collective.penalty_end(D(2026, 5, 1), D(2026, 3, 20), OPENING)
    after = penalty_tools.b2b_penalties(
        Decimal("500.00"), D(2026, 4, 20), end_after, table=table
    )
    assert after.amount == Decimal("1.83")


def test_deadlines_from_the_bodacc_publication():
    # Published 31 March 2026, creditor in Lyon: declaration by 31 May,
    # revendication by 30 June (no 31 June), relief by 30 September 2026.
    result = collective.deadlines(
        collective.RECEIVERSHIP, PUBLICATION, retention_of_title=True
    )
    assert [(d.code, d.date) for d in result] == [
        (collective.DECLARATION, D(2026, 5, 31)),
        (collective.RETENTION, D(2026, 6, 30)),
        (collective.RELIEF, D(2026, 9, 30)),
    ]
    # Without retention of title, no revendication deadline.
    assert [d.code for d in collective.deadlines("liquidation", PUBLICATION)] == [
        collective.DECLARATION,
        collective.RELIEF,
    ]


@pytest.mark.parametrize(
    ("creditor", "court", "months"),
    [
        (("FR", "69007"), ("FR", "75002"), 2),
        (("BE", "1000"), ("FR", "75002"), 4),  # outside France: 2 + 2
        (("FR", "97400"), ("FR", "75002"), 4),  # La Réunion, court in Paris
        (("FR", "69007"), ("FR", "97400"), 4),  # court overseas (R622-24 al. 3)
        (("FR", "97411"), ("FR", "97400"), 2),  # same department
    ],
)
def test_four_months_for_creditors_outside_the_court_territory(creditor, court, months):
    mine = collective.territory(*creditor)
    theirs = collective.territory(*court)
    assert collective.declaration_months(mine, theirs) == months


def test_no_dated_deadline_without_publication_or_in_professional_recovery():
    assert collective.deadlines(collective.LIQUIDATION, None) == []
    assert collective.deadlines(collective.PROFESSIONAL_RECOVERY, PUBLICATION) == []


def test_representative_title_per_procedure():
    assert collective.representative_title("safeguard") == "Mandataire judiciaire"
    assert collective.representative_title("receivership") == "Mandataire judiciaire"
    assert collective.representative_title("liquidation") == "Liquidateur judiciaire"


def test_a_claim_is_dated_by_its_performance():
    # Cass. com. 27 Sept 2011: the claim is born when the goods are
    # delivered or the work done. Completion kept on the invoice first, then
    # Odoo's delivery date, then the invoice date (said in the letter).
    assert collective.claim_date(D(2026, 3, 20), D(2026, 3, 9), D(2026, 3, 10)) == (
        D(2026, 3, 9),
        collective.PERFORMANCE,
    )
    assert collective.claim_date(D(2026, 3, 20), None, D(2026, 3, 10)) == (
        D(2026, 3, 10),
        collective.PERFORMANCE,
    )
    assert collective.claim_date(D(2026, 3, 20), None, None) == (
        D(2026, 3, 20),
        collective.INVOICE,
    )


def test_delivered_before_the_opening_invoiced_after_it():
    # Goods delivered on 10 March 2026, invoiced on 20 March, due 20 April;
    # receivership opened on 16 March. The claim is born on 10 March, before
    # the opening: declared (L622-24), no penalty after the opening
    # (L622-28: the last day counted would be 15 March, before the first day
    # of delay, 21 April: 0 day), and no 40 EUR (due 20 April, after the
    # opening: payment forbidden at its due date, L441-10 II last sentence).
    born, source = collective.claim_date(D(2026, 3, 20), None, D(2026, 3, 10))
    assert source == collective.PERFORMANCE
    assert collective.born_before_opening(born, OPENING)
    end = collective.penalty_end(D(2026, 6, 1), born, OPENING)
    assert end == D(2026, 3, 15)
    table = rate_tools.RateTable([(rate_tools.ECB, D(2026, 1, 1), "2.15")])
    result = penalty_tools.b2b_penalties(
        Decimal("1000.00"), D(2026, 4, 20), end, table=table
    )
    assert result.amount == Decimal("0.00")
    assert not collective.indemnity_owed(D(2026, 4, 20), born, OPENING)
    # Dated by its invoice alone it would have been a post-opening claim.
    assert not collective.born_before_opening(D(2026, 3, 20), OPENING)


def test_invoice_due_the_day_before_the_opening():
    # 2,000.00 EUR delivered and invoiced on 13 February 2026, due 15 March
    # 2026, receivership opened on 16 March. First day of delay: 16 March,
    # the opening day; L622-28 stops penalties the day before (15 March):
    # 0 day of penalties. The due date came before the opening: paying was
    # allowed on it, so the 40 EUR is owed and declared (L441-10 II, last
    # sentence, D441-5).
    end = collective.penalty_end(D(2026, 6, 1), D(2026, 2, 13), OPENING)
    assert end == D(2026, 3, 15)
    table = rate_tools.RateTable([(rate_tools.ECB, D(2026, 1, 1), "2.15")])
    result = penalty_tools.b2b_penalties(
        Decimal("2000.00"), D(2026, 3, 15), end, table=table
    )
    assert result.amount == Decimal("0.00")
    assert collective.indemnity_owed(D(2026, 3, 15), D(2026, 2, 13), OPENING)


def test_post_opening_claims_are_declared_from_their_due_date():
    # L622-24 last paragraph: the period runs from the due date; R622-24:
    # 2 months, 4 for a creditor outside the court's territory.
    assert collective.post_opening_declaration_deadline(D(2026, 4, 30)) == D(
        2026, 6, 30
    )
    assert collective.post_opening_declaration_deadline(
        D(2026, 4, 30), creditor_territory="974"
    ) == D(2026, 8, 30)
    assert collective.post_opening_declaration_deadline(None) is None
