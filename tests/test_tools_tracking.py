"""Aging buckets, DSO, promise allocation and the XLSX tracking table."""

import io
from datetime import date
from decimal import Decimal

import openpyxl
import pytest

from odoo.addons.l10n_fr_debt_recovery.tools.tracking import (
    aging_bucket,
    allocate,
    dso,
    tracking_xlsx,
)

D = Decimal


@pytest.mark.parametrize(
    "days, bucket",
    [
        (-10, "not_due"),
        (0, "not_due"),
        (1, "1_30"),
        (30, "1_30"),
        (31, "31_60"),
        (60, "31_60"),
        (61, "61_90"),
        (90, "61_90"),
        (91, "90_plus"),
        (400, "90_plus"),
    ],
)
def test_aging_bucket_limits(days, bucket):
    assert aging_bucket(days) == bucket


def test_dso():
    # 30 000 owed, 90 000 sold in 90 days: 30 days of sales outstanding.
    assert dso(30000, 90000) == D("30.0")
    assert dso("12500", "45000") == D("25.0")
    assert dso(1000, 3000, days=30) == D("10.0")
    assert dso(1000, 0) is None


def test_allocate_oldest_first():
    assert allocate(700, [500, 400, 100]) == [D("500"), D("200"), D("0")]
    assert allocate(2000, [500, 400]) == [D("500"), D("400")]
    assert allocate("0.5", [0.3, 0.3]) == [D("0.30"), D("0.20")]


def test_tracking_xlsx_read_back():
    content = tracking_xlsx(
        "Tableau de suivi",
        [
            ("Client", "text"),
            ("Montant", "amount"),
            ("Échéance", "date"),
            ("Jours", "integer"),
            ("Suspendu", "bool"),
        ],
        [
            ("Durand SARL", D("1234.56"), date(2026, 1, 5), 36, True),
            ("Lefèvre SAS", 80.0, None, 0, False),
        ],
    )
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    assert sheet.title == "Tableau de suivi"
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Client", "Montant", "Échéance", "Jours", "Suspendu")
    assert rows[1][0] == "Durand SARL"
    assert rows[1][1] == pytest.approx(1234.56)
    assert rows[1][2].date() == date(2026, 1, 5)
    assert rows[1][3:] == (36, True)
    assert rows[2] == ("Lefèvre SAS", 80.0, None, 0, False)
