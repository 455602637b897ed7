"""Parsing of the public registries' recorded answers (tests/data/), pure:
no network, no database.

The recorded answers were built by hand from the documented formats (no
internet where they were written): ECB Data Portal ``csvdata``, API
Recherche d'entreprises, BODACC Explore API v2.1 records, GeoCodeJSON of the
Base Adresse Nationale geocoder."""

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from odoo.addons.l10n_fr_debt_recovery.tools.registries import (
    address,
    bodacc,
    ecb,
    sirene,
)

DATA = Path(__file__).parent / "data"


def _json(name):
    return json.loads((DATA / name).read_text(encoding="utf-8"))


# ------------------------------------------------------------------ ECB
def test_ecb_series_gives_the_published_half_year_rates():
    observations = ecb.parse_csv((DATA / "ecb_mro_series.csv").read_text())
    assert observations[0] == (date(2016, 3, 16), Decimal("0.0"))
    starts = [date(y, m, 1) for y in (2023, 2024, 2025, 2026) for m in (1, 7)]
    rates = ecb.half_year_rates(observations, starts)
    # LEGAL.md section 1: 2.50, 4.00, 4.50, 4.25, 3.15, 2.15, 2.15.
    assert {d: r for d, (r, _since) in rates.items()} == {
        date(2023, 1, 1): Decimal("2.5"),
        date(2023, 7, 1): Decimal("4.0"),
        date(2024, 1, 1): Decimal("4.5"),
        date(2024, 7, 1): Decimal("4.25"),
        date(2025, 1, 1): Decimal("3.15"),
        date(2025, 7, 1): Decimal("2.15"),
        date(2026, 1, 1): Decimal("2.15"),
        date(2026, 7, 1): Decimal("2.15"),
    }
    # 2024 H2: the rate cut of 12 June 2024 is in force on 1 July.
    assert rates[date(2024, 7, 1)][1] == date(2024, 6, 12)


def test_ecb_change_on_the_first_day_counts():
    observations = [
        (date(2024, 6, 12), Decimal("4.25")),
        (date(2024, 7, 1), Decimal("4")),
    ]
    assert ecb.rate_in_force(observations, date(2024, 7, 1)) == (
        Decimal("4"),
        date(2024, 7, 1),
    )
    assert ecb.rate_in_force(observations, date(2024, 1, 1)) is None


def test_ecb_other_format_is_refused():
    with pytest.raises(ValueError):
        ecb.parse_csv("<html>maintenance</html>")
    with pytest.raises(ValueError):
        ecb.parse_csv("TIME_PERIOD,OBS_VALUE\n2024-06-12,n/a\n")


# --------------------------------------------------------------- SIRENE
def test_sirene_ceased_company():
    company = sirene.parse_company(_json("sirene_ceased_company.json"), "532118403")
    assert company["state"] == sirene.CEASED
    assert company["closed_on"] == date(2026, 3, 31)
    assert company["head_office"] == "14 RUE DE LA REPUBLIQUE 69002 LYON"
    assert company["name"] == "BATIMENTS RHONE SERVICES"


def test_sirene_active_and_other_siren():
    payload = _json("sirene_active_company.json")
    company = sirene.parse_company(payload, "812345676")
    assert company["state"] == sirene.ACTIVE
    assert company["closed_on"] is None
    assert company["head_office_siret"] == "81234567600025"
    # A full-text search may return another company first: not ours.
    assert sirene.parse_company(payload, "532118403")["state"] == sirene.NOT_FOUND
    with pytest.raises(ValueError):
        sirene.parse_company({"erreur": "x"}, "812345676")


# --------------------------------------------------------------- BODACC
def test_bodacc_receivership_judgment():
    judgments = bodacc.parse_judgments(_json("bodacc_receivership.json"))
    assert [j["kind"] for j in judgments] == ["opening", "other"]
    opening = bodacc.current_opening(judgments)
    assert opening["procedure_type"] == bodacc.RECEIVERSHIP
    assert opening["judgment_date"] == date(2026, 9, 10)
    assert opening["publication_date"] == date(2026, 9, 17)
    assert opening["court"] == "TRIBUNAL DE COMMERCE DE LYON"
    assert opening["department"] == "69"


