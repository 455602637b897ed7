"""Route suggestion of the litigation file and the annexes ZIP (CPC art. 1405 and following, CPCE L125-1, CPC art. 750-1)."""

import datetime
import io
import zipfile
from decimal import Decimal

import pytest

from odoo.addons.l10n_fr_debt_recovery.tools import litigation
from odoo.addons.l10n_fr_debt_recovery.tools.litigation import (
    build_zip,
    injunction_enforcement_date,
    injunction_service_deadline,
    injunction_service_note,
    is_small_claim,
    legal_rate_increase_date,
    suggest_route,
    unique_names,
)

# Before the law of 23 April 2026 on uncontested commercial claims, and
# before the décret n° 2026-96 applies (1 September 2026).
MARCH = datetime.date(2026, 3, 2)
OCTOBER = datetime.date(2026, 10, 5)


def test_small_b2b_claim_goes_to_the_small_claims_procedure():
    # 3,200 EUR between companies: petites créances (CPCE L125-1), with the
    # injonction de payer at the commercial court as the fallback.
    s = suggest_route(Decimal("3200"), Decimal("61.27"), city="Lyon", on_date=MARCH)
    assert s.route == litigation.SMALL_CLAIMS
    assert s.label == "Procédure simplifiée de recouvrement des petites créances"
    assert s.court.startswith("Commissaire de justice")
    assert s.cerfa == ""
    assert s.small_claim
    # Between merchants, before the commercial court: no CPC 750-1 note.
    assert s.prior_amicable_note == ""
    fallback = s.notes[2]
    assert "tribunal de commerce (ou tribunal des activités économiques)" in fallback
    assert "Lyon" in fallback
    assert "12946" in fallback


def test_large_b2b_claim_goes_to_the_injunction_at_the_commercial_court():
    s = suggest_route(Decimal("12000"), Decimal("250.00"), city="Lyon", on_date=MARCH)
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
    assert "tribunal judiciaire du domicile du débiteur" in s.notes[2]
    assert "12948" in s.notes[2]
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
    route = suggest_route(principal, interest, on_date=MARCH).route
    assert route == (litigation.SMALL_CLAIMS if small else litigation.INJUNCTION)


def test_collective_procedure_means_declaring_the_claim():
    s = suggest_route(Decimal("12000"), collective_procedure=True)
    assert s.route == litigation.CLAIM_DECLARATION
    assert "mandataire" in s.court.lower()
    assert any("BODACC" in note for note in s.notes)


def test_disputed_claim_goes_to_an_ordinary_lawsuit():
    s = suggest_route(Decimal("3000"), disputed=True, city="Lyon", on_date=MARCH)
    assert s.route == litigation.SUMMONS
    assert s.court.startswith("Tribunal de commerce")
    # Between merchants before the commercial court: CPC 750-1 does not
    # apply (it belongs to the tribunal judiciaire chapter).
    assert s.prior_amicable_note == ""
    consumer = suggest_route(
        Decimal("3000"), disputed=True, both_merchants=False, on_date=MARCH
    )
    assert consumer.court.startswith("Tribunal judiciaire")
    assert "750-1" in consumer.prior_amicable_note


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


# ---- CPC 750-1: only before the tribunal judiciaire ----


def test_750_1_absent_for_4000_eur_between_merchants():
    # 4,000 EUR between merchants: the commercial court hears it, and an
    # injonction de payer is never subject to 750-1 (Cass. 2e civ., avis,
    # 25 Sept. 2025, n° 25-70.013): no note, before or after the 2026 law.
    for day in (MARCH, OCTOBER):
        s = suggest_route(Decimal("4000"), both_merchants=True, on_date=day)
        assert s.prior_amicable_note == ""
        assert not any("750-1" in note for note in s.notes)


