"""Legal basis of a suspension and the consumer utility safeguards
(Code civil 1219 / 1220, CASF L115-3)."""

from datetime import date

import pytest

from odoo.addons.l10n_fr_debt_recovery.tools.suspension_rules import (
    in_winter_truce,
    suspension_basis,
    utility_safeguards,
    winter_truce_end,
)


def fmt(day):
    return day.strftime("%d/%m/%Y")


def test_basis():
    # invoices due and unpaid: exception d'inexécution (1219)
    assert suspension_basis(True) == "1219"
    # nothing due (a forced suspension outliving payment): 1220
    assert suspension_basis(False) == "1220"


@pytest.mark.parametrize(
    ("day", "inside", "end"),
    [
        (date(2026, 10, 31), False, None),
        (date(2026, 11, 1), True, date(2027, 3, 31)),
        (date(2027, 1, 15), True, date(2027, 3, 31)),
        (date(2027, 3, 31), True, date(2027, 3, 31)),
        (date(2027, 4, 1), False, None),
    ],
)
def test_winter_truce(day, inside, end):
    assert in_winter_truce(day) is inside
    assert winter_truce_end(day) == end


def test_no_safeguard_for_professionals_or_other_trades():
    assert utility_safeguards(True, True, False, date(2027, 1, 15), fmt) == []
    assert utility_safeguards(False, False, True, date(2027, 1, 15), fmt) == []


def test_water_all_year_energy_in_winter():
    # a consumer, 15 January 2027: water never cut; energy kept until the
    # end of the truce, 31 March 2027; the FSL aid recalled
    text = " ".join(utility_safeguards(True, True, True, date(2027, 1, 15), fmt))
    assert (
        "distribution d'eau de votre résidence principale n'est ni interrompue" in text
    )
    assert "à aucune période de l'année" in text
    assert "maintenue au moins jusqu'au 31/03/2027" in text
    assert "fonds de solidarité pour le logement" in text
    assert text.count("L115-3") == 3


def test_energy_out_of_the_truce():
    # 10 May 2027: no truce, but no cut by this suspension, and the decree's
    # prior notices before any
    text = " ".join(utility_safeguards(False, True, True, date(2027, 5, 10), fmt))
    assert "décret n° 2008-780 du 13 août 2008" in text
    assert "maintenue au moins jusqu'au" not in text
    assert "distribution d'eau" not in text


def test_telephone_and_internet_kept_until_the_aid_is_decided():
    # CASF L115-3 al. 2 (loi n° 2022-1158): a telephone service and an
    # internet access are kept, possibly restricted, until the FSL decides.
    text = " ".join(
        utility_safeguards(
            False, False, True, date(2027, 1, 15), fmt, supplies_telecom=True
        )
    )
    assert "service téléphonique et un service d'accès à internet" in text
    assert "jusqu'à ce qu'il ait été statué sur votre demande" in text
    assert "numéros gratuits et d'urgence" in text
    assert "courrier électronique" in text
    assert "article L115-3, alinéa 2" in text
    # Not a telecom operator: no such sentence.
    other = " ".join(utility_safeguards(True, True, True, date(2027, 1, 15), fmt))
    assert "accès à internet" not in other
    # A professional customer: nothing.
    assert (
        utility_safeguards(
            True, True, False, date(2027, 1, 15), fmt, supplies_telecom=True
        )
        == []
    )