@pytest.mark.parametrize(
    ("family", "nature", "kind", "procedure_type"),
    [
        ("Jugement d'ouverture", "Jugement d'ouverture d'une procédure de sauvegarde",
         "opening", bodacc.SAFEGUARD),
        ("Jugement d'ouverture", "Jugement d'ouverture de liquidation judiciaire",
         "opening", bodacc.LIQUIDATION),
        ("Jugement prononçant", "Jugement prononçant la liquidation judiciaire",
         "opening", bodacc.LIQUIDATION),
        ("Jugement d'ouverture",
         "Jugement d'ouverture d'une procédure de rétablissement professionnel",
         "opening", bodacc.PROFESSIONAL_RECOVERY),
        ("Jugement de clôture", "Jugement de clôture pour insuffisance d'actif",
         "closing", None),
        ("Jugement arrêtant le plan", "Jugement arrêtant le plan de redressement",
         "other", None),
    ],
)  # fmt: skip
def test_bodacc_kinds(family, nature, kind, procedure_type):
    record = {
        "familleavis": "collective",
        "dateparution": "2026-01-05",
        "jugement": json.dumps(
            {"famille": family, "nature": nature, "date": "2026-01-02"}
        ),
    }
    (judgment,) = bodacc.parse_judgments({"results": [record]})
    assert (judgment["kind"], judgment["procedure_type"]) == (kind, procedure_type)


def test_bodacc_closing_after_opening_is_no_current_procedure():
    def record(day, family, nature):
        return {
            "familleavis": "collective",
            "dateparution": day,
            "jugement": json.dumps({"famille": family, "nature": nature}),
        }

    payload = {
        "results": [
            record("2025-02-01", "Jugement d'ouverture",
                   "Jugement d'ouverture de liquidation judiciaire"),
            record("2026-02-01", "Jugement de clôture",
                   "Jugement de clôture pour insuffisance d'actif"),
            {"familleavis": "modification", "dateparution": "2026-03-01"},
        ]
    }  # fmt: skip
    judgments = bodacc.parse_judgments(payload)
    assert len(judgments) == 2
    assert bodacc.current_opening(judgments) is None


# -------------------------------------------------------------- address
def test_address_unknown_is_a_poor_match():
    match = address.parse_best_match(_json("address_unknown.json"))
    assert match["type"] == "municipality"
    assert not address.is_good_match(match)
    # Only the town matched: poor, whatever the score.
    assert not address.is_good_match({**match, "score": 0.95})
    assert not address.is_good_match(None)
    assert address.parse_best_match({"features": []}) is None


def test_address_good_match():
    match = address.parse_best_match(_json("address_good.json"))
    assert match["label"] == "5 Avenue Jean Jaurès 69007 Lyon"
    assert match["score"] == pytest.approx(0.9567)
    assert address.is_good_match(match)
    # Same match under a stricter threshold: poor.
    assert not address.is_good_match(match, min_score=0.97)


def test_address_query_text():
    assert (
        address.query_text("5  avenue Jean Jaurès", "", "69007", "Lyon")
        == "5 avenue Jean Jaurès 69007 Lyon"
    )


def test_bodacc_declaration_deadline():
    # R622-24: 2 months from the publication, 2 more when extended.
    assert bodacc.declaration_deadline(date(2026, 9, 17)) == date(2026, 11, 17)
    assert bodacc.declaration_deadline(date(2026, 9, 17), True) == date(2027, 1, 17)
    assert bodacc.declaration_deadline(date(2026, 12, 31)) == date(2027, 2, 28)


@pytest.mark.parametrize(
    ("court", "creditor_zip", "in_france", "extended"),
    [
        ("69", "75011", True, False),  # Lyon court, Paris creditor
        ("69", "97200", True, True),  # Lyon court, creditor in Martinique
        ("69", "", False, True),  # Lyon court, creditor abroad
        ("972", "97200", True, False),  # Martinique court and creditor
        ("972", "75011", True, True),  # Martinique court, Paris creditor
        ("972", "97400", True, True),  # Martinique court, creditor in La Réunion
    ],
)
def test_bodacc_extended_delay(court, creditor_zip, in_france, extended):
    assert bodacc.extended_delay(court, creditor_zip, in_france) is extended


def test_bodacc_announcements_of_another_siren_are_left_out():
    payload = _json("bodacc_receivership.json")
    assert len(bodacc.parse_judgments(payload, "812345676")) == 2
    assert bodacc.parse_judgments(payload, "552100554") == []
    # No registre at all: not about the company asked.
    record = dict(payload["results"][0])
    del record["registre"]
    assert bodacc.parse_judgments({"results": [record]}, "812345676") == []


@pytest.mark.parametrize("value", ["NaN", "nan", "Infinity", "-inf", "sNaN"])
def test_ecb_value_not_finite_is_refused(value):
    text = f"KEY,TIME_PERIOD,OBS_VALUE\nFM,2026-06-11,{value}\n"
    with pytest.raises(ValueError, match="bad ECB observation"):
        ecb.parse_csv(text)