def test_750_1_present_for_a_consumer_before_the_tribunal_judiciaire():
    # 4,000 EUR + 30 EUR interest = 4,030 EUR <= 5,000 EUR, consumer: the
    # summons / référé alternatives go to the tribunal judiciaire.
    s = suggest_route(
        Decimal("4000"), Decimal("30"), both_merchants=False, on_date=OCTOBER
    )
    assert s.route == litigation.SMALL_CLAIMS
    assert "750-1" in s.prior_amicable_note
    assert "tribunal judiciaire" in s.prior_amicable_note
    assert "25-70.013" in s.prior_amicable_note  # not for the injunction


def test_750_1_never_for_an_order_for_payment():
    assert not litigation.prior_amicable_applies(True, False, litigation.INJUNCTION)
    assert litigation.prior_amicable_applies(True, False, litigation.SUMMONS)
    assert not litigation.prior_amicable_applies(True, True, litigation.SUMMONS)
    assert not litigation.prior_amicable_applies(False, False, litigation.SUMMONS)


# ---- Order for payment: service period by the order's date ----


@pytest.mark.parametrize(
    ("order", "deadline"),
    [
        # Issued 31 August 2026 (old rule): 6 months -> 28 February 2027
        # (no 31 February: last day of the month).
        (datetime.date(2026, 8, 31), datetime.date(2027, 2, 28)),
        # Issued 1 September 2026 (décret n° 2026-96): 3 months -> 1 December.
        (datetime.date(2026, 9, 1), datetime.date(2026, 12, 1)),
        # Issued 15 March 2026: 6 months -> 15 September 2026.
        (datetime.date(2026, 3, 15), datetime.date(2026, 9, 15)),
    ],
)
def test_order_for_payment_service_period_on_both_sides_of_1_september_2026(
    order, deadline
):
    assert injunction_service_deadline(order) == deadline


def test_order_for_payment_enforcement_two_months_after_service():
    # Issued 1 September 2026, served 10 September 2026: the two months run
    # to the end of 10 November 2026 (CPC 641, 642); without an opposition
    # notice from the registry, enforceable from 11 November 2026.
    assert injunction_enforcement_date(
        datetime.date(2026, 9, 1), datetime.date(2026, 9, 10)
    ) == datetime.date(2026, 11, 11)
    # Issued before 1 September 2026: the old rule, no such date.
    assert (
        injunction_enforcement_date(
            datetime.date(2026, 8, 31), datetime.date(2026, 9, 10)
        )
        is None
    )


def test_order_for_payment_notes_by_date():
    before = injunction_service_note(MARCH)
    assert "six mois" in before and "trois mois" in before
    assert "1er septembre 2026" in before
    after = injunction_service_note(OCTOBER)
    assert "trois mois" in after and "six mois" not in after
    assert "deux mois de la signification" in after
    assert "2026-96" in after
    known = injunction_service_note(MARCH, datetime.date(2026, 8, 31))
    assert "28 février 2027" in known and "six" in known
    assert "2026-96" not in known
    # A large non-merchant claim goes to the injunction: the note is there.
    s = suggest_route(Decimal("8000"), both_merchants=False, on_date=OCTOBER)
    assert any("trois mois" in note for note in s.notes)
    assert not any("six mois" in note for note in s.notes)


# ---- Uncontested commercial claims (CPCE L126-1, law of 23 April 2026) ----


