"""Public buyers: regulated payment period (CCP L2192-10, R2192-10 to
R2192-14), déchéance quadriennale (loi n° 68-1250 of 31 December 1968) and
the route to court by kind of public buyer."""

from datetime import date
from decimal import Decimal

import pytest

from odoo.addons.l10n_fr_debt_recovery.tools import litigation, public_buyers
from odoo.addons.l10n_fr_debt_recovery.tools.penalties import public_buyer_penalties


@pytest.mark.parametrize(
    ("kind", "days"),
    [
        (public_buyers.STATE_LOCAL, 30),  # R2192-10
        (public_buyers.HEALTH, 50),  # R2192-11 1°
        (public_buyers.EPIC, 60),  # R2192-11 2°
        (public_buyers.COMPANY, 60),  # R2192-11 2°
        (None, 30),  # unknown: the general rule of R2192-10
    ],
)
def test_regulated_days(kind, days):
    assert public_buyers.regulated_days(kind) == days


def test_receipt_defaults_as_the_regulation_says():
    invoice_date = date(2026, 3, 2)
    # R2192-14: without a recorded receipt, the request's date + 2 days.
    assert public_buyers.payment_request_receipt(None, invoice_date) == date(2026, 3, 4)
    # R2192-12: the recorded receipt (Chorus Pro: the deposit's notification).
    assert public_buyers.payment_request_receipt(
        date(2026, 3, 3), invoice_date
    ) == date(2026, 3, 3)
    # R2192-13: a receipt before the performance: from the performance.
    assert public_buyers.payment_request_receipt(
        date(2026, 3, 3), invoice_date, date(2026, 3, 16)
    ) == date(2026, 3, 16)
    # Performance before the receipt: the receipt stands.
    assert public_buyers.payment_request_receipt(
        date(2026, 3, 3), invoice_date, date(2026, 2, 27)
    ) == date(2026, 3, 3)
    assert public_buyers.payment_request_receipt(None, None) is None


def test_commune_with_a_60_day_term():
    """Worked case (CCP L2192-10, R2192-10, R2192-14, R2192-31): a commune
    invoiced on 2 March 2026 for 12 000,00 with a 60-day term (due 1 May
    2026), receipt not recorded. Receipt = 2 March + 2 days = 4 March; the
    regulated period of 30 days ends on 3 April 2026: interest runs from
    4 April, not from 2 May. Computed on 30 June 2026: 4 April to 30 June =
    27 + 31 + 30 = 88 days, at the ECB rate in force on 1 January 2026
    (2,15 %) + 8 points = 10,15 %: 12 000 x 10,15 % x 88 / 365 = 293,65
    (293,6548), instead of 60 days (2 May to 30 June: 30 + 30) and 200,22
    (200,2192) with the agreed term."""
    receipt = public_buyers.payment_request_receipt(None, date(2026, 3, 2))
    due = public_buyers.regulated_due_date(
        date(2026, 5, 1), receipt, public_buyers.regulated_days("state_local")
    )
    assert due == date(2026, 4, 3)
    result = public_buyer_penalties(Decimal("12000"), due, date(2026, 6, 30))
    assert result.days == 88
    assert result.segments[0].rate == Decimal("10.15")
    assert result.amount == Decimal("293.65")
    agreed = public_buyer_penalties(
        Decimal("12000"), date(2026, 5, 1), date(2026, 6, 30)
    )
    assert (agreed.days, agreed.amount) == (60, Decimal("200.22"))
    # A shorter agreed term stands (the regulated period is a ceiling).
    assert public_buyers.regulated_due_date(date(2026, 3, 20), receipt, 30) == date(
        2026, 3, 20
    )


def test_commune_claim_of_march_2026_prescribed_31_december_2030():
    """Worked case (loi n° 68-1250, art. 1): a commune's claim arising in
    March 2026 runs from 1 January 2027 for four years: prescribed at the
    end of 31 December 2030 (not 5 years from the due date, the commercial
    rule of L110-4). A formal notice sent on 10 February 2027 (art. 2: any
    written payment request) starts a new period on 1 January 2028: 31
    December 2031. A claim in court pending: no date."""
    claim = date(2026, 3, 15)
    assert public_buyers.quadrennial_prescription_date(claim) == date(2030, 12, 31)
    assert public_buyers.quadrennial_prescription_date(
        claim, [date(2027, 2, 10)]
    ) == date(2031, 12, 31)
    # A demand in the same year as the claim changes nothing.
    assert public_buyers.quadrennial_prescription_date(
        claim, [date(2026, 11, 30)]
    ) == date(2030, 12, 31)
    assert (
        public_buyers.quadrennial_prescription_date(
            claim, court_claims=[(date(2027, 5, 1), None)]
        )
        is None
    )
    assert public_buyers.quadrennial_prescription_date(
        claim, court_claims=[(date(2027, 5, 1), date(2029, 6, 1))]
    ) == date(2033, 12, 31)
    assert public_buyers.quadrennial_prescription_date(None) is None


def test_kinds_route_and_prescription():
    assert public_buyers.ADMINISTRATIVE_COURT_KINDS == ("state_local", "health")
    assert "company" not in public_buyers.PUBLIC_PERSONS
    assert "company" not in public_buyers.QUADRENNIAL_KINDS
    assert "epic" in public_buyers.PUBLIC_PERSONS


def test_epic_goes_to_the_ordinary_courts_without_seizure():
    """An EPIC's private-law contract: an order for payment before the
    judicial court (not a merchant), its property cannot be seized, no
    procedure of a commissaire de justice, even for a small claim."""
    suggestion = litigation.suggest_route(
        Decimal("3000"),
        both_merchants=False,
        city="Lyon",
        on_date=date(2026, 10, 1),
        unseizable=True,
    )
    assert suggestion.route == litigation.INJUNCTION
    assert "tribunal judiciaire" in suggestion.court.lower()
    notes = " ".join(suggestion.notes)
    assert "insaisissables" in notes and "L911-9" in notes
    # Between merchants the same: no L126-1 procedure against an EPIC.
    merchant = litigation.suggest_route(
        Decimal("30000"), city="Lyon", on_date=date(2026, 10, 1), unseizable=True
    )
    assert merchant.route == litigation.INJUNCTION


def test_public_company_is_a_company():
    """A public undertaking organised as a company: the ordinary route of
    a company (the uncontested claims procedure between merchants)."""
    suggestion = litigation.suggest_route(
        Decimal("30000"), city="Lyon", on_date=date(2026, 10, 1)
    )
    assert suggestion.route == litigation.UNCONTESTED
