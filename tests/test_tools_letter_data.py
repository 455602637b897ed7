# ruff: noqa: RUF001
"""Totals of a claim, each currency apart (tools/letter_data.claim_totals)."""

from decimal import Decimal

from odoo.addons.l10n_fr_debt_recovery.tools.letter_data import Notice, claim_totals

NNBSP = "\u202f"
NBSP = "\u00a0"


def plain(text):
    return text.replace(NNBSP, " ").replace(NBSP, " ")


def test_claim_in_euros_adds_the_indemnity():
    totals = claim_totals(
        {"EUR": Decimal("7290.80")},
        credits={"EUR": Decimal("250")},
        penalties={"EUR": Decimal("207.05")},
        indemnity=Decimal("120"),
        indemnity_count=3,
        indemnity_unit=f"40,00{NBSP}€",
    )
    assert plain(totals.total) == "7 367,85 €"
    assert totals.total_in_words == (
        "sept mille trois cent soixante-sept euros et quatre-vingt-cinq centimes"
    )
    assert plain(totals.indemnity_detail) == "3 × 40,00 €"
    assert (totals.has_credits, totals.has_penalties, totals.has_indemnity) == (
        True,
        True,
        True,
    )


def test_claim_in_dollars_keeps_the_euro_indemnity_apart_and_says_why():
    totals = claim_totals(
        {"USD": Decimal("1100")},
        penalties={"USD": Decimal("10.98")},
        indemnity=Decimal("40"),
        indemnity_count=1,
        indemnity_unit=f"40,00{NBSP}€",
    )
    assert plain(totals.principal) == "1 100,00 USD"
    assert plain(totals.penalties) == "10,98 USD"
    assert plain(totals.indemnity) == "40,00 €"
    assert plain(totals.total) == "1 110,98 USD + 40,00 €"
    assert totals.total_in_words == (
        "mille cent dix dollars américains et quatre-vingt-dix-huit cents "
        "plus quarante euros"
    )
    assert plain(totals.indemnity_detail) == (
        "1 × 40,00 €, montant fixé en euros par l'article D441-5 du Code de commerce"
    )
    assert not totals.has_credits


def test_claim_in_several_currencies_one_total_each():
    totals = claim_totals(
        {"CHF": Decimal("500"), "USD": Decimal("100")},
        credits={"USD": Decimal("30")},
        extra={"CHF": Decimal("12.50")},
    )
    assert plain(totals.principal) == "500,00 CHF + 100,00 USD"
    assert plain(totals.total) == "512,50 CHF + 70,00 USD"
    assert totals.total_in_words == (
        "cinq cent douze francs suisses et cinquante centimes "
        "plus soixante-dix dollars américains"
    )
    assert totals.indemnity_detail == ""
    assert not totals.has_indemnity


def test_notice_deadline_date_only_when_known():
    # Not received yet: "huit jours à compter de la réception", no date.
    assert Notice(deadline_days="8", deadline_text="huit jours").deadline_until == ""
    received = Notice("8", "huit jours", deadline_date="10 mars 2026")
    assert received.deadline_until == ", soit au plus tard le 10 mars 2026"
