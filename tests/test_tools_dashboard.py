"""The dashboard's figures over time (tools/dashboard.py)."""

from datetime import date

from odoo.addons.l10n_fr_debt_recovery.tools.dashboard import (
    comparison,
    month_ends,
    same_day_last_month,
    trend_svg,
)


def test_same_day_last_month():
    assert same_day_last_month(date(2026, 3, 31)) == date(2026, 2, 28)
    assert same_day_last_month(date(2026, 1, 15)) == date(2025, 12, 15)
    assert same_day_last_month(date(2028, 3, 30)) == date(2028, 2, 29)


def test_month_ends():
    assert month_ends(date(2026, 11, 29), 3) == [
        date(2026, 9, 30),
        date(2026, 10, 31),
        date(2026, 11, 29),
    ]
    ends = month_ends(date(2026, 2, 10))
    assert len(ends) == 12
    assert ends[0] == date(2025, 3, 31)
    assert ends[-2] == date(2026, 1, 31)


def test_comparison():
    # 45 days against 50 last month: 5 days less, -10 %.
    assert comparison(45.0, 50.0) == {"delta": -5.0, "percent": -10.0, "trend": "down"}
    assert comparison(120.0, 0.0) == {"delta": 120.0, "percent": None, "trend": "up"}
    assert comparison(3, 3)["trend"] == "flat"
    assert comparison(None, 3)["delta"] is None


def test_trend_svg():
    svg = trend_svg([("sept.", 40.0), ("oct.", None), ("nov.", 52.5)], unit=" j")
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    # A month without a value breaks the line: two one-point segments.
    assert svg.count("<polyline") == 2
    assert svg.count("<circle") == 2
    assert "52,5 j" in svg and "sept." in svg
    assert trend_svg([]) == ""
    assert "&lt;b&gt;" in trend_svg([("<b>", 1.0)])