def test_uncontested_commercial_claims_between_merchants_from_the_2026_law():
    # 12,000 EUR between merchants, on 5 October 2026: the new procedure,
    # at any amount; the injunction at the commercial court as fallback.
    s = suggest_route(Decimal("12000"), Decimal("250"), on_date=OCTOBER, city="Lyon")
    assert s.route == litigation.UNCONTESTED
    assert "L126-1" in s.court
    assert any("12946" in note for note in s.notes)
    # 3,200 EUR between merchants: no more small-claims route (L125-1 no
    # longer covers claims invoiced between merchants).
    small = suggest_route(Decimal("3200"), on_date=OCTOBER)
    assert small.route == litigation.UNCONTESTED
    assert any("L125-1" in note for note in small.notes)
    assert small.prior_amicable_note == ""
    # Before the law: the small-claims route, as before.
    assert (
        suggest_route(Decimal("3200"), on_date=MARCH).route == litigation.SMALL_CLAIMS
    )
    # Not between merchants: unchanged.
    consumer = suggest_route(Decimal("3200"), both_merchants=False, on_date=OCTOBER)
    assert consumer.route == litigation.SMALL_CLAIMS
    # Disputed: no uncontested procedure.
    disputed = suggest_route(Decimal("3200"), disputed=True, on_date=OCTOBER)
    assert disputed.route == litigation.SUMMONS


# ---- Juge des contentieux de la protection: Cerfa 16040 ----


def test_protection_judge_uses_cerfa_16040():
    s = suggest_route(
        Decimal("8000"), both_merchants=False, protection_judge=True, on_date=MARCH
    )
    assert s.route == litigation.INJUNCTION
    assert s.cerfa == "16040"
    assert s.court.startswith("Juge des contentieux de la protection")
    small = suggest_route(
        Decimal("900"), both_merchants=False, protection_judge=True, on_date=MARCH
    )
    assert any("16040" in note for note in small.notes)
    assert "750-1" in small.prior_amicable_note  # the JCP sits in the TJ
    # Never between merchants.
    assert (
        suggest_route(Decimal("8000"), protection_judge=True, on_date=MARCH).cerfa
        == "12946"
    )


# ---- CMF L313-3: +5 points two months after an enforceable judgment ----


def test_legal_rate_increase_two_months_after_the_judgment():
    # CMF L313-3: "à l'expiration d'un délai de deux mois"; the period
    # expires at the end of its last day (CPC 641, 642). Enforceable 15 March
    # 2027: the two months end at the end of 15 May 2027, +5 points from
    # 16 May 2027; 31 December 2026: they end on 28 February 2027 (no 31
    # February), +5 points from 1 March 2027.
    assert legal_rate_increase_date(datetime.date(2027, 3, 15)) == datetime.date(
        2027, 5, 16
    )
    assert legal_rate_increase_date(datetime.date(2026, 12, 31)) == datetime.date(
        2027, 3, 1
    )
    note = litigation.legal_rate_increase_note(datetime.date(2027, 3, 15))
    assert "16 mai 2027" in note and "L313-3" in note and "cinq points" in note
    s = suggest_route(Decimal("8000"), both_merchants=False, on_date=MARCH)
    assert any("L313-3" in note for note in s.notes)


# ---- Public debtor ----


def test_public_debtor_no_enforcement_claim_then_administrative_judge():
    s = suggest_route(
        Decimal("12000"), public_debtor=True, city="Lyon", on_date=OCTOBER
    )
    assert s.route == litigation.PUBLIC_CLAIM
    assert s.court.startswith(
        "Tribunal administratif du lieu d'exécution du contrat (Lyon)"
    )
    assert s.cerfa == ""
    text = " ".join(s.notes)
    assert "aucune voie d'exécution forcée" in text
    assert "comptable public" in text
    assert "R541-1" in text
    assert "L911-9" in text
    assert s.prior_amicable_note == ""
    assert not s.alternatives  # no injunction, no commissaire de justice


def test_claim_declaration_to_the_liquidator():
    s = suggest_route(
        Decimal("12000"), collective_procedure=True, procedure_type="liquidation"
    )
    assert s.label == "Déclaration de créance au liquidateur judiciaire"
    assert s.court.startswith("Liquidateur judiciaire")
    assert any("L622-28" in note for note in s.notes)
    rp = suggest_route(
        Decimal("1200"),
        collective_procedure=True,
        procedure_type="professional_recovery",
    )
    assert any("L645-8" in note for note in rp.notes)
