"""Route suggestion of the litigation file and the annexes ZIP (CPC art. 1405 and following, CPCE L125-1, CPC art. 750-1)."""

import io
import zipfile
from decimal import Decimal

import pytest

from odoo.addons.l10n_fr_debt_recovery.tools import litigation
from odoo.addons.l10n_fr_debt_recovery.tools.litigation import (
    build_zip,
    is_small_claim,
    suggest_route,
    unique_names,
)


def test_small_b2b_claim_goes_to_the_small_claims_procedure():
    # 3,200 EUR between companies: petites créances (CPCE L125-1), with the
    # injonction de payer at the commercial court as the fallback.
    s = suggest_route(Decimal("3200"), Decimal("61.27"), city="Lyon")
    assert s.route == litigation.SMALL_CLAIMS
    assert s.label == "Procédure simplifiée de recouvrement des petites créances"
    assert s.court.startswith("Commissaire de justice")
    assert s.cerfa == ""
    assert s.small_claim
    assert "750-1" in s.prior_amicable_note
    fallback = s.notes[-1]
    assert "tribunal de commerce (ou tribunal des activités économiques)" in fallback
    assert "Lyon" in fallback
    assert "12946" in fallback


def test_large_b2b_claim_goes_to_the_injunction_at_the_commercial_court():
    s = suggest_route(Decimal("12000"), Decimal("250.00"), city="Lyon")
    assert s.route == litigation.INJUNCTION
    assert s.label == "Requête en injonction de payer"
    assert s.court == (
        "Tribunal de commerce (ou tribunal des activités économiques) du ressort "
        "de Lyon"
    )
    assert s.cerfa == "12946"
    assert s.prior_amicable_note == ""
    assert not s.small_claim
    assert any("Référé-provision" in alt for alt in s.alternatives)


def test_injunction_against_a_non_merchant_goes_to_the_judicial_court():
    s = suggest_route(Decimal("8000"), both_merchants=False, city="Lyon")
    assert s.route == litigation.INJUNCTION
    assert s.court == "Tribunal judiciaire du ressort de Lyon"
    assert s.cerfa == "12948"


def test_small_consumer_claim_falls_back_on_the_judicial_court():
    s = suggest_route(Decimal("900"), Decimal("1.50"), both_merchants=False)
    assert s.route == litigation.SMALL_CLAIMS
    assert "tribunal judiciaire du domicile du débiteur" in s.notes[-1]
    assert "12948" in s.notes[-1]
    assert s.prior_amicable_note


@pytest.mark.parametrize(
    ("principal", "interest", "small"),
    [
        ("5000", "0", True),
        ("4990", "10", True),
        ("4990", "10.01", False),
        ("5000.01", "0", False),
    ],
)
def test_small_claim_threshold_counts_principal_and_interest(
    principal, interest, small
):
    assert is_small_claim(principal, interest) is small
    route = suggest_route(principal, interest).route
    assert route == (litigation.SMALL_CLAIMS if small else litigation.INJUNCTION)


def test_collective_procedure_means_declaring_the_claim():
    s = suggest_route(Decimal("12000"), collective_procedure=True)
    assert s.route == litigation.CLAIM_DECLARATION
    assert "mandataire" in s.court.lower()
    assert any("BODACC" in note for note in s.notes)


def test_disputed_claim_goes_to_an_ordinary_lawsuit():
    s = suggest_route(Decimal("3000"), disputed=True, city="Lyon")
    assert s.route == litigation.SUMMONS
    assert s.court.startswith("Tribunal de commerce")
    assert s.prior_amicable_note  # still 5,000 EUR or less


def test_nothing_due_is_an_error():
    with pytest.raises(ValueError, match="rien à recouvrer"):
        suggest_route(Decimal("0"))


def test_unique_names_and_zip():
    assert unique_names(["a.pdf", "A.pdf", "a.pdf", "b"]) == [
        "a.pdf",
        "A (2).pdf",
        "a (3).pdf",
        "b",
    ]
    content = build_zip([("FA/2026/0001.pdf", b"one"), ("FA-2026-0001.pdf", b"two")])
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert archive.namelist() == ["FA-2026-0001.pdf", "FA-2026-0001 (2).pdf"]
        assert archive.read("FA-2026-0001 (2).pdf") == b"two"
