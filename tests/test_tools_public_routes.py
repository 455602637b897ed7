"""The route of a claim against a public buyer (tools/public_routes.py)."""

from odoo.addons.l10n_fr_debt_recovery.tools import litigation, public_buyers
from odoo.addons.l10n_fr_debt_recovery.tools.public_routes import (
    public_debtor_route,
)


def test_public_debtor_route_no_enforcement_claim_then_referee():
    route = public_debtor_route(city="Lyon")
    assert route.route == litigation.SUMMARY
    assert route.label == "Référé-provision devant le tribunal administratif"
    assert route.court.startswith("Tribunal administratif du lieu d'exécution")
    assert "(Lyon)" in route.court and "R312-11" in route.court
    text = " ".join(route.notes)
    # no enforcement, a prior claim to the buyer and the accountant, then R541-1
    assert "aucune mesure d'exécution forcée" in text
    assert "L2311-1" in text
    assert "comptable public" in text
    assert "R421-1" in text and "427923" in text
    assert "R541-1" in text
    assert "80-539" in text
    assert "R2192-31" in text and "D2192-35" in text
    assert "injonction de payer" not in route.label.lower()
    assert not route.cerfa and not route.prior_amicable_note


def test_public_debtor_route_without_interest_recall():
    text = " ".join(public_debtor_route(interest_basis=False).notes)
    assert "R2192-31" not in text


def test_chorus_data_makes_a_public_buyer():
    assert public_buyers.looks_like_public_buyer("service_and_engagement")
    assert public_buyers.looks_like_public_buyer(None, 25784152)
    assert not public_buyers.looks_like_public_buyer("none", 0)
    assert not public_buyers.looks_like_public_buyer(None, None)
